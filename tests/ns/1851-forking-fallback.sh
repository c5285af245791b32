#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# type = forking without cgroup v2: the daemon (double fork, a session of
# its own) is taken from its pidfile once /proc shows it is a child of
# keel started after the spawn; keel then follows its session: status,
# kill -9 and its restart, stop.  Without a pidfile there is no way to
# find the daemon: a failed start with that reason, and a pidfile naming
# a process that was there before the spawn is never taken.
. "$(dirname "$0")/lib.sh"
without_cgroup2
svc d <<EOF
[service]
exec = /bin/sh -c '(setsid sh -c "echo \\\$\\\$ > $T/d.pid; exec sleep 1851" &); exit 0'
type = forking
pidfile = $T/d.pid
restart_delay = 200ms
EOF
svc nopid <<'EOF'
[service]
exec = /bin/sh -c '(setsid sleep 1852 &); exit 0'
type = forking
restart = no
EOF
svc old <<EOF
[service]
exec = /bin/sh -c 'cat $T/old.src > $T/old.pid'
type = forking
pidfile = $T/old.pid
ready_timeout = 1s
restart = no
EOF
ns_start
check "the fallback is announced" grep -q 'no usable cgroup v2' "$T/console.log"
check "running with the daemon's pid" wait_for 10 main_is_pidfile d "$T/d.pid"
pid=$(jfield d pid)
is "$(jfield d procs)" 1 "status counts the daemon's session: 1"
kill -KILL "$(ns_procs 'sleep 1851')"
check "kill -9: back with a new daemon" wait_for 10 main_pid_changed d "$T/d.pid" "$pid"
is "$(jfield d restart_count)" 1 "restart_count 1"
ctl stop d >/dev/null
check "stopped" wait_for 10 state_is d stopped
check "the daemon is gone" wait_for 5 test -z "$(ns_procs 'sleep 1851')"

check "no pidfile and no cgroup v2: failed" wait_for 10 state_is nopid failed
like "$(jfield nopid why)" "no pidfile and no cgroup v2" "its reason"
ctl stop nopid >/dev/null
kill $(ns_procs 'sleep 1852') 2>/dev/null

# A process of the namespace older than the spawn, named in the pidfile:
# a child of keel (PID 1 adopted it), but not of this job.
in_ns_pid() { nsenter -t "$INIT_PID" -p -m -- "$@"; }
ns_old=$(in_ns_pid sh -c 'sleep 1854 >/dev/null 2>&1 & echo $!')
echo "$ns_old" > "$T/old.src"
ctl start old >/dev/null
check "a pid older than the spawn: failed" wait_for 10 state_is old failed
like "$(jfield old why)" "not of this job" "its reason"
check "that process was left alone" test -n "$(ns_procs 'sleep 1854')"
kill $(ns_procs 'sleep 1854') 2>/dev/null
done_testing
