#!/usr/bin/env bash
# A state the new image cannot read is refused whole, and PID 1 resumes
# safely: the old control socket and the waiting initctl are closed (no
# hang), a fresh control socket answers, and nothing PID 1 held leaks into
# a service started afterwards.  The binary on disk is swapped for a
# wrapper that hands the new image a forged state ("ctl 2").
. "$(dirname "$0")/lib.sh"
printf 'keel-state 4\nctl 2\nclient -1\nwatchdog -1\nnotify -1\nlogring -1\nids 1\nreexec 0 0 0\nend 0\n' > "$T/forged"
reexec_wrapper "exec 9< '$T/forged'"
ctl() { timeout 10 "$INITCTL" "$@"; }
svc a <<EOF
[service]
exec = /bin/sleep 5460
EOF
ns_start
check "a running" wait_for 10 state_is a running

reexec_refused "fd 2 is not one PID 1 can hand over)"
ok "$(! grep -q 'epoll add control socket\|control socket .*: ' "$T/console.log"; echo $?)" "no control socket error"

svc late <<EOF
[service]
exec = /bin/sleep 5461
EOF
ctl reload >/dev/null
check "late running" wait_for 10 state_is late running
late=$(ns_procs 'sleep 5461')
is "$(ls "/proc/$late/fd" 2>/dev/null | sort -n | tr '\n' ' ')" "0 1 2 " "late: only fds 0, 1, 2"
done_testing
