/* SPDX-License-Identifier: MIT */
/*
 * The journal engine on the RAM simulator (the public API on a real file
 * is tests/unit/test_journal_file.c): boot numbers and the boot-loop view, quarantine, segment roll-over
 * and even wear, history with names as they were, id reuse, torn tails,
 * mid-log corruption, foreign and broken images, I/O errors, the biggest
 * snapshot, "no write when nothing changed", re-exec resume, and a
 * journal of version 2 (records without ms) read and carried on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "init/journal/crc32c.h"
#include "init/journal/jcore.h"
#include "init/journal/journal.h"
#include "svc/run/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/jtest.h"
#include "tests/unit/t.h"
#include "tests/unit/thex.h"

#define SIZE (64 * 1024)
static uint8_t mem[SIZE];
static struct jsim sim;
static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */
static const struct journal_info *I;

static void fresh_sim(bool nor)
{
	memset(mem, 0xff, sizeof mem);
	jsim_init(&sim, mem, SIZE, 4096, 16, nor);
}

static int boot_as(uint32_t t, bool resume)
{
	int r = jcore_open(&C, &sim.st, t, 0, resume);
	I = jcore_info(&C);
	return r;
}

static int reboot(void)
{
	return boot_as(1, false);
}

static void test_boots(void)
{
	fresh_sim(true);
	is_int(reboot(), 0, "fresh image opens");
	ok(I->fresh && I->open && I->boot == 1 && !I->err, "fresh journal, boot 1");
	ok(C.layout.seg_count == 8 && C.layout.seg_size == 8192 && C.layout.prog_unit == 16,
	   "64 KiB = 8 segments of 8 KiB, P 16 (%u x %u, %u)", C.layout.seg_count, C.layout.seg_size, C.layout.prog_unit);
	ok(C.writable && C.cur == 0 && C.off > 0, "the BOOT opened segment 0");
	start(&C, "net", 2);
	start(&C, "crasher", 3);
	reboot();
	ok(!I->fresh && I->boot == 2, "boot 2 after a crash");
	is_int(I->unhealthy_streak, 1, "streak 1");
	is_str(I->prev_last_start, "crasher", "last START of boot 1");
	is_str(I->prev2_last_start, "", "no boot before");
	start(&C, "crasher", 3);
	start(&C, "net", 4);
	reboot();
	is_int(I->unhealthy_streak, 2, "streak 2");
	is_str(I->prev_last_start, "net", "last START of boot 2");
	is_str(I->prev2_last_start, "crasher", "last START of boot 1");
	mark(&C, JREC_HEALTHY, 120);
	reboot();
	ok(I->boot == 4 && I->unhealthy_streak == 0 && I->last_healthy_boot == 3,
	   "boot 4 after a healthy boot 3: streak 0");
	is_str(I->prev_last_start, "", "a healthy boot names no culprit");
	is_str(I->prev2_last_start, "net", "boot 2 was unhealthy: its last START two boots back");
	mark(&C, JREC_SHUTDOWN, 9);
	reboot();
	ok(I->boot == 5 && I->unhealthy_streak == 0 && I->last_healthy_boot == 3,
	   "a clean shutdown is not a crash, nor healthy");
	is_str(I->prev_last_start, "", "a clean boot names no culprit");
	start(&C, "net", 5);
	reboot();
	ok(I->boot == 6 && I->unhealthy_streak == 1, "boot 5 never got healthy: streak 1");
	long ops = sim.ops;
	is_int(boot_as(1, true), 0, "resume (re-exec)");
	is_int(I->boot, 6, "resume keeps the boot number");
	is_int(sim.ops - ops, 0, "resume writes nothing");
	ok(I->unhealthy_streak == 1 && !strcmp(I->prev_last_start, "net"), "resume keeps the boot-loop view");
	reboot();
	is_int(I->boot, 7, "the next boot counts on");
	is_int(I->unhealthy_streak, 2, "boot 6 never got healthy");

	fresh_sim(true);
	is_int(boot_as(1, true), 0, "resume on an empty journal");
	ok(I->boot == 1 && I->fresh && sim.ops == 3, "starts boot 1 (erase + snapshot + BOOT: %ld ops)", sim.ops);
	is_int(jcore_open(&C, NULL, 1, 0, false), -ENODEV, "no store: RAM only");
	I = jcore_info(&C);
	ok(!I->open && I->fresh && I->boot == 1 && !C.writable, "RAM-only boot 1");
	is_int(job(&C, "a", JOB_RUNNING, 4, 0, 1), -EROFS, "a record is not durable: -EROFS");
	ok(jrow(&C, "a") && jrow(&C, "a")->v[JK_RC] == 4, "but the RAM state has it");

	fresh_sim(true);
	reboot();
	long ops_lent = sim.ops;
	C.work = NULL;   /* the owner lends nothing: refused, never a crash */
	is_int(jcore_walk(&C, NULL, NULL, NULL), -EINVAL, "a walk with no work lent: -EINVAL");
	is_int(boot_as(2, false), -EINVAL, "an open with no work lent: -EINVAL");
	ok(!I->open && !C.writable && I->boot == 1 && I->err == -EINVAL, "RAM-only boot 1, err -EINVAL");
	is_int(sim.ops - ops_lent, 0, "nothing written");
	C.work = &work;
	is_int(boot_as(3, false), 0, "lent again: the journal opens");
	is_int(I->boot, 2, "boot 2 on the store boot 1 left");
}

