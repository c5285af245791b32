/* SPDX-License-Identifier: MIT */
/*
 * Single-bit flips: a journal image with over a thousand records whose
 * ring has wrapped; every bit of the first 2 KiB of every segment (each
 * starts with its SNAPSHOT) and of the newest segment's used region
 * (dense for its first 2 KiB, then every 8th byte) is flipped in turn,
 * the image recovered, and the bit flipped back.  Each recovery must
 * succeed; the state may lose at most the one record the flip hit (that
 * job shows its previous write); a flip that changes the state, or that
 * hits a frame of the newest segment, is counted as damage; the boot
 * number stays; and (every 16th flip) the journal takes a new record
 * that the next recovery finds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "init/journal/jcore.h"
#include "svc/run/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/jtest.h"
#include "tests/unit/t.h"

#define SIZE  (32 * 1024)
#define NJOBS 4
#define HIST  512

struct wr { uint32_t state, rc; int32_t exit; };

static uint8_t mem[SIZE], work[SIZE];
static uint8_t in_frame[8192];          /* newest segment: byte covered by a frame */
static struct jcore W, R;
static struct jstate lent;   /* lent to both: a walk keeps nothing in it between calls */
static struct wr hist[NJOBS][HIST];     /* every write of each job (rc is unique per write) */
static int nhist[NJOBS];
static const char *names[NJOBS] = { "a", "b", "c", "d" };
static struct jt_frame frames[4096];
static long flips, bad, silent, missed, unwritable, changed, counted;

static bool row_is(const struct jjob *j, const struct wr *w)
{
	return j && j->v[JK_RC] == w->rc && j->v[JK_STATE] == w->state && (int32_t)j->v[JK_EXIT] == w->exit;
}

/* r takes a record and a recovery of st finds it. */
static bool takes_z(struct jcore *r, struct store *st)
{
	return !job(r, "z", JOB_RUNNING, 4242, 1, 1) && !jcore_recover(r, st) && val(r, "z", JK_RC) == 4242;
}

static void check(uint32_t at, bool live)
{
	struct jsim s;
	jsim_init(&s, work, SIZE, 4096, 16, true);
	int r = jcore_recover(&R, &s.st);
	flips++;
	int differ = 0;
	bool wrong = r != 0 || R.state.v[JK_BOOT] != W.state.v[JK_BOOT] || R.state.v[JK_STREAK] != W.state.v[JK_STREAK];
	for (int i = 0; i < NJOBS; i++) {
		const struct jjob *j = jrow(&R, names[i]);
		if (row_is(j, &hist[i][nhist[i] - 1]))
			continue;
		differ++;   /* only the job's last write may be lost */
		wrong = wrong || nhist[i] < 2 || !row_is(j, &hist[i][nhist[i] - 2]);
	}
	uint32_t seen = R.info.crc_errors + R.info.torn_tails;
	changed += differ != 0;
	counted += seen != 0;
	if (wrong || differ > 1) {
		if (bad++ < 5)
			printf("# flip at byte %u: %d jobs differ, boot %u/%u, r=%d\n", at, differ, R.state.v[JK_BOOT],
			       W.state.v[JK_BOOT], r);
	} else if (differ && !seen) {
		if (silent++ < 5)
			printf("# flip at byte %u changed the state silently\n", at);
	} else if (live && in_frame[at % W.layout.seg_size] && !seen) {
		if (missed++ < 5)
			printf("# flip at byte %u of a live frame was not counted\n", at);
	}
	if (flips % 16)
		return;
	uint32_t boot = R.state.v[JK_BOOT];
	if (jcore_open(&R, &s.st, 3, 0, false) || R.state.v[JK_BOOT] != boot + 1 || !takes_z(&R, &s.st))
		unwritable++;
}

static void flip_range(uint32_t from, uint32_t to, uint32_t step, bool live)
{
	for (uint32_t o = from; o < to; o += step) {
		for (int b = 0; b < 8; b++) {
			memcpy(work, mem, SIZE);
			work[o] ^= (uint8_t)(1u << b);
			check(o, live);
		}
	}
}

int main(void)
{
	W.work = &lent;
	R.work = &lent;
	struct jsim s;
	memset(mem, 0xff, sizeof mem);
	jsim_init(&s, mem, SIZE, 4096, 16, true);
	uint32_t rc = 1;
	int fails = 0;
	for (int boot = 0; boot < 4; boot++) {
		fails += jcore_open(&W, &s.st, 1, 0, false) != 0;
		for (int k = 0; k < 300; k++) {
			int i = k % NJOBS;
			struct wr w = { k % 8, rc++, k % 5 ? -(k % 30) : JOURNAL_EXIT_NONE };
			hist[i][nhist[i]++] = w;
			fails += job(&W, names[i], w.state, w.rc, w.exit, (uint32_t)k) != 0;
		}
	}
	ok(!fails && W.writable && W.seq > 1000 && s.erases > (long)W.layout.seg_count,
	   "image: %u records, %ld segment erases over %u segments (ring wrapped)", W.seq, s.erases,
	   W.layout.seg_count);
	struct jt_frames fw = { .cap = 4096, .f = frames };
	jcore_walk(&W, jt_frame_cb, &fw, NULL);
	bool boot_before = true;
	int live = 0;
	for (int i = 0; i < fw.n && i < fw.cap; i++) {
		if (frames[i].seg != W.cur)
			continue;
		boot_before = boot_before && frames[i].type != JREC_BOOT;
		memset(in_frame + frames[i].off, 1, frames[i].len + JF_OVERHEAD);
		live++;
	}
	ok(boot_before && live > 10, "the newest segment holds %d frames, its snapshot first, no BOOT", live);
	uint32_t base = W.cur * W.layout.seg_size, dense = W.off < 2048 ? W.off : 2048;
	for (uint32_t x = 0; x < W.layout.seg_count; x++)
		if (x != W.cur)
			flip_range(x * W.layout.seg_size, x * W.layout.seg_size + 2048, 1, false);
	flip_range(base, base + dense, 1, true);
	flip_range(base + dense, base + W.off, 8, true);
	printf("# bit flips tried: %ld (newest segment: %u bytes used), %ld lost a record, %ld counted as damage\n",
	       flips, W.off, changed, counted);
	fprintf(stderr, "# bit flips: %ld single-bit flips recovered\n", flips);
	ok(flips >= 8 * (long)(dense + 3 * 2048), "every bit of the dense ranges flipped");
	ok(changed > 0 && counted > changed, "flips hit live records (%ld) and damage is seen (%ld)", changed,
	   counted);
	is_int(bad, 0, "a flip costs at most the one record it hit");
	is_int(silent, 0, "a flip that changes the state is always counted");
	is_int(missed, 0, "a flip inside a frame of the newest segment is always counted");
	is_int(unwritable, 0, "after a flip the journal still takes records");
	return done();
}
