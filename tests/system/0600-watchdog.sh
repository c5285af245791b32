#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The hardware watchdog on the real kernel (issue 5): the board's softdog
# with a 10 s timeout (board.ini).  A control boot stays up past the
# timeout while PID 1 kicks: no reset.  Then `initctl watchdog test` makes
# PID 1 stop kicking: softdog resets the guest (QEMU runs with -no-reboot,
# so the reset ends it) within the timeout plus a margin.
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
image plain "$BUILD/init" || { ok 1 "image built"; done_testing; }
mkdir -p "$T/kick.x/etc/svc.d" "$T/stop.x/etc/svc.d"
# Control: wait for the watchdog to be open, stay up 14 s (> 10 s), power off.
cat > "$T/kick.x/etc/svc.d/autotest.ini" <<'INI'
[service]
log = console
type = oneshot
exec = /bin/sh -c "until initctl watchdog | grep -q kicked; do sleep 0.2; done; echo keel-check: armed; sleep 14; echo keel-check: alive; initctl poweroff"
INI
# Test: once it is open, stop the kicks and wait.
cat > "$T/stop.x/etc/svc.d/autotest.ini" <<'INI'
[service]
log = console
type = oneshot
exec = /bin/sh -c "until initctl watchdog | grep -q kicked; do sleep 0.2; done; echo keel-check: armed; initctl watchdog test; sleep 60; echo keel-check: still-alive"
INI
extra kick
extra stop

BOOT_TIMEOUT=60 boot_start kick kick kick
BOOT_TIMEOUT=60 boot_start stop stop stop
boot_wait kick
check "control: the watchdog was opened" grep -q "keel-check: armed" "$T/kick.log"
check "control: alive 14 s later (kicks keep it quiet)" grep -q "keel-check: alive" "$T/kick.log"
check "control: no watchdog reset" sh -c "! grep -q 'softdog: Initiating system reboot' '$T/kick.log'"
check "control: clean poweroff" grep -q "reboot: Power down" "$T/kick.log"
boot_wait stop
check "test: the watchdog was opened" grep -q "keel-check: armed" "$T/stop.log"
check "test: PID 1 said it stopped kicking" grep -q "kicks stopped; expect a reset" "$T/stop.log"
check "test: softdog reset the guest" grep -q "softdog: Initiating system reboot" "$T/stop.log"
check "test: the guest did not live on" sh -c "! grep -q 'keel-check: still-alive' '$T/stop.log'"
[ "$_fail" = 0 ] || { show_log kick 20; show_log stop 30; }
done_testing
