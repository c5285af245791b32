#!/usr/bin/env bash
# A killed service comes back with a new pid, the same job id and
# restart_count 1; a stopped one does not come back.
. "$(dirname "$0")/lib.sh"
svc crashy <<EOF
[service]
exec = /bin/sleep 2001
restart = always
restart_delay = 100ms
EOF
ns_start
check "crashy running" wait_for 10 state_is crashy running
id=$(jfield crashy id); pid1=$(jfield crashy pid)
kill -KILL "$(ns_procs 'sleep 2001')"
restarted() { [ "$(jfield crashy restart_count)" = 1 ] && state_is crashy running; }
check "restarted after kill -9" wait_for 10 restarted
isnt_pid=$(jfield crashy pid)
check "new pid differs ($pid1 -> $isnt_pid)" [ "$isnt_pid" != "$pid1" ]
is "$(jfield crashy id)" "$id" "same job id after restart"
is "$(jfield crashy exit)" -9 "last exit is signal 9"
is "$(ns_procs 'sleep 2001' | wc -l)" 1 "one process"
ctl stop crashy >/dev/null
check "stopped" wait_for 10 state_is crashy stopped
is "$(ns_procs 'sleep 2001' | wc -l)" 0 "no process after stop"
done_testing
