#!/usr/bin/env bash
# initctl stop while exec_start_pre runs: the hook is killed, the service
# is never spawned, the job ends stopped (not failed, no restart), and
# nothing of it is left running.
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
svc slow <<EOF
[service]
exec_start_pre = /bin/sh -c "echo \$\$ > $T/pre.pid; exec sleep 1783"
exec = /bin/sh -c "echo ran > $T/main.ran; exec sleep 1784"
hook_timeout = 1h
restart_delay = 50ms
EOF
ns_start

check "the pre hook runs" wait_for 10 test -s "$T/pre.pid"
is "$(jfield slow state)" "starting" "the job is starting while its hook runs"
hook_there() { [ -n "$(ns_procs 'sleep 1783')" ]; }
check "the hook's sleep is there" wait_for 10 hook_there
ctl stop slow >/dev/null
check "slow is stopped" wait_for 10 state_is slow stopped
hook_gone() { [ -z "$(ns_procs 'sleep 1783')" ]; }
check "the hook was killed" wait_for 10 hook_gone
ctl reload >/dev/null; ctl status >/dev/null   # more loop passes
is "$(jfield slow state)" "stopped" "still stopped after more loop passes"
check "the service was never spawned" test ! -e "$T/main.ran"
is "$(ns_procs 'sleep 1784')" "" "no service process"
is "$(ns_zombies)" 0 "no zombie"
done_testing
