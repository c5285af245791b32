/* SPDX-License-Identifier: MIT */
/*
 * The journal's layout on its store (docs/journal.md, "Layout"): a ring
 * of seg_count segments of seg_size bytes, frames at multiples of
 * prog_unit.  Every SNAPSHOT records it as one unsigned value (key 14,
 * JK_LAYOUT): log2(seg_size) | log2(prog_unit) << 5 | seg_count << 10.
 * PID 1 lays it out from its store's geometry; tools/journal-dump reads
 * it back from an image's snapshots.  Both use this header only.
 */
#ifndef KEEL_JLAYOUT_H
#define KEEL_JLAYOUT_H

#include <stdint.h>

#include "init/journal/jframe.h"
#include "init/journal/journal.h"
#include "init/journal/store.h"

#define JSEG_MIN       8192u          /* smallest segment */
#define JSEG_COUNT_MAX 16             /* segments laid out (fewer with erase blocks over 16 MiB) */
#define JSEG_MAX       (STORE_MAX / 2)   /* largest segment: two on the largest store (MTD erase blocks of 128 MiB) */
_Static_assert(JOURNAL_SIZE_MAX == STORE_MAX && JOURNAL_SIZE_MIN == 2 * JSEG_MIN,
	       "every store size keel uses lays out segments journal-dump reads");

struct jlayout {
	uint32_t seg_size;          /* G: a power of two */
	uint32_t seg_count;         /* N: at least 2 */
	uint32_t prog_unit;         /* P: a power of two, at most JF_MAX */
};

/* The layout on a store of geometry geom: seg_size is the larger of
 * JSEG_MIN and the erase block, doubled until there are at most
 * JSEG_COUNT_MAX segments.  *l is filled in either way; 0, or -EINVAL if
 * it cannot hold a journal (fewer than two segments, or a size that is
 * not a power of two). */
int jlayout_of_store(const struct store_geom *geom, struct jlayout *l);

/* The value a SNAPSHOT carries for l. */
uint32_t jlayout_pack(const struct jlayout *l);

/* The layout a SNAPSHOT's value says: 0, or -EINVAL if it is not one
 * keel lays out on a store it uses (segments of JSEG_MIN..JSEG_MAX
 * bytes, 2..JSEG_COUNT_MAX of them and STORE_MAX bytes at most in all, a
 * program unit of at most JF_MAX). */
int jlayout_unpack(uint32_t value, struct jlayout *l);

#endif
