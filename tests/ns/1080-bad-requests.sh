#!/usr/bin/env bash
# Bad control requests (garbage, empty, oversized, too many words, a client
# that connects and never sends, hundreds of clients at once) get an answer
# or are dropped; PID 1 keeps serving and no service is disturbed.
. "$(dirname "$0")/lib.sh"
svc steady <<EOF
[service]
exec = /bin/sleep 1801
EOF
ns_start
check "steady running" wait_for 10 state_is steady running
p0=$(jfield steady pid)
out=$("$PY" - "$T/ctl.sock" <<'PY'
import os, random, socket, sys, time
path = sys.argv[1]
def req(data, read=True):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)          # blocking, as initctl does
    s.settimeout(5)
    if data is not None:
        s.send(data)
    code = None
    if read:
        try:
            while True:
                p = s.recv(8192)
                if not p:
                    break
                if p[:1] == b"x":
                    code = p[1]
                    break
        except socket.timeout:
            code = "timeout"
    s.close()
    return code
rng = random.Random(7)
print("empty", req(b""))
print("nul", req(b"\0\0\0"))
print("unknown", req(b"frobnicate\0now"))
print("words", req(b"\0".join([b"status"] + [b"x"] * 100)))
print("huge", req(b"start\0" + b"A" * 60000))
print("binary", sorted(set(str(req(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))))) for _ in range(300))))
idle = [socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) for _ in range(20)]
for s in idle:
    s.connect(path)
print("with idle clients", req(b"status"))
for s in idle:
    s.close()
print("after", req(b"status"))
PY
)
diag "$out"
like "$out" "empty (None|100)" "an empty request is dropped or refused"
like "$out" "nul 100" "a request of NUL bytes gets exit 100"
like "$out" "unknown 100" "an unknown command gets exit 100"
like "$out" "words (0|100)" "a request with 100 words is answered"
like "$out" "huge [0-9]+" "an oversized request is answered"
like "$out" "binary \\[('[0-9]+'(, )?)+\\]" "300 random binary requests are all answered"
like "$out" "with idle clients 0" "20 idle clients do not block a real request"
like "$out" "after 0" "status still works afterwards"
is "$(jfield steady pid)" "$p0" "the service was not disturbed"
check "PID 1 still answers initctl" sh -c "$INITCTL status steady >/dev/null"
done_testing
