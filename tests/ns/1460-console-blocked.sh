#!/usr/bin/env bash
# PID 1 never blocks on its console (issue 11, point 3).  keel's stdout
# and stderr go into a FIFO that nobody reads, filled to the last byte;
# services are stopped, started and restarted through initctl: every
# request is answered and the jobs change state.  The services' own
# stdout keeps its blocking flags.  Once the FIFO is drained, the next
# line that gets through says how many lines were dropped.
# Fails (bounded, by timeouts) on a PID 1 that writes its console blocking.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1460-console-lib.bash"
CAT=
trap '[ -n "$CAT" ] && kill "$CAT" 2>/dev/null; cleanup' EXIT

console_services 460
mkfifo "$T/console"
exec 3<>"$T/console"   # keeps the FIFO open; nobody reads it until the end
unshare --pid --fork --mount-proc --kill-child "$INIT" -c "$T/init.ini" >"$T/console" 2>&1 &
NS_PID=$!
step "control socket appears" wait_for 10 test -S "$T/ctl.sock"
INIT_PID=$(awk '{print $1}' /proc/$NS_PID/task/$NS_PID/children)
step "a running" wait_for 10 state_is a running
step "b running" wait_for 10 state_is b running

filled=$("$PY" - "$T/console" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
total = 0
for size in (4096, 1):       # whole pages, then the last page byte by byte
    while True:
        try:
            total += os.write(fd, b"\n" * size)   # empty lines: the note starts a line
        except BlockingIOError:
            break
print(total)
PY
)
diag "FIFO filled with $filled bytes"
step "the FIFO is full" [ "${filled:-0}" -gt 0 ]

drive_jobs "the console full"
out=$(ctl status); rc=$?
is "$rc" 0 "status answered"
like "$out" "a +running" "status shows a running"

# The services' stdout is the description keel inherited: still blocking.
flags_of() { awk '/^flags:/{print $2}' "/proc/$1/fdinfo/$2"; }
blocking() { local f; f=$(flags_of "$1" "$2") && [ -n "$f" ] && [ $(( 0$f & 04000 )) = 0 ]; }
hb=$(ns_procs 'sleep 4602' | head -1)
check "b's stdout is blocking" blocking "$hb" 1
check "b's stderr is blocking" blocking "$hb" 2
check "keel's own fd 2 is blocking" blocking "$INIT_PID" 2

# Drain the FIFO for good, then make keel log again.
cat <&3 >"$T/console.log" &
CAT=$!
drained() { [ "$(stat -c %s "$T/console.log")" -ge "$filled" ]; }
check "the FIFO is drained" wait_for 10 drained
ctl stop a >/dev/null
check "a stopped after the drain" wait_for 10 state_is a stopped
check "the drop is reported" wait_for 10 grep -qE '^keel: warning: [0-9]+ lines dropped' "$T/console.log"
n=$(sed -nE 's/^keel: warning: ([0-9]+) lines dropped.*/\1/p' "$T/console.log" | head -1)
check "the stop, start and restart lines were dropped (${n:-none})" [ "${n:-0}" -ge 4 ]
check "lines after the note get through" wait_for 10 grep -q '^keel: a: stopped' "$T/console.log"
done_testing
