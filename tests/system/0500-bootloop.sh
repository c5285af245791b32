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
mkdir -p "$T/loop.x/etc/svc.d"
cat > "$T/loop.x/etc/svc.d/crasher.ini" <<'INI'
[service]
after = netd
exec = /bin/sh -c "sleep 1; echo c > /proc/sysrq-trigger"
INI
# The boot check: print the state after a while instead of waiting for
# every service (the crasher never stays up), then power off.
cat > "$T/loop.x/etc/svc.d/autotest.ini" <<'INI'
[service]
log = console
type = oneshot
safe = yes
exec = /bin/sh -c "sleep 3; echo keel-check: begin; initctl status; echo keel-check: system $(initctl system --json); echo keel-check: end; initctl poweroff"
INI
extra loop

for n in 1 2 3; do
	boot "b$n" loop flash
	check "boot $n: the kernel crashed (rc $RC: $VERDICT)" grep -q "sysrq: Trigger a crash" "$T/b$n.log"
	[ "$RC" != 0 ] || show_log "b$n"
done
boot b4 loop flash
check "boot 4 printed its state" grep -q "keel-check: end" "$T/b4.log"
check "boot 4 did not crash" sh -c "! grep -q 'sysrq: Trigger a crash' '$T/b4.log'"
st=$(sed -n '/keel-check: begin/,/keel-check: end/p' "$T/b4.log")
like "$st" "quarantined: crasher" "boot 4: initctl status says crasher is quarantined"
is "$(printf '%s\n' "$st" | field crasher STATE)" quarantined "boot 4: the crasher's job is quarantined"
for s in console syslogd klogd netd; do
	is "$(printf '%s\n' "$st" | field $s STATE)" running "boot 4: $s runs"
done
sys=$(grep -m1 "keel-check: system" "$T/b4.log" | sed 's/.*keel-check: system //')
like "$sys" '"boot":4' "boot 4: boot number 4"
like "$sys" '"unhealthy_streak":3' "boot 4: three unhealthy boots in a row"
like "$sys" '"quarantined":\["crasher"\]' "boot 4: system --json names the quarantine"
check "boot 4: the console said why" grep -q "crasher quarantined: it was the last service started in 2 unhealthy boots" "$T/b4.log"
[ "$_fail" = 0 ] || show_log b4 60
done_testing
