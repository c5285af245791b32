#!/usr/bin/env bash
# Control socket access for non-root users (issue 14): status, journal and
# system answer any local user; stop, start, reload... answer only root
# and members of init.ini's control_group (here the number 4242), by
# primary or supplementary group; a refusal is exit 4 with a message and
# a log line naming the uid; a flood of idle non-root connections (more
# than the 64-slot table) never pushes out a root client that connected
# before it and sends its request late.
. "$(dirname "$0")/lib.sh"
svc steady <<EOF
[service]
exec = /bin/sleep 1752
EOF
write_init_ini "control_group = 4242"
ns_start
check "steady running" wait_for 10 state_is steady running
chmod 0711 "$T"   # the socket is reachable by others (it is 0666 itself)
as() {   # as UID GID GROUPS CMD...: initctl as that user
	local uid=$1 gid=$2 groups=$3; shift 3
	local g=--clear-groups
	[ -n "$groups" ] && g=--groups=$groups
	setpriv --reuid="$uid" --regid="$gid" "$g" "$INITCTL" -s "$T/ctl.sock" "$@"
}

out=$(as 65534 65534 "" status 2>&1); rc=$?
is "$rc" 0 "nobody: status exits 0"
like "$out" "steady +running" "nobody: status lists steady"
out=$(as 65534 65534 "" status --json steady 2>&1); rc=$?
is "$rc" 0 "nobody: status --json exits 0"
out=$(as 65534 65534 "" system 2>&1); rc=$?
check "nobody: system is not refused" test "$rc" != 4
out=$(as 65534 65534 "" journal 2>&1); rc=$?
check "nobody: journal is not refused" test "$rc" != 4

for cmd in "stop steady" "start steady" "restart steady" reload reexec poweroff; do
	out=$(as 65534 65534 "" $cmd 2>&1); rc=$?
	is "$rc" 4 "nobody: $cmd exits 4"
	like "$out" "permission denied: ${cmd%% *} needs root or the control group \(uid 65534\)" \
		"nobody: $cmd says why"
done
is "$(jfield steady state)" running "steady still runs"
like "$(cat "$T/console.log")" "control: refused stop from uid 65534 gid 65534" "the refusal is logged with the uid"

out=$(as 1000 4242 "" stop steady 2>&1); rc=$?
is "$rc" 0 "primary group 4242: stop exits 0 ($out)"
check "steady stopped by a control_group member" wait_for 10 state_is steady stopped
out=$(as 1000 1000 "4242" start steady 2>&1); rc=$?
is "$rc" 0 "supplementary group 4242: start exits 0 ($out)"
check "steady running again" wait_for 10 state_is steady running
out=$(as 1000 1000 "4243,100" stop steady 2>&1); rc=$?
is "$rc" 4 "other groups only: stop exits 4"

# The flood: root connects and waits; 100 idle nobody connections follow;
# then root sends its request and must get an answer, not "busy".
out=$("$PY" - "$T/ctl.sock" "$INITCTL" <<'PY'
import socket, subprocess, sys
path, initctl = sys.argv[1], sys.argv[2]
def root_status():
    return subprocess.run([initctl, "-s", path, "status"], capture_output=True).returncode
root = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
root.connect(path)
rc1 = root_status()   # served after root's connection was accepted (FIFO)
flood = subprocess.Popen(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", """
import socket, sys
held = []
for _ in range(100):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(sys.argv[1])
    held.append(s)
print("ready", flush=True)
sys.stdin.read()
""", path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
ready = flood.stdout.readline().strip()
rc2 = root_status()   # every flood connection was accepted before this
root.settimeout(5)
root.send(b"status")
try:
    first = root.recv(8192)[:1]
except socket.timeout:
    first = b"timeout"
flood.stdin.close()
flood.wait()
print(rc1, ready, rc2, first.decode() or "closed")
PY
)
is "$out" "0 ready 0 o" "under a non-root flood: root's parked request is answered (not busy), fresh root requests too"
done_testing
