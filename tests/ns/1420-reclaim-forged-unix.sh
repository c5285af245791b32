#!/usr/bin/env bash
# Issue 11 point 1: /proc/net/unix prints socket names raw, so an
# unprivileged user can bind an abstract name holding a newline and a fake
# line that gives a root process's socket inode to a declared socket path.
# keel must not believe it: the holders of a socket path come from
# unix_diag (the bound file's device and inode), so with singleton=yes
# only the real old instance on the path is stopped, and the root victim
# named by the forged line lives.  Fails on f94ac5f (the victim is killed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
# lacks TEXT REGEX: TEXT has no match of REGEX.
lacks() { ! printf '%s' "$1" | grep -qE -- "$2"; }
chmod 755 "$T"   # the attacker (nobody) reads its script from here
cat > "$T/attack.py" <<'EOF'
import signal, socket, sys
# argv: victim inode, declared path.  The name: NUL, "x", a newline, then a
# complete /proc/net/unix line of a listening stream socket on the path.
forged = "\0x\n0000000000000000: 00000002 00000000 00010000 0001 01 %s %s" % (sys.argv[1], sys.argv[2])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(forged.encode())
s.listen(1)
open(sys.argv[3], "w").close()
signal.pause()
EOF
chmod 644 "$T/attack.py"
mkdir -m 1777 "$T/pub"
ns_start
# A root victim holding a socket, and a real old instance on the path.
in_ns "$PY" "$SRVF" serve --sock "$T/victim.sock" --tag victim.1420 >/dev/null 2>&1 & disown
in_ns "$PY" "$SRVF" serve --sock "$T/app.sock" --tag old.1420 >/dev/null 2>&1 & disown
check "victim answers" wait_for 10 srv answers "$T/victim.sock"
check "old instance answers" wait_for 10 srv answers "$T/app.sock"
victim=$(ns_procs victim.1420); old=$(ns_procs old.1420)
vpid=$(ns_pid_of "$victim"); opid=$(ns_pid_of "$old")
vino=$(readlink /proc/"$victim"/fd/* 2>/dev/null | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | head -1)
check "victim's socket inode known" test -n "$vino"
in_ns setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$PY" "$T/attack.py" "$vino" "$T/app.sock" "$T/pub/ready" >/dev/null 2>&1 & disown
check "the attacker bound its forged name" wait_for 10 test -e "$T/pub/ready"
attacker=$(ns_procs attack.py)
is "$(awk '/^Uid:/{print $2}' /proc/"$attacker"/status)" 65534 "the attacker runs as nobody"
forged() { grep -q " $vino $T/app.sock\$" /proc/"$INIT_PID"/net/unix; }
check "/proc/net/unix now shows a forged line for the path" forged

svc app <<EOF
[service]
exec = $PY $SRVF serve --sock $T/app.sock --tag app.1420
sockets = $T/app.sock
singleton = yes
restart_delay = 200ms
EOF
ctl reload >/dev/null
check "app: running" wait_for 15 state_is app running
check "app: the real old instance was stopped" wait_for 10 gone "$old"
check "the victim is alive" kill -0 "$victim"
check "the log never names the victim as a holder" lacks "$(cat "$T/console.log")" "held by pid $vpid "
like "$(cat "$T/console.log")" "socket $T/app.sock held by pid $opid \(python3[^)]*\): stopping" \
	"the log names the real holder"

# A restart with the forged line still there: the victim still lives.
app_pid=$(jfield app pid)
ctl restart app >/dev/null
new_up() { state_is app running && [ "$(jfield app pid)" != "$app_pid" ]; }
check "app: restarted" wait_for 15 new_up
check "status never names the victim" lacks "$(ctl status app)" "pid $vpid "
check "the victim is still alive after the restart" kill -0 "$victim"
check "and still answers" srv answers "$T/victim.sock"
done_testing
