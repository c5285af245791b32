#!/usr/bin/env bash
# 1000 orphans double-forked by a service are all reaped by PID 1:
# no zombie is left in the namespace, and the service itself is untouched.
. "$(dirname "$0")/lib.sh"
DONE=$T/forked
svc spawner <<EOF
[service]
exec = /bin/sh -c "i=0; while [ \$i -lt 1000 ]; do ( /bin/true & ); i=\$((i+1)); done; touch $DONE; exec sleep 3001"
EOF
ns_start
check "spawner running" wait_for 10 state_is spawner running
check "1000 orphans forked" wait_for 60 test -f "$DONE"
check "no zombie left" wait_for 20 test "$(ns_zombies)" = 0
is "$(ns_zombies)" 0 "zombie count is 0"
is "$(jfield spawner state)" running "service still running"
is "$(jfield spawner restart_count)" 0 "service never restarted"
done_testing
