#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boot a board's kernel + initramfs in QEMU, always under `timeout`.
#   tools/qemu-run.sh BOARD BUILDDIR
# stdin a terminal: interactive console (Ctrl-A x quits QEMU).
# Otherwise (CI, tests): autotest mode.  keel.autotest=1 goes on the kernel
# command line, the console is captured to LOG, and the exit status is the
# verdict:
#   0 the guest printed "keel-autotest: PASS", the status table, and powered
#     off cleanly ("reboot: Power down", QEMU exit 0)
#   1 the boot check failed or its output is missing, or no clean poweroff
#   2 kernel panic (console line, or pvpanic's QEMU exit 1)
#   3 timeout (QEMU killed)
#   4 QEMU failed otherwise
# One line "qemu-run: PASS|FAIL: why" goes to stderr.
# Environment: KERNEL, INITRD (default BUILDDIR/initramfs.cpio.gz), FLASH
# (default BUILDDIR/BOARD-flash.img, created FLASH_SIZE big when missing),
# APPEND (more kernel arguments), TIMEOUT (seconds; default 90 in autotest
# mode, 0 = none interactive), LOG (default BUILDDIR/console.log), QUIET=1
# (do not echo the console), AUTOTEST=0|1 (force a mode), KVM=1 (try KVM;
# TCG is the default because KVM does not work on the machines we measured),
# CUT_AT=REGEX (power cut: SIGKILL QEMU once a console line matches).
set -uo pipefail

[ $# -eq 2 ] || { echo "usage: $0 BOARD BUILDDIR" >&2; exit 100; }
BOARD=$1
BUILD=$2
TOP=$(cd "$(dirname "$0")/.." && pwd)
BDIR=$TOP/board/$BOARD

die() { echo "qemu-run: FAIL: $*" >&2; exit 4; }
[ -d "$BDIR" ] || die "no board $BOARD"

if [ -z "${KERNEL:-}" ]; then
	KERNEL=$BUILD/kernel/vmlinux
	[ -f "$KERNEL" ] || KERNEL=$(ls "$BUILD"/kernel/boot/vmlinuz-* 2>/dev/null | head -1)
fi
[ -n "$KERNEL" ] && [ -f "$KERNEL" ] || die "no kernel in $BUILD/kernel (run tools/deps.sh)"
INITRD=${INITRD:-$BUILD/initramfs.cpio.gz}
[ -f "$INITRD" ] || die "no initramfs $INITRD (run make image)"
FLASH=${FLASH:-$BUILD/$BOARD-flash.img}
if [ ! -f "$FLASH" ]; then
	mkdir -p "$(dirname "$FLASH")"
	truncate -s "${FLASH_SIZE:-8M}" "$FLASH" || die "cannot create $FLASH"
fi

if [ -z "${AUTOTEST:-}" ]; then
	if [ -t 0 ]; then AUTOTEST=0; else AUTOTEST=1; fi
fi

cmdline=$(sed 's/#.*//' "$BDIR/cmdline" | tr -s ' \n' '  ')
[ "$AUTOTEST" = 1 ] && cmdline="$cmdline keel.autotest=1"
cmdline="$cmdline ${APPEND:-}"

# The emulator follows the board's architecture (board/BOARD/arch).
arch=$(cat "$BDIR/arch" 2>/dev/null || echo x86_64)
case $arch in
armhf) qemu_bin=qemu-system-arm ;;
aarch64) qemu_bin=qemu-system-aarch64 ;;
*) qemu_bin=qemu-system-$arch ;;
esac
# Board args: words, comments dropped, @FLASH@ substituted.
mapfile -t args < <(sed -e 's/#.*//' -e "s|@FLASH@|$FLASH|g" "$BDIR/qemu.args" | tr -s ' \t' '\n\n' | sed '/^$/d')
if [ "${KVM:-0}" = 1 ] && [ -w /dev/kvm ] && [ "$arch" = "$(uname -m)" ]; then
	args+=(-accel kvm -cpu host)
else
	args+=(-accel tcg)
fi
qemu=("$qemu_bin" -kernel "$KERNEL" -initrd "$INITRD" -append "$cmdline" "${args[@]}")

