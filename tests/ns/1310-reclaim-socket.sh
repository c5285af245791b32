#!/usr/bin/env bash
# Unix sockets before a start: a stale socket file (bound, listener gone)
# is removed and the service binds its path on the first try; a live
# socket held by a foreign process is refused and the holder named, or
# taken over when singleton=yes.  A regular file at the path is never
# removed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
mk() { # name path extra-line
	svc "$1" <<EOF
[service]
exec = $PY $SRVF serve --sock $2 --tag $1.1310
sockets = $2
restart_delay = 200ms
$3
EOF
}

srv stale "$T/stale.sock"
check "a stale socket file is left behind" test -S "$T/stale.sock"
check "nobody answers on it" sh -c "! $PY $SRVF answers $T/stale.sock"
echo "not a socket" > "$T/plain.sock"
mk fresh "$T/stale.sock" ""
mk plain "$T/plain.sock" "kill_others = yes"
ns_start
check "fresh: running" wait_for 10 state_is fresh running
is "$(jfield fresh restart_count)" 0 "fresh: bound its path on the first try"
check "fresh: its socket answers" srv answers "$T/stale.sock"
like "$(cat "$T/console.log")" "socket $T/stale.sock: stale \(connection refused\), removed" \
	"the removal is logged"
check "plain: refused" wait_for 10 why_like plain "socket $T/plain.sock: not a socket: refusing"
is "$(cat "$T/plain.sock")" "not a socket" "plain: the regular file is untouched"

for n in 1 2; do
	in_ns "$PY" "$SRVF" serve --sock "$T/live$n.sock" --tag squat$n.1310 >/dev/null 2>&1 & disown
	check "squatter $n answers" wait_for 10 srv answers "$T/live$n.sock"
done
sq1=$(ns_procs squat1.1310); sq2=$(ns_procs squat2.1310)
mk blocked "$T/live1.sock" ""
mk taker "$T/live2.sock" "singleton = yes"
ctl reload >/dev/null
check "blocked: refused, holder named" wait_for 10 why_like blocked \
	"socket $T/live1.sock held by pid $(ns_pid_of "$sq1") \(python3[^)]*\): refusing, singleton=no"
check "blocked: squatter untouched" kill -0 "$sq1"
check "blocked: squatter still answers" srv answers "$T/live1.sock"
is "$(ns_procs blocked.1310 | wc -l)" 0 "blocked: no process"
check "taker: running" wait_for 15 state_is taker running
check "taker: squatter stopped" wait_for 10 gone "$sq2"
check "taker: answers on its path" srv answers "$T/live2.sock"
is "$(ns_procs taker.1310 | wc -l)" 1 "taker: one process"
done_testing