static void test_quarantine(void)
{
	fresh_sim(true);
	reboot();
	job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1);
	quar(&C, "crasher", true, 2);
	quar(&C, "b", true, 2);
	I = jcore_info(&C);
	is_int(I->nquarantined, 2, "two quarantined now");
	reboot();
	is_int(I->nquarantined, 2, "two quarantined after reboot");
	ok(!strcmp(I->quarantined[0], "crasher") || !strcmp(I->quarantined[1], "crasher"), "crasher listed");
	quar(&C, "crasher", false, 3);
	reboot();
	ok(I->nquarantined == 1 && !strcmp(I->quarantined[0], "b"), "lifted one stays lifted");
	ok(jrow(&C, "a") && !jrow(&C, "a")->v[JK_ON] && jrow(&C, "a")->v[JK_STATE] == JOB_RUNNING,
	   "a never quarantined");
}

static struct jt_frame frames[8192];

static void test_rollover(void)
{
	fresh_sim(true);
	reboot();
	char name[16];
	int fails = 0;
	for (uint32_t i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "job%u", i % 7);
		fails += job(&C, name, i % 5, i, (int32_t)(i % 3) - 1, i) != 0;
	}
	ok(C.writable && I->io_errors == 0 && !fails, "20000 records, no error");
	reboot();
	const struct jjob *j = jrow(&C, "job6");
	ok(j && j->v[JK_RC] == 19998 && (int32_t)j->v[JK_EXIT] == (int32_t)(19998 % 3) - 1 &&
	   j->v[JK_STATE] == 19998 % 5, "last record of job6 recovered after roll-over");
	j = jrow(&C, "job0");
	ok(j && j->v[JK_RC] == 19999, "and the very last record (job0 rc 19999)");
	long lo = -1, hi = 0, sum = 0;
	for (uint32_t x = 0; x < C.layout.seg_count; x++) {
		long e = jt_seg_erases(&sim, &C, x);
		lo = lo < 0 || e < lo ? e : lo;
		hi = e > hi ? e : hi;
		sum += e;
	}
	is_int(sum, sim.erases, "every erase hit a whole segment");
	ok(lo >= 8 && hi - lo <= 1, "erase counts even across the ring (%ld..%ld per segment)", lo, hi);

	struct jt_frames w = { .cap = 8192, .f = frames };
	int n = jcore_walk(&C, jt_frame_cb, &w, NULL);
	bool consec = n > 0 && n == w.n && n <= w.cap;
	for (int i = 1; consec && i < n; i++)
		consec = frames[i].seq == frames[i - 1].seq + 1;
	ok(consec, "walk: %d frames, seq +1 per frame", n);
	ok(n > 0 && frames[n - 1].seq + 1 == C.seq, "the newest frame is seq %u", C.seq - 1);
	struct hcap h = { 0 };
	is_int(jcore_history(&C, 3, hcb, &h), 3, "history: last 3");
	ok(h.r[0].type == JREC_JOB && !strcmp(h.r[0].name, "job6") && h.r[0].restart_count == 19998 &&
	   h.r[0].exit == (int32_t)(19998 % 3) - 1, "history oldest of 3 is job6 rc 19998");
	ok(h.r[1].type == JREC_JOB && !strcmp(h.r[1].name, "job0") && h.r[1].restart_count == 19999 &&
	   h.r[1].seq == h.r[0].seq + 1, "then job0 rc 19999, the next seq");
	int k = n - 1;
	while (k > 0 && frames[k].seq != h.r[2].seq)
		k--;
	uint32_t between = k > 0 && frames[k - 1].type == JREC_SNAPSHOT ? 1 : 0;
	ok(h.r[2].type == JREC_BOOT && h.r[2].boot == 2 && h.r[2].seq == h.r[1].seq + 1 + between,
	   "then the BOOT of boot 2, seq consecutive (%u snapshot between)", between);
}

