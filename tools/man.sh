#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Render the man pages: every docs/man/NAME.S.scd becomes BUILD/man/NAME.S
# (roff, through scdoc(1) from Debian's scdoc package).  The date on the
# pages is the last commit's, so a rebuild of the same tree gives the same
# bytes (SOURCE_DATE_EPOCH, as scdoc reads it, wins when set).
#   tools/man.sh BUILD      e.g. tools/man.sh build -> build/man/init.8 ...
set -euo pipefail
build=${1:?usage: $0 BUILD}
top=$(cd "$(dirname "$0")/.." && pwd)
command -v scdoc >/dev/null || { echo "man.sh: scdoc not installed (tools/deps.sh)" >&2; exit 111; }
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)
	export SOURCE_DATE_EPOCH
fi
mkdir -p "$build/man"
for src in "$top"/docs/man/*.scd; do
	page=$(basename "$src" .scd)
	scdoc <"$src" >"$build/man/$page.tmp"
	mv "$build/man/$page.tmp" "$build/man/$page"
done
