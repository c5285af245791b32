#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build checks on the PID 1 binary of each architecture: statically
# linked, an ELF of the right machine, small enough for a board's
# initramfs, and initctl is a link to it.  Bars: x86_64 and armhf at most
# 152 KiB; aarch64's size is printed, not enforced (its linker aligns
# segments to 64 KiB pages by default, docs/porting.md).
#   tests/build.sh ARCH=BUILD/init ...      (make check-build)
set -u
[ $# -gt 0 ] || { echo "usage: $0 ARCH=BUILD/init ..." >&2; exit 2; }
. "$(dirname "$0")/tap.sh"

check_one() {
	local arch=$1 init=$2 machine max
	case $arch in
	x86_64) machine='x86-64'; max=$((152 * 1024)) ;;
	armhf) machine='ARM, EABI5'; max=$((152 * 1024)) ;;
	aarch64) machine='ARM aarch64'; max=0 ;;
	*) ok 1 "unknown architecture $arch"; return ;;
	esac
	[ -x "$init" ]; ok $? "$arch: $init exists and is executable"
	local desc
	desc=$(file -b "$init" 2>&1)
	case "$desc" in *"statically linked"*) ok 0 "$arch: statically linked" ;;
	*) ok 1 "$arch: statically linked"; echo "# file says: $desc" ;; esac
	case "$desc" in *ELF*"$machine"*) ok 0 "$arch: $machine ELF" ;;
	*) ok 1 "$arch: $machine ELF"; echo "# file says: $desc" ;; esac
	local size
	size=$(stat -L -c %s "$init" 2>/dev/null || echo 0)
	echo "# $arch size: $size bytes ($(( (size + 1023) / 1024 )) KiB), limit $([ "$max" -gt 0 ] && echo "$((max / 1024)) KiB" || echo none)"
	if [ "$max" -gt 0 ]; then
		[ "$size" -gt 0 ] && [ "$size" -le "$max" ]; ok $? "$arch: size $size <= $max bytes"
	fi
	local ctl
	ctl=$(dirname "$init")/initctl
	[ -L "$ctl" ] && [ "$(readlink -f "$ctl")" = "$(readlink -f "$init")" ]
	ok $? "$arch: $ctl is a link to $(basename "$init")"
}

for a in "$@"; do
	check_one "${a%%=*}" "${a#*=}"
done
done_testing
