/* SPDX-License-Identifier: MIT */
/*
 * Sequence numbers are never written twice (docs/journal.md, "Reading a
 * journal": the seq floor).  Recovery takes the highest seq of every
 * CRC-valid frame on the store as the floor, whether the frame was
 * taken, refused (a payload it does not decode) or stale, and wherever it
 * is (past an erased hole, in a segment older than the candidate), and
 * every frame it does not take is counted.  Then a property test: random
 * workloads (jobs, quarantines, healthy marks, boots and re-exec
 * resumes) with power cuts at random programs and erases (the program
 * cut after a random number of bytes) and random damage between boots
 * (refused frames, erased holes, bit flips): after every boot no two
 * CRC-valid frames anywhere on the store share a seq.
 */
#include <stdio.h>
#include <stdlib.h>

#include "init/journal/jcore.h"
#include "svc/run/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/jtest.h"
#include "tests/unit/t.h"

#define SIZE   (64 * 1024)
#define PROG   16

static uint8_t mem[SIZE], cut_img[SIZE];
static struct jsim sim;
static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */
static const struct journal_info *I;

static void fresh_sim(void)
{
	memset(mem, 0xff, sizeof mem);
	jsim_init(&sim, mem, SIZE, 4096, PROG, true);
}

static int boot(bool resume)
{
	int r = jcore_open(&C, &sim.st, 1, 0, resume);
	I = jcore_info(&C);
	return r;
}

/* Every CRC-valid frame at a multiple of P in the whole store (frames
 * skipped whole): seqs[] (up to cap), the count, the highest seq, and
 * the number of seqs found twice. */
struct census {
	uint32_t n, max, dups;
};

static uint32_t seen[SIZE / PROG];

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static struct census census(void)
{
	static uint8_t buf[JF_MAX];
	struct jwin w = { .st = &sim.st, .buf = buf };
	struct census c = { 0 };
	uint32_t seq, len, seg_size = C.layout.seg_size ? C.layout.seg_size : SIZE;
	for (uint32_t off = 0; off < SIZE;) {
		uint32_t end = (off / seg_size + 1) * seg_size;
		if (!jframe_at(&w, off, end, &seq, &len)) {
			off += PROG;
			continue;
		}
		seen[c.n++] = seq;
		if (seq > c.max)
			c.max = seq;
		off += jalign(len + JF_OVERHEAD, PROG);
	}
	qsort(seen, c.n, sizeof seen[0], cmp_u32);
	for (uint32_t i = 1; i < c.n; i++)
		c.dups += seen[i] == seen[i - 1];
	return c;
}

/* A CRC-valid frame of payload hex at store offset at with seq. */
static void put_frame(uint32_t at, uint32_t seq, const uint8_t *payload, uint32_t n)
{
	uint8_t f[64];
	memcpy(f + JF_HDR, payload, n);
	uint32_t len = jframe_seal(f, seq, n);
	memcpy(mem + at, f, len);
}

/* An unknown record type (10) in a good frame: refused. */
static const uint8_t unknown[] = { 0x84, 0x0a, 0x01, 0x02, 0x03 };

static void fill(int n)
{
	for (int i = 0; i < n; i++)
		job(&C, "a", JOB_RUNNING, (uint32_t)i, JOURNAL_EXIT_NONE, 1 + (uint32_t)i);
}

static void test_refused(void)
{
	fresh_sim();
	boot(false);
	fill(20);
	uint32_t seq = C.seq, at = C.cur * C.layout.seg_size + C.off;
	put_frame(at, seq, unknown, sizeof unknown);
	boot(false);
	ok(I->refused == 1 && C.seq > seq, "a refused frame is counted (%u) and its seq %u is below the next, %u",
	   I->refused, seq, C.seq);
	fill(5);
	struct census c = census();
	ok(c.dups == 0 && c.max == C.seq - 1, "no seq twice on the store (%u frames, highest %u)", c.n, c.max);
}

static void test_hole(void)
{
	fresh_sim();
	boot(false);
	fill(60);
	uint32_t base = C.cur * C.layout.seg_size, last = C.seq - 1;
	memset(mem + base + 256, 0xff, 512);   /* an erased hole over some frames */
	boot(false);
	ok(I->crc_errors == 1 && C.seq > last && val(&C, "a", JK_RC) == 59,
	   "an erased hole: one damaged region, the frames past it replayed, next seq %u past %u", C.seq, last);
	fill(10);
	boot(false);
	struct census c = census();
	is_int(c.dups, 0, "no seq twice after a hole (%u frames)", c.n);
}