static void test_ids(void)
{
	static uint8_t big[256 * 1024];
	memset(big, 0xff, sizeof big);
	jsim_init(&sim, big, sizeof big, 4096, 16, true);
	reboot();
	char name[16];
	int fails = 0;
	for (int i = 0; i < SVC_MAX + 6; i++) {   /* 64 names in boot 1, 6 more in boot 2 */
		if (i == SVC_MAX)
			reboot();
		snprintf(name, sizeof name, "svc%d", i);
		fails += job(&C, name, JOB_RUNNING, (uint32_t)i, JOURNAL_EXIT_NONE, (uint32_t)i) != 0;
	}
	is_int(fails, 0, "70 names recorded");
	ok(jstate_find(&C.state, "svc69") && !jstate_find(&C.state, "svc0") && !jstate_find(&C.state, "svc5") &&
	   jstate_find(&C.state, "svc6") && jstate_find(&C.state, "svc63"), "70 names: 6 ids of boot 1 were reused");
	int used = 0;
	for (int i = 0; i < SVC_MAX; i++)
		used += C.state.job[i].name[0] != 0;
	is_int(used, SVC_MAX, "every id is bound");
	is_int(jstate_find(&C.state, "svc64"), 1, "svc64 took svc0's id");
	reboot();
	ok(jstate_find(&C.state, "svc69") && jstate_find(&C.state, "svc6") && !jstate_find(&C.state, "svc0"),
	   "bindings survive recovery");
	ok(jrow(&C, "svc64") && jrow(&C, "svc64")->v[JK_RC] == 64 &&
	   (int32_t)jrow(&C, "svc64")->v[JK_EXIT] == JOURNAL_EXIT_NONE, "a reused id starts clean");
	struct hcap h = { 0 };
	int n = jcore_history(&C, 100000, hcb, &h);
	is_int(n, SVC_MAX + 6 + 3, "history: 3 BOOTs and 70 JOBs, no BIND or SNAPSHOT");
	ok(h.r[0].type == JREC_BOOT && !strcmp(h.r[1].name, "svc0") && h.r[1].job == 1 &&
	   h.r[1].restart_count == 0, "history names the first job svc0 as it was (%s)", h.r[1].name);
	/* A START (no state, rc or exit of its own) for a new name takes svc6's
	 * id (running, rc 6): its BIND resets the whole row. */
	reboot();
	const struct jjob *was = jrow(&C, "svc6");
	int id6 = jstate_find(&C.state, "svc6");
	ok(was && was->v[JK_RC] == 6 && was->v[JK_STATE] == JOB_RUNNING, "svc6 is running, rc 6");
	is_int(jcore_put(&C, JREC_START, "fresh", 0, 0, 0, 5, 500), 0, "START of a new name");
	const struct jjob *j = jrow(&C, "fresh");
	ok(j && jstate_find(&C.state, "fresh") == id6 && !jstate_find(&C.state, "svc6") && j->v[JK_RC] == 0 &&
	   j->v[JK_STATE] == 0 && (int32_t)j->v[JK_EXIT] == JOURNAL_EXIT_NONE && !j->v[JK_ON] && j->v[JK_BOOT] == 4 &&
	   j->v[JK_T] == 5 && C.state.v[JK_LSTART] == (uint32_t)id6,
	   "the reused id's row is BIND's (stopped, rc 0, no exit, boot 4), and the last START");
	reboot();
	j = jrow(&C, "fresh");
	ok(j && jstate_find(&C.state, "fresh") == id6 && j->v[JK_RC] == 0 && j->v[JK_STATE] == 0 &&
	   (int32_t)j->v[JK_EXIT] == JOURNAL_EXIT_NONE && j->v[JK_BOOT] == 4 && C.state.v[JK_PSTART] == (uint32_t)id6,
	   "after recovery too (boot 4 was unhealthy: its last START is pstart)");
	fresh_sim(true);
}

