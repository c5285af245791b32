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

static void put(struct cbor_enc *e, const void *p, uint32_t n)
{
	if (e->err || e->cap - e->len < n)
		e->err = true;
	else
		memcpy(e->buf + e->len, p, n), e->len += n;
}

void cbor_put_head(struct cbor_enc *e, unsigned major, uint32_t arg)
{
	uint8_t h[5];
	unsigned k = arg < 24 ? 0 : arg < 0x100 ? 1 : arg < 0x10000 ? 2 : 4;
	h[0] = (uint8_t)(major << 5 | (k ? 24u + k / 2 : arg));
	for (unsigned i = k; i; i--, arg >>= 8)
		h[i] = (uint8_t)arg;
	put(e, h, k + 1);
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

int cbor_get_head(struct cbor_dec *d, unsigned *major, uint32_t *arg)
{
	if (d->err || d->off >= d->len)
		return bad(d);
	unsigned ib = d->buf[d->off++], mt = ib >> 5, ai = ib & 31, n = ai < 24 ? 0 : 1u << (ai - 24);
	uint32_t v = ai;
	if (!(0x3b >> mt & 1) || ai > 26 || d->len - d->off < n)   /* majors 0 1 3 4 5 */
		return bad(d);
	if (n) {
		for (v = 0; n--;)
			v = v << 8 | d->buf[d->off++];
		if (v < (ai == 24 ? 24u : 1u << (8u << (ai - 25))))
			return bad(d);   /* not the shortest form */
	}
	if (mt >= CBOR_TSTR && v > (d->len - d->off) >> (mt == CBOR_MAP))
		return bad(d);   /* more items than bytes left (a map entry takes two) */
	*major = mt;
	*arg = v;
	return 0;
}

bool cbor_text_ok(const char *s, uint32_t n)
{
	while (n--)
		if (s[n] < 0x20 || s[n] > 0x7e)
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
	uint32_t v, k;
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
	for (uint32_t i = 0; i < v; i++)
		if ((mt == CBOR_MAP && cbor_get_key(d, &prev, &k)) || skip(d, depth + 1))
			return -EBADMSG;
	return 0;
}

int cbor_skip(struct cbor_dec *d)
{
	return skip(d, 0);
}
