/* SPDX-License-Identifier: MIT */
/*
 * Journal benchmark (numbers, never pass/fail), run by
 * tools/bench-journal.sh: bytes per job event (the golden JOB record's
 * CBOR and framed size, and bytes programmed per event amortised over
 * 100000 events on the RAM simulator, snapshots and padding included),
 * the time to recover a full 1 MiB journal file whose newest segment is
 * nearly full, and the time to open it (recovery + BOOT + fdatasync).
 * Usage: bench-journal [DIR]   (DIR holds the 1 MiB test file; without
 * it only the byte counts are printed)
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "init/journal/jcore.h"
#include "svc/run/jobstate.h"
#include "tests/unit/jsim.h"

#define IMG (1u << 20)
#define RUNS 20

static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */
static uint8_t mem[IMG], copy[IMG];

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* n job events over 8 jobs; each changes the job's state (i % 5 moves by
 * 3 between two events of one job), so every one is written.  The
 * milliseconds past t spread over 0..999, as real events' do. */
static void events(int n, uint32_t t0)
{
	static const char *names[8] = { "net", "sshd", "crasher", "app", "log", "ntp", "web", "db" };
	static int i;
	for (int k = 0; k < n; k++, i++)
		(void)jcore_put(&C, JREC_JOB, names[i % 8], (uint32_t)(i % 5), (uint32_t)i / 8, i % 3 ? -11 : 1,
				t0 + (uint32_t)k, (uint32_t)(k * 37 % 1000));
}

static void bytes_per_event(uint32_t prog)
{
	struct jsim s;
	long ev = 100000;
	memset(mem, 0xff, sizeof mem);
	jsim_init(&s, mem, sizeof mem, 4096, prog, true);
	jcore_open(&C, &s.st, 1, 0, false);
	events(8, 100);   /* bind the names first */
	long b0 = s.prog_bytes, e0 = s.erases;
	uint32_t seq0 = C.seq;
	events((int)ev, 5000);
	printf("P=%-4u JOB event: %.1f bytes programmed per event amortised (%ld events, %u frames, %ld erases of %u KiB)\n",
	       prog, (double)(s.prog_bytes - b0) / (double)ev, ev, C.seq - seq0, s.erases - e0, C.layout.seg_size / 1024);
}

static int restore(int fd)
{
	return pwrite(fd, copy, IMG, 0) == (ssize_t)IMG && !fdatasync(fd) ? 0 : -1;
}

/* Recovery and open of a full 1 MiB journal file in dir. */
static int file_bench(const char *dir)
{
	static struct store st;
	char path[256];
	snprintf(path, sizeof path, "%s/bench-journal.img", dir);
	unlink(path);
	if (store_open(&st, path, IMG, 0)) {
		perror(path);
		return 111;
	}
	jcore_open(&C, &st, 1, 0, false);
	events(40000, 1);   /* wraps the 16 x 64 KiB ring about once */
	/* The newest segment nearly full (the longest scan): stop once less
	 * than 128 bytes are left (a JOB frame takes at most 48 at P 16, so
	 * a BOOT record still fits: the open below writes no snapshot). */
	for (int k = 0; k < 100000 && (C.layout.seg_size - C.off >= 128); k++)
		events(1, 2);
	printf("1 MiB file: %u segments of %u KiB, next seq %u, newest segment %u with %u bytes free\n",
	       C.layout.seg_count,
	       C.layout.seg_size / 1024, C.seq, C.cur, C.layout.seg_size - C.off);
	int fd = st.fd;
	if (pread(fd, copy, IMG, 0) != (ssize_t)IMG) {
		perror("pread");
		return 111;
	}
	double best = 1e9, best_open = 1e9;
	for (int i = 0; i < RUNS; i++) {
		double t = now_ms();
		jcore_recover(&C, &st);
		t = now_ms() - t;
		best = t < best ? t : best;
	}
	printf("recovery of a full 1 MiB journal (page cache warm): best %.3f ms of %d, %u records replayed\n",
	       best, RUNS, C.info.records);
	for (int i = 0; i < RUNS; i++) {
		if (restore(fd)) {   /* the same image every time */
			perror("pwrite");
			return 111;
		}
		double t = now_ms();
		jcore_open(&C, &st, 3, 0, false);
		t = now_ms() - t;
		best_open = t < best_open ? t : best_open;
	}
	printf("open (recovery + BOOT record + fdatasync): best %.3f ms of %d, boot %u, err %d\n", best_open, RUNS,
	       jcore_info(&C)->boot, C.info.err);
	st.ops->close(&st);
	unlink(path);
	return 0;
}

int main(int argc, char **argv)
{
	C.work = &work;
	uint8_t buf[64];
	struct jrec r = { .v = { [JK_TYPE] = JREC_JOB, [JK_JOB] = 4, [JK_BOOT] = 1234, [JK_T] = 86400,
				 [JK_STATE] = JOB_BACKOFF, [JK_RC] = 5, [JK_EXIT] = (uint32_t)-11, [JK_MS] = 250 } };
	int n = jrec_encode(&r, NULL, buf, sizeof buf);
	printf("JOB record (job 4, boot 1234, t 86400, backoff, rc 5, exit -11, ms 250): %d bytes CBOR, %d bytes framed "
	       "(%d-byte frame), %u at P 16\n", n, n + JF_OVERHEAD, JF_OVERHEAD, jalign((uint32_t)n + JF_OVERHEAD, 16));
	bytes_per_event(16);
	bytes_per_event(1);
	bytes_per_event(512);
	return argc < 2 ? 0 : file_bench(argv[1]);
}
