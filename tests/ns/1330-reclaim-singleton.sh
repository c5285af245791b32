#!/usr/bin/env bash
# singleton=yes across init runs: init (a plain subreaper here, so its
# services outlive it) is killed with -9 and started again; the old
# instance, found by its pidfile and its port, is stopped before the new
# one is spawned: never two at once, and the new one binds on the first try.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
TAG=single.1330.$$
# Host pids of live processes whose command line holds $TAG.
tagged() {
	local p
	for p in /proc/[0-9]*; do
		grep -q '^State:.*Z' "$p/status" 2>/dev/null && continue
		tr '\0' ' ' 2>/dev/null < "$p/cmdline" | grep -qF -- "$TAG" && echo "${p#/proc/}"
	done
}
# Whatever happens, leave no instance behind (they outlive plain init).
trap 'for p in $(tagged); do kill -KILL "$p"; done; cleanup' EXIT

P=$(srv free-port)
svc single <<EOF
[service]
exec = $PY $SRVF serve --port $P --pidfile $T/single.pid --tag $TAG
pidfile = $T/single.pid
ports = tcp:$P
singleton = yes
restart_delay = 200ms
EOF
plain_start
check "run 1: single running" wait_for 10 state_is single running
old=$(jfield single pid)
has_pidfile() { [ "$(cat "$T/single.pid" 2>/dev/null)" = "$old" ]; }
check "run 1: pidfile written" wait_for 10 has_pidfile
kill -KILL "$NS_PID"; wait "$NS_PID" 2>/dev/null
check "init of run 1 is gone" gone "$NS_PID"
check "the old instance outlived it" kill -0 "$old"
rm -f "$T/ctl.sock"

# Sample the instance count every 10 ms until told to stop (30 s at most).
(
	max=0 end=$(( $(date +%s) + 30 ))
	while [ ! -e "$T/stop-sampler" ] && [ "$(date +%s)" -lt "$end" ]; do
		c=$(tagged | wc -l)
		[ "$c" -gt "$max" ] && { max=$c; echo "$max" > "$T/max"; }
		: > "$T/sampled"
		sleep 0.01
	done
) &
sampler=$!
# One whole scan first (it takes longer than keel's takeover), so the
# count is watched from before the new init starts.
sampled() { [ -e "$T/sampled" ]; }
check "the sampler saw the old instance" wait_for 30 sampled

plain_start
new_up() { state_is single running && [ "$(jfield single pid)" != "$old" ]; }
check "run 2: a new instance runs" wait_for 15 new_up
check "run 2: the old instance was stopped" wait_for 10 gone "$old"
is "$(jfield single restart_count)" 0 "run 2: the new one bound tcp:$P on the first try"
# With cgroup v2 the old instance is still in the job's cgroup: keel
# stops it as a leftover of an earlier run before reclaim even looks.
like "$(cat "$T/console.log")" "held by pid $old \(python3[^)]*\): stopping, singleton=yes|single: stopping: processes of an earlier run" \
	"run 2: the stop of the old instance is logged"
touch "$T/stop-sampler"; wait "$sampler"
is "$(cat "$T/max" 2>/dev/null)" 1 "never two instances at once"
is "$(tagged | wc -l)" 1 "exactly one instance now"
ctl stop single >/dev/null
check "stopped at the end" wait_for 10 state_is single stopped
done_testing
