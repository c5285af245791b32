#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reclaim never signals a process in another job's cgroup: a daemon that
# job "owner" started with setsid -f (its parent is keel, so no ancestry
# leads to the job) holds a port; "grabber" declares that port with
# singleton = yes, and its start is refused instead of killing the daemon.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
[ -n "$CG" ] || { echo "1..0 # SKIP no writable cgroup v2"; exit 0; }
P=$(srv free-port)
svc owner <<EOF
[service]
exec = /bin/sh -c 'setsid -f $PY $SRVF serve --port $P --tag owner.1407; exec sleep 1021'
EOF
ns_start
check "owner running" wait_for 10 state_is owner running
check "its daemon listens on tcp:$P" wait_for 10 srv listening tcp "$P"
daemon=$(ns_procs owner.1407)
is "$(ns_procs owner.1407 | wc -l)" 1 "one daemon"
is "$(awk '{print $4}' /proc/$daemon/stat)" "$INIT_PID" "its parent is keel: no ancestry leads to the job"
svc grabber <<EOF
[service]
exec = $PY $SRVF serve --port $P --tag grabber.1407
ports = tcp:$P
singleton = yes
restart_delay = 10s
EOF
ctl reload >/dev/null
check "grabber's start is blocked" wait_for 10 why_like grabber "start blocked"
check "the daemon still runs" kill -0 "$daemon"
like "$(jfield grabber why)" "keel job" "the reason names a keel job"
is "$(ns_procs grabber.1407 | wc -l)" 0 "grabber never ran"
done_testing
