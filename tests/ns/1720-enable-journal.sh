#!/usr/bin/env bash
# initctl enable/disable with the journal in a file, across "power cuts"
# (init as PID 1 of a new namespace, ended by SIGKILL, started again on
# the same journal file): a disable keeps a service from starting at
# boot and from being pulled in by a dependent, which says why it waits;
# `initctl start` starts a disabled service once; `enabled = no` is the
# default that initctl enable overrides; re-exec keeps the setting.
. "$(dirname "$0")/lib.sh"
J=$T/journal.img
svc base <<EOF
[service]
exec = /bin/sleep 1721
EOF
svc dep <<EOF
[service]
requires = base
exec = /bin/sleep 1722
EOF
svc off <<EOF
[service]
exec = /bin/sleep 1723
enabled = no
EOF
write_init_ini "journal = $J
journal_size = 64K
boot_loop_limit = 0
boot_ok_after = 1s"

boot() { rm -f "$T/ctl.sock"; : > "$T/console.log"; ns_start; }
cut() { kill -KILL "$NS_PID"; ns_wait_exit 10; } 2>/dev/null

boot
check "boot 1: base running" wait_for 10 state_is base running
check "boot 1: dep running" wait_for 10 state_is dep running
is "$(jfield off state)" disabled "boot 1: enabled = no: off is listed as disabled"
is "$(jfield off enabled)" false "boot 1: status --json says enabled false"
is "$(ns_procs 'sleep 1723' | wc -l)" 0 "boot 1: off has no process"
like "$(ctl status)" "off +disabled" "boot 1: the status table says disabled"
out=$(ctl disable base); rc=$?
is "$rc" 0 "disable base exits 0"
like "$out" "base: disabled kept in the journal; still running" "and says where it is kept and that base still runs"
is "$(jfield base state)" running "disable does not stop a running service"
like "$(ctl status base)" "disabled: not started at boot" "status NAME says it is disabled"
like "$(ctl journal)" "enable +base disabled" "initctl journal shows the record"
out=$(ctl disable nosuch 2>&1); rc=$?
is "$rc" 3 "disable of an unknown service exits 3"
cut

boot
check "boot 2: dep waits for base" wait_for 10 sh -c "[ \"\$($INITCTL status --json | $PY -c 'import json,sys; print([r[\"why\"] for r in json.load(sys.stdin) if r[\"name\"]==\"dep\"][0])')\" = 'waiting for base (disabled)' ]"
is "$(jfield base state)" disabled "boot 2: base survived the power cut as disabled"
is "$(ns_procs 'sleep 1721' | wc -l)" 0 "boot 2: base was not started"
is "$(jfield dep state)" stopped "boot 2: dep is not started without base"
out=$(ctl start base); rc=$?
is "$rc" 0 "start of a disabled service exits 0"
like "$out" "started .*stays disabled" "and says it stays disabled"
check "boot 2: base runs once started" wait_for 10 state_is base running
check "boot 2: dep follows once base runs" wait_for 10 state_is dep running
is "$(jfield base enabled)" false "boot 2: base is still disabled while it runs"
out=$(ctl enable off); rc=$?
is "$rc" 0 "enable off exits 0"
like "$out" "off: enabled kept in the journal; not started now" "and says it is not started now"
is "$(jfield off state)" stopped "enable does not start it"
cut

boot
check "boot 3: off runs: the journal's enable wins over enabled = no" wait_for 10 state_is off running
is "$(jfield base state)" disabled "boot 3: base is disabled again: the start was for one boot"
out=$(ctl restart base); rc=$?
like "$out" "stays disabled" "boot 3: restart of a disabled service says it stays disabled"
check "boot 3: base runs after restart" wait_for 10 state_is base running
out=$(ctl stop base)
check "boot 3: base stopped by hand is disabled again" wait_for 10 state_is base disabled
out=$(ctl reexec); rc=$?
is "$rc" 0 "boot 3: reexec"
check "boot 3: base still disabled after re-exec" wait_for 10 state_is base disabled
check "boot 3: off still running after re-exec" wait_for 10 state_is off running
out=$(ctl enable base); rc=$?
like "$out" "base: enabled kept in the journal" "enable base"
# Healthy before the cut: dep was the last service started in boots 2 and
# 3, and two unhealthy boots would quarantine it (docs/restart.md).
check "boot 3: healthy" wait_for 10 sh -c "$INITCTL system --json | grep -q '\"healthy\":true'"
cut

boot
check "boot 4: base running again" wait_for 10 state_is base running
check "boot 4: dep running again" wait_for 10 state_is dep running
check "boot 4: off still enabled" wait_for 10 state_is off running
cut

dump=$("$BUILD/journal-dump" "$J" 2>/dev/null)
is "$(printf '%s\n' "$dump" | grep -c '"type":"ENABLE"')" 3 "journal-dump shows the three ENABLE records"
like "$(printf '%s\n' "$dump" | grep '"type":"ENABLE"' | head -1)" '"job":"base".*"enable":"disabled"' "the first disables base, by name"
done_testing
