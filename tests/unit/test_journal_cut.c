/* SPDX-License-Identifier: MIT */
/*
 * Power cuts at every point of a journal workload (>= 1,000 records over
 * many boots, segment roll-overs included).  Before every program and
 * erase the simulator hook copies the image and cuts power there: after
 * b bytes of the program for every b, with the rest of it left as it was,
 * set to 0xFF, or random; inside an erase: untouched, zero-filled, half
 * erased, random.  Each cut image is recovered by a second engine and
 * checked against an independent model: the state is the one before or
 * after the call in flight (nothing older), the boot number is past every
 * acknowledged boot, and the journal takes and keeps a new record.
 */
#include <stdio.h>
#include <stdlib.h>

#include "init/jcore.h"
#include "svc/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/t.h"

#define SIZE   (32 * 1024)
#define NJOBS  6
#define TARGET 1500

struct mjob { uint8_t state; uint32_t rc; int32_t exit; bool quar; };
struct model {
	struct mjob job[NJOBS];
	uint32_t boot, streak, lh, lc;
	int last_start, prev_start;   /* job index, -1 none */
};

static uint8_t mem[SIZE], copy[SIZE], copy2[SIZE];
static struct jsim A, B, B2;
static struct jcore W, R, R2;
static struct model prev, next;
static bool exploring;
static long cuts, bad, not_writable, skipped, cuts2, bad2;
static const struct model *lv2_from;   /* second cut: the state the first recovery found */
static struct model lv2_boot;
static bool lv2_in_open;
static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (uint32_t)rng;
}

static const char *jname(int i)
{
	static const char *n[NJOBS] = { "net", "sshd", "crasher", "app", "log", "ntp" };
	return n[i];
}

static struct mjob mdefault(void)
{
	return (struct mjob){ .exit = JOURNAL_EXIT_NONE };
}

/* The boot-loop view the engine must give for the boot after m. */
static void expect_boot(const struct model *m, uint32_t *boot, uint32_t *streak, int *culprit)
{
	bool okb = !m->boot || m->lh == m->boot || m->lc == m->boot;
	*boot = m->boot + 1;
	*streak = okb ? 0 : m->streak + 1;
	*culprit = okb ? -1 : m->last_start;
}

static void model_boot(struct model *m)
{
	uint32_t b, s;
	int c;
	expect_boot(m, &b, &s, &c);
	m->boot = b, m->streak = s, m->prev_start = c, m->last_start = -1;
}

/* Does the engine r (just opened on a cut image) match model m? */
static bool matches(const struct jcore *r, const struct model *m)
{
	uint32_t boot, streak;
	int culprit;
	expect_boot(m, &boot, &streak, &culprit);
	if (r->info.boot != boot || r->info.unhealthy_streak != streak || r->info.last_healthy_boot != m->lh ||
	    strcmp(r->info.prev_last_start, culprit < 0 ? "" : jname(culprit)))
		return false;
	for (int i = 0; i < NJOBS; i++) {
		int id = jstate_find(&r->s, jname(i));
		const struct mjob *w = &m->job[i];
		struct mjob got = mdefault();
		if (id) {
			const struct jjob *j = &r->s.job[id - 1];
			got = (struct mjob){ j->state, j->rc, j->exit, j->quar };
		}
		if (got.state != w->state || got.rc != w->rc || got.exit != w->exit || got.quar != w->quar)
			return false;
	}
	return true;
}

/* Second cut: inside the writes the first recovery makes (new segment
 * after a torn tail, snapshot, BOOT, one more record). */
static void hook2(struct jsim *s, int kind, uint32_t off, const uint8_t *buf, uint32_t len)
{
	(void)s;
	for (uint32_t b = 0; b < (kind == JSIM_PROG ? len : 1); b += 5) {
		memcpy(copy2, copy, SIZE);
		for (uint32_t i = 0; i < len; i++)
			copy2[off + i] = kind == JSIM_ERASE ? (i < len / 2 ? 0xff : 0) :
					 i < b ? copy2[off + i] & buf[i] : copy2[off + i] & (uint8_t)rnd();
		jsim_init(&B2, copy2, SIZE, 4096, 16, true);
		jcore_open(&R2, &B2.st, 98, 1, false);
		cuts2++;
		bool okk = matches(&R2, &lv2_boot) || (lv2_in_open && matches(&R2, lv2_from));
		if (!okk && bad2++ < 5)
			printf("# second cut %ld: state lost (boot %u)\n", cuts2, R2.info.boot);
	}
}

static void second_cut(const struct model *m)
{
	lv2_from = m;
	lv2_boot = *m;
	model_boot(&lv2_boot);
	jsim_init(&B, copy, SIZE, 4096, 16, true);
	B.hook = hook2;
	lv2_in_open = true;
	jcore_open(&R, &B.st, 99, 1, false);
	lv2_in_open = false;
	jcore_job(&R, "probe", JOB_RUNNING, 78, 5, 1);
	B.hook = NULL;
}

