#!/usr/bin/env bash
# Two services may not declare the same unix socket path or proto:port:
# the second (in name order) is a config error naming the first, is not
# started, and every other service is.  The same port number under
# another protocol is no duplicate.
. "$(dirname "$0")/lib.sh"
svc a <<EOF
[service]
exec = /bin/sleep 1340
sockets = $T/a.sock
ports = tcp:18340 udp:18341
EOF
svc b <<EOF
[service]
exec = /bin/sleep 1341
ports = udp:18342, tcp:18340
EOF
svc c <<EOF
[service]
exec = /bin/sleep 1342
sockets = $T/c.sock
sockets = $T/a.sock
EOF
svc d <<EOF
[service]
exec = /bin/sleep 1343
ports = udp:18340 tcp:18341
EOF
ns_start
check "a (first declaration) runs" wait_for 10 state_is a running
check "d (same numbers, other protocols) runs" wait_for 10 state_is d running
is "$(jfield b state)" failed "b: not started"
like "$(jfield b why)" "b.ini:3: .*port tcp:18340 already declared by a.ini" "b: why names file:line and a.ini"
is "$(jfield c state)" failed "c: not started"
like "$(jfield c why)" "c.ini:4: .*socket $T/a.sock already declared by a.ini" "c: why names file:line and a.ini"
like "$(cat "$T/console.log")" "b.ini:3: .*already declared by a.ini" "the console says it too"
is "$(ns_procs 'sleep 1341' | wc -l)" 0 "no process for b"
is "$(ns_procs 'sleep 1342' | wc -l)" 0 "no process for c"
done_testing
