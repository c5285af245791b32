#!/usr/bin/env bash
# type = notify: starting until READY=1 from the job's own process, then
# running; dependents (requires=, after=) start only after that.  A
# READY=1 from another job's process and from a process outside the
# namespace is ignored; STATUS= is shown escaped; ready_ms is given.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1650-ready-lib.bash"
trap cleanup EXIT

notify_svc a 'STATUS=up\\tand \\\\ok\\x01\\n'
dependents a
intruder_svc a
ns_start
check "a is starting" wait_for 10 state_is a starting
check "a got NOTIFY_SOCKET (an abstract name)" wait_for 10 grep -q '^@[0-9a-f]\{5\}$' "$T/a.sock"
check "intruder sent READY=1 for a" wait_for 10 test -e "$T/intruder.sent"
$NOTIFY READY=1 --socket "$(cat "$T/a.sock")"
ignored() { [ "$(grep -c 'notify: ignored a message from pid' "$T/console.log")" -ge 2 ]; }
check "both foreign messages were ignored and logged" wait_for 10 ignored
check "a is still starting" state_is a starting
is "$(jfield a ready_ms)" null "its ready_ms is null while starting"
fds=$(ls /proc/$INIT_PID/fd | wc -l)
$NOTIFY READY=1 --socket "$(cat "$T/a.sock")" --fds
$NOTIFY READY=1 --socket "$(cat "$T/a.sock")" --fds
ignored4() { [ "$(grep -c 'notify: ignored a message from pid' "$T/console.log")" -ge 3 ]; }
check "two more foreign messages, with fds passed along, ignored (4th logged)" wait_for 10 ignored4
is "$(ls /proc/$INIT_PID/fd | wc -l)" "$fds" "PID 1 kept none of the passed fds"
check "a is still starting after them" state_is a starting
check_dependents a
like "$(jfield req_a why)" "waiting for a \\(starting\\)" "requires= dependent says what it waits for"

touch "$T/a.go"
check "a is running after READY=1" wait_for 10 state_is a running
check_dependents_after a
ms=$(jfield a ready_ms)
like "$ms" '^[0-9]+$' "ready_ms is a number ($ms)"
like "$(ctl status a)" "ready after [0-9]+ ms" "status NAME says how long it took"
st=$(ctl status a | sed -n 's/^ *status: //p')
is "$st" 'up\x09and \\ok\x01' "STATUS= shown escaped in status NAME"
is "$(jfield a status)" 'up\x09and \\ok\x01' "STATUS= escaped in --json"
is "$(jfield intruder state)" running "the intruder itself runs on (a simple service)"
done_testing
