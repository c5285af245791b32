#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Journal benchmark, numbers only: bytes per job event and the recovery
# and open time of a full 1 MiB journal (tools/bench-journal.c, built on
# the host with the journal's own sources), then the code the journal
# adds to build/init: build/init's own objects linked exactly as the
# Makefile links them, once as they are and once with the journal objects
# replaced by empty stubs of init/journal/journal.h (compiled with the flags the
# Makefile gives every other object).  The Makefile's variables are read
# from make itself, so the two cannot drift.
# Usage: tools/bench-journal.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
out=$build/bench
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keel-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# CC, CFLAGS (every object but the journal's), LDFLAGS, INIH_A, OBJS, JTOOL_SRCS.
make -s --no-print-directory BUILD="$build" "$build/init" >/dev/null
mapfile -t v < <(make -s --no-print-directory BUILD="$build" -f Makefile -f - bench-journal-vars <<'MK'
bench-journal-vars: ; $(info $(CC))$(info $(CFLAGS))$(info $(LDFLAGS))$(info $(INIH_A))$(info $(OBJS))$(info $(JTOOL_SRCS))@:
MK
)
[ "${#v[@]}" = 6 ] || { echo "bench-journal: cannot read the Makefile's variables" >&2; exit 1; }
cc=${v[0]} cflags=${v[1]} ldflags=${v[2]} inih=${v[3]}
read -r -a objs <<< "${v[4]}"
read -r -a jsrcs <<< "${v[5]}"

gcc -O2 -std=gnu11 -D_GNU_SOURCE -DKEEL_HOST -I. -o "$out/bench-journal" tools/bench-journal.c "${jsrcs[@]}"
dir=/dev/shm; [ -w "$dir" ] || dir=$tmp
echo "(journal file in $dir)"
"$out/bench-journal" "$dir"

# The journal's objects in build/init, and the rest.
jobjs=() rest=()
for o in "${objs[@]}"; do
	case ${o#"$build"/obj/} in
	init/journal/*.o) jobjs+=("$o") ;;
	*) rest+=("$o") ;;
	esac
done
cat > "$tmp/stub.c" <<'C'
/* SPDX-License-Identifier: MIT */
/* init/journal/journal.h with empty bodies: build/init without a journal. */
#include <stddef.h>
#include "init/journal/journal.h"
int journal_open(const char *path, uint32_t size, struct jstate *work) { return 0; }
int journal_resume(const char *path, uint32_t size, struct jstate *work) { return 0; }
const struct journal_info *journal_get_info(void) { return NULL; }
int journal_record(uint32_t type, const char *name, uint8_t a, uint32_t rc, int32_t exit) { return 0; }
int journal_job_last(const char *name, struct journal_rec *out) { return -1; }
int journal_history(int n, void (*cb)(void *u, const struct journal_rec *r), void *u, struct jstate *work) { return 0; }
void journal_close(void) {}
int journal_bind(const char *name) { return 0; }
void journal_set_busy(bool (*busy)(unsigned id)) {}
bool journal_damage_text(const struct journal_info *ji, char *buf, unsigned size) { return false; }
C
# The stubs stay opaque (-fno-lto): the link-time optimiser would otherwise
# see that they do nothing and drop their callers' code too.
# shellcheck disable=SC2086
"$cc" $cflags -fno-lto -c -o "$tmp/stub.o" "$tmp/stub.c"
# shellcheck disable=SC2086
"$cc" $cflags $ldflags -o "$tmp/with" "${objs[@]}" "$inih"
# shellcheck disable=SC2086
"$cc" $cflags $ldflags -o "$tmp/without" "${rest[@]}" "$tmp/stub.o" "$inih"
cmp -s "$tmp/with" "$build/init" || echo "(note: the relink differs from $build/init: rebuild with make)"
read -r tw dw bw _ < <(size "$tmp/with" | tail -1)
read -r to dd bo _ < <(size "$tmp/without" | tail -1)
echo "code the journal adds to build/init: text $((tw - to)) bytes (budget <= 7168), data $((dw - dd)) bytes, bss $((bw - bo)) bytes"
echo "  build/init: text $tw data $dw bss $bw; with journal stubs: text $to data $dd bss $bo"
echo "per object as built in $build/obj (before --gc-sections; text includes rodata):"
sum=0
for o in "${jobjs[@]}"; do
	read -r t d b _ < <(size "$o" | tail -1)
	sum=$((sum + t))
	printf '  %-24s text %6s  data %4s  bss %5s\n' "${o#"$build"/obj/}" "$t" "$d" "$b"
done
printf '  %-24s text %6s\n' "total" "$sum"
