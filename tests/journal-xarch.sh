#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The journal is the same bytes on every architecture: test_journal_image
# built for x86_64, armhf and aarch64 (the last two under qemu-user)
# writes its fixed script of events into a file each; the three files
# must be identical, the host's journal-dump must read each the same, and
# journal-dump built for armhf and aarch64 must read the x86_64 image as
# the host's does.
#   tests/journal-xarch.sh BUILD      (make check-unit, after the cross runs)
set -u
BUILD=${1:?usage: $0 BUILD}
. "$(dirname "$0")/tap.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

run() {   # run ARCH BINARY: write the image as $T/ARCH.img
	local q=""
	case $1 in armhf) q=qemu-arm-static ;; aarch64) q=qemu-aarch64-static ;; esac
	KEEL_JOURNAL_IMAGE=$T/$1.img $q "$2" >"$T/$1.log" 2>&1
}
arches="x86_64=$BUILD/unit/test_journal_image armhf=$BUILD/armhf/unit/test_journal_image aarch64=$BUILD/aarch64/unit/test_journal_image"
for a in $arches; do
	arch=${a%%=*} bin=${a#*=}
	[ -x "$bin" ] || { ok 1 "$arch: $bin built"; continue; }
	run "$arch" "$bin"; ok $? "$arch: the image is written and recovers (test_journal_image)"
	[ -s "$T/$arch.img" ]; ok $? "$arch: image is not empty"
	"$BUILD/journal-dump" --json "$T/$arch.img" >"$T/$arch.json" 2>"$T/$arch.err"
	ok $? "$arch: the host's journal-dump reads it"
done
for arch in armhf aarch64; do
	cmp -s "$T/x86_64.img" "$T/$arch.img"; ok $? "$arch image = x86_64 image, byte for byte"
	cmp -s "$T/x86_64.json" "$T/$arch.json"; ok $? "$arch dump = x86_64 dump"
done
for arch in armhf aarch64; do
	q=qemu-arm-static
	[ "$arch" = aarch64 ] && q=qemu-aarch64-static
	d=$BUILD/$arch/journal-dump.static
	[ -x "$d" ] || { ok 1 "$arch: $d built"; continue; }
	$q "$d" --json "$T/x86_64.img" >"$T/back-$arch.json" 2>"$T/back-$arch.err"
	ok $? "$arch journal-dump reads the x86_64 image"
	cmp -s "$T/x86_64.json" "$T/back-$arch.json"; ok $? "and prints what the host's prints"
done
n=$(grep -o '"type"' "$T/x86_64.json" | wc -l)
ok $([ "$n" -gt 100 ]; echo $?) "the dump has the records ($n)"
done_testing
