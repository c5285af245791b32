/* SPDX-License-Identifier: MIT */
/*
 * Single-bit flips: a journal image with over a thousand records whose
 * ring has wrapped; every bit of every segment header and of the newest
 * segment's header, snapshot and first 2 KiB of records (then every
 * 8th byte of the rest) is flipped in turn, the image recovered, and the
 * bit flipped back.  Each recovery must succeed; the state may lose at most the one
 * record the flip hit (that job shows one of its earlier values, and the
 * damage is counted); the boot number stays; and (every 16th flip) the
 * journal takes a new record that the next recovery finds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "init/jcore.h"
#include "svc/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/t.h"

#define SIZE  (32 * 1024)
#define NJOBS 4
#define HIST  512

static uint8_t mem[SIZE], work[SIZE];
static struct jcore W, R;
static uint32_t hist_rc[NJOBS][HIST];   /* every rc each job had (rc is unique per write) */
static int nhist[NJOBS];
static const char *names[NJOBS] = { "a", "b", "c", "d" };

static bool known_rc(int i, uint32_t rc)
{
	for (int k = 0; k < nhist[i]; k++)
		if (hist_rc[i][k] == rc)
			return true;
	return false;
}

static long flips, bad, silent, unwritable;

static void check(uint32_t at)
{
	struct jsim s;
	jsim_init(&s, work, SIZE, 4096, 16, true);
	int r = jcore_recover(&R, &s.st);
	flips++;
	int differ = 0;
	bool wrong = r != 0 || R.s.boot != W.s.boot;
	for (int i = 0; i < NJOBS; i++) {
		int id = jstate_find(&R.s, names[i]), wid = jstate_find(&W.s, names[i]);
		uint32_t rc = id ? R.s.job[id - 1].rc : 0;
		if (rc == W.s.job[wid - 1].rc)
			continue;
		differ++;
		wrong = wrong || !known_rc(i, rc);
	}
	uint32_t seen = R.info.crc_errors + R.info.torn_tails + R.info.resyncs;
	if (wrong || differ > 1) {
		if (bad++ < 5)
			printf("# flip at byte %u: %d jobs differ, boot %u/%u, r=%d\n", at, differ, R.s.boot, W.s.boot, r);
	} else if (differ && !seen) {
		if (silent++ < 5)
			printf("# flip at byte %u changed the state silently\n", at);
	}
	if (flips % 16)
		return;
	if (jcore_open(&R, &s.st, 3, 1, false) || jcore_job(&R, "z", JOB_RUNNING, 4242, 1, 1) ||
	    jcore_recover(&R, &s.st) || !jstate_find(&R.s, "z") || R.s.job[jstate_find(&R.s, "z") - 1].rc != 4242)
		unwritable++;
}

static void flip_range(uint32_t from, uint32_t to, uint32_t step)
{
	for (uint32_t o = from; o < to; o += step) {
		for (int b = 0; b < 8; b++) {
			memcpy(work, mem, SIZE);
			work[o] ^= (uint8_t)(1u << b);
			check(o);
		}
	}
}

int main(void)
{
	struct jsim s;
	memset(mem, 0xff, sizeof mem);
	jsim_init(&s, mem, SIZE, 4096, 16, true);
	uint32_t rc = 1;
	for (int boot = 0; boot < 4; boot++) {
		jcore_open(&W, &s.st, 1, 1, false);
		for (int k = 0; k < 300; k++) {
			int i = k % NJOBS;
			hist_rc[i][nhist[i]++] = rc;
			jcore_job(&W, names[i], (uint8_t)(k % 8), rc++, k % 5 ? -(k % 30) : JOURNAL_EXIT_NONE, (uint32_t)k);
		}
	}
	ok(W.writable && W.seg_seq > 4, "image: %u records over %u segments (ring wrapped)", W.seq, W.seg_seq);
	uint32_t base = W.cur * W.g, dense = W.off < 2048 ? W.off : 2048;
	for (uint32_t x = 0; x < W.n; x++)
		if (x != W.cur)
			flip_range(x * W.g, x * W.g + JSEG_AREA, 1);
	flip_range(base, base + dense, 1);
	flip_range(base + dense, base + W.off, 8);
	printf("# bit flips tried: %ld (newest segment: %u bytes used)\n", flips, W.off);
	fprintf(stderr, "# bit flips: %ld single-bit flips recovered\n", flips);
	ok(flips >= 8 * (long)dense, "every bit of the dense range flipped");
	is_int(bad, 0, "a flip costs at most the one record it hit");
	is_int(silent, 0, "a flip that changes the state is always counted");
	is_int(unwritable, 0, "after a flip the journal still takes records");
	return done();
}
