#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The journal across a power cut and boot-loop quarantine on the 32-bit ARM
# board (board/qemu-armhf), in four boots on one flash (0400 and 0500 take
# seven on the x86 board; ARM boots under TCG are slower):
#   1 a crash storm, cut (QEMU killed) in the middle: an unhealthy boot
#   2 a service crashes the kernel (suspect mode: START records)
#   3 again (boot 1 wrote no START, so no culprit yet)
#   4 the crasher is quarantined: the rest runs, status says why, poweroff
# Then the journal, written by armhf keel and read on the host with
# build/journal-dump: no CRC error, at most one torn tail, the storm's
# records of boot 1 in order up to the cut.
BOARD=qemu-armhf
. "$(dirname "$0")/lib.sh"

[ -x "$KEEL" ] || { echo "1..0 # SKIP no $KEEL (run make ARCH=$BARCH)"; exit 0; }
[ -x "$BUILD/journal-dump" ] || { echo "1..0 # SKIP no $BUILD/journal-dump (run make)"; exit 0; }
image plain "$KEEL" || { ok 1 "image built"; done_testing; }
storm_image
loop_image

CUT_AT='^flap 8' boot b1 storm flash
is "$RC" 0 "boot 1 is cut (QEMU killed) in the middle of the crash storm: $VERDICT"
[ "$RC" = 0 ] || show_log b1
check "the storm ran: the flapper was restarted at least 7 times before the cut" grep -q '^flap 8' "$T/b1.log"

crash_boots 2 3
boot b4 loop flash
quarantine_checks "$T/b4.log"
check "boot 4: clean poweroff (reboot: Power down)" grep -q 'reboot: Power down' "$T/b4.log"
[ "$_fail" = 0 ] || show_log b4 60

storm_journal_checks 1
done_testing
