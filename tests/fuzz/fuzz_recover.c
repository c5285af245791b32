// SRCS: init/journal/cbor.c init/journal/crc32c.c init/journal/jrec.c init/journal/jframe.c init/journal/jcore.c init/journal/jrecover.c init/journal/jlayout.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: recovery over arbitrary images.  Byte 0 picks the
 * program unit P (bits 0-1: 16, 1, 512, 256), the segment count (2 +
 * (byte >> 2) % 3 segments of 8 KiB) and NOR programming (bit 7); the
 * rest is the image (short inputs are padded with 0xFF).  Oracles:
 * recovery and a full walk return (no crash, no hang: every loop is
 * bounded by the image size) and the walk's records come in seq order
 * from inside the image; the recovered state's SNAPSHOT re-encodes and
 * decodes to the same bytes; if the journal is writable after
 * jcore_open, a record written now is found by the next recovery, with
 * the same boot number.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "init/journal/jcore.h"
#include "tests/unit/jsim.h"

static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks */
static uint8_t img[4 * 8192], a[JF_MAX], b[JF_MAX];

struct seen {
	uint32_t n, seq, len;
	bool bad;
};

static void item(void *u, const struct jwalk_item *it)
{
	struct seen *s = u;
	const struct jlayout *l = &C.layout;
	if (it->seg >= l->seg_count || it->off >= l->seg_size || it->len > JF_PAYLOAD_MAX ||
	    it->off + it->len + JF_OVERHEAD > l->seg_size)
		s->bad = true;
	if (!it->rec)
		return;
	if (s->n && it->seq <= s->seq)
		s->bad = true;   /* records out of seq order */
	s->n++;
	s->seq = it->seq;
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

	C.work = &work;
	int rec_err = jcore_recover(&C, &sim.st);
	if (rec_err == -EOVERFLOW)
		return 0;   /* a valid frame with seq 2^32-1: no seq left, RAM only (docs/journal.md) */
	if (rec_err)
		abort();   /* the geometry is valid: recovery never fails on jsim otherwise */
	struct seen seen = { 0 };
	struct journal_info ji = { 0 };
	int w = jcore_walk(&C, item, &seen, &ji);
	if (w < 0 || seen.bad || (uint32_t)w != seen.n)
		abort();
	struct jrec r = { .v = { [JK_TYPE] = JREC_SNAPSHOT, [JK_T] = 1,
				 [JK_LAYOUT] = jlayout_pack(&C.layout) } }, r2;
	for (int k = JK_BOOT; k <= JK_PSTART; k++)
		if (k != JK_T)
			r.v[k] = C.state.v[k];
	int n = jrec_encode(&r, &C.state, a, sizeof a);
	if (n <= 0 || n > JF_PAYLOAD_MAX || jrec_decode(a, (uint32_t)n, JF_VERSION, &r2, &s2) ||
	    jrec_encode(&r2, &s2, b, sizeof b) != n || memcmp(a, b, (size_t)n))
		abort();   /* recovery built a state its own snapshot cannot carry */

	if (jcore_open(&C, &sim.st, 42, 0, false) || !C.writable)
		return 0;
	uint32_t boot = C.state.v[JK_BOOT];
	int e = jcore_put(&C, JREC_JOB, "fuzz", 4, 12345, -6, 7, 250);
	if (e == -ENOSPC || !C.writable)
		return 0;   /* no free id (every one quarantined or a last START), or writes failed */
	if (e)
		abort();
	int id;
	if (jcore_recover(&C, &sim.st) || C.state.v[JK_BOOT] != boot || !(id = jstate_find(&C.state, "fuzz")) ||
	    C.state.job[id - 1].v[JK_STATE] != 4 || C.state.job[id - 1].v[JK_RC] != 12345 ||
	    (int32_t)C.state.job[id - 1].v[JK_EXIT] != -6 || C.state.job[id - 1].v[JK_BOOT] != boot)
		abort();   /* an acknowledged record is lost */
	return 0;
}
