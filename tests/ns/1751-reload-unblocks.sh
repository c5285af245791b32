#!/usr/bin/env bash
# reload of a changed file clears blocked (issue 14): a service blocked by
# its restart limit (crashes) or by a refused start (a squatter holds its
# port) stays blocked, with the same reason, after a reload that leaves
# its file alone; a reload of a changed file starts it again and its WHY
# is recomputed (the old refusal text is gone).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
P=$(srv free-port)
svc crashy <<EOF
[service]
exec = /bin/sh -c "exit 3"
restart_limit = 1
restart_delay = 50ms
EOF
svc porty <<EOF
[service]
exec = /bin/busybox nc -l -p $P
ports = tcp:$P
restart_limit = 1
restart_delay = 50ms
EOF
write_init_ini
ns_start
# porty starts before the squatter exists: stop it, plant the squatter, start.
check "porty running" wait_for 10 state_is porty running
ctl stop porty >/dev/null
check "porty stopped" wait_for 10 state_is porty stopped
in_ns /bin/busybox nc -l -p "$P" >/dev/null 2>&1 & disown
check "squatter listens on $P" wait_for 10 srv listening tcp "$P"
sq=$(ns_procs "nc -l -p $P" | head -1)
ctl start porty >/dev/null
check "crashy blocked" wait_for 10 state_is crashy blocked
check "porty blocked" wait_for 10 state_is porty blocked
cwhy=$(jfield crashy why); pwhy=$(jfield porty why)
like "$cwhy" "restart limit" "crashy: why names the restart limit"
like "$pwhy" "refusing, singleton=no" "porty: why has the refusal"

out=$(ctl reload 2>&1)
like "$out" "0 changed" "reload with unchanged files: 0 changed"
is "$(jfield crashy state)" blocked "unchanged: crashy stays blocked"
is "$(jfield crashy why)" "$cwhy" "unchanged: crashy's why is the same"
is "$(jfield porty state)" blocked "unchanged: porty stays blocked"
is "$(jfield porty why)" "$pwhy" "unchanged: porty's why is the same"

svc crashy <<EOF
[service]
exec = /bin/sleep 1751
restart_limit = 1
restart_delay = 50ms
EOF
echo "kill_others = yes" >> "$SVC/porty.ini"
out=$(ctl reload 2>&1)
like "$out" "2 changed" "reload with both files changed: 2 changed"
check "changed: crashy running" wait_for 10 state_is crashy running
is "$(jfield crashy why)" "" "crashy: the old reason is gone"
check "changed: porty running" wait_for 10 state_is porty running
check "the squatter was stopped" wait_for 10 gone "$sq"
no_refusal() { ! why_like porty "refusing"; }
check "porty: the old refusal text is gone" no_refusal
is "$(jfield crashy restart_count)" 1 "crashy: restart_count kept (1 restart before the block)"
done_testing
