#!/usr/bin/env bash
# initctl reexec while type = notify jobs are starting: the notify socket
# is handed over (same NOTIFY_SOCKET works), a starting job stays starting
# with its pid, its READY=1 after the re-exec makes it running (and its
# dependent starts after that), and one that never becomes ready still
# times out on the deadline it had.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1650-ready-lib.bash"
trap cleanup EXIT

notify_svc n "" "ready_timeout = 60s"
dependents n
svc late <<EOF
[service]
type = notify
exec = /bin/sh -c 'exec sleep 1000'
ready_timeout = 4s
restart = no
EOF
ns_start
check "n is starting" wait_for 10 state_is n starting
check "late is starting" wait_for 10 state_is late starting
check "n wrote its NOTIFY_SOCKET" wait_for 10 test -s "$T/n.sock"
pid=$(jfield n pid)
out=$(ctl reexec 2>&1); rc=$?
is "$rc" 0 "reexec exits 0 ($out)"
like "$(tr '\0' ' ' < /proc/$INIT_PID/cmdline)" "--reexec" "PID 1 runs the re-executed image"
is "$(jfield n state)" starting "n is still starting after the re-exec"
is "$(jfield n pid)" "$pid" "with the same pid"
check_dependents n
ok "$(grep -q 'notify socket' "$T/console.log"; echo $(( ! $? )))" "no notify socket error in the log"

touch "$T/n.go"
check "n is running after READY=1 on the handed-over socket" wait_for 10 state_is n running
check_dependents_after n
check "late: not ready after 4s, on the deadline it had" \
	wait_for 10 grep -q '^keel: warning: late: not ready after 4s$' "$T/console.log"
reexec_line=$(grep -n 're-executed' "$T/console.log" | head -1 | cut -d: -f1)
late_line=$(grep -n 'late: not ready' "$T/console.log" | head -1 | cut -d: -f1)
check "late timed out after the re-exec" test "${late_line:-0}" -gt "${reexec_line:-99999}"
check "late: failed" wait_for 10 state_is late failed
done_testing
