#!/usr/bin/env bash
# Broken service files: each gives one message naming file:line (or the
# cycle); that service and those requiring it do not start; every other
# service starts.  PID 1 keeps running.
. "$(dirname "$0")/lib.sh"
long=$(printf 'x%.0s' $(seq 1 220))
svc good <<EOF
[service]
exec = /bin/sleep 6001
EOF
svc badsection <<EOF
[service]
exec = /bin/sleep 6002
[servise]
restart = always
EOF
svc badkey <<EOF
[service]
exec = /bin/sleep 6003
restrat = always
EOF
svc badvalue <<EOF
[service]
exec = /bin/sleep 6004

restart = sometimes
EOF
svc longline <<EOF
[service]
exec = /bin/sleep 6005
env = LONG=$long
EOF
svc cyc1 <<EOF
[service]
exec = /bin/sleep 6006
requires = cyc2
EOF
svc cyc2 <<EOF
[service]
exec = /bin/sleep 6007
after = cyc1
EOF
svc missingreq <<EOF
[service]
exec = /bin/sleep 6008
requires = nowhere
EOF
svc noexec <<EOF
[service]
exec = /no/such/program --flag
EOF
svc needsbad <<EOF
[service]
exec = /bin/sleep 6009
requires = badkey
EOF
ns_start
check "good service runs" wait_for 10 state_is good running
C=$T/console.log
# msg NAME LINE-PATTERN WORDS: the console names the file:line and what is wrong,
# the job is failed with the same reason, and nothing of it runs.
msg() {
	like "$(cat "$C")" "$SVC/$1.ini:$2: .*$3" "$1: message names file:line and says '$3'"
	is "$(jfield "$1" state)" failed "$1: not started (failed)"
	like "$(jfield "$1" why)" "$3" "$1: status says why"
}
msg badsection 3 "section"
msg badkey 3 "restrat"
msg badvalue 4 "sometimes"
msg longline 3 "too long"
msg missingreq 3 "nowhere"
msg noexec '[0-9]+' "/no/such/program"
like "$(cat "$C")" "cyc1 -> cyc2 -> cyc1|cyc2 -> cyc1 -> cyc2" "the cycle is named"
is "$(jfield cyc1 state)" failed "cycle member cyc1 not started"
is "$(jfield cyc2 state)" failed "cycle member cyc2 not started"
is "$(jfield needsbad state)" failed "a service requiring a broken one is not started"
like "$(jfield needsbad why)" "badkey" "and status says which one"
for n in 6002 6003 6004 6005 6006 6007 6008 6009; do
	is "$(ns_procs "sleep $n" | wc -l)" 0 "no process for sleep $n"
done
is "$(ns_procs 'sleep 6001' | wc -l)" 1 "the good service has its process"
check "PID 1 still answers" sh -c "$INITCTL status >/dev/null"
done_testing
