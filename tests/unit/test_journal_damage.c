/* SPDX-License-Identifier: MIT */
/*
 * One damage report (docs/journal.md, "The walk"): what PID 1's recovery
 * reports (journal_info: `initctl system` and the boot log) is what a
 * walk of the whole store counts (journal-dump's summary), for issue
 * 18's cases: a flipped byte in a segment older than the newest
 * snapshot (a CRC error for both, not 0 for keel), a refused payload (a
 * refused frame, not a CRC error, and not a record), a torn tail, an
 * erased hole, a frame written twice (stale).
 */
#include <stdio.h>

#include "init/journal/jcore.h"
#include "svc/run/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/jtest.h"
#include "tests/unit/t.h"

#define SIZE (64 * 1024)

static uint8_t mem[SIZE], base_img[SIZE];
static struct jsim sim;
static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */

/* A journal over several segments, kept in base_img. */
static void build(void)
{
	memset(mem, 0xff, sizeof mem);
	jsim_init(&sim, mem, SIZE, 4096, 16, true);
	jcore_open(&C, &sim.st, 1, 0, false);
	for (int i = 0; i < 900; i++)
		job(&C, i % 2 ? "a" : "b", JOB_RUNNING, (uint32_t)i, JOURNAL_EXIT_NONE, 1 + (uint32_t)i);
	memcpy(base_img, mem, SIZE);
}

/* Recover mem; the walk's counts must be recovery's. */
static struct journal_info report(const char *what)
{
	jcore_recover(&C, &sim.st);
	struct journal_info keel = C.info, walk = { 0 };
	int n = jcore_walk(&C, NULL, NULL, &walk);
	ok(n >= 0 && keel.records == walk.records && keel.torn_tails == walk.torn_tails &&
	   keel.crc_errors == walk.crc_errors && keel.refused == walk.refused && keel.stale == walk.stale &&
	   keel.seq_gaps == walk.seq_gaps, "%s: recovery reports what the walk counts (%u records, %u torn, %u CRC, "
	   "%u refused, %u stale, %u gaps)", what, keel.records, keel.torn_tails, keel.crc_errors, keel.refused,
	   keel.stale, keel.seq_gaps);
	return keel;
}

/* The offset of the frame of seq in segment seg's walk, or 0. */
struct find { uint32_t seg, nth, seen, off; };

static void find_cb(void *u, const struct jwalk_item *it)
{
	struct find *f = u;
	if (it->seg == f->seg && it->off > 0 && f->seen++ == f->nth)
		f->off = it->seg * C.layout.seg_size + it->off;
}

static uint32_t frame_in(uint32_t seg, uint32_t nth)
{
	struct find f = { .seg = seg, .nth = nth };
	jcore_walk(&C, find_cb, &f, NULL);
	return f.off;
}

int main(void)
{
	C.work = &work;
	build();
	struct journal_info clean = report("clean");
	ok(!clean.torn_tails && !clean.crc_errors && !clean.refused && !clean.stale && !clean.seq_gaps,
	   "a clean journal: no damage");
	uint32_t old_seg = (C.cur + C.layout.seg_count - 2) % C.layout.seg_count;   /* older than the newest snapshot */
	uint32_t cur = C.cur, tail = C.cur * C.layout.seg_size + C.off;   /* where the next frame goes */
	printf("# newest segment %u, an older one %u, the log ends at %u\n", cur, old_seg, tail);

	uint32_t at = frame_in(old_seg, 5);
	mem[at + JF_HDR + 1] ^= 0x10;
	struct journal_info ji = report("a flipped byte in an old segment");
	ok(at && ji.crc_errors == 1 && ji.records == clean.records - 1,
	   "it is one CRC error for keel too, one record lost (frame at %u)", at);

	memcpy(mem, base_img, SIZE);
	static const uint8_t unknown[] = { 0x84, 0x0a, 0x01, 0x02, 0x03 };
	uint8_t f[32];
	memcpy(f + JF_HDR, unknown, sizeof unknown);
	uint32_t len = jframe_seal(f, C.seq, sizeof unknown);
	memcpy(mem + tail, f, len);
	ji = report("an unknown record type in a good frame");
	ok(ji.refused == 1 && ji.crc_errors == 0 && ji.records == clean.records,
	   "a refused frame, not a CRC error, and not a record");

	memcpy(mem, base_img, SIZE);
	mem[tail + 5] = 0x00;
	ji = report("garbage after the last frame");
	is_int(ji.torn_tails, 1, "a torn tail");

	memcpy(mem, base_img, SIZE);
	at = frame_in(old_seg, 3);
	memset(mem + at, 0xff, 200);
	ji = report("an erased hole");
	ok(ji.crc_errors == 1 && ji.seq_gaps == 1, "one damaged region, one seq gap");

	memcpy(mem, base_img, SIZE);
	at = frame_in(cur, 2);
	memcpy(mem + tail, mem + at, 32);
	ji = report("a frame written twice");
	ok(ji.stale == 1 && ji.records == clean.records, "the copy is stale, not a record");
	return done();
}
