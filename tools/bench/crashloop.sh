#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CPU that PID 1 spends on a crash-looping service (issue 5: "a crash-looping
# service costs PID 1 under 1% CPU"): keel runs as
# PID 1 of a new PID namespace (host root, no chroot) with one service that
# exits 1 at once, `restart = always`, under three policies: keel's defaults
# (restart_delay 1s, at most 5 restarts per 60s, then blocked), the default
# delay with the limit off (1 restart/s for ever, like BusyBox init, runit,
# s6), and no delay with the limit off (as fast as keel can).  Over SECONDS:
# starts, and PID 1's CPU time (first field of /proc/PID/schedstat, ns) as
# a share of one core.  Numbers only, never pass/fail.
#   tools/bench/crashloop.sh BUILD_DIR [SECONDS]
set -u
build=${1:-build}; secs=${2:-10}
init=$(readlink -f "$build/init")
[ "$(id -u)" = 0 ] || { echo "== crash loop: needs root (unshare --pid), skipped"; exit 0; }
run() { # label, extra service lines
	local t pid="" ns c0 c1 n
	t=$(mktemp -d /tmp/keel-crash.XXXXXX)
	mkdir -p "$t/svc.d"
	printf '[service]\nexec = /bin/sh -c "echo x >> %s/starts; exit 1"\nrestart = always\n%b' \
		"$t" "$2" > "$t/svc.d/crash.ini"
	printf '[init]\nsvc_dir = %s/svc.d\ncontrol = %s/ctl.sock\n' "$t" "$t" > "$t/init.ini"
	unshare --pid --fork --mount-proc --kill-child "$init" -c "$t/init.ini" >"$t/log" 2>&1 &
	ns=$!
	for _ in $(seq 200); do
		pid=$(awk '{print $1}' "/proc/$ns/task/$ns/children" 2>/dev/null)
		[ -n "$pid" ] && [ -s "$t/starts" ] && break
		sleep 0.01
	done
	if [ -z "$pid" ] || [ ! -s "$t/starts" ]; then
		printf '%-46s keel did not start the service (log: %s)\n' "$1" "$(tr '\n' ' ' < "$t/log")"
		kill -KILL "$ns" 2>/dev/null; wait "$ns" 2>/dev/null; rm -rf "$t"; return
	fi
	c0=$(awk '{print $1}' "/proc/$pid/schedstat")
	sleep "$secs"   # the measurement window, not a wait for an event
	c1=$(awk '{print $1}' "/proc/$pid/schedstat")
	n=$(wc -l < "$t/starts")
	kill -KILL "$ns"; wait "$ns" 2>/dev/null
	awk -v l="$1" -v n="$n" -v d=$((c1 - c0)) -v s="$secs" 'BEGIN {
		printf "%-46s %6d starts in %ds, PID 1 CPU %7.1f ms = %.3f%% of one core\n", l, n, s, d/1e6, d/1e7/s }'
	rm -rf "$t"
}
echo "== S4, crash loop: PID 1 CPU over ${secs}s (keel $(stat -c %s "$init") bytes)"
run "defaults (1s delay, 5 per 60s, then blocked)" ""
run "1s delay, limit off (restart_window = 0)" "restart_window = 0\n"
run "no delay, limit off" "restart_delay = 0\nrestart_window = 0\n"
