#!/usr/bin/env bash
# The new image reads the hand-over state only from a memfd or a file: an
# fd that could block a read (here a FIFO whose writer never closes) is
# refused at once with the reason, and PID 1 goes on (a fresh control
# socket answers) instead of waiting on the read for ever.
. "$(dirname "$0")/lib.sh"
mkfifo "$T/state.fifo"
reexec_wrapper "exec 9<> '$T/state.fifo'"
svc a <<EOF
[service]
exec = /bin/sleep 5462
EOF
ns_start
check "a running" wait_for 10 state_is a running
reexec_refused "fd 9 is not a memfd or a file"
done_testing
