#!/usr/bin/env bash
# initctl reexec while hooks run: each is handed over as what it is.  A
# running exec_start_pre stays the job's hook (its exit 0 spawns the
# service; its output after the re-exec reaches the same log), a hanging
# one is still killed at its hook_timeout, counted from when it started;
# a running exec_stop_post keeps its timeout; a running on_boot_healthy
# is still journaled and logged when it ends.  One re-exec covers all.
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT
J=$T/journal.img
svc prew <<EOF
[service]
exec_start_pre = /bin/sh -c "echo pre-before; touch $T/prew.started; while [ ! -e $T/go ]; do sleep 0.05; done; echo pre-after"
exec = /bin/sh -c "echo ran > $T/prew.ran; exec sleep 1784"
hook_timeout = 1h
EOF
svc hang <<EOF
[service]
exec_start_pre = /bin/sleep 1785
exec = /bin/sh -c "echo ran > $T/hang.ran; exec sleep 1784"
hook_timeout = 12s
restart = no
EOF
svc post <<EOF
[service]
exec = /bin/sleep 1786
exec_stop_post = /bin/sh -c "echo post-start; exec sleep 1787"
hook_timeout = 12s
EOF
write_init_ini "journal = $J
journal_size = 256K
boot_ok_after = 100ms
on_boot_healthy = /bin/sh -c \"echo bh-before; touch $T/bh.started; while [ ! -e $T/go-bh ]; do sleep 0.05; done; echo bh-after; exit 3\""
ns_start

there() { [ -n "$(ns_procs "$1")" ]; }
gone() { [ -z "$(ns_procs "$1")" ]; }
on_console() { grep -qF "$1" "$T/console.log"; }
check "prew's pre hook runs" wait_for 10 test -e "$T/prew.started"
check "hang's pre hook runs" wait_for 10 there 'sleep 1785'
check "on_boot_healthy runs" wait_for 10 test -e "$T/bh.started"
check "post is running" wait_for 10 state_is post running
ctl stop post >/dev/null
check "post's exec_stop_post runs" wait_for 10 there 'sleep 1787'
is "$(jfield hang state)" "starting" "hang is starting before the re-exec"

like "$(ctl reexec 2>&1)" "re-executed" "initctl reexec hands over"
is "$(jfield prew state)" "starting" "prew is still starting (its hook runs)"
is "$(jfield hang state)" "starting" "hang is still starting: its hook's deadline is not past"
check "the new image names the running boot hook" on_console "@on_boot_healthy: still running"

touch "$T/go"
check "prew's hook ended with 0: the service runs" wait_for 10 state_is prew running
check "the service itself was spawned" wait_for 10 test -e "$T/prew.ran"
has_after() { ctl log prew --all | grep -q pre-after; }
check "the hook's lines after the re-exec reach its log" wait_for 10 has_after
like "$(ctl log prew --all)" "pre-before" "... and those before"

touch "$T/go-bh"
check "on_boot_healthy's end is logged" wait_for 10 on_console "@on_boot_healthy: exited 3"
like "$(ctl journal --json | grep -F '"@on_boot_healthy"')" '"state":"failed".*"exit":3' "and journaled with exit 3"
is "$(ctl log @on_boot_healthy | tr '\n' ' ')" "bh-before bh-after " "its output from both images is in its log"

check "hang fails at its hook_timeout" wait_for 30 state_is hang failed
like "$(jfield hang why)" "exec_start_pre timed out" "the reason: the hook timed out"
check "the hanging hook was killed" wait_for 10 gone 'sleep 1785'
check "hang's service never ran" test ! -e "$T/hang.ran"

check "exec_stop_post is killed at its timeout" wait_for 30 gone 'sleep 1787'
check "the new image says so" on_console "post: exec_stop_post still running after"
check "post is stopped" state_is post stopped
like "$(ctl log post --all)" "post-start" "exec_stop_post's output is in post's log"
is "$(ns_zombies)" 0 "no zombie"
done_testing
