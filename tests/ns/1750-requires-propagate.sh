#!/usr/bin/env bash
# requires= propagates (issue 14): a <- b <- c (c requires b requires a).
# A stop of a stops c, then b, then a (each service writes a time stamp
# when it gets SIGTERM), with the reason in status; a start of a brings b
# and c back; a dependent with restart = no stays down; a failure and a
# block of what is required propagate the same way, and none of it counts
# against the dependents' restart limiters or shows them as failed.
. "$(dirname "$0")/lib.sh"
LOG=$T/events.log
cat > "$T/svc.sh" <<EOF
#!/bin/sh
trap 'echo "stop \$1 \$(date +%s%N)" >> $LOG; exit \${2:-0}' TERM
echo "start \$1 \$(date +%s%N)" >> $LOG
while :; do sleep 100 & wait \$!; done
EOF
chmod +x "$T/svc.sh"
# mk NAME [KEY=VALUE lines...]: a service running svc.sh NAME.
mk() {
	local n=$1; shift
	{ printf '[service]\nexec = %s %s\n' "$T/svc.sh" "$n"; printf '%s\n' "$@"; } > "$SVC/$n.ini"
}
# c exits 7 on SIGTERM: a stop by propagation is still not a failure.
mk a "restart = no"
mk b "requires = a"
mk c "requires = b" "restart = on-failure"
sed -i "s|svc.sh c\$|svc.sh c 7|" "$SVC/c.ini"
mk d "requires = a" "restart = no"
mk x "restart = always" "restart_limit = 1" "restart_window = 60s" "restart_delay = 50ms"
mk y "requires = x"
ns_start
all_up() { for n in a b c d x y; do state_is $n running || return 1; done; }
check "all six running" wait_for 10 all_up

# --- a stop of a: dependents first, in reverse order.
: > "$LOG"
out=$(ctl stop a 2>&1); rc=$?
is "$rc" 0 "stop a: exit 0"
like "$out" "a: stopping after what requires it" "stop a says it waits for its dependents"
downs() { for n in a b c d; do state_is $n stopped || return 1; done; }
check "a, b, c, d all stopped" wait_for 10 downs
order=$(awk '$1 == "stop" && $2 != "d" { printf "%s ", $2 }' "$LOG")
is "$order" "c b a " "stopped in the order c, b, a"
sorted() { awk '$1 == "stop" && $2 != "d" { print $3 }' "$LOG" | sort -nc; }
check "their stop time stamps increase in that order" sorted
before() {   # before X Y: X's stop stamp is below Y's
	local x y
	x=$(awk -v n="$1" '$1 == "stop" && $2 == n { print $3 }' "$LOG")
	y=$(awk -v n="$2" '$1 == "stop" && $2 == n { print $3 }' "$LOG")
	[ -n "$x" ] && [ -n "$y" ] && [ "$x" -lt "$y" ]
}
check "d (requires a) stopped before a" before d a
is "$(jfield b why)" "a stopped" "b: why is 'a stopped'"
is "$(jfield c why)" "a stopped (via b)" "c: why names a, through b"
is "$(jfield d why)" "a stopped" "d: why is 'a stopped'"
is "$(jfield a why)" "" "a itself: stopped by request, nothing to say"
is "$(jfield b want)" true "b still wants to run"
is "$(jfield c exit)" 7 "c exited 7 on its stop signal, and is stopped, not failed"
is "$(jfield d want)" false "d (restart = no) does not"
all_of_xy_up() { state_is x running && state_is y running; }
check "x and y untouched" all_of_xy_up

# --- a back: b and c return, d (restart = no) stays down.
: > "$LOG"
ctl start a >/dev/null
bc_up() { state_is a running && state_is b running && state_is c running; }
check "start a: a, b and c running again" wait_for 10 bc_up
order=$(started_order)
is "${order#a b c d x y }" "a b c " "spawned again in the order a, b, c (console)"
is "$(jfield d state)" stopped "d (restart = no) stays stopped"
is "$(jfield d why)" "a stopped" "and still says why"
for n in b c; do
	is "$(jfield $n restart_count)" 0 "$n: the propagation did not count as a restart"
done

# --- a fails: the same, with 'a failed'; nothing is shown as failed but a.
: > "$LOG"
kill -KILL "$(ns_procs "svc.sh a" | head -1)"
failed_down() { state_is a failed && state_is b stopped && state_is c stopped; }
check "a killed: a failed, b and c stopped" wait_for 10 failed_down
order=$(awk '$1 == "stop" { printf "%s ", $2 }' "$LOG")
is "$order" "c b " "c stopped before b"
is "$(jfield b why)" "a failed" "b: why is 'a failed'"
is "$(jfield c why)" "a failed (via b)" "c: why is 'a failed (via b)'"
ctl start a >/dev/null
check "start a: b and c back" wait_for 10 bc_up
for n in b c; do
	is "$(jfield $n restart_count)" 0 "$n: restart_count still 0"
done

# --- x blocked by its restart limit: y is stopped with 'x blocked'.
kill -KILL "$(ns_procs "svc.sh x" | head -1)"
x_back() { state_is x running && [ "$(jfield x restart_count)" = 1 ]; }
check "x killed once: restarted (backoff does not propagate)" wait_for 10 x_back
is "$(jfield y state)" running "y kept running through x's backoff"
kill -KILL "$(ns_procs "svc.sh x" | head -1)"
blocked_down() { state_is x blocked && state_is y stopped; }
check "x killed again: blocked, y stopped" wait_for 10 blocked_down
is "$(jfield y why)" "x blocked" "y: why is 'x blocked'"
ctl start x >/dev/null
xy_up() { state_is x running && state_is y running; }
check "start x: y back" wait_for 10 xy_up
is "$(jfield y restart_count)" 0 "y: restart_count 0"
like "$(cat "$T/console.log")" "y: stopped: x blocked" "the console says why y stopped"
done_testing
