#!/usr/bin/env bash
# Journal benchmark: bytes per job event, recovery time of a full 1 MiB
# journal, and the code the journal adds to build/init (musl-gcc -Os,
# static, --gc-sections: a probe calling the journal API, linked once with
# the journal objects and once with empty stubs).  Numbers only.
# Usage: tools/bench-journal.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
out=$build/bench
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keel-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

srcs="init/cbor.c init/crc32c.c init/jcore.c init/jframe.c init/journal.c init/jrec.c init/jrecover.c init/jwalk.c init/store_file.c init/store_blk.c init/store_mtd.c"
# shellcheck disable=SC2086
gcc -O2 -std=gnu11 -D_GNU_SOURCE -DKEEL_HOST -I. -o "$out/bench-journal" tools/bench-journal.c $srcs
dir=/dev/shm; [ -w "$dir" ] || dir=$tmp
"$out/bench-journal" "$dir"

# Code size added to the static init.
cat > "$tmp/probe.c" <<'C'
#include "init/journal.h"
static void cb(void *u, const struct journal_rec *r) { (void)u; (void)r; }
int main(int argc, char **argv)
{
	struct journal_rec r;
	journal_open(argv[1], 65536);
	journal_resume(argv[1], 65536);
	journal_job(argv[0], 1, 2, 3);
	journal_start(argv[0]);
	journal_healthy();
	journal_shutdown();
	journal_quarantine(argv[0], argc > 2);
	journal_job_last(argv[0], &r);
	journal_history(5, cb, 0);
	return (int)journal_get_info()->boot + (journal_close(), 0);
}
C
cat > "$tmp/stub.c" <<'C'
#include "init/journal.h"
static struct journal_info ji;
int journal_open(const char *p, uint32_t s) { (void)p; (void)s; return 0; }
int journal_resume(const char *p, uint32_t s) { (void)p; (void)s; return 0; }
const struct journal_info *journal_get_info(void) { return &ji; }
void journal_job(const char *n, uint8_t s, uint32_t r, int32_t e) { (void)n; (void)s; (void)r; (void)e; }
void journal_start(const char *n) { (void)n; }
void journal_healthy(void) {}
void journal_shutdown(void) {}
void journal_quarantine(const char *n, bool on) { (void)n; (void)on; }
int journal_job_last(const char *n, struct journal_rec *o) { (void)n; (void)o; return 0; }
int journal_history(int n, void (*cb)(void *, const struct journal_rec *), void *u) { (void)n; (void)cb; (void)u; return 0; }
void journal_close(void) {}
C
flags="-Os -std=gnu11 -D_GNU_SOURCE -I. -I$build/include -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -static -s -Wl,--gc-sections"
make -s "$build/include/.stamp" 2>/dev/null || true
# shellcheck disable=SC2086
musl-gcc $flags -o "$tmp/with" "$tmp/probe.c" $srcs
# shellcheck disable=SC2086
musl-gcc $flags -o "$tmp/without" "$tmp/probe.c" "$tmp/stub.c"
read -r tw dw bw _ < <(size "$tmp/with" | tail -1)
read -r to do bo _ < <(size "$tmp/without" | tail -1)
echo "code the journal adds to a static musl binary: text $((tw - to)) bytes, data $((dw - do)) bytes, bss $((bw - bo)) bytes"
echo "per object (text, -Os):"
for f in $srcs; do
	musl-gcc -Os -std=gnu11 -D_GNU_SOURCE -I. -I"$build/include" -ffunction-sections -fdata-sections \
		-fno-asynchronous-unwind-tables -c -o "$tmp/o.o" "$f"
	printf '  %-20s %6s\n' "$f" "$(size "$tmp/o.o" | awk 'NR==2{print $1}')"
done