static void test_damage(void)
{
	fresh_sim(true);
	reboot();
	for (int i = 0; i < 40; i++)
		job(&C, "a", JOB_RUNNING, (uint32_t)i, JOURNAL_EXIT_NONE, 1);
	uint32_t cur = C.cur, off = C.off;
	mem[cur * C.layout.seg_size + off + 3] = 0x12;   /* garbage after the last frame: a torn tail */
	reboot();
	ok(I->torn_tails == 1 && I->crc_errors == 0 && val(&C, "a", JK_RC) == 39,
	   "torn tail detected, records kept");
	ok(C.cur != cur, "appending moved to a new segment");
	for (int i = 40; i < 60; i++)
		job(&C, "a", JOB_RUNNING, (uint32_t)i, JOURNAL_EXIT_NONE, 1);
	struct jt_frames w = { .cap = 8192, .f = frames };
	jcore_walk(&C, jt_frame_cb, &w, NULL);
	int mid = -1, in_cur = 0;
	for (int i = 0; i < w.n; i++)
		if (frames[i].seg == C.cur && in_cur++ == 10)
			mid = i;
	ok(mid >= 0 && frames[mid].type == JREC_JOB, "a JOB frame in the middle of the segment");
	jcore_recover(&C, &sim.st);
	uint32_t records = C.info.records;
	mem[C.cur * C.layout.seg_size + frames[mid].off + JF_HDR + 2] ^= 0x04;   /* bit rot in the middle */
	is_int(jcore_recover(&C, &sim.st), 0, "recovery over a flipped bit");
	is_int(C.info.records, records - 1, "exactly the one frame is lost");
	reboot();
	ok(I->crc_errors == 1 && I->torn_tails == 1, "mid-log corruption is a crc error, not a torn tail (the torn tail "
	   "of before is still on the store: %u, %u)", I->crc_errors, I->torn_tails);
	is_int(val(&C, "a", JK_RC), 59, "frames after the bad one are replayed");

	/* A valid frame after an erased program unit (a hole) is taken: its seq
	 * is newer, and the hole is one damaged region. */
	uint8_t f[64];
	struct jrec r = { .v = { [JK_TYPE] = JREC_JOB, [JK_JOB] = (uint32_t)jstate_find(&C.state, "a"),
				 [JK_BOOT] = C.state.v[JK_BOOT], [JK_T] = 1, [JK_STATE] = JOB_FAILED, [JK_RC] = 999 } };
	int n = jrec_encode(&r, NULL, f + JF_HDR, sizeof f - JF_OVERHEAD);
	uint32_t flen = n > 0 ? jframe_seal(f, C.seq, (uint32_t)n) : 0, at = C.cur * C.layout.seg_size + C.off;
	uint32_t crc_before = I->crc_errors;
	memcpy(mem + at + C.layout.prog_unit, f, flen);
	jcore_recover(&C, &sim.st);
	ok(n > 0 && val(&C, "a", JK_RC) == 999 && C.info.crc_errors == crc_before + 1 && C.off == C.layout.seg_size,
	   "a frame after an erased hole is replayed, the hole is a CRC error, appends go to a new segment (rc %u, crc %u/%u, off %u)", val(&C, "a", JK_RC), C.info.crc_errors, crc_before, C.off);
	is_int(C.seq, jle32(f + 4) + 1, "the next seq is past that frame's");
	memset(mem + at + C.layout.prog_unit, 0xff, flen);
	memcpy(mem + at, f, flen);
	jcore_recover(&C, &sim.st);
	ok(val(&C, "a", JK_RC) == 999 && C.info.crc_errors == crc_before && C.off != C.layout.seg_size,
	   "the same frame right after the last one: no damage, appends go on after it");

	/* Every snapshot gone: fresh, and the new seq is past every old frame. */
	fresh_sim(true);
	reboot();
	for (int i = 0; i < 600; i++)
		job(&C, "old", JOB_RUNNING, (uint32_t)i, 0, 1);
	uint32_t seq = C.seq, segs = C.cur;
	for (uint32_t x = 0; x < C.layout.seg_count; x++)
		memset(mem + x * C.layout.seg_size, 0, 16);
	reboot();
	ok(segs >= 2 && I->fresh && I->boot == 1 && C.cur == 0 && C.seq > seq + 1,
	   "no snapshot: fresh in segment 0, seq %u past the old %u", C.seq, seq - 1);
	reboot();
	ok(I->boot == 2 && !jrow(&C, "old"), "old frames are never replayed");

	for (uint32_t i = 0; i < SIZE; i++)
		mem[i] = (uint8_t)(i * 2654435761u >> 13);
	reboot();
	ok(I->fresh && I->boot == 1 && I->open && !I->err && I->records == 0, "random image: fresh journal, boot 1");
	job(&C, "r", JOB_DONE, 3, 0, 1);
	reboot();
	ok(!I->fresh && I->boot == 2 && jrow(&C, "r") && jrow(&C, "r")->v[JK_RC] == 3, "and it is usable next boot");
	memset(mem, 0, SIZE);
	reboot();
	ok(I->fresh && I->open && I->boot == 1, "zeroed image: fresh");
	job(&C, "z", JOB_DONE, 4, 0, 1);
	reboot();
	ok(!I->fresh && I->boot == 2 && jrow(&C, "z") && jrow(&C, "z")->v[JK_RC] == 4, "and usable next boot");
	/* A journal laid out for another program unit or size is foreign. */
	fresh_sim(true);
	reboot();
	job(&C, "a", JOB_RUNNING, 1, 0, 1);
	sim.st.geom.prog = 512;
	reboot();
	ok(I->fresh && I->boot == 1 && !jrow(&C, "a"), "other program unit: fresh");
	ok(C.layout.prog_unit == 512 && C.off % 512 == 0, "and frames now at multiples of 512");
	sim.st.geom.prog = 16;
	fresh_sim(true);
	reboot();
	reboot();
	sim.st.geom.size = SIZE / 2;
	reboot();
	ok(I->fresh && I->boot == 1 && C.layout.seg_count == 4, "other segment count: fresh");
	sim.st.geom.size = SIZE;
}