# Power cut: boot with the console in a file, poll it until a line matches
# the regex CUT_AT, then SIGKILL QEMU (the guest's RAM and page cache are
# lost; what QEMU already wrote to the flash image stays).  Exit 0 when the
# cut happened, 2 on a panic, 3 when CUT_AT never showed up in TIMEOUT s.
power_cut() {
	local raw=$LOG.raw qpid qemu_pid end
	: >"$raw"
	timeout -k 5 "$TIMEOUT" "${qemu[@]}" -serial "file:$raw" </dev/null >"$LOG.qemu" 2>&1 &
	qpid=$!
	end=$(($(date +%s) + TIMEOUT))
	while ! grep -qE -- "$CUT_AT" "$raw" && kill -0 "$qpid" 2>/dev/null &&
		[ "$(date +%s)" -lt "$end" ]; do
		sleep 0.05
	done
	# timeout's only child is QEMU: kill exactly that pid.
	qemu_pid=$(ps -o pid= --ppid "$qpid" | tr -d ' ')
	[ -n "$qemu_pid" ] && kill -KILL "$qemu_pid" 2>/dev/null
	wait "$qpid"
	rc=$?
	tr -d '\r' <"$raw" >"$LOG"
	rm -f "$raw"
	secs=$(echo "$(date +%s.%N) $start" | awk '{ printf "%.2f", $1 - $2 }')
	grep -q 'Kernel panic - not syncing' "$LOG" && verdict "FAIL: kernel panic before the cut" 2
	grep -qE -- "$CUT_AT" "$LOG" || verdict "FAIL: /$CUT_AT/ never appeared" 3
	verdict "PASS: power cut after /$CUT_AT/" 0
}

verdict() {
	echo "qemu-run: $1 (qemu rc $rc, ${secs}s, log $LOG)" >&2
	exit "$2"
}

if [ "$AUTOTEST" = 0 ]; then
	echo "qemu-run: interactive console; Ctrl-A x quits QEMU" >&2
	TIMEOUT=${TIMEOUT:-0}
	exec timeout --foreground -k 5 "$TIMEOUT" "${qemu[@]}" -serial mon:stdio
fi

TIMEOUT=${TIMEOUT:-90}
LOG=${LOG:-$BUILD/console.log}
mkdir -p "$(dirname "$LOG")"
start=$(date +%s.%N)
[ -n "${CUT_AT:-}" ] && power_cut
if [ "${QUIET:-0}" = 1 ]; then
	timeout -k 5 "$TIMEOUT" "${qemu[@]}" -serial stdio </dev/null 2>&1 | tr -d '\r' >"$LOG"
else
	timeout -k 5 "$TIMEOUT" "${qemu[@]}" -serial stdio </dev/null 2>&1 | tr -d '\r' | tee "$LOG"
fi
rc=${PIPESTATUS[0]}
secs=$(echo "$(date +%s.%N) $start" | awk '{ printf "%.2f", $1 - $2 }')

panic=$(grep -m1 'Kernel panic - not syncing' "$LOG")
[ -n "$panic" ] && verdict "FAIL: kernel panic: ${panic#*] }" 2
[ "$rc" = 124 ] || [ "$rc" = 137 ] && verdict "FAIL: timeout after ${TIMEOUT}s" 3
[ "$rc" = 1 ] && verdict "FAIL: guest panicked (pvpanic)" 2
[ "$rc" = 0 ] || verdict "FAIL: qemu exited $rc" 4
# Console lines interleave (a shell prompt, kernel messages), so markers are
# matched anywhere in a line, never anchored.
M=keel-autotest:
fail=$(grep -m1 "$M FAIL" "$LOG")
[ -n "$fail" ] && verdict "FAIL: boot check: ${fail#*$M }" 1
pass=$(grep -m1 "$M PASS" "$LOG")
[ -n "$pass" ] || verdict "FAIL: no boot check verdict on the console" 1
rows=$(sed -n "/$M status begin/,/$M status end/p" "$LOG" | grep -vc "$M")
[ "$rows" -gt 0 ] || verdict "FAIL: no initctl status output on the console" 1
grep -q 'reboot: Power down' "$LOG" || verdict "FAIL: guest did not power off cleanly" 1
verdict "PASS: ${pass#*$M PASS }" 0
