#!/usr/bin/env bash
# Shutdown stops services in reverse dependency order; as PID 1 of a
# namespace, poweroff ends it the way reboot(2) ends a namespace init
# (killed by SIGINT: status 130), reboot with SIGHUP (129); as a plain
# process the same shutdown exits 0 with nothing left behind.
. "$(dirname "$0")/lib.sh"
LOG=$T/stop.log
mk() { # name after
	svc "$1" <<EOF
[service]
${2:+after = $2}
exec = /bin/sh -c "trap 'echo $1 >> $LOG; exit 0' TERM; echo up >/dev/null; sleep 5001 & wait"
EOF
}
mk a ""
mk b a
mk c b
ns_start
check "c running" wait_for 10 state_is c running
ctl poweroff >/dev/null
ns_wait_exit 30; st=$EXIT_STATUS
is "$st" 130 "namespace ends as after reboot(RB_POWER_OFF) (killed by SIGINT)"
is "$(tr '\n' ' ' < "$LOG")" "c b a " "stopped in reverse dependency order"

# reboot: SIGHUP status
rm -f "$LOG" "$T/ctl.sock"
ns_start
check "c running (2nd boot)" wait_for 10 state_is c running
kill -TERM "$INIT_PID"   # SIGTERM to PID 1 = reboot
ns_wait_exit 30; st=$EXIT_STATUS
is "$st" 129 "SIGTERM reboots: namespace ends with SIGHUP status"
is "$(tr '\n' ' ' < "$LOG")" "c b a " "reverse order on reboot too"

# plain process (subreaper)
rm -f "$LOG" "$T/ctl.sock"
plain_start
check "c running (plain)" wait_for 10 state_is c running
pids=$(for n in a b c; do jfield $n pid; done)
ctl poweroff >/dev/null
ns_wait_exit 30; st=$EXIT_STATUS
is "$st" 0 "plain process exits 0 after stopping everything"
is "$(tr '\n' ' ' < "$LOG")" "c b a " "reverse order as a plain process"
left=0; for p in $pids; do kill -0 "$p" 2>/dev/null && left=$((left+1)); done
is "$left" 0 "no service process left"
done_testing
