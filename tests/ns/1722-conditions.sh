#!/usr/bin/env bash
# Conditions, checked before every start: an unmet one leaves the job
# `skipped` with the reason, not failed; a skip is not counted by the
# restart limiter; `initctl start` checks again; a service that requires
# a skipped one waits for it, one that comes `after` it does not.
. "$(dirname "$0")/lib.sh"
svc has <<EOF
[service]
exec = /bin/sleep 1722
condition_path_exists = $T/flag
restart_limit = 2
EOF
svc neg <<EOF
[service]
exec = /bin/sleep 1723
condition_path_exists = !$T/flag
EOF
svc dep <<EOF
[service]
requires = has
exec = /bin/sleep 1724
EOF
svc later <<EOF
[service]
after = has
exec = /bin/sleep 1725
EOF
svc cmd <<EOF
[service]
exec = /bin/sleep 1726
condition_kernel_cmdline = keel.no-such-word-1722
EOF
svc cmdneg <<EOF
[service]
exec = /bin/sleep 1727
condition_kernel_cmdline = !keel.no-such-word-1722
EOF
svc ne <<EOF
[service]
type = oneshot
exec = /bin/true
condition_file_not_empty = $T/data
EOF
svc flap <<EOF
[service]
exec = /bin/sh -c "rm -f $T/go; exit 3"
condition_path_exists = $T/go
restart = always
restart_delay = 100ms
EOF
: > "$T/data"
: > "$T/go"
# A word that is on this kernel's command line (the left side of its first word).
W=$(tr ' ' '\n' < /proc/cmdline | head -1 | cut -d= -f1)
if printf '%s' "$W" | grep -qE '^[A-Za-z0-9._-]+$'; then
	svc cmdhas <<EOF
[service]
exec = /bin/sleep 1728
condition_kernel_cmdline = $W
EOF
fi
svc crit <<EOF
[service]
exec = /bin/sleep 1729
critical = yes
condition_path_exists = $T/never
EOF
write_init_ini "journal = $T/journal.img
journal_size = 64K
boot_ok_after = 1s"
ns_start
check "neg (!missing path) runs" wait_for 10 state_is neg running
check "has (missing path) is skipped" wait_for 10 state_is has skipped
is "$(jfield has why)" "condition_path_exists=$T/flag not met" "why names the condition"
like "$(ctl status)" "has +skipped .*condition_path_exists=$T/flag not met" "the status table shows it"
check "later (after = has) runs: after only orders" wait_for 10 state_is later running
is "$(jfield dep state)" stopped "dep (requires = has) is not started"
is "$(jfield dep why)" "waiting for has (skipped)" "and says it waits for the skipped job"
check "cmd (a word not on the kernel command line) is skipped" wait_for 10 state_is cmd skipped
is "$(jfield cmd why)" "condition_kernel_cmdline=keel.no-such-word-1722 not met" "with the reason"
check "cmdneg (!word) runs" wait_for 10 state_is cmdneg running
if [ -f "$SVC/cmdhas.ini" ]; then
	check "cmdhas ($W, on the command line) runs" wait_for 10 state_is cmdhas running
else
	ok 0 "# skip: no plain first word on /proc/cmdline"
fi
check "ne (empty file) is skipped" wait_for 10 state_is ne skipped
check "flap: its restart finds the condition unmet: skipped, not blocked" wait_for 10 state_is flap skipped
is "$(jfield flap in_window)" 1 "flap: one exit in the restart window, the skip not counted"
is "$(jfield flap exit)" 3 "flap: its last exit is kept"

for i in 1 2 3 4; do
	out=$(ctl start has 2>&1); rc=$?
done
is "$rc" 2 "start of a job whose condition is unmet exits 2"
like "$out" "has: skipped: condition_path_exists=$T/flag not met" "and says why"
is "$(jfield has state)" skipped "four starts later: still skipped, not blocked (restart_limit 2)"
is "$(jfield has in_window)" 0 "nothing counted in the restart window"
is "$(ns_procs 'sleep 1722' | wc -l)" 0 "has has no process"

: > "$T/flag"
out=$(ctl start has); rc=$?
is "$rc" 0 "start checks again: the path is there now"
check "has runs" wait_for 10 state_is has running
check "dep follows" wait_for 10 state_is dep running
is "$(jfield neg state)" running "neg keeps running: conditions are checked at a start only"
echo x > "$T/data"
out=$(ctl start ne); rc=$?
check "ne runs once its file is not empty" wait_for 10 state_is ne done
like "$(ctl journal)" "has +skipped" "the journal records the skip"
is "$(jfield crit state)" skipped "crit (critical = yes) is skipped"
check "a skipped critical service does not hold the boot back: healthy" \
	wait_for 10 sh -c "$INITCTL system --json | grep -q '\"healthy\":true'"
done_testing
