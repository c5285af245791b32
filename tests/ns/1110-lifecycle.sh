#!/usr/bin/env bash
# Lifecycle rules: stop cancels a pending restart for good; restart
# requests during a restart coalesce; restart --all restarts each running
# service once, dependencies first.
. "$(dirname "$0")/lib.sh"
svc flappy <<EOF
[service]
exec = /bin/sh -c "exit 3"
restart = always
restart_delay = 1500ms
EOF
svc base <<EOF
[service]
exec = /bin/sleep 5201
EOF
svc top <<EOF
[service]
requires = base
exec = /bin/sleep 5202
EOF
svc slowstop <<EOF
[service]
exec = /bin/sh -c "trap 'sleep 0.5; exit 0' TERM; sleep 5203 & wait"
EOF
ns_start
check "flappy waits in backoff" wait_for 10 state_is flappy backoff
like "$(jfield flappy why)" "restart in" "status says a restart is pending"
ctl stop flappy >/dev/null
is "$(jfield flappy state)" stopped "stop in backoff -> stopped"
rc0=$(jfield flappy restart_count)
# The cancelled timer was due 1.5 s after the exit: wait past it on an event we can see.
svc marker <<EOF
[service]
type = oneshot
exec = /bin/sleep 2
EOF
ctl reload >/dev/null
check "2 s marker oneshot done" wait_for 10 state_is marker done
is "$(jfield flappy state)" stopped "no restart timer fired for the stopped job"
is "$(jfield flappy restart_count)" "$rc0" "restart_count unchanged"

check "slowstop running" wait_for 10 state_is slowstop running
p0=$(jfield slowstop pid)
ctl restart slowstop >/dev/null
o2=$(ctl restart slowstop); o3=$(ctl restart slowstop)
like "$o2$o3" "restart already in progress" "restart requests during a restart coalesce"
restarted() { state_is slowstop running && [ "$(jfield slowstop pid)" != "$p0" ]; }
check "slowstop restarted" wait_for 10 restarted
p1=$(jfield slowstop pid)
is "$(grep -c 'slowstop: stopping' "$T/console.log")" 1 "one stop for three restart requests"
is "$(ns_procs 'TERM; sleep 5203' | wc -l)" 1 "one service process (the shell)"

check "top running" wait_for 10 state_is top running
pb=$(jfield base pid); pt=$(jfield top pid)
: > "$T/console.log.mark"; n0=$(wc -l < "$T/console.log")
out=$(ctl restart --all); rc=$?
is "$rc" 0 "restart --all exits 0"
all_back() { state_is base running && state_is top running && state_is slowstop running &&
	[ "$(jfield base pid)" != "$pb" ] && [ "$(jfield top pid)" != "$pt" ] && [ "$(jfield slowstop pid)" != "$p1" ]; }
check "every running service restarted" wait_for 15 all_back
order=$(tail -n +$((n0+1)) "$T/console.log" | sed -n 's/^keel: \(base\|top\): running.*/\1/p' | tr '\n' ' ')
is "$order" "base top " "dependency first on restart --all"
is "$(jfield flappy state)" stopped "stopped services are not started by restart --all"
done_testing
