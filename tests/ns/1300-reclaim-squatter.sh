#!/usr/bin/env bash
# A foreign process squatting a declared port: with singleton=no and
# kill_others=no the start is refused and the squatter named (pid and
# command) and left alone; with kill_others=yes it is stopped and the
# service starts; singleton=yes stops only an old instance of the
# service's own program, so a squatter running another program is refused
# and named.  Never signalled, whatever the flags: a process of another
# keel job, and keel itself (PID 1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"

P1=$(srv free-port); P2=$(srv free-port); P3=$(srv free-port); P4=$(srv free-port)
svc squatjob <<EOF
[service]
exec = /bin/busybox nc -l -p $P4
EOF
ns_start
check "a keel job listens on $P4" wait_for 10 srv listening tcp "$P4"
jobpid=$(jfield squatjob pid)
for p in $P1 $P2 $P3; do
	in_ns /bin/busybox nc -l -p "$p" >/dev/null 2>&1 & disown
	check "squatter listens on $p" wait_for 10 srv listening tcp "$p"
done
sq1=$(ns_procs "nc -l -p $P1"); sq2=$(ns_procs "nc -l -p $P2"); sq3=$(ns_procs "nc -l -p $P3")

mk() { # name port extra-line
	svc "$1" <<EOF
[service]
exec = $PY $SRVF serve --port $2 --tag $1.1300
ports = tcp:$2
restart_delay = 200ms
$3
EOF
}
mk polite "$P1" ""
mk evictor "$P2" "kill_others = yes"
mk single "$P3" "singleton = yes"
mk victim "$P4" "kill_others = yes"
svc ctlgrab <<EOF
[service]
exec = /bin/sleep 1300
sockets = $T/ctl.sock
kill_others = yes
restart_delay = 200ms
EOF
ctl reload >/dev/null

# singleton=no, kill_others=no: refused, named, untouched.
check "polite: refused and the squatter named" \
	wait_for 10 why_like polite "port tcp:$P1 held by pid $(ns_pid_of "$sq1") \(busybox\): refusing, singleton=no"
isnt_running() { [ "$(jfield "$1" state)" != running ]; }
check "polite: not running" isnt_running polite
is "$(ns_procs "polite.1300" | wc -l)" 0 "polite: no process"
check "polite: squatter untouched" kill -0 "$sq1"

# kill_others=yes: the squatter is stopped, the service binds.
check "evictor: running" wait_for 15 state_is evictor running
check "evictor: squatter stopped" wait_for 10 gone "$sq2"
is "$(ns_procs "evictor.1300" | wc -l)" 1 "evictor: one process"
check "evictor: holds tcp:$P2 now" srv listening tcp "$P2"
like "$(cat "$T/console.log")" "port tcp:$P2 held by pid [0-9]+ \(busybox\): stopping, kill_others=yes" \
	"evictor: the stop is logged with its reason"
# singleton=yes: busybox is not the service's program (python3): refused.
check "single: refused, the squatter runs another program" \
	wait_for 10 why_like single "port tcp:$P3 held by pid $(ns_pid_of "$sq3") \(busybox\): refusing, runs another program"
check "single: squatter untouched" kill -0 "$sq3"
is "$(ns_procs "single.1300" | wc -l)" 0 "single: no process"

# Protected even with kill_others=yes: another keel job, keel itself.
check "victim: refused, the holder is a keel job" \
	wait_for 10 why_like victim "port tcp:$P4 held by pid $jobpid \(busybox\), a keel job"
is "$(jfield squatjob pid)" "$jobpid" "the keel job was never stopped"
is "$(jfield squatjob state)" running "and still runs"
check "ctlgrab: refused, the holder is keel itself" \
	wait_for 10 why_like ctlgrab "socket $T/ctl.sock held by pid 1 \(init\), keel itself"
check "PID 1 alive and answering" sh -c "$INITCTL status >/dev/null"
check "control socket still there" test -S "$T/ctl.sock"

# initctl status lists each job's declared resources and who holds them now.
like "$(ctl status polite)" "port tcp:$P1 held by pid $(ns_pid_of "$sq1") \(busybox\)" \
	"status NAME names the current holder of a declared port"
like "$(ctl status evictor)" "port tcp:$P2 held by pid $(jfield evictor pid)" \
	"status NAME shows a running service holding its own port"
holders=$(ctl status --json | "$PY" -c 'import json,sys; print([r.get("holders") for r in json.load(sys.stdin) if r["name"]=="polite"][0])')
like "$holders" "port tcp:$P1 held by pid" "status --json has the holders"
done_testing
