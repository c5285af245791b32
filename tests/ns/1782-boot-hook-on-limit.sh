#!/usr/bin/env bash
# on_boot_unhealthy through on_limit: a service (not critical) that hits
# its restart limit with on_limit = safe-mode gives up on a boot that is
# not healthy yet, so on_boot_unhealthy runs, exactly once: the same
# service hitting its limit again in that boot runs it no more, and
# on_boot_healthy never runs.
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
svc flap <<EOF
[service]
exec = /bin/sh -c "echo try >> $T/flap.n; exit 1"
restart_limit = 1
restart_window = 1m
restart_delay = 50ms
on_limit = safe-mode
safe = yes
EOF
svc steady <<EOF
[service]
exec = /bin/sleep 1782
EOF
write_init_ini "boot_ok_after = 1h
on_boot_healthy = /bin/sh -c \"echo healthy >> $T/healthy.n\"
on_boot_unhealthy = /bin/sh -c \"echo unhealthy >> $T/unhealthy.n; echo hook-out-limit\""
ns_start

lines() { cat "$1" 2>/dev/null | wc -l; }
hook_ended() { grep -qF "@on_boot_unhealthy: exited" "$T/console.log"; }
limits() { grep -c "flap: restart limit reached: entering safe mode" "$T/console.log"; }
twice() { [ "$(limits)" -ge 2 ]; }

check "flap is blocked" wait_for 15 state_is flap blocked
check "on_boot_unhealthy ended" wait_for 10 hook_ended
is "$(lines "$T/unhealthy.n")" 1 "on_boot_unhealthy ran once"
is "$(ctl log @on_boot_unhealthy)" "hook-out-limit" "its output is in initctl log @on_boot_unhealthy"
check "safe mode stopped steady" wait_for 10 state_is steady stopped

ctl start flap >/dev/null
check "flap hit its limit a second time" wait_for 15 twice
check "flap is blocked again" wait_for 15 state_is flap blocked
ctl status >/dev/null   # one more loop pass
is "$(lines "$T/unhealthy.n")" 1 "on_boot_unhealthy still ran only once"
is "$(grep -c "@on_boot_unhealthy: started" "$T/console.log")" 1 "it was started once"
is "$(lines "$T/healthy.n")" 0 "on_boot_healthy never ran"
is "$(ns_zombies)" 0 "no zombie"
done_testing