static void test_io_errors(void)
{
	fresh_sim(false);
	reboot();
	job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1);
	sim.fail_from = sim.ops;
	is_int(job(&C, "a", JOB_RUNNING, 1, JOURNAL_EXIT_NONE, 1), -EIO, "write error reported");
	I = jcore_info(&C);
	ok(!C.writable && !I->open && I->io_errors >= 1 && I->err == -EIO,
	   "journal goes RAM-only, counted (%u io errors)", I->io_errors);
	is_int(job(&C, "a", JOB_FAILED, 2, 1, 1), -EROFS, "later writes: -EROFS");
	ok(val(&C, "a", JK_RC) == 2 && val(&C, "a", JK_STATE) == JOB_FAILED, "RAM state still follows");
	is_int(quar(&C, "b", true, 1), -EROFS, "a new name too");
	is_int(jcore_info(&C)->nquarantined, 1, "and is quarantined in RAM");
	sim.fail_from = -1;
	reboot();
	ok(C.writable && I->open && val(&C, "a", JK_RC) == 0 && !jrow(&C, "b"),
	   "healed store: the last durable record");
	/* The very first write of a boot (a BIND) fails. */
	fresh_sim(false);
	reboot();
	sim.fail_from = sim.ops;
	ok(job(&C, "x", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1) < 0, "BIND fails: the JOB is not durable");
	ok(I->io_errors >= 1 && jrow(&C, "x"), "io error counted, x bound in RAM");
	/* A store that fails every write from the first one. */
	fresh_sim(false);
	sim.fail_from = 0;
	ok(reboot() < 0 && !I->open && I->boot == 1 && I->io_errors >= 1, "nothing writable: RAM-only boot 1");
}

