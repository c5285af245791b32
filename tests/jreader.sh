#!/bin/bash
# SPDX-License-Identifier: MIT
# The second reader (tests/jreader/jreader.py, written from docs/journal.md
# alone) against journal-dump: same records, same stale and refused
# frames, same damage report, same exit, on every image in
# BUILD/journal-images: the corpus tests/jreader/jcorpus.c writes (clean
# journals and damaged copies), the unit tier's test_journal_image file,
# and whatever the namespace tests left there (ns-*.img).
#     tests/jreader.sh BUILD
set -eu
build=${1:-build}
images=$build/journal-images
mkdir -p "$images"
rm -f "$images"/clean-*.img "$images"/flip-*.img "$images"/hole-*.img "$images"/torn-*.img \
	"$images"/unknown-*.img "$images"/dup-*.img "$images"/trunc-*.img "$images"/stale-*.img "$images"/stalewhole-*.img
"$build/jcorpus" "$images" "${JREADER_COUNT:-24}"
KEEL_JOURNAL_IMAGE="$images/unit-image.img" "$build/unit/test_journal_image" > /dev/null
exec /usr/bin/python3 "$(dirname "$0")/jreader/compare.py" "$build/journal-dump" "$images"/*.img
