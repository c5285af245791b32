#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Service output benchmark, numbers only (docs/bench.md): the code the log
# module adds (per-object `size` of svc/out/*.o and init/ctl/logcmd.o as
# built), PID 1's memory with the default 64K ring (idle, and after the
# ring was written through), and a service writing 100 MB as fast as it
# can: how long it takes, PID 1's CPU for it, and the latency of
# `initctl status` asked meanwhile.  build/init runs as PID 1 of its own
# PID namespace (root needed; else only the code size is printed).
# Usage: tools/bench-log.sh [BUILD_DIR]
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/init" ] || { echo "bench-log: $build/init not built (make all)" >&2; exit 1; }

echo "== service output (svc/out/, init/ctl/logcmd.c)"
echo "code, per object as built in $build/obj (before --gc-sections; text includes rodata):"
sum=0
for o in "$build"/obj/svc/out/*.o "$build"/obj/init/ctl/logcmd.o; do
	[ -f "$o" ] || continue
	read -r t d b _ < <(size "$o" | tail -1)
	sum=$((sum + t))
	printf '  %-24s text %6s  data %4s  bss %5s\n' "${o#"$build"/obj/}" "$t" "$d" "$b"
done
printf '  %-24s text %6s\n' "total" "$sum"
[ "$(id -u)" = 0 ] || { echo "(not root: PID 1's memory and the flood are skipped)"; exit 0; }

T=$(mktemp -d /tmp/keel-bench-log.XXXXXX)
trap 'kill -KILL "$ns" 2>/dev/null; { wait "$ns"; } 2>/dev/null; rm -rf "$T"' EXIT
mkdir -p "$T/svc.d"
for i in 1 2 3; do
	printf '[service]\nexec = /bin/sh -c "echo service %s up; exec sleep 3600"\n' "$i" > "$T/svc.d/s$i.ini"
done
cat > "$T/svc.d/flood.ini" <<EOF
[service]
exec = /bin/sh -c "read x < $T/go; yes 'flood line 0123456789 0123456789 0123456789' | head -c 100000000; echo; echo end; exec sleep 3600"
EOF
mkfifo "$T/go"
printf '[init]\nsvc_dir = %s/svc.d\ncontrol = %s/ctl.sock\n' "$T" "$T" > "$T/init.ini"
export INITCTL_SOCKET=$T/ctl.sock
unshare --pid --fork --mount-proc --kill-child "$build/init" -c "$T/init.ini" >"$T/console.log" 2>&1 &
ns=$!
for _ in $(seq 200); do [ -S "$T/ctl.sock" ] && "$build/initctl" log s3 2>/dev/null | grep -q up && break; sleep 0.05; done
pid=$(cat "/proc/$ns/task/$ns/children" | awk '{print $1}')
mem() {
	awk '/^VmRSS|^RssAnon|^RssFile|^RssShmem/ { printf "%s %s kB  ", $1, $2 }' "/proc/$pid/status"
	awk '/^Pss:/ { printf "Pss %s kB", $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null
	echo
}
echo "PID 1's memory, default ring (64K), 4 services, idle:"
echo "  $(mem)"
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
c0=$(ticks); t0=$(date +%s%N)
echo > "$T/go"
n=0 worst=0 total=0
until "$build/initctl" log flood -n 1 2>/dev/null | grep -qx end; do
	a=$(date +%s%N)
	"$build/initctl" status >/dev/null 2>&1
	ms=$(( ($(date +%s%N) - a) / 1000000 ))
	n=$((n + 1)); total=$((total + ms))
	[ "$ms" -gt "$worst" ] && worst=$ms
	[ "$n" -lt 100000 ] || break
done
t1=$(date +%s%N); c1=$(ticks)
wall=$(( (t1 - t0) / 1000000 ))
echo "100 MB of output (about 2.3 million lines) through the ring: ${wall} ms wall,"
echo "  PID 1's CPU $(( (c1 - c0) * 1000 / hz )) ms; initctl status asked $n times meanwhile:"
echo "  mean $(( n ? total / n : 0 )) ms, slowest $worst ms (initctl's own start included)"
echo "PID 1's memory after the ring was written through:"
echo "  $(mem)"