static void test_one_failure(void)
{
	fresh_sim(true);
	reboot();
	job(&C, "a", JOB_RUNNING, 1, JOURNAL_EXIT_NONE, 1);
	uint32_t cur = C.cur;
	memset(mem + cur * C.layout.seg_size + C.off, 0x00, 16);   /* the target area is bad: read-back fails */
	int e = job(&C, "a", JOB_FAILED, 9, 3, 2);
	ok(e == 0 && C.cur != cur && C.info.io_errors == 1 && C.writable,
	   "read-back mismatch: moved on to a new segment (%d)", e);
	reboot();
	const struct jjob *j = jrow(&C, "a");
	ok(j && j->v[JK_RC] == 9 && j->v[JK_STATE] == JOB_FAILED && (int32_t)j->v[JK_EXIT] == 3,
	   "the record survived via the snapshot");
}

static void test_limits(void)
{
	fresh_sim(true);
	reboot();
	char name[SVC_NAME_MAX];
	for (int i = 0; i < SVC_MAX; i++) {
		snprintf(name, sizeof name, "%030d%c", i, 'x');
		job(&C, name, JOURNAL_STATE_MAX, UINT32_MAX, INT32_MIN + 1, UINT32_MAX);
		quar(&C, name, true, UINT32_MAX);
	}
	uint32_t cur = C.cur;
	is_int(jcore_open_seg(&C, (C.cur + 1) % C.layout.seg_count, UINT32_MAX, 999), 0, "largest snapshot fits a frame");
	ok(C.cur != cur && C.off <= JF_MAX, "snapshot of %u bytes written", C.off);
	printf("# largest snapshot: %u bytes on flash\n", C.off);
	reboot();
	is_int(I->nquarantined, SVC_MAX, "64 quarantined names recovered");
	snprintf(name, sizeof name, "%030d%c", 63, 'x');
	const struct jjob *j = jrow(&C, name);
	ok(j && j->v[JK_STATE] == JOURNAL_STATE_MAX && j->v[JK_RC] == UINT32_MAX && (int32_t)j->v[JK_EXIT] == INT32_MIN + 1 &&
	   j->v[JK_T] == UINT32_MAX && j->v[JK_ON] == 1, "max values recovered");
	is_int(job(&C, "tab\tname", 1, 0, 0, 0), -EINVAL, "names with a control character are refused");
	is_int(job(&C, "del\x7f", 1, 0, 0, 0), -EINVAL, "and with DEL");
	is_int(job(&C, "0123456789012345678901234567890123", 1, 0, 0, 0), -EINVAL, "over-long name refused");
	is_int(job(&C, "0123456789012345678901234567890", 1, 0, 0, 0), -ENOSPC, "31 characters is a name");
	is_int(job(&C, "a name", 1, 0, 0, 0), -ENOSPC, "and so is printable ASCII with a space");
	is_int(job(&C, "", 1, 0, 0, 0), -EINVAL, "empty name refused");
	is_int(job(&C, "caf\xc3\xa9", 1, 0, 0, 0), -EINVAL, "non-ASCII name refused");
	is_int(job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1), -ENOSPC,
	       "no id left when every job is quarantined");
	is_int(jstate_find(&C.state, "a"), 0, "and nothing bound");

	fresh_sim(true);
	reboot();
	long ops = sim.ops;
	is_int(job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1), 0, "job a");
	is_int(sim.ops - ops, 2, "BIND + JOB: two programs");
	ops = sim.ops;
	job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 2);
	quar(&C, "a", false, 2);
	start(&C, "a", 3);
	start(&C, "a", 4);
	mark(&C, JREC_HEALTHY, 5);
	mark(&C, JREC_HEALTHY, 6);
	is_int(sim.ops - ops, 2, "an unchanged job, quarantine, START or HEALTHY writes nothing");
	long b = sim.prog_bytes;
	ops = sim.ops;
	is_int(job(&C, "a", JOB_BACKOFF, 3, -11, 100), 0, "a job event");
	printf("# a job event programs %ld bytes (P=16)\n", sim.prog_bytes - b);
	ok(sim.ops - ops == 1 && sim.prog_bytes - b <= 48, "one program of %ld bytes (<= 48)", sim.prog_bytes - b);
	reboot();
	ops = sim.ops;
	job(&C, "a", JOB_BACKOFF, 3, -11, 100);
	is_int(sim.ops - ops, 1, "the same values in a new boot are a change");
}

