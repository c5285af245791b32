#!/usr/bin/env bash
# The configuration arena (docs/design.md, "Memory") in PID 1: 60 services
# with about 300 bytes of strings each (3 x 72 bytes of padding, the
# command, the name and the path under /tmp/keel-ns.XXXXXX), all running:
# 18 KB, which fits in a half of the default arena (32 KiB, less 12 KiB
# kept back for error messages).  Changing every file at once needs room
# for the old strings (kept until each job stops) and the new ones: more
# than a half holds, so the reload is refused as a whole and says so;
# every job keeps running its old command.  Changing one file then
# reloads (the others adopt their new copies), and the changed job
# restarts with its new command.
. "$(dirname "$0")/lib.sh"
N=60
pad=$(printf 'x%.0s' $(seq 1 72))
write() {   # write TAG: every service file, its command tagged TAG
	for i in $(seq 1 "$N"); do
		{
			printf '[service]\nexec = /bin/sleep %d%s\n' "$((180100 + i))" "$1"
			for k in 1 2; do printf 'env = V%d=%s%s\n' "$k" "$1" "$pad"; done
			printf 'condition_path_exists = !/nonexistent/%s%s\n' "$1" "$pad"
		} > "$SVC/s$i.ini"
	done
}
write 0
count_running() { ctl status --json | "$PY" -c 'import json,sys; print(sum(1 for j in json.load(sys.stdin) if j["state"]=="running"))'; }
all_running() { [ "$(count_running)" = "$N" ]; }
ns_start
check "$N services running" wait_for 60 all_running

write 9
out=$(ctl reload 2>&1); rc=$?
check "reload of every file at once: refused (exit $rc)" test "$rc" -ne 0
like "$out" "reload refused: the configuration arena is full" "it says why"
like "$out" "nothing changed" "and that nothing changed"
# One pass over the namespace's processes (ns_procs per service would
# scan /proc forty times): the commands of the old files end in tag 0.
old=$(for p in $(ns_procs 'sleep 1801'); do tr '\0' ' ' < "/proc/$p/cmdline"; echo; done |
	grep -cE '^/bin/sleep 1801[0-9]{2}0 $')
is "$old" "$N" "every job still runs its old command"
check "all still running" all_running

write 0
printf '[service]\nexec = /bin/sleep 1801999\n' > "$SVC/s1.ini"
out=$(ctl reload 2>&1); rc=$?
is "$rc" 0 "reload of one changed file: done"
like "$out" "1 changed, $((N - 1)) unchanged" "one changed, the others unchanged"
check "s1 restarts with its new command" wait_for 20 eval '[ "$(ns_procs "sleep 1801999" | wc -l)" = 1 ]'
check "all running again" wait_for 20 all_running
out=$(ctl reload 2>&1)
like "$out" "0 changed, $N unchanged" "a reload of unchanged files keeps working"
done_testing
