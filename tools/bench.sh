#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make bench: numbers, never pass/fail (docs/bench.md).  Exits non-zero only
# when it cannot run at all (no build/init).
#  1. the journal: bytes per job event, recovery time of a full 1 MiB
#     journal, code it adds (tools/bench-journal.sh, the journal's own);
#     service output: code it adds, PID 1's memory with the default ring,
#     a 100 MB flood's CPU and status latency (tools/bench-log.sh);
#  2. keel against other inits, when BENCH_HARNESS names a copy of the
#     comparison harness (not part of keel; a copy in
#     BUILD/bench-harness with our adapter tools/bench/keel.sh), each system
#     PID 1 of its own namespaces; then tools/bench/summary.py;
#  3. without the harness (or with BENCH_CRASH=1): PID 1's CPU under a
#     crash-looping service, host root (tools/bench/crashloop.sh).
# Knobs: BENCH_ROWS [minisup keel busybox runit s6], BENCH_POLICY_ROWS
# [keel-default keel-1s; empty: none] (S3, S3fast, S4 only, 1 repetition), BENCH_SCENARIOS
# [REF S1 S2 S3fast S4 S5 S6 S7], BENCH_S3=1 adds S3 raw (S3_SAMPLES, 200 =
# ~4 min per row), REPS [2], S3F_SAMPLES [10], BENCH_CRASH_S [10],
# BENCH_HARNESS [none: the comparison is skipped].
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
crash() { bash tools/bench/crashloop.sh "$build" "${BENCH_CRASH_S:-10}"; }
[ "${BENCH_CRASH:-0}" = 1 ] && { crash; echo; }

h=${BENCH_HARNESS:-}
if [ -z "$h" ] || [ ! -f "$h/run_all.sh" ]; then
	echo "== no comparison harness (BENCH_HARNESS=DIR, a directory with run_all.sh): the comparison with other inits (minisup, BusyBox init, runit, s6) is skipped"
	[ "${BENCH_CRASH:-0}" = 1 ] || crash
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "== $h needs root (namespaces, mounts): the comparison with other inits is skipped"
	exit 0
fi

# Debian packages of the anchor rows, installed only when missing.
pkg_of() { case $1 in busybox) echo busybox-static ;; runit) echo runit ;; s6|s6-ready) echo s6 ;;
	finit) echo finit ;; tini|tini-static) echo tini ;; dumb-init) echo dumb-init ;;
	catatonit) echo catatonit ;; esac; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
rows=${BENCH_ROWS:-minisup keel busybox runit s6}
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

w=$build/bench-harness
rm -rf "$w"; cp -r "$h" "$w"; chmod -R u+w "$w"
cp tools/bench/keel.sh "$w/adapters/keel.sh"
for p in default 1s; do
	{ echo "KEEL_POLICY=$p"; cat tools/bench/keel.sh; } > "$w/adapters/keel-$p.sh"
done
KEEL=$(readlink -f "$build/init"); export KEEL
wa=$(readlink -f "$w")
export BENCH_TMP=$wa/tmp BENCH_RESULTS=$wa/results
BENCH_RUN_ID=keel-$(date +%Y%m%d-%H%M%S); export BENCH_RUN_ID
sc=${BENCH_SCENARIOS:-REF S1 S2 S3fast S4 S5 S6 S7}
[ "${BENCH_S3:-0}" = 1 ] && sc="$sc S3"
prow=${BENCH_POLICY_ROWS-keel-default keel-1s}
psc=""
for s in $sc; do case $s in S3|S3fast|S4) psc="$psc $s" ;; esac; done
export REPS=${REPS:-2} S3F_SAMPLES=${S3F_SAMPLES:-10} S3_SAMPLES=${S3_SAMPLES:-200}
echo "== $h: rows: $rows; scenarios: $sc; REPS=$REPS (progress on stderr)"
# shellcheck disable=SC2086
(cd "$wa" && SCENARIOS="$sc" ./run_all.sh $rows >/dev/null)
if [ -n "$prow" ] && [ -n "$psc" ]; then
	echo "== keel's other restart policies: $prow; scenarios$psc; REPS=1 (same run id as minisup)"
	# shellcheck disable=SC2086
	(cd "$wa" && SCENARIOS="$psc" REPS=1 ./run_all.sh $prow >/dev/null)
fi
res=$wa/results/$BENCH_RUN_ID.jsonl
echo
"$PY" "$wa/report.py" "$res"
"$PY" tools/bench/summary.py "$res"
echo "records: $res"
