#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CPU that PID 1 spends on a crash-looping service (issue: "a crash-looping
# service costs PID 1 under 1% CPU").  keel runs as PID 1 of a new PID
# namespace with one service that exits at once, restart = always, first
# with the defaults (restart_delay 1 s, limit 5 in 60 s: it blocks), then
# with a fast loop (restart_delay 20ms, limit 32 per 1 s: it keeps going,
# back-off doubling to restart_delay_max 1s).  Over 10 s: starts, PID 1's
# CPU time (utime+stime from /proc/PID/stat) and its share of one core.
#   tools/bench-crashloop.sh BUILD_DIR [SECONDS]
set -u
build=${1:-build}; secs=${2:-10}
init=$(readlink -f "$build/init")
hz=$(getconf CLK_TCK)
run() { # label, extra service lines
	local t; t=$(mktemp -d /tmp/keel-crash.XXXXXX)
	mkdir -p "$t/svc.d"
	printf '[service]\nexec = /bin/sh -c "echo x >> %s/starts; exit 1"\n%b' "$t" "$2" > "$t/svc.d/crash.ini"
	printf '[init]\nsvc_dir = %s/svc.d\ncontrol = %s/ctl.sock\n' "$t" "$t" > "$t/init.ini"
	unshare --pid --fork --mount-proc --kill-child "$init" -c "$t/init.ini" >"$t/log" 2>&1 &
	local ns=$! pid=""
	for _ in $(seq 100); do pid=$(awk '{print $1}' /proc/$ns/task/$ns/children 2>/dev/null); [ -n "$pid" ] && break; sleep 0.05; done
	local c0; c0=$(awk '{print $14+$15}' /proc/$pid/stat)
	sleep "$secs"   # a benchmark window, not a test wait
	local c1; c1=$(awk '{print $14+$15}' /proc/$pid/stat)
	local n; n=$(wc -l < "$t/starts" 2>/dev/null || echo 0)
	kill -KILL $ns; wait $ns 2>/dev/null
	awk -v l="$1" -v n="$n" -v d=$((c1 - c0)) -v hz="$hz" -v s="$secs" 'BEGIN {
		printf "%-40s %5d starts in %ds, PID 1 CPU %4.0f ms = %.2f%% of one core\n", l, n, s, d*1000/hz, d*100/hz/s }'
	rm -rf "$t"
}
echo "== crash loop: PID 1 CPU over ${secs}s (keel $(stat -c %s "$init") bytes)"
run "defaults (1s delay, 5 per 60s, then blocked)" ""
run "fast loop (20ms doubling to 1s, 32 per 1s)" "restart_delay = 20ms\nrestart_delay_max = 1s\nrestart_limit = 32\nrestart_window = 1s\n"
run "no back-off (0ms delay, 32 per 1s)" "restart_delay = 0\nrestart_limit = 32\nrestart_window = 1s\n"
