#!/usr/bin/env bash
# initctl enable/disable without a journal: the setting is kept in
# keel/enabled next to the control socket ($T/keel/enabled here,
# /run/keel/enabled on a board) for this boot only, and the answer says
# so.  A restart of keel in the same kernel boot (a new PID namespace, or
# a re-exec) keeps it; the file names the kernel boot
# (/proc/sys/kernel/random/boot_id), so one left by another boot is
# ignored.  The file is outside text: only well-formed lines count.
. "$(dirname "$0")/lib.sh"
F=$T/keel/enabled
BOOT_ID=$(cat /proc/sys/kernel/random/boot_id)
svc a <<EOF
[service]
exec = /bin/sleep 1724
EOF
svc b <<EOF
[service]
exec = /bin/sleep 1725
enabled = no
EOF
write_init_ini ""

boot() { rm -f "$T/ctl.sock"; : > "$T/console.log"; ns_start; }
cut() { kill -KILL "$NS_PID"; ns_wait_exit 10; } 2>/dev/null

boot
check "a running" wait_for 10 state_is a running
is "$(jfield b state)" disabled "b (enabled = no) is disabled"
out=$(ctl disable a); rc=$?
is "$rc" 0 "disable a exits 0"
like "$out" "a: disabled for this boot only: no journal \(kept in $F\); still running" "the answer says: this boot only, no journal"
is "$(cat "$F" 2>/dev/null)" "keel-enabled $BOOT_ID
disable a" "the file names this boot and the service"
is "$(ls "$T/keel")" enabled "no temporary file is left"
out=$(ctl enable b); rc=$?
is "$rc" 0 "enable b exits 0"
like "$out" "b: enabled for this boot only" "and says this boot only"
cut

boot
check "restart in the same boot: a stays disabled" wait_for 10 state_is a disabled
check "restart in the same boot: b enabled, running" wait_for 10 state_is b running
is "$(ns_procs 'sleep 1724' | wc -l)" 0 "a has no process"
out=$(ctl reexec); rc=$?
is "$rc" 0 "reexec"
check "after re-exec: a still disabled" wait_for 10 state_is a disabled
cut

# Another kernel boot's file (a /run that is not a fresh tmpfs): ignored.
sed -i "1s/.*/keel-enabled 00000000-0000-0000-0000-000000000000/" "$F"
boot
check "a file of another boot is ignored: a runs" wait_for 10 state_is a running
is "$(jfield b state)" disabled "and b follows its file again"
like "$(cat "$T/console.log")" "enabled: from another boot or not keel's: ignored" "the console says why"
cut

# Hostile lines: only "enable NAME" / "disable NAME" with a valid name count.
printf 'keel-enabled %s\ndisable ../etc\ndisable\ndisable a b\nDISABLE a\nenable  b\n\001\377\nenable b\ndisable a\nenable a' \
	"$BOOT_ID" > "$F"
boot
check "hostile file: the well-formed 'disable a' holds" wait_for 10 state_is a disabled
check "hostile file: 'enable b' holds" wait_for 10 state_is b running
like "$(cat "$T/console.log")" "enabled: 2 services enabled or disabled for this boot" "two lines taken (the cut last line is not)"
cut
done_testing
