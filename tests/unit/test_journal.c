/* SPDX-License-Identifier: MIT */
/*
 * The journal engine on the RAM simulator and the public API on a real
 * file: boot numbers and the boot-loop view, quarantine, segment roll-over
 * and even wear, history with names as they were, id reuse, torn tails,
 * mid-log corruption, foreign and broken images, I/O errors, the biggest
 * snapshot, "no write when nothing changed", and re-exec resume.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/jcore.h"
#include "init/journal.h"
#include "svc/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/t.h"

#define SIZE (64 * 1024)
static uint8_t mem[SIZE];
static struct jsim sim;
static struct jcore C;

static void fresh_sim(bool nor)
{
	memset(mem, 0xff, sizeof mem);
	jsim_init(&sim, mem, SIZE, 4096, 16, nor);
}

static int reboot(uint32_t t)
{
	return jcore_open(&C, &sim.st, 0x1234, t, false);
}

static void test_boots(void)
{
	fresh_sim(true);
	is_int(reboot(1), 0, "fresh image opens");
	ok(C.info.fresh && C.info.open && C.info.boot == 1, "fresh journal, boot 1");
	is_int(C.info.segments, 8, "64 KiB = 8 segments");
	is_int(C.info.seg_size, 8192, "of 8 KiB");
	jcore_start(&C, "net", 2);
	jcore_start(&C, "crasher", 3);
	reboot(1);
	ok(!C.info.fresh && C.info.boot == 2, "boot 2 after a crash");
	is_int(C.info.unhealthy_streak, 1, "streak 1");
	is_str(C.info.prev_last_start, "crasher", "last START of boot 1");
	is_str(C.info.prev2_last_start, "", "no boot before");
	jcore_start(&C, "crasher", 3);
	reboot(1);
	is_int(C.info.unhealthy_streak, 2, "streak 2");
	is_str(C.info.prev_last_start, "crasher", "last START of boot 2");
	is_str(C.info.prev2_last_start, "crasher", "last START of boot 1");
	jcore_mark(&C, JREC_HEALTHY, 120);
	reboot(1);
	ok(C.info.boot == 4 && C.info.unhealthy_streak == 0 && C.info.last_healthy_boot == 3,
	   "boot 4 after a healthy boot 3: streak 0");
	is_str(C.info.prev_last_start, "", "a healthy boot names no culprit");
	jcore_mark(&C, JREC_SHUTDOWN, 9);
	reboot(1);
	ok(C.info.boot == 5 && C.info.unhealthy_streak == 0 && C.info.last_healthy_boot == 3,
	   "a clean shutdown is not a crash, nor healthy");
	is_int(jcore_open(&C, &sim.st, 0, 1, true), 0, "resume (re-exec)");
	is_int(C.info.boot, 5, "resume keeps the boot number");
	reboot(1);
	is_int(C.info.boot, 6, "the next boot counts on");
	is_int(C.info.unhealthy_streak, 1, "boot 5 never got healthy");
}

static void test_quarantine(void)
{
	fresh_sim(true);
	reboot(1);
	jcore_job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1);
	jcore_quar(&C, "crasher", true, 2);
	jcore_quar(&C, "b", true, 2);
	is_int(C.info.nquarantined, 2, "two quarantined now");
	reboot(1);
	is_int(C.info.nquarantined, 2, "two quarantined after reboot");
	ok(!strcmp(C.info.quarantined[0], "crasher") || !strcmp(C.info.quarantined[1], "crasher"), "crasher listed");
	jcore_quar(&C, "crasher", false, 3);
	reboot(1);
	ok(C.info.nquarantined == 1 && !strcmp(C.info.quarantined[0], "b"), "lifted one stays lifted");
}

struct hcap { int n; struct journal_rec r[8]; };

static void hcb(void *u, const struct journal_rec *r)
{
	struct hcap *h = u;
	if (h->n < 8)
		h->r[h->n] = *r;
	h->n++;
}

static void test_rollover(void)
{
	fresh_sim(true);
	reboot(1);
	char name[16];
	for (uint32_t i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "job%u", i % 7);
		jcore_job(&C, name, (uint8_t)(i % 5), i, (int32_t)(i % 3) - 1, i);
	}
	ok(C.writable && C.info.io_errors == 0, "20000 records, no error");
	reboot(1);
	int id = jstate_find(&C.s, "job6");
	ok(id && C.s.job[id - 1].rc == 19998 && C.s.job[id - 1].exit == (int32_t)(19998 % 3) - 1,
	   "last record of job6 recovered after roll-over");
	uint32_t lo = UINT32_MAX, hi = 0;
	for (uint32_t x = 0; x < C.n; x++) {
		struct jseg h;
		if (jseg_unpack(mem + x * C.g, &h) < 0)
			continue;
		lo = h.ec < lo ? h.ec : lo;
		hi = h.ec > hi ? h.ec : hi;
	}
	ok(hi >= 8 && hi - lo <= 1, "erase counts even across the ring (%u..%u)", lo, hi);
	struct hcap h = { 0 };
	is_int(jcore_history(&C, 3, hcb, &h), 3, "history: last 3");
	ok(h.r[0].type == JREC_JOB && !strcmp(h.r[0].name, "job6") && h.r[0].restart_count == 19998,
	   "history oldest of 3 is job6 rc 19998");
	ok(h.r[2].type == JREC_BOOT && h.r[2].seq == h.r[1].seq + 1, "then the BOOT, seq consecutive");
}

static void test_ids(void)
{
	static uint8_t big[256 * 1024];
	memset(big, 0xff, sizeof big);
	jsim_init(&sim, big, sizeof big, 4096, 16, true);
	reboot(1);
	char name[16];
	for (int i = 0; i < SVC_MAX + 6; i++) {
		snprintf(name, sizeof name, "svc%d", i);
		jcore_job(&C, name, JOB_RUNNING, 0, JOURNAL_EXIT_NONE, (uint32_t)i);
	}
	ok(jstate_find(&C.s, "svc69") && !jstate_find(&C.s, "svc0"), "70 names: the oldest id was reused");
	reboot(1);
	ok(jstate_find(&C.s, "svc69") && jstate_find(&C.s, "svc6"), "bindings survive recovery");
	struct hcap h = { 0 };
	int n = jcore_history(&C, 100000, hcb, &h);
	ok(n >= SVC_MAX + 6 && !strcmp(h.r[1].name, "svc0"), "history names the first job svc0 (%s)", h.r[1].name);
	fresh_sim(true);
}

static void test_damage(void)
{
	fresh_sim(true);
	reboot(1);
	for (int i = 0; i < 40; i++)
		jcore_job(&C, "a", JOB_RUNNING, (uint32_t)i, JOURNAL_EXIT_NONE, 1);
	uint32_t cur = C.cur, off = C.off;
	mem[cur * C.g + off + 3] = 0x12;   /* garbage after the last frame: a torn tail */
	reboot(1);
	ok(C.info.torn_tails == 1 && C.s.job[0].rc == 39, "torn tail detected, records kept");
	ok(C.cur != cur, "appending moved to a new segment");
	for (int i = 40; i < 60; i++)
		jcore_job(&C, "a", JOB_RUNNING, (uint32_t)i, JOURNAL_EXIT_NONE, 1);
	mem[C.cur * C.g + C.data0 + 600] ^= 0x04;   /* bit rot in the middle */
	reboot(1);
	ok(C.info.crc_errors == 1 && C.info.torn_tails == 0, "mid-log corruption is not a torn tail");
	is_int(C.s.job[0].rc, 59, "frames after the bad one are replayed");
	is_int(C.s.health[JH_TORN], 1, "lifetime torn count in the snapshot");

	for (uint32_t i = 0; i < SIZE; i++)
		mem[i] = (uint8_t)(i * 2654435761u >> 13);
	reboot(1);
	ok(C.info.fresh && C.info.boot == 1 && C.info.open, "random image: fresh journal, boot 1");
	reboot(1);
	ok(!C.info.fresh && C.info.boot == 2, "and it is usable next boot");
	memset(mem, 0, SIZE);
	reboot(1);
	ok(C.info.fresh && C.info.open, "zeroed image: fresh");
	/* A journal laid out for another program unit is foreign. */
	fresh_sim(true);
	reboot(1);
	sim.st.geom.prog = 512;
	reboot(1);
	ok(C.info.fresh && C.info.boot == 1, "other geometry: fresh");
	sim.st.geom.prog = 16;
}

