#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boot-loop protection on the real kernel (issue 5): a service that crashes
# the kernel (sysrq c) a second after it starts, at every boot, on the same
# flash.  docs/restart.md: boot 1 is normal; from boot 2 on START records
# are written; at boot 4 the service that was the last START of boots 2 and
# 3 is quarantined.  Boot 4 must then come up with every other service
# running and say why in `initctl status`.
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
image plain "$BUILD/init" || { ok 1 "image built"; done_testing; }
loop_image

crash_boots 1 2 3
boot b4 loop flash
quarantine_checks "$T/b4.log"
[ "$_fail" = 0 ] || show_log b4 60
done_testing
