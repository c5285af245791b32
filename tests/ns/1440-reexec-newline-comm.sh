#!/usr/bin/env bash
# A process name is outside text: a holder whose comm is "x\nctl 2\n" (any
# user can set it with prctl PR_SET_NAME) blocks a service, so the job's
# why text carries the name.  It must not inject a line into the console
# log, `initctl status` or the re-exec state: after `initctl reexec` the
# control socket still answers, and a service started after a reload
# holds no fd of PID 1 (only 0, 1, 2).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
ctl() { timeout 10 "$INITCTL" "$@"; }   # a broken hand-over leaves initctl hanging
svc early <<EOF
[service]
exec = /bin/sleep 5440
EOF
ns_start
check "early running" wait_for 10 state_is early running

# The holder: binds the socket the service declares, under a name with newlines.
in_ns "$PY" -c '
import ctypes, signal, socket, sys
ctypes.CDLL(None).prctl(15, b"x\nctl 2\n", 0, 0, 0)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(1)
open(sys.argv[1] + ".ready", "w").close()
signal.pause()' "$T/v.sock" holder.1440 >/dev/null 2>&1 & disown
check "holder listens" wait_for 10 test -e "$T/v.sock.ready"
holder=$(ns_procs holder.1440)
is "$(od -An -c "/proc/$holder/comm" | tr -s ' ')" " x \n c t l 2 \n \n" "holder's comm holds two newlines"

svc victim <<EOF
[service]
exec = /bin/sleep 5441
sockets = $T/v.sock
restart_delay = 30s
EOF
ctl reload >/dev/null
check "victim blocked by the holder, named in its why" wait_for 10 why_like victim "held by pid"
like "$(jfield victim why)" "ctl 2" "the why text carries the holder's name"
check "status --json is valid JSON" sh -c "timeout 10 $INITCTL status --json | $PY -c 'import json,sys; json.load(sys.stdin)'"
st=$(timeout 10 "$INITCTL" status)
ok "$(! grep -q '^ctl 2' <<<"$st"; echo $?)" "status text: no injected line"
is "$(grep -c 'x\\x0actl 2\\x0a' <<<"$st")" 1 "status text: the name escaped on the victim's row"
check "console: the name shows escaped" grep -q 'x\\x0actl 2\\x0a' "$T/console.log"

out=$(timeout 10 "$INITCTL" reexec 2>&1); rc=$?
is "$rc" 0 "reexec exits 0"
like "$out" "re-executed: 2 jobs handed over" "the new image answers: both jobs handed over"
out=$(timeout 10 "$INITCTL" status 2>&1); rc=$?
is "$rc" 0 "status answers after the re-exec"
like "$out" "victim" "and lists the victim"
like "$(jfield victim why)" "ctl 2" "the why text came over whole"
ok "$(! grep -q 'epoll add control socket\|state refused\|bad state' "$T/console.log"; echo $?)" \
	"console: the control socket was adopted, the state read"
ok "$(! grep -qx 'ctl 2' "$T/console.log"; echo $?)" "console: no injected line"

svc late <<EOF
[service]
exec = /bin/sleep 5442
EOF
timeout 10 "$INITCTL" reload >/dev/null
check "late running" wait_for 10 state_is late running
late=$(ns_procs 'sleep 5442')
is "$(ls "/proc/$late/fd" 2>/dev/null | sort -n | tr '\n' ' ')" "0 1 2 " "late: only fds 0, 1, 2"
done_testing
