#!/usr/bin/env bash
# Services start in dependency order (after/requires), oneshots finish
# before their dependents start, every service ends up running.
. "$(dirname "$0")/lib.sh"
LOG=$T/order.log
svc setup <<EOF
[service]
type = oneshot
exec = /bin/sh -c "echo setup >> $LOG"
EOF
svc db <<EOF
[service]
after = setup
exec = /bin/sh -c "echo db >> $LOG; exec sleep 1001"
EOF
svc web <<EOF
[service]
requires = db
exec = /bin/sh -c "echo web >> $LOG; exec sleep 1002"
EOF
svc cron <<EOF
[service]
after = web
exec = /bin/sh -c "echo cron >> $LOG; exec sleep 1003"
EOF
ns_start
check "web is running" wait_for 10 state_is web running
check "cron is running" wait_for 10 state_is cron running
is "$(jfield setup state)" done "oneshot setup is done"
is "$(jfield setup exit)" 0 "setup exited 0"
is "$(started_order)" "setup db web cron " "spawn order follows after/requires"
is "$(head -1 "$LOG")" "setup" "the oneshot finished before anything after it ran"
is "$(ns_procs 'sleep 1002' | wc -l)" 1 "exactly one web process"
w=$(ns_procs 'sleep 1002'); is "$(ns_pid_of "$w")" "$(jfield web pid)" "status pid matches /proc"
is "$(jfield web restart_count)" 0 "no restarts"
done_testing
