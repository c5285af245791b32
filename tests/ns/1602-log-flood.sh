#!/usr/bin/env bash
# A service that writes 100 MB to its output as fast as it can (ring
# mode) never stalls PID 1: `initctl status` is answered every time it is
# asked while the flood runs, each answer within a generous 1 s (make
# bench reports the real latency); the flood ends, the ring holds its
# newest lines and says how many older ones it overwrote, and another
# service's lines written meanwhile are all kept.
. "$(dirname "$0")/lib.sh"
svc flood <<EOF
[service]
type = oneshot
exec = /bin/sh -c "yes 'flood line 0123456789 0123456789 0123456789' | head -c 100000000"
EOF
svc calm <<EOF
[service]
exec = /bin/sh -c "i=0; while [ \$i -lt 50 ]; do echo calm \$i; i=\$((i+1)); sleep 0.05; done; exec sleep 1602"
log = file:$T/calm.log
EOF
ns_start
asked=0 slow=0 failed=0 worst=0
while ! state_is flood done; do
	t0=$(date +%s%N)
	ctl -t 10 status >/dev/null 2>&1 || failed=$((failed + 1))
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	asked=$((asked + 1))
	[ "$ms" -gt "$worst" ] && worst=$ms
	[ "$ms" -gt 1000 ] && slow=$((slow + 1))
	[ "$asked" -lt 3000 ] || break
done
diag "status asked $asked times during the flood, slowest answer $worst ms"
check "the flood finished (done)" wait_for 60 state_is flood done
ok "$([ "$asked" -ge 3 ]; echo $?)" "status was asked during the flood ($asked times)"
is "$failed" 0 "every status request was answered"
is "$slow" 0 "no answer took more than 1 s (slowest $worst ms)"
last=$(ctl log flood -n 1 2>"$T/err")
like "$last" "^(flood line 0123456789 0123456789 0123456789|f|fl|flo|floo|flood.*)$" "the newest line is kept"
like "$(cat "$T/err")" "older lines of this service were overwritten" "the overwritten lines are counted"
is "$(ctl log flood 2>/dev/null | grep -cv '^flood line 0123456789 0123456789 0123456789$')" 1 \
	"the kept lines are whole (only the cut last one differs)"
check "calm wrote its 50 lines" wait_for 20 sh -c "[ \$(grep -c '^calm ' $T/calm.log) = 50 ]"
is "$(grep '^calm ' "$T/calm.log" | tr '\n' ' ')" "$(i=0; while [ $i -lt 50 ]; do printf 'calm %d ' $i; i=$((i+1)); done)" \
	"calm's lines, written during the flood, all kept in order"
done_testing
