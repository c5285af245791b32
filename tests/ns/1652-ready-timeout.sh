#!/usr/bin/env bash
# ready_timeout: a service not ready in time is stopped and handled by its
# restart policy like a failure; the log says "not ready after <the
# configured figure>".  Its dependents never start.  A service that
# closes its ready fd without a newline stays starting until the timeout,
# and one that exits 0 on the stop signal still ends failed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1650-ready-lib.bash"
trap cleanup EXIT

svc slow <<EOF
[service]
type = notify
exec = /bin/sh -c 'exec sleep 1000'
ready_timeout = 1s
restart = on-failure
restart_delay = 100ms
restart_limit = 1
EOF
dependents slow
cat > "$T/zero.sh" <<EOF
#!/bin/sh
trap 'exit 0' TERM
exec 5>&-
touch $T/zero.closed
while :; do sleep 0.1; done
EOF
chmod +x "$T/zero.sh"
svc zero <<EOF
[service]
ready = fd:5
exec = $T/zero.sh
ready_timeout = 500ms
restart = no
EOF
ns_start
check "zero closed its ready fd without a newline" wait_for 10 test -e "$T/zero.closed"
check "zero is still starting after that" state_is zero starting
check "zero: failed once not ready in time" wait_for 10 state_is zero failed
is "$(jfield zero why)" "not ready after 500ms" "zero: why names the configured figure"
is "$(jfield zero exit)" 0 "zero: it exited 0 on TERM, and still failed"
check "log: zero: not ready after 500ms" grep -q '^keel: warning: zero: not ready after 500ms$' "$T/console.log"

check "slow: not ready after 1s, logged" wait_for 10 grep -q '^keel: warning: slow: not ready after 1s$' "$T/console.log"
check_dependents slow
check "slow: restarted by its policy" wait_for 10 sh -c "[ \"\$($INITCTL status --json | $PY -c 'import json,sys; print([r for r in json.load(sys.stdin) if r[\"name\"]==\"slow\"][0][\"restart_count\"])')\" = 1 ]"
check "slow: blocked after the second timeout (restart_limit 1)" wait_for 10 state_is slow blocked
like "$(jfield slow why)" "not ready after 1s; restart limit 1" "slow: why says so"
is "$(grep -c '^keel: warning: slow: not ready after 1s$' "$T/console.log")" 2 "slow: two timeouts logged"
like "$(jfield req_slow why)" "waiting for slow \\(blocked\\)" "requires= dependent still waits"
check "requires= dependent never started" test ! -e "$T/req_slow.start"
# after= orders only: once slow has given up (blocked), aft_slow may start.
blocked_line=$(grep -n 'slow: blocked' "$T/console.log" | head -1 | cut -d: -f1)
check "after= dependent starts, only once slow is blocked" wait_for 10 state_is aft_slow running
aft_line=$(grep -n 'aft_slow: running' "$T/console.log" | head -1 | cut -d: -f1)
check "after= dependent's start is logged after the block" test "${aft_line:-0}" -gt "${blocked_line:-99999}"
done_testing
