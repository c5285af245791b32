/* SPDX-License-Identifier: MIT */
/*
 * The corpus tests/jreader.sh reads with journal-dump and with
 * tests/jreader/jreader.py: journal images written by the journal engine
 * over the RAM flash simulator (tests/unit/jsim.h) with random workloads
 * (boots, re-exec resumes, jobs, quarantines, enables, hooks, healthy and
 * shutdown marks, segment roll-overs, power cuts), and damaged copies of
 * them: bit flips, erased holes, torn tails, unknown record types in good
 * frames, a frame copied elsewhere (a duplicate seq), a stale area past
 * journal_size (a larger, newer-looking journal behind a smaller one:
 * the name says the size to read, NAME@BYTES.img), and truncated files.
 *     jcorpus DIR [COUNT]
 * writes DIR/clean-N.img and DIR/KIND-N.img; exit 0, or 1 on an error.
 */
#include <stdio.h>
#include <stdlib.h>

#include "init/journal/jcore.h"
#include "svc/run/jobstate.h"
#include "tests/unit/jsim.h"
#include "tests/unit/jtest.h"

#define MAX_SIZE (1u << 20)

static uint8_t mem[MAX_SIZE], big[MAX_SIZE];
static struct jsim sim;
static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */
static const char *dir;

static int save(const char *kind, int n, uint32_t read_size, const uint8_t *img, uint32_t len)
{
	char path[512];
	if (read_size)
		snprintf(path, sizeof path, "%s/%s-%03d@%u.img", dir, kind, n, read_size);
	else
		snprintf(path, sizeof path, "%s/%s-%03d.img", dir, kind, n);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

static void workload(int ops)
{
	static const char *const names[] = { "net", "sshd", "crasher", "app.web", "getty@tty1", "x",
					     "a \"quoted\" \\ name~", "0123456789012345678901234567890" };
	for (int i = 0; i < ops; i++) {
		const char *n = names[rnd() % 8];
		uint32_t k = rnd() % 20, t = rnd() % 100000, ms = rnd() % 1000;
		if (k < 12)
			jcore_put(&C, JREC_JOB, n, (uint8_t)(rnd() % 10), rnd() % 7, (int32_t)(rnd() % 5) - 2, t, ms);
		else if (k < 14)
			jcore_put(&C, JREC_QUAR, n, (uint8_t)(rnd() % 2), 0, 0, t, ms);
		else if (k < 15)
			jcore_put(&C, JREC_ENABLE, n, (uint8_t)(1 + rnd() % 2), 0, 0, t, ms);
		else if (k < 16)
			jcore_put(&C, JREC_HOOK, n, (uint8_t)(1 + rnd() % 2), 0, (int32_t)(rnd() % 3), t, ms);
		else if (k < 17)
			jcore_put(&C, JREC_HEALTHY, NULL, 0, 0, 0, t, ms);
		else if (k < 18)
			jcore_put(&C, JREC_SHUTDOWN, NULL, 0, 0, 0, t, ms);
		else
			jcore_put(&C, JREC_START, n, 0, 0, 0, t, ms);
	}
}

/* A journal of size bytes after a random history; the simulator keeps it. */
static void write_journal(uint32_t size)
{
	static const uint32_t progs[] = { 16, 16, 64, 512 };
	memset(mem, 0xff, size);
	jsim_init(&sim, mem, size, 4096, progs[rnd() % 4], rnd() % 2);
	int boots = 1 + (int)(rnd() % 8);
	for (int b = 0; b < boots; b++) {
		jcore_open(&C, &sim.st, rnd() % 100, rnd() % 1000, b && rnd() % 4 == 0);
		workload((int)(rnd() % (size / 64)));
	}
}

/* A valid frame of payload at off, seq. */
static void put_frame(uint8_t *img, uint32_t off, uint32_t seq, const uint8_t *payload, uint32_t n)
{
	uint8_t f[64];
	memcpy(f + JF_HDR, payload, n);
	memcpy(img + off, f, jframe_seal(f, seq, n));
}

static uint32_t tail_at(void)
{
	return C.cur * C.layout.seg_size + (C.off < C.layout.seg_size ? C.off : 0);
}

static int damaged(int n, uint32_t size)
{
	static uint8_t img[MAX_SIZE];
	static const uint8_t unknown[] = { 0x84, 0x0a, 0x01, 0x02, 0x03 };
	int e = 0;
	memcpy(img, mem, size);
	for (int i = 0; i < 1 + (int)(rnd() % 4); i++)
		img[rnd() % size] ^= (uint8_t)(1u << (rnd() % 8));
	e |= save("flip", n, 0, img, size);
	memcpy(img, mem, size);
	uint32_t at = rnd() % size, len = rnd() % 2048;
	memset(img + at, 0xff, at + len <= size ? len : size - at);
	e |= save("hole", n, 0, img, size);
	memcpy(img, mem, size);
	at = tail_at();
	for (uint32_t i = 0; i < 40 && at + i < size; i++)
		img[at + i] = (uint8_t)rnd();
	e |= save("torn", n, 0, img, size);
	memcpy(img, mem, size);
	at = tail_at();
	if (at + 64 <= size)
		put_frame(img, at, C.seq + rnd() % 2, unknown, sizeof unknown);
	e |= save("unknown", n, 0, img, size);
	memcpy(img, mem, size);
	at = tail_at();
	if (at + 64 <= size && C.off > 64)
		memcpy(img + at, img + C.cur * C.layout.seg_size + C.off - 64, 64);   /* a frame twice */
	e |= save("dup", n, 0, img, size);
	e |= save("trunc", n, 0, mem, (uint32_t)(rnd() % size));
	return e;
}

/* A journal of size bytes in front of a larger, later one: bytes past
 * size are stale.  Read with --size (NAME@SIZE). */
static int stale(int n)
{
	write_journal(MAX_SIZE);
	memcpy(big, mem, MAX_SIZE);
	write_journal(MAX_SIZE / 4);
	memcpy(big, mem, MAX_SIZE / 4);
	return save("stale", n, MAX_SIZE / 4, big, MAX_SIZE) | save("stalewhole", n, 0, big, MAX_SIZE);
}

int main(int argc, char **argv)
{
	C.work = &work;
	static const uint32_t sizes[] = { 16u << 10, 32u << 10, 64u << 10, 256u << 10, 1u << 20 };
	if (argc < 2)
		return 100;
	dir = argv[1];
	int count = argc > 2 ? atoi(argv[2]) : 20, e = 0;
	for (int n = 0; n < count; n++) {
		uint32_t size = sizes[rnd() % 5];
		write_journal(size);
		e |= save("clean", n, 0, mem, size);
		e |= damaged(n, size);
		if (n % 4 == 0)
			e |= stale(n);
	}
	return e ? 1 : 0;
}
