/* SPDX-License-Identifier: MIT */
/*
 * Frame sealing, the read window and the frame check (init/journal/jframe.h).
 * The check trusts nothing it reads: every length is checked against the
 * segment end before a byte is read, and a frame counts only with a good
 * CRC-32C.
 */
#include <string.h>

#include "init/journal/crc32c.h"
#include "init/journal/jframe.h"

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

uint32_t jframe_seal(uint8_t *f, uint32_t seq, uint32_t len)
{
	f[0] = JF_MAGIC;
	f[1] = JF_VERSION;
	f[2] = (uint8_t)len;
	f[3] = (uint8_t)(len >> 8);
	put32(f + 4, seq);
	put32(f + JF_HDR + len, crc32c(0, f, JF_HDR + len));
	return len + JF_OVERHEAD;
}

const uint8_t *jwin_get(struct jwin *w, uint32_t off, uint32_t n, uint32_t end)
{
	if (off < w->off || off - w->off + n > w->len) {
		uint32_t len = end - off < JF_MAX ? end - off : JF_MAX;
		int e = w->st->ops->read(w->st, off, w->buf, len);
		w->len = 0;
		if (e)
			return w->err = e, NULL;
		w->off = off;
		w->len = len;
	}
	return w->buf + (off - w->off);
}

int jwin_erased(struct jwin *w, uint32_t off, uint32_t end)
{
	uint32_t n = end - off;
	const uint8_t *p = jwin_get(w, off, n, end);
	if (!p)
		return w->err;
	while (n--)
		if (p[n] != 0xff)
			return 0;
	return 1;
}

const uint8_t *jframe_at(struct jwin *w, uint32_t off, uint32_t end, uint32_t *seq, uint32_t *len)
{
	const uint8_t *f = end - off > JF_OVERHEAD ? jwin_get(w, off, JF_HDR, end) : NULL;
	if (!f || f[0] != JF_MAGIC || f[1] != JF_VERSION)
		return NULL;
	uint32_t l = f[2] | (uint32_t)f[3] << 8;
	if (!l || l > JF_PAYLOAD_MAX || l + JF_OVERHEAD > end - off || !(f = jwin_get(w, off, l + JF_OVERHEAD, end)) ||
	    crc32c(0, f, JF_HDR + l) != jle32(f + JF_HDR + l))
		return NULL;
	*seq = jle32(f + 4);
	*len = l;
	return f + JF_HDR;
}
