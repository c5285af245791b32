#!/usr/bin/env bash
# Build and run every tests/fuzz/fuzz_*.c with libFuzzer (clang, ASan, UBSan)
# for FUZZ_SECONDS each (default 10).  A target names the sources it links
# in a first-line comment "// SRCS: init/a.c svc/b.c" (optional "// LIBS:"
# line for extra libraries; -linih is always linked, as for unit tests).  Seeds: tests/fuzz/corpus/<target>/
# (read only; new inputs go to build/fuzz/corpus-<target>/).  Output is TAP
# plus a last line "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-10}
out=${BUILD:-build}/fuzz
cc=$(command -v clang-14 || command -v clang || true)
mkdir -p "$out"
targets=(tests/fuzz/fuzz_*.c)
echo "1..${#targets[@]}"
pass=0 fail=0 n=0
for src in "${targets[@]}"; do
	n=$((n + 1))
	t=$(basename "$src" .c)
	srcs=$(sed -n '1,3s|^// SRCS:||p' "$src")
	libs=$(sed -n '1,3s|^// LIBS:||p' "$src")
	if [ -z "$cc" ]; then
		echo "not ok $n - $t: no clang found"; fail=$((fail + 1)); continue
	fi
	# shellcheck disable=SC2086
	if ! "$cc" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-std=gnu11 -D_GNU_SOURCE -DKEEL_HOST -I. -o "$out/$t" "$src" $srcs $libs -linih \
		> "$out/$t.build.log" 2>&1; then
		echo "not ok $n - $t: build failed"; sed 's/^/# /' "$out/$t.build.log" | head -20
		fail=$((fail + 1)); continue
	fi
	seeds=tests/fuzz/corpus/$t
	work=$out/corpus-$t
	mkdir -p "$work" "$seeds"
	if "$out/$t" -max_total_time="$secs" -max_len=40000 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/$t-" "$work" "$seeds" > "$out/$t.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
		echo "ok $n - $t: ${runs:-?} runs in ${secs}s, no crash"; pass=$((pass + 1))
	else
		echo "not ok $n - $t: crash (see $out/$t.log)"
		grep -E 'ERROR|SUMMARY|artifact' "$out/$t.log" | head -5 | sed 's/^/# /'
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