static void check_cut(void)
{
	if (cuts % 997 == 500) {   /* a sample: the first recovery's writes are cut too */
		static uint8_t keep[SIZE];
		memcpy(keep, copy, SIZE);
		jsim_init(&B, copy, SIZE, 4096, 16, true);
		jcore_recover(&R, &B.st);
		struct model m = prev;
		memcpy(copy, keep, SIZE);
		jsim_init(&B, copy, SIZE, 4096, 16, true);
		jcore_open(&R, &B.st, 99, 1, false);
		bool is_next = matches(&R, &next);
		memcpy(copy, keep, SIZE);
		second_cut(is_next ? &next : &m);
		memcpy(copy, keep, SIZE);
	}
	jsim_init(&B, copy, SIZE, 4096, 16, true);
	int r = jcore_open(&R, &B.st, 99, 1, false);
	cuts++;
	if (!matches(&R, &prev) && !matches(&R, &next)) {
		if (bad++ < 5)
			printf("# cut %ld: recovered state matches neither side (boot %u, records %u)\n", cuts,
			       R.info.boot, R.info.records);
		return;
	}
	uint32_t boot = R.info.boot;
	if (r || !R.writable || jcore_job(&R, "probe", JOB_RUNNING, 77, 5, 1) ||
	    jcore_recover(&R, &B.st) || R.s.boot != boot || !jstate_find(&R.s, "probe") ||
	    R.s.job[jstate_find(&R.s, "probe") - 1].rc != 77) {
		if (not_writable++ < 5)
			printf("# cut %ld: journal not writable after recovery (r=%d)\n", cuts, r);
	}
}

/* Power cut inside a program of buf[0..len) at off, after b bytes. */
static void cut_prog(uint32_t off, const uint8_t *buf, uint32_t len)
{
	for (uint32_t b = 0; b < len; b++) {
		for (int pat = 0; pat < 3; pat++) {
			memcpy(copy, mem, SIZE);
			bool same = true;
			for (uint32_t i = 0; i < len; i++) {
				uint8_t v = copy[off + i];
				if (i < b)
					v &= buf[i];
				else if (pat == 1)
					v = 0xff;
				else if (pat == 2)
					v &= (uint8_t)rnd();
				same = same && (i < b || v == copy[off + i]);
				copy[off + i] = v;
			}
			if (pat && same) {
				skipped++;   /* identical to pattern 0 */
				continue;
			}
			check_cut();
		}
	}
}

static void cut_erase(uint32_t off, uint32_t len)
{
	for (int pat = 0; pat < 4; pat++) {
		memcpy(copy, mem, SIZE);
		for (uint32_t i = 0; i < len; i++) {
			uint8_t *v = &copy[off + i];
			if (pat == 1)
				*v = 0;
			else if (pat == 2 && i < len / 2)
				*v = 0xff;
			else if (pat == 3)
				*v = (rnd() & 1) ? 0xff : *v & (uint8_t)rnd();
		}
		check_cut();
	}
}

static void hook(struct jsim *s, int kind, uint32_t off, const uint8_t *buf, uint32_t len)
{
	(void)s;
	if (!exploring)
		return;
	if (kind == JSIM_PROG)
		cut_prog(off, buf, len);
	else
		cut_erase(off, len);
}

/* One call of the workload: model before/after, cuts explored inside. */
static void event(void)
{
	next = prev;
	int i = (int)(rnd() % NJOBS), kind = (int)(rnd() % 16);
	struct mjob *j = &next.job[i];
	exploring = true;
	if (kind < 11) {
		j->state = (uint8_t)(rnd() % JOB_STATE_COUNT);
		j->rc = j->rc + 1 + rnd() % 300;
		j->exit = rnd() % 3 ? (int32_t)(rnd() % 256) - 64 : JOURNAL_EXIT_NONE;
		jcore_job(&W, jname(i), j->state, j->rc, j->exit, rnd() % 100000);
	} else if (kind < 14) {
		next.last_start = i;
		jcore_start(&W, jname(i), rnd() % 1000);
	} else {
		j->quar = !j->quar;
		jcore_quar(&W, jname(i), j->quar, rnd() % 1000);
	}
	exploring = false;
	prev = next;
}

static void boot(void)
{
	next = prev;
	model_boot(&next);
	exploring = true;
	jcore_open(&W, &A.st, 7, 0, false);
	exploring = false;
	prev = next;
}

static void mark(uint8_t type)
{
	next = prev;
	if (type == JREC_HEALTHY)
		next.lh = next.boot;
	else
		next.lc = next.boot;
	exploring = true;
	jcore_mark(&W, type, 50);
	exploring = false;
	prev = next;
}

int main(void)
{
	memset(mem, 0xff, sizeof mem);
	jsim_init(&A, mem, SIZE, 4096, 16, true);
	A.hook = hook;
	for (int i = 0; i < NJOBS; i++)
		prev.job[i] = mdefault();
	prev.last_start = prev.prev_start = -1;
	int boots = 0;
	while (W.seq < TARGET || boots < 3) {
		boot();
		boots++;
		int n = 5 + (int)(rnd() % 60), end = (int)(rnd() % 4);
		for (int k = 0; k < n; k++) {
			if (end == 1 && k == n / 2)
				mark(JREC_HEALTHY);
			event();
		}
		if (end == 2)
			mark(JREC_SHUTDOWN);
		ok(W.writable && !W.info.io_errors, "boot %d: %d events written", boots, n);
	}
	printf("# %u records in %d boots, %ld programs + %ld erases, %ld bytes programmed\n", W.seq, boots,
	       A.ops - A.erases, A.erases, A.prog_bytes);
	printf("# power-cut points tried: %ld (%ld more were identical images)\n", cuts, skipped);
	printf("# second cuts inside recovery writes: %ld\n", cuts2);
	fprintf(stderr, "# power cut: %ld cut points over %u records (+%ld second cuts)\n", cuts, W.seq, cuts2);
	ok(W.seq >= TARGET, "at least %d records written (%u)", TARGET, W.seq);
	ok(cuts > 3 * TARGET, "every cut point explored (%ld)", cuts);
	is_int(bad, 0, "every recovery gives the state before or after the call in flight");
	is_int(not_writable, 0, "every recovered journal takes and keeps a new record");
	ok(cuts2 > 100, "second cuts explored (%ld)", cuts2);
	is_int(bad2, 0, "a cut inside recovery's own writes loses nothing acknowledged");
	return done();
}
