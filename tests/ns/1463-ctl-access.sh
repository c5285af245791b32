#!/usr/bin/env bash
# Who gets an answer on the control socket (issue 11, point 6; issue 14):
# the socket is mode 0666, owned by root; a non-root initctl that the file
# mode stops (a socket made 0600 by hand) gets exit 111 and a "permission
# denied" text; one that keel's peer check stops (stop, without
# control_group) gets exit 4 (tests/ns/1752 has the rest); a full client table answers "busy" (a 'b' packet, the
# text, exit 111) instead of closing silently, and initctl still gets
# through; initctl gives up after -t SECONDS with exit 111 and a message.
. "$(dirname "$0")/lib.sh"
svc steady <<EOF
[service]
exec = /bin/sleep 4631
EOF
ns_start
check "steady running" wait_for 10 state_is steady running

is "$(stat -c '%a %u %F' "$T/ctl.sock")" "666 0 socket" "the control socket is a socket, mode 0666, owned by root"

chmod 0711 "$T"   # let nobody reach the socket
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$INITCTL" -s "$T/ctl.sock" "$@"; }
chmod 0600 "$T/ctl.sock"   # only its own mode stops it now
out=$(nobody status 2>&1); rc=$?
is "$rc" 111 "non-root initctl exits 111 (socket mode)"
like "$out" "permission denied: cannot connect" "non-root initctl says it cannot connect (socket mode)"
chmod 0666 "$T/ctl.sock"   # now keel's own peer check must refuse
out=$(nobody stop steady 2>&1); rc=$?
is "$rc" 4 "non-root stop exits 4 (peer check)"
like "$out" "permission denied: stop needs root or the control group" "keel's refusal text reaches a non-root client"
is "$(jfield steady state)" running "and steady still runs"

# 70 silent clients: more than the table holds.  The first ones are told
# that init is busy; a real request still gets through.
out=$("$PY" - "$T/ctl.sock" <<'PY'
import socket, sys
path = sys.argv[1]
idle = []
for _ in range(70):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)
    idle.append(s)
first = idle[0]
first.settimeout(5)
pkts = []
try:
    while True:
        p = first.recv(8192)
        pkts.append(p)
        if not p or p[:1] == b"x":
            break
except socket.timeout:
    pkts.append(b"timeout")
print(repr(pkts))
PY
)
diag "first of 70 silent clients got: $out"
like "$out" "^\[b'b', b'einit is busy[^']*', b'xo'\]$" "a full table answers busy (and exit 111) instead of closing"
out=$(ctl status steady 2>&1); rc=$?
is "$rc" 0 "status after the full table is answered"

# A server that accepts and never answers: -t bounds the wait.
"$PY" - "$T/mute.sock" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1])
s.listen(4)
held = [s.accept()[0] for _ in range(2)]
time.sleep(30)
PY
MUTE=$!
trap 'kill "$MUTE" 2>/dev/null; cleanup' EXIT
wait_for 10 test -S "$T/mute.sock"
out=$(timeout 20 "$INITCTL" -s "$T/mute.sock" -t 1 status 2>&1); rc=$?
is "$rc" 111 "-t 1 against a mute server exits 111"
like "$out" "no answer from init at .*mute.sock within 1 s" "and says why"
out=$("$INITCTL" -t soon status 2>&1); rc=$?
is "$rc" 100 "-t with a bad value is a usage error"
like "$out" "-t wants whole seconds" "and says so"
done_testing
