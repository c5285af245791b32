#!/usr/bin/env bash
# The other log modes: console writes to PID 1's console as before, null
# to nowhere (not the console, not the ring); a bad log value makes the
# service file bad with a message naming file and line; a run whose
# spawn failed shows in --all as one that did not start.
. "$(dirname "$0")/lib.sh"
svc con <<EOF
[service]
exec = /bin/sh -c "echo 'console line 1604'; exec sleep 1604"
log = console
EOF
svc nul <<EOF
[service]
exec = /bin/sh -c "echo 'null line 1604'; echo 'null err 1604' >&2; exec sleep 1605"
log = null
EOF
svc bad <<EOF
[service]
exec = /bin/sleep 1606
log = file:relative/path
EOF
svc bad2 <<EOF
[service]
exec = /bin/sleep 1607
log = syslog
EOF
svc ghost <<EOF
[service]
exec = /bin/sleep 1608
user = nosuchuser1604
EOF
ns_start
check "con is running" wait_for 10 state_is con running
check "nul is running" wait_for 10 state_is nul running
check "console: the line is on PID 1's console" wait_for 10 grep -qx 'console line 1604' "$T/console.log"
is "$(ctl log con 2>/dev/null)" "" "console: nothing in the ring"
like "$(ctl log con 2>&1 >/dev/null)" "con writes to the console" "initctl log says where con writes"
ok "$(! grep -q 'null line 1604\|null err 1604' "$T/console.log"; echo $?)" "null: not on the console"
is "$(ctl log nul 2>/dev/null; ctl log | grep -c nul:)" "0" "null: not in the ring"
like "$(jfield bad why)" "bad.ini:3: log: file:PATH wants an absolute path" "file: with a relative path: the file is bad, named with its line"
like "$(jfield bad2 why)" "bad2.ini:3: log: bad value 'syslog' \(ring, file:PATH, console, kmsg, null\)" "an unknown mode: bad, with the choices"
check "ghost failed to spawn" wait_for 10 state_is ghost failed
is "$(ctl log ghost --all)" "-- ghost run 0 (restart_count 0), did not start --" "--all: a run whose spawn failed says so"
done_testing
