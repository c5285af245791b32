/* SPDX-License-Identifier: MIT */
/*
 * Journal benchmark (numbers, never pass/fail), run by
 * tools/bench-journal.sh: bytes on flash per job event (framed, and
 * amortised with snapshots and padding), and the time to recover a full
 * 1 MiB journal file whose newest segment is full (the longest scan).
 * Usage: bench-journal DIR   (DIR holds the 1 MiB test file)
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "init/jcore.h"
#include "svc/jobstate.h"
#include "tests/unit/jsim.h"

static struct jcore C;
static uint8_t mem[1 << 20];

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void events(int n, uint32_t t0)
{
	static const char *names[8] = { "net", "sshd", "crasher", "app", "log", "ntp", "web", "db" };
	for (int i = 0; i < n; i++)
		jcore_job(&C, names[i % 8], (uint8_t)(i % 5), (uint32_t)i / 8, i % 3 ? -11 : 1, t0 + (uint32_t)i);
}

static void bytes_per_event(uint32_t prog)
{
	struct jsim s;
	memset(mem, 0xff, sizeof mem);
	jsim_init(&s, mem, sizeof mem, 4096, prog, true);
	jcore_open(&C, &s.st, 1, 100, false);
	events(8, 100);   /* bind the names first */
	long b0 = s.prog_bytes, o0 = s.ops;
	uint32_t seq0 = C.seq;
	events(100000, 5000);
	long ev = 100000;
	printf("P=%-4u JOB event: %.1f bytes programmed per event amortised (%ld events, %u frames, %ld erases)\n",
	       prog, (double)(s.prog_bytes - b0) / ev, ev, C.seq - seq0, s.erases);
	(void)o0;
}

int main(int argc, char **argv)
{
	uint8_t buf[64];
	struct jrec r = { .type = JREC_JOB, .boot = 1234, .t = 86400, .job = 4, .state = JOB_BACKOFF,
			  .rc = 5, .exit = -11 };
	int n = jrec_encode(&r, NULL, buf, sizeof buf);
	printf("JOB record: %d bytes CBOR, %d bytes framed (12-byte frame), boot 1234, t 86400, exit -11\n",
	       n, n + JF_OVERHEAD);
	bytes_per_event(16);
	bytes_per_event(1);
	bytes_per_event(512);

	if (argc < 2)
		return 0;
	char path[256];
	snprintf(path, sizeof path, "%s/bench-journal.img", argv[1]);
	unlink(path);
	static struct store st;
	if (store_file_open(&st, path, 1 << 20, 0)) {
		perror("store_file_open");
		return 111;
	}
	jcore_open(&C, &st, 1, 1, false);
	events(40000, 1);   /* wraps the 16 x 64 KiB ring about once */
	/* Make the newest segment (nearly) full, the longest scan: find how
	 * many events fill a segment, then fill a fresh one to one short. */
	int per = 0;
	for (uint32_t cur = C.cur; C.cur == cur && per < 100000; per++)
		events(1, 2);
	for (int k = 0; k < per - 2; k++)
		events(1, 2);
	printf("1 MiB file: %u segments of %u KiB, %u records in the newest segment area\n", C.n,
	       C.g / 1024, C.seq);
	double best = 1e9, best_open = 1e9;
	for (int i = 0; i < 20; i++) {
		double t = now_ms();
		jcore_recover(&C, &st);
		t = now_ms() - t;
		best = t < best ? t : best;
	}
	printf("recovery of a full 1 MiB journal (page cache warm): best %.2f ms of 20, %u records replayed\n",
	       best, C.info.records);
	double t = now_ms();
	jcore_open(&C, &st, 1, 1, false);
	best_open = now_ms() - t;
	printf("open (recovery + BOOT record + fdatasync): %.2f ms\n", best_open);
	st.ops->close(&st);
	unlink(path);
	return 0;
}