static void test_io_errors(void)
{
	fresh_sim(false);
	reboot(1);
	sim.fail_from = sim.ops;
	ok(jcore_job(&C, "a", JOB_RUNNING, 1, JOURNAL_EXIT_NONE, 1) < 0, "write error reported");
	ok(!C.writable && !C.info.open && C.info.io_errors >= 1, "journal goes RAM-only, counted");
	is_int(jcore_job(&C, "a", JOB_FAILED, 2, 1, 1), -EROFS, "later writes: -EROFS");
	is_int(C.s.job[jstate_find(&C.s, "a") - 1].rc, 2, "RAM state still follows");
	/* The very first write of a boot (a BIND) fails. */
	fresh_sim(false);
	reboot(1);
	sim.fail_from = sim.ops;
	jcore_job(&C, "x", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1);
	ok(C.info.io_errors >= 1, "io error counted");
}

static void test_one_failure(void)
{
	fresh_sim(true);
	reboot(1);
	jcore_job(&C, "a", JOB_RUNNING, 1, JOURNAL_EXIT_NONE, 1);
	/* fail exactly one program: make ops numbered == now fail, then heal */
	long now = sim.ops;
	sim.fail_from = now;
	struct jrec r = { .type = JREC_JOB, .boot = C.s.boot, .t = 2, .job = 1, .state = JOB_FAILED,
			  .rc = 9, .exit = 3 };
	jstate_apply(&C.s, &r);
	uint32_t cur = C.cur;
	/* a one-shot failure: the hook heals the store after the failing op */
	sim.fail_from = -1;
	memset(mem + cur * C.g + C.off, 0x00, 16);   /* the target area is bad: read-back fails */
	int e = jcore_append(&C, &r);
	ok(e == 0 && C.cur != cur && C.info.io_errors == 1, "read-back mismatch: moved on (%d)", e);
	reboot(1);
	ok(C.s.job[0].rc == 9 && C.s.job[0].state == JOB_FAILED, "the record survived via the snapshot");
}

