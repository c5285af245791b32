#!/usr/bin/env bash
# A re-exec refused by the new binary's --check names what is broken: the
# service file and its line, so the user knows what to fix.  The old image
# keeps running; once the file is fixed the re-exec goes through.
. "$(dirname "$0")/lib.sh"
svc good <<EOF
[service]
exec = /bin/sleep 5450
EOF
ns_start
check "good running" wait_for 10 state_is good running
pid=$(jfield good pid)

svc broken <<EOF
[service]
exec = /bin/sleep 5451
no_such_key = 1
EOF
out=$(timeout 20 "$INITCTL" reexec 2>&1); rc=$?
is "$rc" 1 "reexec with a broken service file is refused (exit 1)"
like "$out" "check failed" "the refusal says the check failed"
like "$out" "$SVC/broken.ini:3" "and names the broken file and line"
like "$out" "no_such_key" "and what is wrong there"
like "$out" "still running the old image" "the old image keeps running"
is "$(jfield good pid)" "$pid" "good: same process"

rm "$SVC/broken.ini"
out=$(timeout 20 "$INITCTL" reexec 2>&1); rc=$?
is "$rc" 0 "once the file is gone the reexec goes through"
like "$out" "re-executed: 1 jobs handed over" "answered by the new image"
done_testing
