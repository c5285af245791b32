#!/usr/bin/env bash
# The pidfds of holders being stopped live in 8 tables shared by all
# services (svc/run/start.c, docs/reclaim.md): with 8 services waiting on
# holders that ignore SIGTERM, a ninth that must stop a holder is not
# started and not left hanging: it waits in backoff saying why, and tries
# again every second without being charged to its restart limit (three
# tries with restart_limit = 2 do not block it).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"

ns_start
ports=()
for i in 1 2 3 4 5 6 7 8 9; do
	p=$(srv free-port)
	while [[ " ${ports[*]} " == *" $p "* ]]; do p=$(srv free-port); done
	ports+=("$p")
	# A squatter that ignores SIGTERM (an ignored signal stays ignored across exec).
	in_ns /bin/sh -c "trap '' TERM; exec /bin/busybox nc -l -p $p" >/dev/null 2>&1 & disown
	check "squatter $i listens on $p" wait_for 10 srv listening tcp "$p"
	svc "t$i" <<EOF
[service]
exec = /bin/sleep 1880
ports = tcp:$p
kill_others = yes
stop_timeout = 120s
restart_delay = 120s
restart_limit = 2
restart_window = 600s
EOF
done
ctl reload >/dev/null

reclaiming() { [ "$(jfield "$1" state)" = starting ] && why_like "$1" '^reclaiming: port tcp:'; }
full() { why_like "$1" 'start waits: 8 other jobs are stopping holders; retry in 1000ms'; }
# counts: how many jobs reclaim, how many were turned away.
counts() {
	local r=0 f=0 i
	for i in 1 2 3 4 5 6 7 8 9; do
		reclaiming "t$i" && r=$((r + 1))
		full "t$i" && f=$((f + 1))
	done
	echo "$r $f"
}
eight_and_one() { [ "$(counts)" = "8 1" ]; }
check "8 jobs stop their holders, the ninth is turned away" wait_for 20 eight_and_one
for i in 1 2 3 4 5 6 7 8 9; do
	if full "t$i"; then
		is "$(jfield "t$i" state)" backoff "the ninth waits in backoff"
	fi
done
ninth=
for i in 1 2 3 4 5 6 7 8 9; do full "t$i" && ninth=t$i; done
# Each try logs the holder it found again.
waits() { [ "$(grep -c "$ninth: port tcp:.* stopping, kill_others=yes" "$T/console.log")" -ge 4 ]; }
check "the ninth tries again and again" wait_for 30 waits
is "$(jfield "$ninth" state)" backoff "and is still waiting, not blocked by its restart limit"
is "$(ns_procs "sleep 1880" | wc -l)" 0 "no service process started"
done_testing
