#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A job owns its processes on the real kernel (issue 11): PID 1 mounts
# cgroup2 at /sys/fs/cgroup and runs a double-forking service in its own
# cgroup; `initctl stop` leaves no process of it behind (the TERM-proof
# grandchild is killed at stop_timeout) and removes the cgroup.
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
image plain "$BUILD/init" || { ok 1 "image built"; done_testing; }
mkdir -p "$T/cg.x/etc/svc.d" "$T/cg.x/lib/keel"
cat > "$T/cg.x/etc/svc.d/dfork.ini" <<'INI'
[service]
exec = /bin/sh -c '( (trap "" TERM; exec sleep 1801) & ) && exec sleep 1800'
stop_timeout = 1s
INI
cat > "$T/cg.x/etc/svc.d/autotest.ini" <<'INI'
[service]
log = console
type = oneshot
exec = /lib/keel/cgcheck.sh
INI
cat > "$T/cg.x/lib/keel/cgcheck.sh" <<'SH'
#!/bin/sh
# Count live processes whose command line holds $1.
count() {
	n=0
	for p in /proc/[0-9]*; do
		grep -q '^State:.*Z' "$p/status" 2>/dev/null && continue
		tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q "$1" && n=$((n + 1))
	done
	echo $n
}
i=0
while [ "$(count 'sleep 180')" != 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "keel-check: mount $(awk '$9 == "cgroup2" { print $5 }' /proc/self/mountinfo)"
echo "keel-check: before $(count 'sleep 180')"
echo "keel-check: members $(wc -l < /sys/fs/cgroup/svc-dfork/cgroup.procs)"
echo "keel-check: status $(initctl status --json | tr -d ' ' | grep -o '"name":"dfork"[^}]*"procs":[0-9]*' | sed 's/.*"procs"://')"
initctl stop dfork
i=0
until initctl status dfork | grep -q ' stopped ' || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "keel-check: state $(initctl status dfork | awk '$2 == "dfork" { print $3 }')"
echo "keel-check: after $(count 'sleep 180')"
[ -d /sys/fs/cgroup/svc-dfork ] && echo "keel-check: cgroup kept" || echo "keel-check: cgroup removed"
initctl poweroff
SH
chmod +x "$T/cg.x/lib/keel/cgcheck.sh"
extra cg
BOOT_TIMEOUT=90 boot cg
val() { sed -n "s/.*keel-check: $1 \([^[:space:]]*\).*/\1/p" "$T/cg.log" | head -1 | tr -d '\r'; }
is "$(val mount)" /sys/fs/cgroup "PID 1 mounted cgroup2 at /sys/fs/cgroup"
is "$(val before)" 2 "the service and its double-forked grandchild run"
is "$(val members)" 2 "both are in the job's cgroup"
is "$(val status)" 2 "initctl status counts 2 processes"
is "$(val state)" stopped "initctl stop: stopped"
is "$(val after)" 0 "no process of it is left"
is "$(val cgroup)" removed "its cgroup is removed"
check "PID 1 killed the TERM-proof one at stop_timeout" grep -q "dfork: did not stop in 1000ms, sending KILL" "$T/cg.log"
check "clean poweroff" grep -q "reboot: Power down" "$T/cg.log"
[ "$_fail" = 0 ] || show_log cg 40
done_testing
