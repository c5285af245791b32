#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build checks on the PID 1 binary: statically linked, small enough for a
# board's initramfs (at most 150 KiB), and initctl is a link to it.
#   tests/build.sh BUILD/init      (make check-build)
set -u
INIT=${1:?usage: $0 BUILD/init}
MAX=$((150 * 1024))
. "$(dirname "$0")/tap.sh"

[ -x "$INIT" ]; ok $? "$INIT exists and is executable"
desc=$(file -b "$INIT" 2>&1)
case "$desc" in *"statically linked"*) ok 0 "file: statically linked" ;;
*) ok 1 "file: statically linked"; echo "# file says: $desc" ;; esac
case "$desc" in *ELF*x86-64*) ok 0 "file: x86-64 ELF" ;;
*) ok 1 "file: x86-64 ELF"; echo "# file says: $desc" ;; esac
size=$(stat -L -c %s "$INIT" 2>/dev/null || echo 0)
echo "# size: $size bytes ($(( (size + 1023) / 1024 )) KiB), limit $((MAX / 1024)) KiB"
[ "$size" -gt 0 ] && [ "$size" -le "$MAX" ]; ok $? "size $size <= $MAX bytes"
ctl=$(dirname "$INIT")/initctl
[ -L "$ctl" ] && [ "$(readlink -f "$ctl")" = "$(readlink -f "$INIT")" ]
ok $? "$ctl is a link to $(basename "$INIT")"
done_testing
