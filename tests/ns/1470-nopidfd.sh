#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A kernel without pidfd_open (before 5.3), made with a seccomp filter:
# PID 1 says so at start, and a stop still reaches every process of the
# job (a member proven to be the job's gets kill() instead of nothing), so
# the job stops at once, not at stop_timeout's KILL.
. "$(dirname "$0")/lib.sh"
[ -n "$CG" ] || { echo "1..0 # SKIP no writable cgroup v2"; exit 0; }
cat > "$T/wrap.sh" <<WRAP
#!/bin/sh
exec $PY $TOP/tests/ns/1470-nopidfd.py $INIT "\$@"
WRAP
chmod +x "$T/wrap.sh"
INIT=$T/wrap.sh
svc apart <<'INI'
[service]
exec = /bin/sh -c 'setsid sleep 1471 & exec sleep 1472'
stop_timeout = 60s
INI
not_in_console() { ! grep -q "$1" "$T/console.log"; }
ns_start
check "console warns about the kernel" wait_for 10 grep -q 'no pidfd_open (Linux 5.3 or later is needed)' "$T/console.log"
check "apart running" wait_for 10 state_is apart running
check "its setsid child is up" wait_for 10 test -n "$(ns_procs 'sleep 1471')"
ctl stop apart >/dev/null
check "stop: stopped well before stop_timeout" wait_for 15 state_is apart stopped
is "$(ns_procs 'sleep 147' | wc -l)" 0 "no process of the job left"
check "no KILL was needed" not_in_console 'apart: did not stop'
done_testing
