// SRCS: init/cbor.c init/crc32c.c init/jrec.c init/jframe.c init/jcore.c init/jrecover.c init/jwalk.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: recovery over arbitrary images.  Byte 0 picks the
 * program unit and the segment count (2..4 segments of 8 KiB); the rest
 * is the image (short inputs are padded with 0xFF).  Oracles: recovery
 * and a full walk return (no crash, no hang: every loop is bounded by the
 * image size); the recovered state's snapshot re-encodes to the same
 * bytes; if the journal is writable afterwards, a record written now is
 * found by the next recovery, with the same boot number.
 */
#include <stdlib.h>
#include <string.h>

#include "init/jcore.h"
#include "svc/jobstate.h"
#include "tests/unit/jsim.h"

static struct jcore C;
static uint8_t img[4 * 8192], a[JF_MAX], b[JF_MAX];

static void nop(void *u, const struct jwalk_item *it)
{
	(void)u;
	(void)it;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t progs[4] = { 16, 1, 512, 256 };
	static struct jstate s2;
	struct jsim sim;
	if (!size)
		return 0;
	uint32_t segs = 2 + (data[0] >> 2) % 3, len = segs * 8192;
	memset(img, 0xff, sizeof img);
	memcpy(img, data + 1, size - 1 < len ? size - 1 : len);
	jsim_init(&sim, img, len, 4096, progs[data[0] & 3], data[0] & 0x80);

	if (jcore_recover(&C, &sim.st) == 0) {
		(void)jcore_walk(&C, nop, NULL);
		struct jrec r = { .type = JREC_SNAPSHOT, .t = 1 }, r2;
		int n = jrec_encode(&r, &C.s, a, sizeof a);
		if (n <= 0 || jrec_decode(a, (uint32_t)n, &r2, &s2) || jrec_encode(&r2, &s2, b, sizeof b) != n ||
		    memcmp(a, b, (size_t)n))
			abort();   /* recovery built a state its own snapshot cannot carry */
	}
	if (jcore_open(&C, &sim.st, 42, 1, false) || !C.writable)
		return 0;
	uint32_t boot = C.info.boot;
	if (jcore_job(&C, "fuzz", JOB_FAILED, 12345, -6, 7) && C.writable)
		abort();
	if (!C.writable)
		return 0;
	int id;
	if (jcore_recover(&C, &sim.st) || C.s.boot != boot || !(id = jstate_find(&C.s, "fuzz")) ||
	    C.s.job[id - 1].rc != 12345 || C.s.job[id - 1].exit != -6)
		abort();   /* an acknowledged record is lost */
	return 0;
}
