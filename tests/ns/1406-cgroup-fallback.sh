#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Without cgroup v2 (unmounted in init's mount namespace) keel falls back
# to the job's session plus a /proc scan: a TERM-proof child is still
# killed at stop_timeout, children left by an exit are still stopped, and
# status still counts them.  (A setsid daemon whose parent is gone is not
# found: the fallback is weaker, docs/service.md.)
. "$(dirname "$0")/lib.sh"
without_cgroup2
svc shy <<'EOF'
[service]
exec = /bin/sh -c '(trap "" TERM; exec sleep 1011) & sleep 1011 & exec sleep 1012'
stop_timeout = 1s
EOF
svc many <<'EOF'
[service]
exec = /bin/sh -c 'i=0; while [ $i -lt 50 ]; do sleep 1013 & i=$((i+1)); done; exit 0'
restart = no
EOF
ns_start
check "the fallback is announced" grep -q 'no usable cgroup v2' "$T/console.log"
check "shy running" wait_for 10 state_is shy running
check "its children are up" wait_for 10 test "$(ns_procs 'sleep 1011' | wc -l)" = 2
is "$(jfield shy procs)" 3 "status counts the session: 3"
ctl stop shy >/dev/null
check "shy stopped" wait_for 10 state_is shy stopped
is "$(ns_procs 'sleep 1011' | wc -l)" 0 "no sleep 1011 left (TERM-proof one killed)"
check "many stopped" wait_for 30 state_is many stopped
is "$(ns_procs 'sleep 1013' | wc -l)" 0 "no sleep 1013 left"
[ -z "$CG" ] || is "$(cg_jobs)" "" "no job cgroup made"
done_testing
