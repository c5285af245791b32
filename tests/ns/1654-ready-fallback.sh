#!/usr/bin/env bash
# Readiness without cgroup v2 (unmounted in init's mount namespace): a
# message or a pidfile counts when its process is in the job's session
# (a child of the main process here), and a READY=1 from another job's
# process is still ignored.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1650-ready-lib.bash"
trap cleanup EXIT
without_cgroup2

notify_svc a ""
dependents a
intruder_svc a
cat > "$T/pf.sh" <<EOF
#!/bin/sh
$(gate pf)
sleep 1000 &
echo \$! > $T/pf.pid
wait
EOF
chmod +x "$T/pf.sh"
svc pf <<EOF
[service]
ready = pidfile
pidfile = $T/pf.pid
exec = $T/pf.sh
EOF
dependents pf
ns_start
check "the fallback is announced" grep -q 'no usable cgroup v2' "$T/console.log"
check "a is starting" wait_for 10 state_is a starting
check "intruder sent READY=1 for a" wait_for 10 test -e "$T/intruder.sent"
check "it was ignored and logged" wait_for 10 grep -q 'notify: ignored a message from pid' "$T/console.log"
is "$(jfield a state)" starting "a is still starting"
check_dependents a
touch "$T/a.go"
check "a is running after READY=1 from its child" wait_for 10 state_is a running
check_dependents_after a
is "$(jfield pf state)" starting "pf is starting before its pidfile"
check_dependents pf
touch "$T/pf.go"
check "pf is running once its pidfile names its child" wait_for 10 state_is pf running
check_dependents_after pf
ok "$([ "$(cat "$T/pf.pid")" != "$(jfield pf pid)" ]; echo $?)" "the pidfile names a child, not the main process"
done_testing
