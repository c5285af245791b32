#!/usr/bin/env bash
# Boot-loop protection across "power cuts", with the journal in a file:
# each boot is init as PID 1 of a new namespace, ended by SIGKILL (no
# SHUTDOWN, no HEALTHY record).  docs/restart.md: START records are written
# from the first suspect boot (streak 1) on; the service that was the last
# START of two unhealthy boots in a row is quarantined at boot 4; a healthy
# boot lifts it; with no consistent culprit, safe mode at the limit.
. "$(dirname "$0")/lib.sh"
J=$T/journal.img
svc base <<EOF
[service]
exec = /bin/sleep 1211
safe = yes
EOF
svc culprit <<EOF
[service]
after = base
exec = /bin/sleep 1212
EOF
write_init_ini "journal = $J
journal_size = 256K
boot_ok_after = 1h
boot_loop_limit = 3"

boot() { rm -f "$T/ctl.sock"; : > "$T/console.log"; ns_start; }
cut() { kill -KILL "$NS_PID"; ns_wait_exit 10; } 2>/dev/null
sysfield() { ctl system --json | "$PY" -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(v if not isinstance(v,bool) else str(v).lower())' "$1"; }

for n in 1 2 3; do
	boot
	check "boot $n: culprit running" wait_for 10 state_is culprit running
	is "$(sysfield boot)" "$n" "boot $n: boot number $n"
	is "$(sysfield unhealthy_streak)" "$((n-1))" "boot $n: unhealthy streak $((n-1))"
	cut
done
boot
check "boot 4: base running" wait_for 10 state_is base running
check "boot 4: culprit quarantined" wait_for 10 state_is culprit quarantined
is "$(ns_procs 'sleep 1212' | wc -l)" 0 "boot 4: culprit has no process"
like "$(ctl status)" "quarantined: culprit" "boot 4: status says culprit is quarantined"
like "$(sysfield quarantined)" "culprit" "boot 4: system --json lists the quarantine"
is "$(sysfield safe_mode)" false "boot 4: a culprit was found, so no safe mode yet"
like "$(cat "$T/console.log")" "culprit quarantined: it was the last service started in 2 unhealthy boots" "boot 4: the console says why"
out=$(ctl journal --json)
like "$out" '"type":"quarantine"' "boot 4: the QUAR record is in the journal"

# unquarantine by hand: it starts at once.
out=$(ctl unquarantine culprit); rc=$?
is "$rc" 0 "boot 4: unquarantine exits 0"
check "boot 4: culprit runs after unquarantine" wait_for 10 state_is culprit running
cut

# Boot 4 died too, with culprit as its last START again: quarantined again.
boot
check "boot 5: culprit quarantined again" wait_for 10 state_is culprit quarantined
check "boot 5: base running" wait_for 10 state_is base running
cut

# A healthy boot (boot_ok_after reached) resets the streak and lifts quarantines.
sed -i 's/^boot_ok_after = 1h$/boot_ok_after = 1s/' "$T/init.ini"
boot
check "boot 6: healthy" wait_for 15 sh -c "$INITCTL system --json | grep -q '\"healthy\":true'"
ctl poweroff >/dev/null; ns_wait_exit 20
sed -i 's/^boot_ok_after = 1s$/boot_ok_after = 1h/' "$T/init.ini"
boot
check "boot 7: culprit runs" wait_for 10 state_is culprit running
is "$(sysfield unhealthy_streak)" 0 "boot 7: streak back to 0 after a healthy boot"
cut

# Safe mode: limit 2.  Boot 7 (streak 0) wrote no START records, so after
# boots 7 and 8 die there is no consistent culprit: boot 9 is in safe mode
# and only safe = yes services start.
sed -i 's/^boot_loop_limit = 3$/boot_loop_limit = 2/' "$T/init.ini"
boot; check "boot 8: culprit runs (streak 1)" wait_for 10 state_is culprit running; cut
boot
check "boot 9: base (safe) running" wait_for 10 state_is base running
check "boot 9: culprit not started in safe mode" wait_for 10 state_is culprit quarantined
is "$(sysfield safe_mode)" true "boot 9: safe mode"
like "$(ctl status)" "SAFE MODE" "boot 9: status says safe mode"
like "$(jfield culprit why)" "safe" "boot 9: the job says why it did not start"
like "$(cat "$T/console.log")" "safe mode: 2 unhealthy boots in a row" "boot 9: the console says why"
cut
done_testing
