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

/* Header fields: magic, version, payload length (LE16), seq (LE32). */
#define OFF_MAGIC   0
#define OFF_VERSION 1
#define OFF_LEN     2
#define OFF_SEQ     4

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

uint32_t jframe_seal(uint8_t *frame, uint32_t seq, uint32_t payload_len)
{
	frame[OFF_MAGIC] = JF_MAGIC;
	frame[OFF_VERSION] = JF_VERSION;
	frame[OFF_LEN] = (uint8_t)payload_len;
	frame[OFF_LEN + 1] = (uint8_t)(payload_len >> 8);
	put_le32(frame + OFF_SEQ, seq);
	put_le32(frame + JF_HDR + payload_len, crc32c(0, frame, JF_HDR + payload_len));
	return payload_len + JF_OVERHEAD;
}

const uint8_t *jwin_get(struct jwin *w, uint32_t off, uint32_t n, uint32_t end)
{
	if (off < w->off || off - w->off + n > w->len) {
		uint32_t len = end - off < JF_MAX ? end - off : JF_MAX;
		int e = w->st->ops->read(w->st, off, w->buf, len);
		w->len = 0;
		if (e) {
			w->err = e;
			return NULL;
		}
		w->off = off;
		w->len = len;
	}
	return w->buf + (off - w->off);
}

int jwin_erased(struct jwin *w, uint32_t off, uint32_t end)
{
	uint32_t n = end - off;
	const uint8_t *bytes = jwin_get(w, off, n, end);
	if (!bytes)
		return w->err;
	for (uint32_t i = 0; i < n; i++)
		if (bytes[i] != 0xff)
			return 0;
	return 1;
}

const uint8_t *jframe_at(struct jwin *w, uint32_t off, uint32_t end, uint32_t *seq, uint32_t *len)
{
	if (end - off <= JF_OVERHEAD)
		return NULL;   /* no room for a frame with a payload */
	const uint8_t *frame = jwin_get(w, off, JF_HDR, end);
	if (!frame || frame[OFF_MAGIC] != JF_MAGIC)
		return NULL;
	if (frame[OFF_VERSION] < JF_VERSION_2 || frame[OFF_VERSION] > JF_VERSION)
		return NULL;
	uint32_t payload_len = frame[OFF_LEN] | (uint32_t)frame[OFF_LEN + 1] << 8;
	if (payload_len == 0 || payload_len > JF_PAYLOAD_MAX || payload_len + JF_OVERHEAD > end - off)
		return NULL;
	frame = jwin_get(w, off, payload_len + JF_OVERHEAD, end);
	if (!frame || crc32c(0, frame, JF_HDR + payload_len) != jle32(frame + JF_HDR + payload_len))
		return NULL;
	*seq = jle32(frame + OFF_SEQ);
	*len = payload_len;
	return frame + JF_HDR;
}
