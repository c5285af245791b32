#!/usr/bin/env bash
# init.ini's on_boot_healthy and on_boot_unhealthy, with the journal in a
# file and each boot ended by a "power cut" (SIGKILL): on_boot_healthy
# runs exactly once in each boot that becomes healthy, its output in the
# log ring (`initctl log @on_boot_healthy`, with its exit under --all)
# and its start and end in the journal (pseudo-job @on_boot_healthy); a boot
# whose critical service fails never runs it and runs on_boot_unhealthy
# once instead.
. "$(dirname "$0")/lib.sh"
J=$T/journal.img
svc base <<EOF
[service]
exec = /bin/sleep 1781
critical = yes
EOF
write_init_ini "journal = $J
journal_size = 256K
boot_ok_after = 200ms
on_boot_healthy = /bin/sh -c \"echo healthy >> $T/healthy.n; echo hook-out-healthy\"
on_boot_unhealthy = /bin/sh -c \"echo unhealthy >> $T/unhealthy.n; exit 4\""

boot() { rm -f "$T/ctl.sock"; : > "$T/console.log"; ns_start; }
cut() { kill -KILL "$NS_PID"; ns_wait_exit 10; } 2>/dev/null
lines() { cat "$1" 2>/dev/null | wc -l; }
journaled() { ctl journal --json | grep -qF "\"$1\""; }
not_on_console() { ! grep -qF "$1" "$T/console.log"; }
hook_ended() { grep -qF "$1: exited" "$T/console.log"; }

for n in 1 2; do
	boot
	check "boot $n: base running" wait_for 10 state_is base running
	check "boot $n: on_boot_healthy ended" wait_for 10 hook_ended @on_boot_healthy
	is "$(lines "$T/healthy.n")" "$n" "boot $n: on_boot_healthy ran once more ($n in all)"
	is "$(ctl log @on_boot_healthy)" "hook-out-healthy" "boot $n: its output is in initctl log @on_boot_healthy"
	like "$(ctl log @on_boot_healthy --all)" "run 0 .*exit 0" "boot $n: --all shows its exit"
	check "boot $n: not on the console" not_on_console hook-out-healthy
	check "boot $n: the journal records it" journaled @on_boot_healthy
	hj=$(ctl journal --json | grep -F '"@on_boot_healthy"')
	like "$hj" '"state":"running"' "boot $n: the journal records the hook's start"
	like "$hj" '"state":"done".*"exit":0' "boot $n: ... and its end, exit 0"
	ctl reload >/dev/null; ctl status >/dev/null   # more loop passes
	is "$(lines "$T/healthy.n")" "$n" "boot $n: still once after more loop passes"
	cut
done
is "$(lines "$T/unhealthy.n")" 0 "healthy boots never ran on_boot_unhealthy"

# Boot 3: a critical service fails and boot_ok_after is far away.
svc bad <<EOF
[service]
exec = /bin/false
critical = yes
restart = no
EOF
sed -i 's/^boot_ok_after = 200ms$/boot_ok_after = 1h/' "$T/init.ini"
boot
check "boot 3: bad failed" wait_for 10 state_is bad failed
check "boot 3: on_boot_unhealthy ended" wait_for 10 hook_ended @on_boot_unhealthy
is "$(lines "$T/unhealthy.n")" 1 "boot 3: on_boot_unhealthy ran once"
like "$(cat "$T/console.log")" "@on_boot_unhealthy: exited 4" "boot 3: its exit status is logged"
check "boot 3: the journal records it" journaled @on_boot_unhealthy
ctl restart bad >/dev/null
check "boot 3: bad failed again" wait_for 10 state_is bad failed
ctl status >/dev/null
is "$(lines "$T/unhealthy.n")" 1 "boot 3: still once after a second failure"
is "$(lines "$T/healthy.n")" 2 "boot 3: on_boot_healthy did not run"
cut
done_testing
