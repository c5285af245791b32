#!/usr/bin/env bash
# Reload diffs the service files: added -> start; removed -> stop;
# changed -> exactly one restart; unchanged -> same pid; broken -> the
# running version stays.  SIGHUP bursts coalesce.
. "$(dirname "$0")/lib.sh"
mk() { # name marker [extra line]
	svc "$1" <<EOF
[service]
exec = /bin/sleep $2
${3:-}
EOF
}
mk keep 5101
mk change 5102
mk gone 5103
mk breaks 5104
ns_start
for n in keep change gone breaks; do check "$n running" wait_for 10 state_is $n running; done
pk=$(jfield keep pid); pc=$(jfield change pid); pb=$(jfield breaks pid); idc=$(jfield change id)

mk change 5102 "stop_timeout = 4s"     # same exec, different file
rm "$SVC/gone.ini"
mk added 5105
printf '[service]\nexec = /bin/sleep 5104\nbogus = 1\n' > "$SVC/breaks.ini"
out=$(ctl reload); rc=$?
is "$rc" 0 "reload exits 0"
like "$out" "1 added, 1 removed, 1 changed, 1 unchanged, 1 broken" "reload summary counts the diff"
check "added service runs" wait_for 10 state_is added running
changed_up() { state_is change running && [ "$(jfield change pid)" != "$pc" ]; }
check "changed service restarted" wait_for 10 changed_up
is "$(jfield change id)" "$idc" "changed service keeps its job id"
check "removed service is gone" wait_for 10 sh -c "! $INITCTL status gone >/dev/null 2>&1"
is "$(ns_procs 'sleep 5103' | wc -l)" 0 "removed service has no process"
is "$(jfield keep pid)" "$pk" "unchanged service keeps its pid"
is "$(jfield breaks pid)" "$pb" "broken file leaves the running version alone"
like "$(cat "$T/console.log")" "breaks.*keeping the running version.*bogus" "and says why"
is "$(ns_procs 'sleep 5102' | wc -l)" 1 "exactly one process of the changed service"

# Changed once, reloaded many times (SIGHUP burst): still exactly one restart.
pc2=$(jfield change pid)
mk change 5102 "stop_timeout = 5s"
for i in 1 2 3 4 5 6 7 8; do kill -HUP "$INIT_PID"; done
changed2() { state_is change running && [ "$(jfield change pid)" != "$pc2" ]; }
check "changed service restarted after the burst" wait_for 10 changed2
pc3=$(jfield change pid)
ctl reload >/dev/null
is "$(jfield change pid)" "$pc3" "a further reload with no change does not restart it again"
is "$(grep -c 'change: stopping' "$T/console.log")" 2 "two edits, two restarts in total"
is "$(jfield keep pid)" "$pk" "unchanged service still keeps its pid"
done_testing
