#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make bench: numbers, never pass/fail (docs/bench.md).  Exits non-zero only
# when it cannot run at all (no build/init).
#  1. the journal: bytes per job event, recovery time of a full 1 MiB
#     journal, code it adds (tools/bench-journal.sh, the journal's own);
#     service output: code it adds, PID 1's memory with the default ring,
#     a 100 MB flood's CPU and status latency (tools/bench-log.sh);
#  2. size: text, data and bss of build/init per subsystem and libc's
#     share (tools/bench-size.sh);
#  3. S4: PID 1's CPU under a crash-looping service (tools/bench/crashloop.sh);
#  4. keel against other inits (root): S2, S2-50, S3fast, S5, S6, each
#     system PID 1 of its own namespaces (tools/bench/compare.py, the rows in
#     tools/bench/rows.py), the anchors' Debian packages installed when
#     missing; then the table (tools/bench/table.py);
#     S6's profile: keel's start-up per service and under perf
#     (tools/bench/s6profile.py, when perf is installed);
#  5. S8: the QEMU board booted with keel and with BusyBox init as /init
#     (tools/bench/s8.sh).
# Knobs: BENCH_ROWS [minimal keel busybox runit s6 finit tini],
# BENCH_SCENARIOS [S2 S2-50 S3fast S5 S6], REPS [2], S3F_SAMPLES [10],
# S5_ORPHANS [5000], BENCH_CRASH [1], BENCH_CRASH_S [10], BENCH_S6PROF [1],
# S6PROF_REPS [3], BENCH_S8 [1], S8_BOOTS [5].
set -u
cd "$(dirname "$0")/.." || exit 1
build=${1:-build}
[ -x "$build/init" ] || { echo "bench: $build/init not built (make all)" >&2; exit 1; }
PY=/usr/bin/python3

if [ -f tools/bench-journal.sh ]; then
	bash tools/bench-journal.sh "$build" || echo "== journal bench failed (exit $?)"
else
	echo "== journal numbers: tools/bench-journal.sh is not in the tree yet (call site kept here)"
fi
# The code readiness adds: its own objects (docs/bench.md, "Readiness",
# has the figure for the whole binary, hooks included).
ready_objs="$build/obj/svc/run/ready.o $build/obj/svc/run/notify.o $build/obj/svc/run/notify_msg.o"
# shellcheck disable=SC2086
echo "== readiness code: $(size $ready_objs 2>/dev/null | awk 'NR > 1 { t += $1 } END { print t + 0 }') B of text in ready.o, notify.o, notify_msg.o"
echo
bash tools/bench-log.sh "$build" || echo "== service output bench failed (exit $?)"
echo
bash tools/bench-size.sh "$build" || echo "== size breakdown failed (exit $?)"
echo
[ "${BENCH_CRASH:-1}" = 1 ] && { bash tools/bench/crashloop.sh "$build" "${BENCH_CRASH_S:-10}"; echo; }

if [ "$(id -u)" != 0 ]; then
	echo "== not root: the comparison with other inits (namespaces, mounts) and S8 are skipped"
	exit 0
fi

# Debian packages of the anchor rows, installed only when missing.
pkg_of() { case $1 in busybox) echo busybox-static ;; runit) echo runit ;; s6) echo s6 ;;
	finit) echo finit ;; tini) echo tini ;; esac; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
rows=${BENCH_ROWS:-minimal keel busybox runit s6 finit tini}
miss=""
for r in $rows; do p=$(pkg_of "$r"); [ -n "$p" ] && ! installed "$p" && miss="$miss $p"; done
if [ -n "$miss" ]; then
	echo "== installing anchor packages:$miss"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $miss >"$build/bench-apt.log" 2>&1 ||
		{ apt-get -o DPkg::Lock::Timeout=600 update -q >>"$build/bench-apt.log" 2>&1 &&
		  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $miss >>"$build/bench-apt.log" 2>&1; } ||
		echo "== apt-get failed (see $build/bench-apt.log)"
	keep=""
	for r in $rows; do
		p=$(pkg_of "$r")
		if [ -n "$p" ] && ! installed "$p"; then echo "== $p could not be installed: row $r dropped"; else keep="$keep $r"; fi
	done
	rows=${keep# }
fi

# The bench's own programs: the service program and the minimal PID 1.
bin=$build/bench/bin
mkdir -p "$bin"
for p in svc refinit; do
	musl-gcc -Os -static -Wall -Wextra -Werror -o "$bin/$p" "tools/bench/$p.c" || exit 1
done
run_id=$(date +%Y%m%d-%H%M%S)
res=$build/bench/$run_id.jsonl
echo "== keel against other inits: rows: $rows; scenarios: ${BENCH_SCENARIOS:-S2 S2-50 S3fast S5 S6}; REPS=${REPS:-2} (progress on stderr)"
# shellcheck disable=SC2086
BENCH_BIN=$(readlink -f "$bin") BENCH_RUN=$(readlink -f "$build")/bench/run KEEL=$(readlink -f "$build/init") \
	"$PY" tools/bench/compare.py "$res" $rows
echo
"$PY" tools/bench/table.py "$res"
echo "records: $res"
echo
if [ "${BENCH_S6PROF:-1}" = 1 ] && command -v perf >/dev/null; then
	echo "== S6: where keel's start-up time goes (tools/bench/s6profile.py)"
	BENCH_BIN=$(readlink -f "$bin") BENCH_RUN=$(readlink -f "$build")/bench/run KEEL=$(readlink -f "$build/init") \
		"$PY" tools/bench/s6profile.py "$build"
	echo
fi
[ "${BENCH_S8:-1}" = 1 ] && bash tools/bench/s8.sh "$build"
exit 0