static void test_limits(void)
{
	fresh_sim(true);
	reboot(1);
	char name[SVC_NAME_MAX];
	for (int i = 0; i < SVC_MAX; i++) {
		snprintf(name, sizeof name, "%030d%c", i, 'x');
		jcore_job(&C, name, 255, UINT32_MAX, INT32_MIN + 1, UINT32_MAX);
		jcore_quar(&C, name, true, UINT32_MAX);
	}
	uint32_t cur = C.cur;
	is_int(jcore_open_seg(&C, (C.cur + 1) % C.n, 0, UINT32_MAX), 0, "largest snapshot fits a segment");
	ok(C.cur != cur && C.off < C.g, "snapshot of %u bytes written", C.off - C.data0);
	reboot(1);
	is_int(C.info.nquarantined, SVC_MAX, "64 quarantined names recovered");
	is_int(jcore_job(&C, "bad name", 1, 0, 0, 0), -EINVAL, "names with spaces are refused");
	snprintf(name, sizeof name, "%031d", 1);
	is_int(jcore_job(&C, "0123456789012345678901234567890123", 1, 0, 0, 0), -EINVAL, "over-long name refused");
	is_int(jcore_job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1), -ENOSPC,
	       "no id left when every job is quarantined");
	fresh_sim(true);
	reboot(1);
	long ops = sim.ops;
	is_int(jcore_job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 1), 0, "job a");
	ok(sim.ops - ops == 2, "BIND + JOB: two programs");
	ops = sim.ops;
	jcore_job(&C, "a", JOB_RUNNING, 0, JOURNAL_EXIT_NONE, 2);
	is_int(sim.ops - ops, 0, "an unchanged job writes nothing");
	long b = sim.prog_bytes;
	jcore_job(&C, "a", JOB_BACKOFF, 3, -11, 100);
	is_int(sim.prog_bytes - b, 32, "a job event is 32 bytes on flash (P=16)");
}

static void test_file_api(void)
{
	char dir[] = "/tmp/keel-jXXXXXX", path[64];
	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(path, sizeof path, "%s/journal", dir);
	is_int(journal_open(path, 65536), 0, "journal_open creates the file");
	struct stat st;
	ok(!stat(path, &st) && st.st_size == 65536, "64 KiB file");
	const struct journal_info *ji = journal_get_info();
	ok(ji->open && ji->fresh && ji->boot == 1, "fresh, boot 1");
	journal_job("sshd", JOB_RUNNING, 0, JOURNAL_EXIT_NONE);
	journal_job("crasher", JOB_BACKOFF, 3, -11);
	journal_start("crasher");
	journal_quarantine("crasher", true);
	journal_close();
	is_int(journal_open(path, 0), 0, "reopen");
	ji = journal_get_info();
	ok(!ji->fresh && ji->boot == 2 && ji->unhealthy_streak == 1, "boot 2, streak 1");
	is_str(ji->prev_last_start, "crasher", "culprit candidate");
	ok(ji->nquarantined == 1 && !strcmp(ji->quarantined[0], "crasher"), "quarantine list");
	struct journal_rec r;
	ok(!journal_job_last("crasher", &r) && r.restart_count == 3 && r.exit == -11 && r.state == JOB_BACKOFF,
	   "job_last: rc 3, exit -11");
	is_int(journal_job_last("nope", &r), -ENOENT, "unknown job");
	struct hcap h = { 0 };
	is_int(journal_history(10, hcb, &h), 6, "6 history records");
	ok(h.r[1].type == JREC_JOB && !strcmp(h.r[1].name, "sshd") && h.r[2].exit == -11, "with names and exits");
	journal_close();
	int fd = open(path, O_RDONLY);
	uint8_t tail[64];
	ok(fd >= 0 && pread(fd, tail, 64, 65536 - 64) == 64 && tail[0] == 0xff && tail[63] == 0xff,
	   "unused space is 0xFF");
	close(fd);
	is_int(journal_open(dir, 65536), -EINVAL, "a directory is refused");
	ji = journal_get_info();
	ok(!ji->open && ji->boot == 1 && ji->err == -EINVAL, "RAM-only, boot 1, err set");
	journal_job("x", JOB_RUNNING, 0, JOURNAL_EXIT_NONE);
	is_int(journal_open("", 0), -ENOENT, "no path: RAM only");
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_boots();
	test_quarantine();
	test_rollover();
	test_ids();
	test_damage();
	test_io_errors();
	test_one_failure();
	test_limits();
	test_file_api();
	return done();
}