/* A frame of an older version with payload hex at off of the
 * simulator's memory; the offset after it (P 16). */
static uint32_t put_old(uint32_t off, uint32_t seq, uint8_t version, const char *hex)
{
	uint8_t f[256];
	uint32_t n = unhex(hex, f + JF_HDR);
	uint32_t len = jframe_seal(f, seq, n);
	f[1] = version;
	uint32_t crc = crc32c(0, f, JF_HDR + n);
	for (int i = 0; i < 4; i++)
		f[JF_HDR + n + i] = (uint8_t)(crc >> (8 * i));
	memcpy(mem + off, f, len);
	return off + jalign(len, 16);
}

static void count_ms(void *u, const struct jwalk_item *it)
{
	uint32_t *n = u;
	if (it->rec && jframe_version(it->payload) == JF_VERSION_2 && it->rec->v[JK_MS] == 0)
		n[0]++;
	if (it->rec && jframe_version(it->payload) == JF_VERSION)
		n[1]++;
}

/* An upgrade: a journal written by a keel of format 2 (a SNAPSHOT with
 * net quarantined, boot 3 unhealthy, then net failed) is recovered, and
 * the new records go on after it in the same segment. */
static void test_upgrade_v2(void)
{
	fresh_sim(true);
	/* [15, boot 3, t 9, streak 1, healthy 2, clean 2, 0, 0, layout 8 x 8 KiB P 16],
	 * row [1, 3, 9, running, 0, none, on, "net"]; then JOB [3, 1, 3, 10, failed, 4, -11]. */
	uint32_t off = put_old(0, 1, JF_VERSION_2, "91" "0f03090102020000" "19208d" "0103090200" "3a7fffffff" "01" "636e6574");
	off = put_old(off, 2, JF_VERSION_2, "870301030a05042a");
	is_int(reboot(), 0, "a version 2 journal opens");
	ok(!I->fresh && I->boot == 4 && I->unhealthy_streak == 2 && I->last_healthy_boot == 2 && !I->crc_errors,
	   "not fresh: boot 4, streak 2, last healthy 2, no damage");
	ok(I->nquarantined == 1 && !strcmp(I->quarantined[0], "net"), "the quarantine survives the upgrade");
	const struct jjob *j = jrow(&C, "net");
	ok(j && j->v[JK_STATE] == JOB_FAILED && j->v[JK_RC] == 4 && (int32_t)j->v[JK_EXIT] == -11,
	   "net's row from the version 2 JOB record");
	ok(C.cur == 0 && C.off > off && mem[off + 1] == JF_VERSION, "the new BOOT record follows them, in the current version");
	is_int(job(&C, "net", JOB_RUNNING, 5, -11, 12), 0, "a new record");
	is_int(reboot(), 0, "and the mixed segment opens again");
	j = jrow(&C, "net");
	ok(I->boot == 5 && j && j->v[JK_STATE] == JOB_RUNNING && j->v[JK_RC] == 5, "boot 5, net running, rc 5");
	uint32_t n[2] = { 0, 0 };
	struct journal_info ji = { 0 };
	jcore_walk(&C, count_ms, n, &ji);
	ok(n[0] == 2 && n[1] == 3 && !ji.crc_errors && !ji.torn_tails,
	   "the walk: 2 version 2 records with ms 0, 3 of version 4 (%u, %u)", n[0], n[1]);
}