static void test_floor_everywhere(void)
{
	/* A frame with a high seq in a segment recovery does not replay from
	 * (its first frame damaged: not the candidate, and not newer as a
	 * whole): it still bounds the next seq. */
	fresh_sim();
	boot(false);
	fill(10);
	uint32_t other = (C.cur + 2) % C.layout.seg_count, at = other * C.layout.seg_size + 64;
	put_frame(at, 5000, unknown, sizeof unknown);
	boot(false);
	ok(C.seq == 5002 && I->refused == 1, "a refused frame anywhere raises the floor (the BOOT record took 5001)");
	uint8_t old_job[] = { 0x88, 0x03, 0x01, 0x01, 0x01, 0x02, 0x00, 0x20, 0x00 };
	put_frame(other * C.layout.seg_size + 128, 4000, old_job, sizeof old_job);
	boot(false);
	ok(C.seq > 5001 && I->stale >= 1, "a frame older than the last taken is stale, counted (%u)", I->stale);
	struct census c = census();
	is_int(c.dups, 0, "no seq twice");
}

/* The property test: power cuts and damage. */
static long cut_at = -1, cut_bytes;
static bool cut_done;

static void cut_hook(struct jsim *s, int kind, uint32_t off, const uint8_t *buf, uint32_t len)
{
	if (cut_done || s->ops != cut_at)
		return;
	memcpy(cut_img, s->mem, SIZE);
	if (kind == JSIM_PROG) {
		uint32_t b = (uint32_t)(cut_bytes % (len + 1));
		for (uint32_t i = 0; i < b; i++)
			cut_img[off + i] &= buf[i];
	} else {
		memset(cut_img + off, 0xff, (uint32_t)(cut_bytes % (len + 1)));   /* half erased */
	}
	cut_done = true;
}

static void damage(void)
{
	uint32_t kind = rnd() % 8, off = rnd() % SIZE;
	if (kind == 0) {   /* a refused frame above every seq, in erased space */
		struct census c = census();
		off &= ~(uint32_t)(PROG - 1);
		if (off + 32 <= SIZE && mem[off] == 0xff && mem[off + 31] == 0xff)
			put_frame(off, c.max + 1 + rnd() % 3, unknown, sizeof unknown);
	} else if (kind == 1) {
		uint32_t n = rnd() % 600;
		memset(mem + off, 0xff, off + n <= SIZE ? n : SIZE - off);
	} else if (kind == 2) {
		mem[off] ^= (uint8_t)(1u << (rnd() % 8));
	}
}

static void workload(int ops)
{
	static const char *const names[] = { "net", "sshd", "crasher", "app" };
	for (int i = 0; i < ops; i++) {
		const char *n = names[rnd() % 4];
		uint32_t k = rnd() % 10, t = rnd() % 100000;
		if (k < 7)
			job(&C, n, rnd() % (JOURNAL_STATE_MAX + 1), rnd() % 5, (int32_t)(rnd() % 3), t);
		else if (k == 7)
			quar(&C, n, rnd() % 2, t);
		else if (k == 8)
			mark(&C, JREC_HEALTHY, t);
		else
			start(&C, n, t);
	}
}

static void test_property(void)
{
	long boots = 0, bad = 0, cuts = 0;
	uint32_t frames = 0;
	fresh_sim();
	sim.hook = cut_hook;
	for (int round = 0; round < 400; round++) {
		cut_done = false;
		cut_at = rnd() % 3 ? sim.ops + (long)(rnd() % 150) : -1;
		cut_bytes = rnd();
		boot(rnd() % 5 == 0);
		boots++;
		workload((int)(rnd() % 120));
		if (cut_done) {
			memcpy(mem, cut_img, SIZE);
			cuts++;
		}
		if (rnd() % 4 == 0)
			damage();
		struct census c = census();
		bad += c.dups != 0;
		frames = c.n;
	}
	boot(false);
	struct census c = census();
	bad += c.dups != 0;
	printf("# %ld boots, %ld power cuts, %u frames on the store at the end\n", boots, cuts, frames);
	ok(cuts > 50, "power cuts happened (%ld)", cuts);
	is_int(bad, 0, "after every boot, no two CRC-valid frames share a seq");
}

int main(void)
{
	C.work = &work;
	test_refused();
	test_hole();
	test_floor_everywhere();
	test_property();
	return done();
}
