#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The harness can fail: (1) an /init that exits makes the kernel panic
# ("Attempted to kill init"), which QEMU reports as a plain exit 0 with
# panic=-1; qemu-run must read the console and fail with status 2.  (2) an
# /init that powers off at once, without the boot check's output, must fail
# with status 1.  Both boot at the same time (2 QEMUs).
. "$(dirname "$0")/lib.sh"

cat >"$T/exit-init" <<'SH'
#!/bin/busybox sh
echo "broken-init: exiting with status 3"
exit 3
SH
cat >"$T/mute-init" <<'SH'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
echo "mute-init: powering off without a boot check"
/bin/busybox poweroff -f
SH
chmod 755 "$T/exit-init" "$T/mute-init"

image exit "$T/exit-init" && image mute "$T/mute-init" || { ok 1 "images built"; done_testing; }
boot_start exit
boot_start mute

boot_wait exit
is "$RC" 2 "init that exits: qemu-run fails with status 2 (panic)"
like "$VERDICT" 'FAIL: kernel panic: .*Attempted to kill init' "init that exits: the verdict names the panic"
check "init that exits: its last words reached the console" grep -q 'broken-init: exiting' "$T/exit.log"
[ "$RC" = 2 ] || show_log exit

boot_wait mute
is "$RC" 1 "init without boot check: qemu-run fails with status 1"
like "$VERDICT" 'FAIL: no boot check verdict' "init without boot check: the verdict says what is missing"
check "init without boot check: the guest did power off" grep -q 'reboot: Power down' "$T/mute.log"
[ "$RC" = 1 ] || show_log mute
done_testing
