#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# type = forking with singleton = yes: a double-forking daemon (the
# spawned shell exits 0, the daemon lives on in a session of its own and
# writes its pidfile) is the job's main pid, never a holder its own job's
# reclaim stops: not at start, not at a restart, not after kill -9, not
# after a re-exec.  A pidfile with garbage, naming PID 1 or a FIFO is a
# start failure with its reason.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
TAG=fork.1850.$$
P=$(srv free-port)
svc d <<EOF
[service]
exec = /bin/sh -c '(setsid $PY $SRVF serve --port $P --pidfile $T/d.pid --tag $TAG &); exit 0'
type = forking
pidfile = $T/d.pid
ports = tcp:$P
singleton = yes
restart_delay = 200ms
EOF
svc garbage <<EOF
[service]
exec = /bin/sh -c 'echo not-a-pid > $T/garbage.pid'
type = forking
pidfile = $T/garbage.pid
ready_timeout = 500ms
restart = no
EOF
svc init1 <<EOF
[service]
exec = /bin/sh -c 'echo 1 > $T/init1.pid'
type = forking
pidfile = $T/init1.pid
ready_timeout = 500ms
restart = no
EOF
svc fifo <<EOF
[service]
exec = /bin/sh -c 'mkfifo $T/fifo.pid'
type = forking
pidfile = $T/fifo.pid
restart = no
EOF
write_init_ini "journal = $T/journal.img
journal_size = 128K"
ns_start
check "running with the daemon's pid from its pidfile" wait_for 10 main_is_pidfile d "$T/d.pid"
pid=$(jfield d pid)
host=$(ns_procs "$TAG")
is "$(ns_pid_of "$host")" "$pid" "that pid is the daemon"
is "$(awk '{print $4}' "/proc/$host/stat")" "$INIT_PID" "reparented to keel"
like "$(ctl status d)" "port tcp:$P held by pid $pid \\(python3[^)]*\\): the job's own process" "status: the daemon holds its own port, no holder to stop"

ctl restart d >/dev/null
check "restart: a new daemon" wait_for 10 main_pid_changed d "$T/d.pid" "$pid"
pid=$(jfield d pid)

kill -KILL "$(ns_procs "$TAG")"
check "kill -9: back with a new daemon" wait_for 10 main_pid_changed d "$T/d.pid" "$pid"
is "$(jfield d restart_count)" 1 "restart_count 1"
pid=$(jfield d pid)

ctl reexec >/dev/null
check "re-exec: the job keeps its daemon" wait_for 10 main_is_pidfile d "$T/d.pid"
is "$(jfield d pid)" "$pid" "same pid after the re-exec"
kill -KILL "$(ns_procs "$TAG")"
check "kill -9 after the re-exec: its exit is seen, a new daemon" wait_for 10 main_pid_changed d "$T/d.pid" "$pid"
is "$(jfield d restart_count)" 2 "restart_count 2"
# The journal has the daemon's runs as for simple: starting with the
# spawned process, running with the daemon, its SIGKILL exits.
runs=$(ctl journal --json -n 1000 | "$PY" -c 'import json,sys; print(" ".join("%s/%s/%s" % (r["state"], r["restart_count"], r["exit"]) for r in json.load(sys.stdin) if r.get("name")=="d"))')
like "$runs" "^starting/0/None running/0/None stopping/0/None stopped/0/-15 starting/0/-15 running/0/-15 backoff/0/-9 starting/1/-9 running/1/-9 backoff/1/-9 starting/2/-9 running/2/-9$" \
	"journal: every state change with restart count and exit (the daemon's)"
unlike_stop() { ! grep -q "held by pid .*stopping, singleton=yes" "$T/console.log"; }
check "its own reclaim never stopped the daemon" unlike_stop
is "$(ns_procs "$TAG" | wc -l)" 1 "one daemon"

ctl stop d >/dev/null
check "stop: stopped" wait_for 10 state_is d stopped
check "stop: the daemon is gone" wait_for 5 test -z "$(ns_procs "$TAG")"

check "garbage in the pidfile: failed" wait_for 10 state_is garbage failed
like "$(jfield garbage why)" "type = forking: the pidfile holds no pid \\($T/garbage.pid\\)$" "its reason"
check "pid 1 in the pidfile: failed" wait_for 10 state_is init1 failed
like "$(jfield init1 why)" "names PID 1 or keel" "its reason"
check "a FIFO as pidfile: failed" wait_for 10 state_is fifo failed
like "$(jfield fifo why)" "the pidfile is not a regular file" "its reason, and PID 1 did not block on it"
done_testing
