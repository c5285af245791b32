/* SPDX-License-Identifier: MIT */
/*
 * Segment headers, frame sealing and the segment scanner (init/jframe.h).
 * The scanner trusts nothing it reads: every length is checked against the
 * segment end before a byte is read, a frame counts only with a good
 * CRC-32C and a seq newer than the last one, and every loop advances by at
 * least one program unit, so a scan is O(segment size) on any input.
 */
#include <string.h>

#include "init/crc32c.h"
#include "init/jframe.h"

void jseg_pack(uint8_t *out, const struct jseg *h)
{
	uint8_t *o = out;
	memcpy(o, JSEG_MAGIC, 4);
	o[4] = JSEG_VERSION;
	o[5] = h->log2g;
	o[6] = h->log2p;
	o[7] = h->flags;
	jput32(o + 8, (uint32_t)h->id);
	jput32(o + 12, (uint32_t)(h->id >> 32));
	jput32(o + 16, h->seq);
	jput32(o + 20, h->ec);
	jput32(o + 24, 0xffffffff);
	jput32(o + 28, crc32c(0, o, 28));
	memcpy(out + JSEG_HDR, out, JSEG_HDR);
}

static bool seg_ok(const uint8_t *o)
{
	return !memcmp(o, JSEG_MAGIC, 4) && o[4] == JSEG_VERSION &&
	       crc32c(0, o, 28) == jle32(o + 28);
}

int jseg_unpack(const uint8_t *in, struct jseg *h)
{
	bool a = seg_ok(in), b = seg_ok(in + JSEG_HDR);
	const uint8_t *o = a ? in : in + JSEG_HDR;
	if (!a && !b)
		return -1;
	h->log2g = o[5];
	h->log2p = o[6];
	h->flags = o[7];
	h->id = jle32(o + 8) | (uint64_t)jle32(o + 12) << 32;
	h->seq = jle32(o + 16);
	h->ec = jle32(o + 20);
	return a && b ? 0 : 1;
}

uint32_t jframe_seal(uint8_t *f, uint32_t seq, uint32_t len)
{
	f[0] = JF_MAGIC;
	f[1] = JF_VERSION;
	f[2] = (uint8_t)len;
	f[3] = (uint8_t)(len >> 8);
	jput32(f + 4, seq);
	jput32(f + JF_HDR + len, crc32c(0, f, JF_HDR + len));
	return len + JF_OVERHEAD;
}

void jwin_init(struct jwin *w, struct store *st, uint8_t *buf, uint32_t cap)
{
	w->st = st;
	w->buf = buf;
	w->cap = cap;
	w->off = w->len = 0;
	w->err = 0;
}

void jwin_drop(struct jwin *w)
{
	w->len = 0;
}

const uint8_t *jwin_get(struct jwin *w, uint32_t off, uint32_t n, uint32_t end)
{
	if (off >= w->off && off - w->off <= w->len && w->len - (off - w->off) >= n)
		return w->buf + (off - w->off);
	uint32_t len = end - off < w->cap ? end - off : w->cap;
	w->len = 0;
	w->err = w->st->ops->read(w->st, off, w->buf, len);
	if (w->err)
		return NULL;
	w->off = off;
	w->len = len;
	return w->buf;
}

int jwin_erased(struct jwin *w, uint32_t off, uint32_t end)
{
	while (off < end) {
		uint32_t n = end - off < w->cap ? end - off : w->cap;
		const uint8_t *p = jwin_get(w, off, n, end);
		if (!p)
			return w->err;
		for (uint32_t i = 0; i < n; i++)
			if (p[i] != 0xff)
				return 0;
		off += n;
	}
	return 1;
}

void jscan_init(struct jscan *sc, struct jwin *w, uint32_t start, uint32_t end, uint32_t p,
		uint32_t last, bool have_last)
{
	memset(sc, 0, sizeof *sc);
	sc->w = w;
	sc->off = start;
	sc->end = end;
	sc->p = p;
	sc->last = last;
	sc->have_last = have_last;
}

/* 1 and the frame's fields if a valid frame starts at off, 0 if not. */
static int frame_at(struct jscan *sc, uint32_t off, const uint8_t **pl, uint32_t *len,
		    uint32_t *seq)
{
	if (sc->end - off < JF_OVERHEAD + 1)
		return 0;
	const uint8_t *f = jwin_get(sc->w, off, JF_HDR, sc->end);
	if (!f)
		return sc->w->err;
	uint32_t l = f[2] | (uint32_t)f[3] << 8;
	if (f[0] != JF_MAGIC || f[1] != JF_VERSION || !l || l > JF_PAYLOAD_MAX ||
	    l + JF_OVERHEAD > sc->end - off)
		return 0;
	f = jwin_get(sc->w, off, l + JF_OVERHEAD, sc->end);
	if (!f)
		return sc->w->err;
	uint32_t s = jle32(f + 4);
	if (crc32c(0, f, JF_HDR + l) != jle32(f + JF_HDR + l) || (sc->have_last && !jnewer(s, sc->last)))
		return 0;
	*pl = f + JF_HDR;
	*len = l;
	*seq = s;
	return 1;
}

/* Bad bytes at sc->off: 1 if a valid frame follows (sc->off moved to it),
 * 0 if none does (a torn tail), -errno on a read error. */
static int resync(struct jscan *sc, const uint8_t **pl, uint32_t *len, uint32_t *seq)
{
	for (uint32_t o = sc->off + sc->p; o < sc->end && o > sc->off; o += sc->p) {
		int r = frame_at(sc, o, pl, len, seq);
		if (r) {
			if (r > 0)
				sc->off = o;
			return r;
		}
	}
	return 0;
}

int jscan_next(struct jscan *sc, const uint8_t **pl, uint32_t *len, uint32_t *seq, uint32_t *at)
{
	int r;
	if (sc->off >= sc->end) {
		sc->clean = !sc->torn;
		return 0;
	}
	r = frame_at(sc, sc->off, pl, len, seq);
	if (r == 0) {
		r = jwin_erased(sc->w, sc->off, sc->end);
		if (r) {
			sc->clean = r > 0;
			return r < 0 ? r : 0;
		}
		sc->bad_at = sc->off;
		r = resync(sc, pl, len, seq);
		if (r == 0) {
			sc->torn = 1;
			sc->clean = false;
			sc->off = sc->end;
			return 0;
		}
		if (r > 0)
			sc->corrupt++;
	}
	if (r < 0)
		return r;
	if (sc->have_last && *seq != sc->last + 1)
		sc->gaps++;
	sc->last = *seq;
	sc->have_last = true;
	*at = sc->off;
	sc->off += jalign(*len + JF_OVERHEAD, sc->p);
	if (sc->off > sc->end)
		sc->off = sc->end;
	return 1;
}
