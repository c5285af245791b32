#!/usr/bin/env bash
# Pidfiles before a start: a pidfile naming an innocent live process (a
# reused pid: another program, or the same program started after the
# pidfile was written) is removed and the process survives, even with
# singleton=yes; a pidfile naming a dead pid is removed; in each case the
# service starts and writes its own pid.  A live old instance of the same
# program is refused when singleton=no.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
mk() { # name singleton
	svc "$1" <<EOF
[service]
exec = $PY $SRVF serve --pidfile $T/$1.pid --tag $1.1320
pidfile = $T/$1.pid
singleton = $2
restart_delay = 200ms
EOF
}
# writes_own NAME: the pidfile holds the service's own (namespace) pid.
writes_own() { [ "$(cat "$T/$1.pid" 2>/dev/null)" = "$(jfield "$1" pid)" ]; }

ns_start
in_ns /bin/sleep 1320 & disown
in_ns "$PY" "$SRVF" serve --tag later.1320 >/dev/null 2>&1 & disown
has_proc() { [ -n "$(ns_procs "$1")" ]; }
check "innocent sleep runs" wait_for 10 has_proc 'sleep 1320'
check "same-program innocent runs" wait_for 10 has_proc later.1320
inn=$(ns_procs 'sleep 1320'); later=$(ns_procs later.1320)

echo "$(ns_pid_of "$inn")" > "$T/other.pid"            # another program
echo "$(ns_pid_of "$later")" > "$T/older.pid"          # same program, but the pidfile is older
touch -d '-1 hour' "$T/older.pid"
echo 99999 > "$T/dead.pid"                             # nobody
mk other yes
mk older yes
mk dead no
ctl reload >/dev/null
for n in other older dead; do
	check "$n: running" wait_for 15 state_is $n running
	check "$n: wrote its own pid" wait_for 10 writes_own $n
	is "$(jfield $n restart_count)" 0 "$n: started on the first try"
done
check "the innocent sleep survived" kill -0 "$inn"
check "the same-program innocent survived singleton=yes" kill -0 "$later"
like "$(cat "$T/console.log")" "pidfile $T/other.pid: pid [0-9]+ \(sleep\) runs another program: pid reused, pidfile removed, process left alone" \
	"other: logged as a reused pid"
like "$(cat "$T/console.log")" "pidfile $T/older.pid: pid [0-9]+ \(python3[^)]*\) started after the pidfile was written" \
	"older: logged as started after the pidfile"
like "$(cat "$T/console.log")" "pidfile $T/dead.pid: pid 99999 not running: stale, removed" "dead: logged as stale"

# A live instance of the same program, started before its pidfile was
# written: refused and named with singleton=no; a keel job's: protected.
mk again no
echo "$(ns_pid_of "$later")" > "$T/again.pid"
mk ours yes
echo "$(jfield other pid)" > "$T/ours.pid"
ctl reload >/dev/null
check "again: refused, holder named" wait_for 10 why_like again \
	"pidfile $T/again.pid held by pid $(ns_pid_of "$later") \(python3[^)]*\): refusing, singleton=no"
check "again: the holder survives" kill -0 "$later"
check "ours: a keel job's instance is protected" wait_for 10 why_like ours \
	"pidfile $T/ours.pid held by pid $(jfield other pid) \(python3[^)]*\), a keel job"
is "$(jfield other state)" running "that keel job still runs"
done_testing
