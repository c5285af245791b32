#!/usr/bin/env bash
# initctl start/stop/restart/status: idempotent control, exit codes,
# unknown services and commands, root only.
. "$(dirname "$0")/lib.sh"
svc a <<EOF
[service]
exec = /bin/sleep 4001
EOF
svc slow <<EOF
[service]
exec = /bin/sh -c "trap '' TERM; exec sleep 4002"
stop_timeout = 3s
EOF
ns_start
check "a running" wait_for 10 state_is a running
check "slow running" wait_for 10 state_is slow running
pa=$(jfield a pid)

out=$(ctl start a); rc=$?
is "$rc" 0 "start of a running job exits 0"
like "$out" "already running" "start of a running job says already running"
is "$(jfield a pid)" "$pa" "start of a running job keeps its pid"
is "$(ns_procs 'sleep 4001' | wc -l)" 1 "still one process"

out=$(ctl stop a); rc=$?
is "$rc" 0 "stop exits 0"
check "a stopped" wait_for 10 state_is a stopped
is "$(ns_procs 'sleep 4001' | wc -l)" 0 "no process after stop"
out=$(ctl stop a); rc=$?
is "$rc" 0 "stop of a stopped job exits 0"
like "$out" "already stopped" "stop of a stopped job says so"

ctl start a >/dev/null
check "a running again" wait_for 10 state_is a running
pa2=$(jfield a pid)
ctl restart a >/dev/null
restarted() { state_is a running && [ "$(jfield a pid)" != "$pa2" ]; }
check "restart gives a new pid" wait_for 10 restarted
is "$(ns_procs 'sleep 4001' | wc -l)" 1 "one process after restart"
is "$(jfield a restart_count)" 0 "manual restart is not counted as an automatic one"

# slow ignores TERM: it stays in stopping until the KILL after 3 s.
ctl stop slow >/dev/null
is "$(jfield slow state)" stopping "slow is stopping"
out=$(ctl start slow 2>&1); rc=$?
is "$rc" 2 "start while stopping is refused with exit 2"
like "$out" "stopping" "refusal says why"
check "slow killed after stop_timeout" wait_for 10 state_is slow stopped
is "$(jfield slow exit)" -9 "slow ended by KILL"

out=$(ctl start nosuch 2>&1); rc=$?
is "$rc" 3 "unknown service exits 3"
like "$out" "nosuch: no such service" "unknown service message"
out=$(ctl frobnicate 2>&1); rc=$?
is "$rc" 100 "unknown command exits 100"
like "$out" "unknown command" "unknown command message"
out=$(ctl status a); rc=$?
is "$rc" 0 "status NAME exits 0"
like "$out" "a +running" "status shows the row"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$INITCTL" -s "$T/ctl.sock" status 2>&1); rc=$?
check "non-root is refused (rc $rc)" [ "$rc" != 0 ]
like "$out" "permission denied|cannot reach" "non-root gets a clear message"
out=$("$INITCTL" --help); rc=$?
is "$rc" 0 "--help exits 0"
for c in status start stop restart reload poweroff reboot halt; do
	like "$out" "$c" "--help covers $c"
done
done_testing
