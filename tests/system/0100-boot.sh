#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boot the real image (build/init as PID 1, rootfs/ services) on the QEMU
# board (BOARD, default qemu-x86_64; 1100-arm-boot.sh runs it on qemu-armhf):
# every example service comes up, `initctl status` inside the guest
# shows them, the guest powers off cleanly and QEMU exits 0.
. "$(dirname "$0")/lib.sh"

[ -x "$KEEL" ] || { echo "1..0 # SKIP no $KEEL (run make)"; exit 0; }
image boot "$KEEL" || { ok 1 "image built"; done_testing; }
boot boot
is "$RC" 0 "boot check passes: $VERDICT"
[ "$RC" = 0 ] || show_log boot

rows=$(status_rows boot)
for w in $(example_services); do
	n=${w%%:*}
	state=$(echo "$rows" | field "$n" STATE)
	pid=$(echo "$rows" | field "$n" PID)
	is "$state" "${w#*:}" "initctl status in the guest: $n is ${w#*:}"
	if [ "${w#*:}" = running ]; then
		like "$pid" '^[0-9]+$' "initctl status in the guest: $n has a pid"
	fi
done

json=$(guest_json boot json)
check "initctl status --json lists every service with name, state, pid" \
	"$PY" -c '
import json, sys
rows = {r["name"]: r for r in json.loads(sys.argv[1])}
for w in sys.argv[2:]:
    n, want = w.split(":")
    r = rows[n]
    assert r["state"] == want and "pid" in r, r
' "$json" $(example_services)

is "$(guest_json boot ctrl-alt-del)" 0 "ctrl-alt-del is SIGINT to PID 1 (kernel.ctrl-alt-del = 0)"
check "PID 1 logs keel: lines on the console" grep -q 'keel: ' "$T/boot.log"
check "no kernel panic" bash -c "! grep -q 'Kernel panic' '$T/boot.log'"
check "clean poweroff (reboot: Power down)" grep -q 'reboot: Power down' "$T/boot.log"
done_testing
