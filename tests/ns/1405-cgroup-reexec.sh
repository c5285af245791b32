#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Re-exec keeps job tracking: the new image finds each job's cgroup again
# by its name (no hand-over state), counts its processes, and a stop after
# the re-exec still stops the children and removes the cgroup.
. "$(dirname "$0")/lib.sh"
svc kids <<'EOF'
[service]
exec = /bin/sh -c '(trap "" TERM; exec sleep 1008) & setsid -f sleep 1008; exec sleep 1008'
stop_timeout = 1s
EOF
ns_start
check "kids running" wait_for 10 state_is kids running
check "three processes up" wait_for 10 test "$(ns_procs 'sleep 1008' | wc -l)" = 3
pid=$(jfield kids pid)
out=$(ctl reexec 2>&1); rc=$?
is "$rc" 0 "reexec exits 0"
is "$(jfield kids pid)" "$pid" "same pid after reexec"
is "$(jfield kids procs)" 3 "procs still 3 after reexec"
ctl stop kids >/dev/null
check "kids stopped" wait_for 10 state_is kids stopped
is "$(ns_procs 'sleep 1008' | wc -l)" 0 "no sleep 1008 left"
[ -z "$CG" ] || is "$(cg_jobs)" "" "its cgroup is removed"
ctl start kids >/dev/null
check "kids running again" wait_for 10 state_is kids running
done_testing
