#!/usr/bin/env bash
# A flood of 10,000 control connections (issue 11, point 6): a quarter stay
# silent (up to 300 open at once), a quarter send garbage and leave, the
# rest send a real request and never read the answer.  Meanwhile
# `initctl status` runs again and again: every call is answered.  The
# flood goes on until it made 10,000 connections and 20 status calls were
# made during it, bounded by 90 s; the service is not disturbed.
. "$(dirname "$0")/lib.sh"
FLOOD=
trap '[ -n "$FLOOD" ] && kill "$FLOOD" 2>/dev/null; cleanup' EXIT
svc steady <<EOF
[service]
exec = /bin/sleep 4621
EOF
ns_start
check "steady running" wait_for 10 state_is steady running
p0=$(jfield steady pid)

"$PY" - "$T/ctl.sock" 10000 90 "$T/enough" >"$T/flood.out" 2>&1 <<'PY' &
import os, random, socket, sys, time
path, total, limit, enough = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rng = random.Random(1462)
end = time.monotonic() + limit
silent, made, waits = [], 0, 0
while (made < total or not os.path.exists(enough)) and time.monotonic() < end:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.setblocking(False)
    try:
        s.connect(path)
    except BlockingIOError:       # backlog full: keel is behind, try again
        s.close()
        waits += 1
        time.sleep(0.0005)
        continue
    made += 1
    kind = made % 4
    try:
        if kind == 0:
            silent.append(s)
            if len(silent) > 300:
                silent.pop(0).close()
            continue
        if kind == 1:
            s.send(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))))
        else:
            s.send(b"status" if kind == 2 else b"status\0--json")
    except OSError:               # keel already let it go
        pass
    s.close()
print("made", made, "waits", waits, flush=True)
PY
FLOOD=$!

calls=0 fails=0 first=
while kill -0 "$FLOOD" 2>/dev/null; do
	out=$(timeout 15 "$INITCTL" status 2>&1); rc=$?
	calls=$((calls+1))
	if [ "$rc" != 0 ] || ! printf '%s' "$out" | grep -q 'steady'; then
		fails=$((fails+1))
		[ -n "$first" ] || first="call $calls: rc $rc: $out"
	fi
	[ "$calls" = 20 ] && touch "$T/enough"
done
wait "$FLOOD"; FLOOD=
diag "flood: $(cat "$T/flood.out"); $calls status calls during it"
made=$(awk '{print $2}' "$T/flood.out")
check "10,000 connections or more were made within 90 s (${made:-none})" [ "${made:-0}" -ge 10000 ]
check "status was called 20 times during the flood ($calls)" [ "$calls" -ge 20 ]
is "$fails" 0 "every status call during the flood was answered"
[ -n "$first" ] && diag "first failure: $first"
is "$(jfield steady pid)" "$p0" "the service was not disturbed"
check "PID 1 still answers" sh -c "$INITCTL status steady >/dev/null"
done_testing
