#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A job's cgroup (svc-NAME below keel's own) exists while it has processes
# and is removed after a stop, after its file is removed (reload) and at
# shutdown: nothing is left behind.
. "$(dirname "$0")/lib.sh"
[ -n "$CG" ] || { echo "1..0 # SKIP no writable cgroup v2"; exit 0; }
for n in a b; do
	svc $n <<'EOF'
[service]
exec = /bin/sh -c 'sleep 1007 & exec sleep 1007'
EOF
done
svc bad <<'EOF'
[service]
exec = /bin/sleep 1007
workdir = /nonexistent/dir
EOF
ns_start
check "bad failed" wait_for 10 state_is bad failed
check "a running" wait_for 10 state_is a running
check "b running" wait_for 10 state_is b running
is "$(cg_jobs)" "svc-a svc-b " "one cgroup per job with processes (none left by a failed exec)"
ctl stop a >/dev/null
check "a stopped" wait_for 10 state_is a stopped
is "$(cg_jobs)" "svc-b " "stop removes svc-a"
rm "$SVC/b.ini"
ctl reload >/dev/null
check "b removed" wait_for 10 test "$(jfield b state)" = none
is "$(cg_jobs)" "" "removal by reload removes svc-b"
ctl start a >/dev/null
check "a running again" wait_for 10 state_is a running
is "$(cg_jobs)" "svc-a " "start makes svc-a again"
ctl poweroff >/dev/null
ns_wait_exit 30
is "$(cg_jobs)" "" "shutdown leaves no job cgroup"
is "$(ns_procs 'sleep 1007' | wc -l)" 0 "no sleep 1007 left"
done_testing
