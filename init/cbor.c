/* SPDX-License-Identifier: MIT */
/*
 * The deterministic CBOR subset of init/cbor.h.  Every read checks bounds
 * against the caller's length before touching a byte; counts of arrays,
 * maps and strings are checked against the bytes left, so no loop runs
 * longer than the input.  Shared with the host tool and the fuzzers.
 */
#include <errno.h>
#include <string.h>

#include "init/cbor.h"

void cbor_enc_init(struct cbor_enc *e, void *buf, size_t cap)
{
	e->buf = buf;
	e->len = 0;
	e->cap = cap;
	e->err = false;
}

static void put(struct cbor_enc *e, const void *p, size_t n)
{
	if (e->err || e->cap - e->len < n) {
		e->err = true;
		return;
	}
	memcpy(e->buf + e->len, p, n);
	e->len += n;
}

void cbor_put_head(struct cbor_enc *e, unsigned major, uint64_t arg)
{
	uint8_t h[9];
	size_t n = 1;
	if (arg < 24) {
		h[0] = (uint8_t)(major << 5 | arg);
	} else {
		unsigned k = arg <= 0xff ? 0 : arg <= 0xffff ? 1 : arg <= 0xffffffff ? 2 : 3;
		n = 1u << k;
		h[0] = (uint8_t)(major << 5 | (24 + k));
		for (size_t i = n; i; i--, arg >>= 8)
			h[i] = (uint8_t)arg;
		n++;
	}
	put(e, h, n);
}

void cbor_put_uint(struct cbor_enc *e, uint64_t v)
{
	cbor_put_head(e, CBOR_UINT, v);
}

void cbor_put_int(struct cbor_enc *e, int64_t v)
{
	if (v < 0)
		cbor_put_head(e, CBOR_NINT, (uint64_t)(-1 - v));
	else
		cbor_put_head(e, CBOR_UINT, (uint64_t)v);
}

void cbor_put_tstr(struct cbor_enc *e, const char *s, size_t n)
{
	cbor_put_head(e, CBOR_TSTR, n);
	put(e, s, n);
}

int cbor_enc_result(const struct cbor_enc *e)
{
	return e->err ? -ENOSPC : (int)e->len;
}

void cbor_dec_init(struct cbor_dec *d, const void *buf, size_t len)
{
	d->buf = buf;
	d->len = len;
	d->off = 0;
	d->err = false;
}

static int bad(struct cbor_dec *d)
{
	d->err = true;
	return -EBADMSG;
}

int cbor_get_head(struct cbor_dec *d, unsigned *major, uint64_t *arg)
{
	if (d->err || d->off >= d->len)
		return bad(d);
	uint8_t ib = d->buf[d->off++];
	unsigned mt = ib >> 5, ai = ib & 31;
	uint64_t v = ai;
	if (mt == 2 || mt > CBOR_MAP || ai > 27)
		return bad(d);
	if (ai >= 24) {
		size_t n = (size_t)1 << (ai - 24);
		if (d->len - d->off < n)
			return bad(d);
		v = 0;
		while (n--)
			v = v << 8 | d->buf[d->off++];
		if (v < (ai == 24 ? 24 : (uint64_t)1 << (8u << (ai - 25))))
			return bad(d);   /* not the shortest form */
	}
	size_t left = d->len - d->off;
	if ((mt == CBOR_TSTR || mt == CBOR_ARRAY) && v > left)
		return bad(d);
	if (mt == CBOR_MAP && v > left / 2)
		return bad(d);
	*major = mt;
	*arg = v;
	return 0;
}

/* UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF), no NUL. */
static bool utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i++];
		uint32_t cp, min;
		size_t k;
		if (c < 0x80) {
			if (!c)
				return false;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			k = 2, cp = c & 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3, cp = c & 0x07, min = 0x10000;
		else
			return false;
		if (n - i < k)
			return false;
		while (k--) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i++] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
	}
	return true;
}

int cbor_get_str_body(struct cbor_dec *d, uint64_t n, const char **s)
{
	if (d->err || n > d->len - d->off || !utf8_ok(d->buf + d->off, (size_t)n))
		return bad(d);
	*s = (const char *)d->buf + d->off;
	d->off += (size_t)n;
	return 0;
}

static int get_typed(struct cbor_dec *d, unsigned want, uint64_t max, uint64_t *v)
{
	unsigned mt;
	if (cbor_get_head(d, &mt, v) || mt != want || *v > max)
		return bad(d);
	return 0;
}

int cbor_get_uint(struct cbor_dec *d, uint64_t max, uint64_t *v)
{
	return get_typed(d, CBOR_UINT, max, v);
}

int cbor_get_int(struct cbor_dec *d, int64_t *v)
{
	unsigned mt;
	uint64_t a;
	if (cbor_get_head(d, &mt, &a) || mt > CBOR_NINT || a > INT64_MAX)
		return bad(d);
	*v = mt == CBOR_NINT ? -1 - (int64_t)a : (int64_t)a;
	return 0;
}

int cbor_get_tstr(struct cbor_dec *d, size_t max, const char **s, size_t *n)
{
	uint64_t v;
	if (get_typed(d, CBOR_TSTR, max, &v) || cbor_get_str_body(d, v, s))
		return -EBADMSG;
	*n = (size_t)v;
	return 0;
}

int cbor_get_array(struct cbor_dec *d, size_t max, size_t *n)
{
	uint64_t v;
	if (get_typed(d, CBOR_ARRAY, max, &v))
		return -EBADMSG;
	*n = (size_t)v;
	return 0;
}

int cbor_get_map(struct cbor_dec *d, size_t max, size_t *n)
{
	uint64_t v;
	if (get_typed(d, CBOR_MAP, max, &v))
		return -EBADMSG;
	*n = (size_t)v;
	return 0;
}

int cbor_get_key(struct cbor_dec *d, int64_t *prev, uint64_t *key)
{
	if (get_typed(d, CBOR_UINT, INT64_MAX, key) || (int64_t)*key <= *prev)
		return bad(d);
	*prev = (int64_t)*key;
	return 0;
}

static int skip(struct cbor_dec *d, int depth)
{
	unsigned mt;
	uint64_t v, k;
	const char *s;
	int64_t prev = -1;
	if (cbor_get_head(d, &mt, &v))
		return -EBADMSG;
	if (mt == CBOR_TSTR)
		return cbor_get_str_body(d, v, &s);
	if (mt < CBOR_ARRAY)
		return 0;
	if (depth >= CBOR_DEPTH_MAX)
		return bad(d);
	for (uint64_t i = 0; i < v; i++) {
		if (mt == CBOR_MAP && cbor_get_key(d, &prev, &k))
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

int cbor_dec_end(struct cbor_dec *d)
{
	return d->err || d->off != d->len ? bad(d) : 0;
}