/* An upgrade from format 3 (job rows of eight values, no ENABLE): the
 * rows come back with enable 0, a disable goes on in the same segment in
 * version 4, and survives the next boot and a new segment's snapshot. */
static void test_upgrade_v3(void)
{
	fresh_sim(true);
	/* [15, boot 3, t 9, streak 1, healthy 2, clean 2, 0, 0, layout, ms 0], row [1, 3, 9, running, 0, none,
	 * on, "net"]; then JOB [3, 1, 3, 10, failed, 4, -11, ms 7]. */
	uint32_t off = put_old(0, 1, JF_VERSION_3,
			       "92" "0f03090102020000" "19208d" "00" "0103090200" "3a7fffffff" "01" "636e6574");
	off = put_old(off, 2, JF_VERSION_3, "880301030a05042a07");
	is_int(reboot(), 0, "a version 3 journal opens");
	const struct jjob *j = jrow(&C, "net");
	ok(!I->fresh && I->boot == 4 && !I->crc_errors && j && j->v[JK_STATE] == JOB_FAILED && j->v[JK_ON] == 1 &&
	   j->v[JK_ENABLE] == 0, "not fresh: boot 4, net failed and quarantined, enable 0");
	is_int(jcore_put(&C, JREC_ENABLE, "net", JOURNAL_DISABLED, 0, 0, 11, 5), 0, "disable net");
	ok(mem[off + 1] == JF_VERSION, "the new records are of the current version");
	is_int(reboot(), 0, "the mixed segment opens again");
	j = jrow(&C, "net");
	ok(I->boot == 5 && j && j->v[JK_ENABLE] == JOURNAL_DISABLED && j->v[JK_ON] == 1, "net still disabled");
	is_int(jcore_open_seg(&C, 1, 12, 0), 0, "a new segment: its snapshot carries the rows");
	is_int(reboot(), 0, "and opens");
	j = jrow(&C, "net");
	ok(C.cur == 1 && j && j->v[JK_ENABLE] == JOURNAL_DISABLED, "net is disabled from the version 4 snapshot");
}

int main(void)
{
	C.work = &work;
	test_boots();
	test_quarantine();
	test_rollover();
	test_ids();
	test_damage();
	test_io_errors();
	test_one_failure();
	test_limits();
	test_upgrade_v2();
	test_upgrade_v3();
	return done();
}
