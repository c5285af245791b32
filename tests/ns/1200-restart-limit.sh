#!/usr/bin/env bash
# The restart limit (docs/restart.md): a service that exits at once is
# restarted exactly restart_limit times in restart_window, then blocked;
# a manual start clears the window; a run longer than stable_after resets
# the window so the next failure is restarted again.
. "$(dirname "$0")/lib.sh"
RUNS=$T/runs; mkdir -p "$RUNS"
svc quick <<EOF
[service]
exec = /bin/sh -c "echo x >> $RUNS/quick; exit 1"
restart_limit = 3
restart_window = 30s
restart_delay = 50ms
EOF
# Runs 1-3 fail at once, run 4 lives 1.5 s (> stable_after 1 s) then fails,
# run 5 stays up.
cat > "$RUNS/stable.sh" <<'SCRIPT'
#!/bin/sh
n=$(( $(cat "$(dirname "$0")/stable.n" 2>/dev/null || echo 0) + 1 ))
echo $n > "$(dirname "$0")/stable.n"
case $n in
	1|2|3) exit 1 ;;
	4) sleep 1.5; exit 1 ;;
	*) exec sleep 1201 ;;
esac
SCRIPT
chmod 755 "$RUNS/stable.sh"
svc stable <<EOF
[service]
exec = $RUNS/stable.sh
restart_limit = 3
restart_window = 30s
stable_after = 1s
restart_delay = 50ms
EOF
ns_start
check "quick is blocked" wait_for 15 state_is quick blocked
is "$(wc -l < "$RUNS/quick")" 4 "quick ran 4 times: the first start and exactly 3 restarts"
is "$(jfield quick restart_count)" 3 "restart_count is 3"
like "$(jfield quick why)" "restart limit 3" "status says the limit was reached"
is "$(jfield quick in_window)" 3 "3 restarts in the current window"
is "$(jfield quick pid)" 0 "no process"

# A manual start of a blocked job is allowed and clears its window.
out=$(ctl start quick); rc=$?
is "$rc" 0 "manual start of a blocked job exits 0"
check "quick blocked again after 3 more restarts" wait_for 15 sh -c "[ \$(wc -l < $RUNS/quick) = 8 ] && $INITCTL status quick | grep -q blocked"
is "$(wc -l < "$RUNS/quick")" 8 "the manual start bought exactly 1 + 3 more runs"

fifth() { [ "$(cat "$RUNS/stable.n" 2>/dev/null)" = 5 ] && state_is stable running; }
check "stable runs after a stable period reset its window" wait_for 20 fifth
is "$(cat "$RUNS/stable.n")" 5 "stable was started 5 times (4 restarts with a limit of 3)"
is "$(ns_procs 'sleep 1201' | wc -l)" 1 "and runs now"
done_testing
