#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A service that leaves a setsid -f daemon and fails, restart_limit = 3:
# each run's daemon is stopped before the next run starts, so once the
# job is blocked no copy is left (issue 11, point 4).
. "$(dirname "$0")/lib.sh"
svc daemonish <<'EOF'
[service]
exec = /bin/sh -c 'setsid -f sleep 1005; exec sleep 0.2'
restart = always
restart_limit = 3
restart_delay = 100ms
stop_timeout = 2s
EOF
ns_start
check "daemonish blocked" wait_for 60 state_is daemonish blocked
is "$(ns_procs 'sleep 1005' | wc -l)" 0 "no setsid daemon left"
is "$(jfield daemonish restart_count)" 3 "three restarts before the limit"
is "$(jfield daemonish procs)" 0 "status: 0 processes"
done_testing
