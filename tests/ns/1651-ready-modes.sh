#!/usr/bin/env bash
# ready = fd:N | pidfile | port | socket: each service stays starting until
# it really is ready (it writes $T/NAME.ready right before, once the test
# lets it go), and its requires= and after= dependents start only after
# that marker.  A pidfile naming a process that is not the job's, a port
# or socket not yet listening do not count.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1650-ready-lib.bash"
trap cleanup EXIT

P=$("$PY" "$TOP/tests/ns/1300-reclaim-srv.py" free-port)
SOCK=$T/s.sock
# A listener that binds first and listens only after the gate (a bound
# TCP socket that does not listen is not ready; a unix socket file that
# refuses connections is not ready).
cat > "$T/listen.py" <<EOF
import os, socket, sys, time
kind = sys.argv[1]
if kind == "port":
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", $P))
else:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("$SOCK")
name = sys.argv[2]
open("$T/" + name + ".bound", "w").close()
while not os.path.exists("$T/" + name + ".go"):
    time.sleep(0.02)
open("$T/" + name + ".ready.tmp", "w").write(str(time.time_ns()))
os.rename("$T/" + name + ".ready.tmp", "$T/" + name + ".ready")
s.listen(8)
while True:
    c, _ = s.accept()
    c.close()
EOF

cat > "$T/fdn.sh" <<EOF
#!/bin/sh
$(gate fdn)
echo >&5
exec 5>&-
exec sleep 1000
EOF
cat > "$T/pidf.sh" <<EOF
#!/bin/sh
echo 1 > $T/pidf.pid
$(gate pidf)
echo \$\$ > $T/pidf.pid
exec sleep 1000
EOF
chmod +x "$T/fdn.sh" "$T/pidf.sh"
svc fdn <<EOF
[service]
ready = fd:5
exec = $T/fdn.sh
EOF
svc pidf <<EOF
[service]
ready = pidfile
pidfile = $T/pidf.pid
exec = $T/pidf.sh
EOF
svc port <<EOF
[service]
ready = port
ports = tcp:$P
exec = $PY $T/listen.py port port
EOF
svc sock <<EOF
[service]
ready = socket
sockets = $SOCK
exec = $PY $T/listen.py socket sock
EOF
for m in fdn pidf port sock; do dependents $m; done
ns_start
for m in fdn pidf port sock; do
	check "$m is starting" wait_for 10 state_is $m starting
done
check "pidf wrote a pidfile naming another process" wait_for 10 grep -qx 1 "$T/pidf.pid"
check "sock's socket is bound, not listening" wait_for 10 test -e "$T/sock.bound"
check "port's socket is bound, not listening" wait_for 10 test -e "$T/port.bound"
# The strong check is the order below: a dependent that started before
# the marker means a probe took a not-ready service for ready.
for m in fdn pidf port sock; do
	check "$m is still starting before it is let go" state_is $m starting
	check_dependents $m
done
for m in fdn pidf port sock; do
	touch "$T/$m.go"
	check "$m is running once ready" wait_for 10 state_is $m running
	check_dependents_after $m
	like "$(jfield $m ready_ms)" '^[0-9]+$' "$m: ready_ms given"
done
done_testing
