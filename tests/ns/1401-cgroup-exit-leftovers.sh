#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A service that starts 500 children and exits: its children are stopped
# before the job counts as stopped, and the exit is still the one reported
# (issue 11, point 4).
. "$(dirname "$0")/lib.sh"
svc many <<'EOF'
[service]
exec = /bin/sh -c 'i=0; while [ $i -lt 500 ]; do sleep 1003 & i=$((i+1)); done; exit 0'
restart = no
EOF
ns_start
check "many stopped" wait_for 60 state_is many stopped
is "$(ns_procs 'sleep 1003' | wc -l)" 0 "no sleep 1003 left"
is "$(jfield many exit)" 0 "last exit is the main process's (0)"
is "$(jfield many procs)" 0 "status: 0 processes"
check "console names the leftovers" grep -q 'many: stopping: exited with code 0; stopping [0-9]* leftover processes' "$T/console.log"
out=$(ctl stop many); is "$out" "many: already stopped" "stop: already stopped"
done_testing
