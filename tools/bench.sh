#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make bench: numbers, never pass/fail (docs/bench.md).
#  1. the journal: bytes per job event, recovery time of a full 1 MiB
#     journal, code it adds (tools/bench-journal.sh);
#  2. PID 1's CPU under a crash-looping service (tools/bench-crashloop.sh);
#  3. keel next to minisup (bare fork/exec PID 1), BusyBox init and runit
#     in ../shared/bench, when that harness is there (BENCH_ROWS,
#     BENCH_SCENARIOS, REPS override the defaults).
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
bash tools/bench-journal.sh "$build"
echo
bash tools/bench-crashloop.sh "$build" 10
echo
h=../shared/bench
if [ ! -f "$h/run_all.sh" ]; then
	echo "== ../shared/bench not found: the comparison with other inits is skipped"
	exit 0
fi
pk=""
for p in runit busybox-static; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || pk="$pk $p"; done
[ -z "$pk" ] || apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $pk >/dev/null
w=$build/bench-harness
rm -rf "$w"; cp -r "$h" "$w"; chmod -R u+w "$w"
cp tools/bench/keel.sh "$w/adapters/keel.sh"
export KEEL; KEEL=$(readlink -f "$build/init")
echo "== ../shared/bench: ${BENCH_ROWS:-minisup keel busybox runit}, scenarios ${BENCH_SCENARIOS:-S1 S2 S3fast S4 S5 S6 S7}"
(cd "$w" && BENCH_TMP=$(readlink -f .)/tmp SCENARIOS="${BENCH_SCENARIOS:-S1 S2 S3fast S4 S5 S6 S7}" REPS=${REPS:-2} \
	S3F_SAMPLES=${S3F_SAMPLES:-10} ./run_all.sh ${BENCH_ROWS:-minisup keel busybox runit})
