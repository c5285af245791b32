#!/usr/bin/env bash
# exec_start_pre and exec_stop_post: the pre hook runs (and ends) before
# the service is spawned; a failing pre hook is a start failure counted by
# the restart limiter, and the service never runs; a hanging pre hook is
# killed at hook_timeout; exec_stop_post runs after the service's processes
# are gone; both hooks' output is in `initctl log`, and each hook's end is a
# HOOK record in the journal (which hook, its exit).
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
svc ord <<EOF
[service]
exec_start_pre = /bin/sh -c "echo pre-out; echo pre >> $T/order"
exec = /bin/sh -c "echo main >> $T/order; echo main-out; exec sleep 1780"
EOF
svc fail <<EOF
[service]
exec_start_pre = /bin/sh -c "echo try >> $T/fail.n; exit 3"
exec = /bin/sh -c "echo ran > $T/fail.main; exec sleep 1780"
restart_limit = 2
restart_window = 1m
restart_delay = 50ms
EOF
svc hang <<EOF
[service]
exec_start_pre = /bin/sh -c "exec sleep 1781"
exec = /bin/sh -c "echo ran > $T/hang.main; exec sleep 1780"
hook_timeout = 300ms
restart = no
EOF
svc post <<EOF
[service]
exec = /bin/sh -c "echo \$\$ > $T/post.pid; exec sleep 1782"
exec_stop_post = /bin/sh -c "if kill -0 \$(cat $T/post.pid); then echo alive; else echo gone; fi > $T/post.seen; echo post-out"
EOF
write_init_ini "journal = $T/journal.img
journal_size = 64K"
ns_start

check "ord is running" wait_for 10 state_is ord running
is "$(cat "$T/order" 2>/dev/null | tr '\n' ' ')" "pre main " "the pre hook ran before the service"
has_main_out() { ctl log ord --all | grep -q main-out; }
check "the service's output is in the log" wait_for 10 has_main_out
like "$(ctl log ord --all)" "pre-out" "the pre hook's output is in initctl log"

check "fail is blocked" wait_for 15 state_is fail blocked
like "$(jfield fail why)" "exec_start_pre exited 3" "the reason names the pre hook and its exit"
is "$(jfield fail exit)" 3 "the hook's exit is the job's last exit (what the journal record of the failure carries)"
like "$(jfield fail why)" "restart limit reached" "the failures counted for the limiter"
is "$(wc -l < "$T/fail.n")" 3 "the pre hook ran 3 times (start + 2 restarts)"
check "the service itself never ran" test ! -e "$T/fail.main"

check "hang fails" wait_for 15 state_is hang failed
like "$(jfield hang why)" "exec_start_pre timed out" "the reason: the hook timed out"
is "$(ns_procs 'sleep 1781')" "" "the hanging hook was killed"
check "the service after the hanging hook never ran" test ! -e "$T/hang.main"

check "post is running" wait_for 10 state_is post running
ctl stop post >/dev/null
check "exec_stop_post ran" wait_for 10 test -s "$T/post.seen"
is "$(cat "$T/post.seen")" "gone" "the service's process was gone when exec_stop_post ran"
has_post_out() { ctl log post --all | grep -q post-out; }
check "the stop hook's output is in initctl log" wait_for 10 has_post_out
check "post is stopped" state_is post stopped
is "$(ns_zombies)" 0 "no zombie"

hooks=$(ctl journal -n 200 --json | tr '{' '\n' | grep '"type":"hook"')
like "$(echo "$hooks" | grep '"name":"ord"')" '"hook":"exec_start_pre","exit":0' "journal: ord's pre hook ended with exit 0"
is "$(echo "$hooks" | grep '"name":"fail"' | grep -c '"hook":"exec_start_pre","exit":3')" 3 \
	"journal: fail's pre hook, exit 3, three times"
like "$(echo "$hooks" | grep '"name":"hang"')" '"hook":"exec_start_pre","exit":-9' "journal: hang's pre hook killed (SIGKILL)"
like "$(echo "$hooks" | grep '"name":"post"')" '"hook":"exec_stop_post","exit":0' "journal: post's stop hook ended with exit 0"
like "$(ctl journal -n 200)" 'hook +post +exec_stop_post' "initctl journal shows the hook rows"
like "$(jfield post state)" stopped "a HOOK record leaves the job's state as it was"
done_testing
