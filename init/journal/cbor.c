/* SPDX-License-Identifier: MIT */
/*
 * The deterministic CBOR subset of init/journal/cbor.h.  Every read checks bounds
 * against the caller's length before touching a byte; counts of arrays,
 * maps and strings are checked against the bytes left, so no loop runs
 * longer than the input.  Shared with the host tool and the fuzzers.
 */
#include <errno.h>
#include <string.h>

#include "init/journal/cbor.h"

/* Additional information 24, 25 and 26: 1, 2 or 4 bytes of argument follow. */
#define AI_FOLLOWING_1 24u
#define AI_FOLLOWING_4 26u

static void put(struct cbor_enc *e, const void *bytes, uint32_t n)
{
	if (e->err || e->cap - e->len < n) {
		e->err = true;
		return;
	}
	memcpy(e->buf + e->len, bytes, n);
	e->len += n;
}

/* Bytes that follow the initial byte to hold arg in the shortest form. */
static unsigned following_bytes(uint32_t arg)
{
	if (arg < AI_FOLLOWING_1)
		return 0;   /* in the initial byte itself */
	if (arg < 0x100)
		return 1;
	if (arg < 0x10000)
		return 2;
	return 4;
}

void cbor_put_head(struct cbor_enc *e, unsigned major, uint32_t arg)
{
	uint8_t head[5];
	unsigned n = following_bytes(arg);
	unsigned info = arg;
	if (n > 0)
		info = AI_FOLLOWING_1 + n / 2;   /* 1, 2, 4 bytes: 24, 25, 26 */
	head[0] = (uint8_t)(major << 5 | info);
	for (unsigned i = n; i > 0; i--) {   /* big-endian */
		head[i] = (uint8_t)arg;
		arg >>= 8;
	}
	put(e, head, n + 1);
}

void cbor_put_tstr(struct cbor_enc *e, const char *s, uint32_t n)
{
	cbor_put_head(e, CBOR_TSTR, n);
	put(e, s, n);
}

static int bad(struct cbor_dec *d)
{
	d->err = true;
	return -EBADMSG;
}

static bool major_allowed(unsigned major)
{
	return major == CBOR_UINT || major == CBOR_NINT || major == CBOR_TSTR || major == CBOR_ARRAY ||
	       major == CBOR_MAP;
}

int cbor_get_head(struct cbor_dec *d, unsigned *major, uint32_t *arg)
{
	if (d->err || d->off >= d->len)
		return bad(d);
	unsigned initial = d->buf[d->off++];
	unsigned mt = initial >> 5;
	unsigned info = initial & 31;
	if (!major_allowed(mt) || info > AI_FOLLOWING_4)
		return bad(d);   /* 27..31: 64-bit arguments, indefinite lengths */
	uint32_t value = info;
	if (info >= AI_FOLLOWING_1) {
		unsigned n = 1u << (info - AI_FOLLOWING_1);
		if (d->len - d->off < n)
			return bad(d);
		value = 0;
		for (unsigned i = 0; i < n; i++)
			value = value << 8 | d->buf[d->off++];
		if (following_bytes(value) != n)
			return bad(d);   /* not the shortest form */
	}
	uint32_t items_left = d->len - d->off;   /* every item takes a byte at least */
	if (mt == CBOR_MAP)
		items_left /= 2;   /* a map entry is two items */
	if (mt >= CBOR_TSTR && value > items_left)
		return bad(d);
	*major = mt;
	*arg = value;
	return 0;
}

bool cbor_text_ok(const char *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

int cbor_get_str_body(struct cbor_dec *d, uint32_t n, const char **s)
{
	*s = (const char *)d->buf + d->off;
	if (d->err || n > d->len - d->off || !cbor_text_ok(*s, n))
		return bad(d);
	d->off += n;
	return 0;
}

int cbor_get_key(struct cbor_dec *d, int64_t *prev, uint32_t *key)
{
	unsigned mt;
	if (cbor_get_head(d, &mt, key) || mt != CBOR_UINT || *key <= *prev)
		return bad(d);
	*prev = *key;
	return 0;
}

static int skip(struct cbor_dec *d, int depth)
{
	unsigned mt;
	uint32_t count, key;
	const char *text;
	int64_t prev_key = -1;
	if (cbor_get_head(d, &mt, &count))
		return -EBADMSG;
	if (mt == CBOR_TSTR)
		return cbor_get_str_body(d, count, &text);
	if (mt != CBOR_ARRAY && mt != CBOR_MAP)
		return 0;   /* an integer: the head is all of it */
	if (depth >= CBOR_DEPTH_MAX)
		return bad(d);
	for (uint32_t i = 0; i < count; i++) {
		if (mt == CBOR_MAP && cbor_get_key(d, &prev_key, &key))
			return -EBADMSG;
		if (skip(d, depth + 1))
			return -EBADMSG;
	}
	return 0;
}

int cbor_skip(struct cbor_dec *d)
{
	return skip(d, 0);
}
