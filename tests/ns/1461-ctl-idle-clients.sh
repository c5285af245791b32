#!/usr/bin/env bash
# Idle control clients do not deny the control socket (issue 11, point 6):
# eight clients that connect and say nothing (reconnecting whenever keel
# drops one, so they are always there) while 100 real `initctl status`
# calls run: every call is answered with exit 0.
. "$(dirname "$0")/lib.sh"
IDLE=
trap '[ -n "$IDLE" ] && kill "$IDLE" 2>/dev/null; cleanup' EXIT
svc steady <<EOF
[service]
exec = /bin/sleep 4611
EOF
ns_start
check "steady running" wait_for 10 state_is steady running

# Eight silent clients; "ready" once all are connected.
"$PY" - "$T/ctl.sock" >"$T/idle.out" <<'PY' &
import select, socket, sys
path = sys.argv[1]
def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)
    return s
idle = [connect() for _ in range(8)]
print("ready", flush=True)
while True:
    readable, _, _ = select.select(idle, [], [])
    for s in readable:            # keel answered or dropped it: be idle again
        idle.remove(s)
        s.close()
        idle.append(connect())
PY
IDLE=$!
check "eight idle clients connected" wait_for 10 grep -q ready "$T/idle.out"

fails=0 first=
for i in $(seq 100); do
	out=$(timeout 15 "$INITCTL" status 2>&1); rc=$?
	if [ "$rc" != 0 ] || ! printf '%s' "$out" | grep -q 'steady'; then
		fails=$((fails+1))
		[ -n "$first" ] || first="call $i: rc $rc: $out"
	fi
done
is "$fails" 0 "100 status calls next to 8 idle clients are all answered"
[ -n "$first" ] && diag "first failure: $first"
check "the idle clients were still there" kill -0 "$IDLE"
check "PID 1 still answers" sh -c "$INITCTL status steady >/dev/null"
done_testing
