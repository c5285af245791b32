#!/usr/bin/env bash
# Reload with a full 64-slot job table (issue 11, point 7): one service
# removed and one added used to stop the removed one and load nothing
# ("no free job slot").  The new service now waits for the slot of the
# removed one and is loaded once it has stopped, with the conf of the last
# reload; one that is removed again while waiting is never loaded.
. "$(dirname "$0")/lib.sh"
for i in $(seq -w 0 63); do
	printf '[service]\nexec = /bin/sleep 1501%s\n' "$i" > "$SVC/s$i.ini"
done
# s00 ignores SIGTERM: it stays stopping until stop_timeout sends KILL.
printf '[service]\nexec = /bin/sh -c "trap \\"\\" TERM; exec /bin/sleep 150100"\nstop_timeout = 3s\n' \
	> "$SVC/s00.ini"
count_running() { ctl status --json | "$PY" -c 'import json,sys; print(sum(1 for j in json.load(sys.stdin) if j["state"]=="running"))'; }
all_running() { [ "$(count_running)" = 64 ]; }
listed() { ctl status --json | "$PY" -c 'import json,sys; sys.exit(0 if any(j["name"]==sys.argv[1] for j in json.load(sys.stdin)) else 1)' "$1"; }
not_listed() { ! listed "$1"; }

ns_start
check "64 services running" wait_for 20 all_running

rm "$SVC/s00.ini"
printf '[service]\nexec = /bin/sleep 1501900\n' > "$SVC/new.ini"
out=$(ctl reload 2>&1)
like "$out" "1 added, 1 removed" "reload: one added, one removed"
like "$out" "1 waiting for the slot of a stopping service" "reload says the new one waits"
is "$(jfield s00 state)" stopping "s00 is still stopping (it ignores TERM)"
like "$(cat "$T/console.log")" "new: waits for the slot of s00 \(stopping\)" "the console says so"

# A second reload while it waits: the new conf wins, nothing is added twice.
printf '[service]\nexec = /bin/sleep 1501901\n' > "$SVC/new.ini"
out=$(ctl reload 2>&1)
like "$out" "0 added, 0 removed" "second reload: the waiting service is not added again"
unlike_log() { ! grep -q "no free job slot" "$T/console.log"; }
check "no 'no free job slot' on the console" unlike_log

check "new runs once s00 has stopped" wait_for 20 state_is new running
check "s00 is gone" not_listed s00
is "$(ns_procs 'sleep 1501901' | wc -l)" 1 "new runs the conf of the last reload"
is "$(ns_procs 'sleep 1501900' | wc -l)" 0 "not the first one"
is "$(ns_procs 'sleep 150100' | wc -l)" 0 "s00's process is gone"
is "$(count_running)" 64 "still 64 services running"

# Removed again while waiting: never loaded.
printf '[service]\nexec = /bin/sh -c "trap \\"\\" TERM; exec /bin/sleep 150101"\nstop_timeout = 3s\n' \
	> "$SVC/s01.ini"
out=$(ctl reload 2>&1)
like "$out" "1 changed" "s01 changed to ignore TERM"
s01_new() { [ "$(ns_procs 'sleep 150101' | wc -l)" = 1 ] && state_is s01 running; }
check "s01 runs its new conf (TERM ignored)" wait_for 20 s01_new
rm "$SVC/s01.ini"
printf '[service]\nexec = /bin/sleep 1501902\n' > "$SVC/late.ini"
out=$(ctl reload 2>&1)
like "$out" "1 waiting" "late waits for s01's slot"
rm "$SVC/late.ini"
out=$(ctl reload 2>&1)
like "$out" "0 added" "late removed again before it got the slot"
check "s01 is gone" wait_for 20 not_listed s01
is "$(ns_procs 'sleep 1501902' | wc -l)" 0 "late never ran"
check "late is not loaded" not_listed late
is "$(count_running)" 63 "63 services running"
done_testing
