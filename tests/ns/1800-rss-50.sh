#!/usr/bin/env bash
# Memory that grows with the services a board has, not with the table's
# capacity (issue 15): PID 1 with 50 services, all running, stays under a
# generous PSS bound, also after a reload (the load table is scratch: its
# pages go back to the kernel).  A change that touches every
# slot of the job table, or keeps a second full table resident, fails here.
# Not a timed test: it waits for states, then reads /proc/PID/smaps_rollup.
. "$(dirname "$0")/lib.sh"
N=${RSS_SERVICES:-50}
# The target is 256 kB with 50 services (issue 15); the bound is 2x that.
# keel holds about 344 kB (docs/design.md, "Memory"): its code (152 kB,
# file-backed, shared with nobody in a namespace) and the tables in use.
# A change that touches a whole table again (the job confs, the staged
# confs, the configuration arena: 30 to 64 KB each) or keeps the load
# scratch resident fails here.
BOUND_KB=512
for i in $(seq 1 "$N"); do
	svc "s$i" <<EOF
[service]
exec = /bin/sleep $((6000 + i))
env = INDEX=$i
EOF
done
ns_start
all_running() { [ "$(ctl status --json 2>/dev/null | grep -o '"state": *"running"' | wc -l)" -eq "$N" ]; }
check "$N services running" wait_for 60 all_running

# rollup FIELD: FIELD of init's /proc/PID/smaps_rollup, in kB.
rollup() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$INIT_PID/smaps_rollup"; }
at_most() { [ -n "$1" ] && [ "$1" -le "$2" ]; }
rss=$(rollup Rss); pss=$(rollup Pss)
diag "PID 1 with $N services: Rss ${rss:-?} kB, Pss ${pss:-?} kB"
check "Pss ${pss:-?} kB <= $BOUND_KB kB with $N services" at_most "$pss" "$BOUND_KB"

# A reload loads every file again into the scratch table, then gives it back.
out=$(ctl reload); rc=$?
is "$rc" 0 "reload exits 0"
like "$out" "$N unchanged" "reload sees every service unchanged"
pss2=$(rollup Pss)
diag "after a reload: Pss ${pss2:-?} kB"
check "Pss ${pss2:-?} kB <= $BOUND_KB kB after a reload" at_most "$pss2" "$BOUND_KB"
check "all still running after the reload" all_running
done_testing
