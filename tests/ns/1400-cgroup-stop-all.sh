#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A stop stops every process of a job: a child that ignores TERM is
# killed at stop_timeout, and the job is stopped only once it is gone, so
# stop/start cycles never pile up copies (issue 11, point 4).
. "$(dirname "$0")/lib.sh"
svc shy <<'EOF'
[service]
exec = /bin/sh -c '(trap "" TERM; exec sleep 1001) & exec sleep 1002'
stop_timeout = 1s
EOF
ns_start
check "shy running" wait_for 10 state_is shy running
check "its TERM-proof child is up" wait_for 10 test -n "$(ns_procs 'sleep 1001')"
for i in 1 2; do
	ctl stop shy >/dev/null
	check "stop $i: stopped" wait_for 10 state_is shy stopped
	is "$(ns_procs 'sleep 1001' | wc -l)" 0 "stop $i: no sleep 1001 left"
	is "$(ns_procs 'sleep 1002' | wc -l)" 0 "stop $i: no sleep 1002 left"
	ctl start shy >/dev/null
	check "start $i: running" wait_for 10 state_is shy running
	check "start $i: child up" wait_for 10 test -n "$(ns_procs 'sleep 1001')"
done
is "$(ns_procs 'sleep 1001' | wc -l)" 1 "after two stop/start cycles: one sleep 1001"
check "console says it sent KILL" grep -q 'shy: did not stop in 1000ms, sending KILL' "$T/console.log"
done_testing
