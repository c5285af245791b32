/* SPDX-License-Identifier: MIT */
/*
 * A deterministic CBOR subset (RFC 8949 §4.2.1) into and out of caller
 * buffers: unsigned and negative integers, text strings, arrays and maps
 * with unsigned keys, every argument at most 32 bits.  The encoder always
 * writes the shortest form and definite lengths; map keys are emitted in
 * the order the caller gives, so the caller writes them ascending.  The
 * decoder is strict: it rejects byte strings, tags, floats and simple
 * values, additional info 27..31 (64-bit arguments and every indefinite
 * length), non-shortest arguments, text strings with a byte outside
 * printable ASCII 0x20..0x7E (a subset of UTF-8 that holds every name
 * keel writes), map keys that are not unsigned integers in strictly
 * ascending order (so no duplicates), counts larger than the bytes left,
 * and (cbor_dec_end) trailing bytes.  Errors latch: after the first, every
 * call fails and the encoder writes nothing more.  No allocation.
 */
#ifndef KEEL_CBOR_H
#define KEEL_CBOR_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

enum { CBOR_UINT = 0, CBOR_NINT = 1, CBOR_TSTR = 3, CBOR_ARRAY = 4, CBOR_MAP = 5 };

#define CBOR_DEPTH_MAX 4   /* nested arrays/maps cbor_skip() accepts */

struct cbor_enc {
	uint8_t *buf;
	uint32_t len, cap;
	bool err;          /* the buffer was too small: the output is unusable */
};

struct cbor_dec {
	const uint8_t *buf;
	uint32_t len, off;
	bool err;          /* malformed or non-deterministic input */
};

static inline void cbor_enc_init(struct cbor_enc *e, void *buf, uint32_t cap)
{
	*e = (struct cbor_enc){ .buf = buf, .cap = cap };
}
/* One head: major type (0..7) and argument, shortest form. */
void cbor_put_head(struct cbor_enc *e, unsigned major, uint32_t arg);
/* v < 0 is written as a negative integer (major 1, argument -1-v). */
static inline void cbor_put_int(struct cbor_enc *e, int32_t v)
{
	if (v < 0)
		cbor_put_head(e, CBOR_NINT, ~(uint32_t)v);   /* -1 - v */
	else
		cbor_put_head(e, CBOR_UINT, (uint32_t)v);
}
/* s[0..n) as a text string (the caller keeps it printable ASCII). */
void cbor_put_tstr(struct cbor_enc *e, const char *s, uint32_t n);
/* Returns the encoded length, or -ENOSPC if anything did not fit. */
static inline int cbor_enc_result(const struct cbor_enc *e)
{
	return e->err ? -ENOSPC : (int)e->len;
}

static inline void cbor_dec_init(struct cbor_dec *d, const void *buf, uint32_t len)
{
	*d = (struct cbor_dec){ .buf = buf, .len = len };
}
/* Read one head of an allowed major type (0, 1, 3, 4, 5).  For strings,
 * arrays and maps the count is checked against the bytes left.  Returns
 * 0 or -EBADMSG. */
int cbor_get_head(struct cbor_dec *d, unsigned *major, uint32_t *arg);
/* s[0..n) is printable ASCII (the text strings this codec takes). */
bool cbor_text_ok(const char *s, uint32_t n);
/* The n bytes of a text string whose head was just read, checked
 * printable; *s points into the input.  Returns 0 or -EBADMSG. */
int cbor_get_str_body(struct cbor_dec *d, uint32_t n, const char **s);
/* A map key: an unsigned integer strictly greater than *prev (start *prev
 * at -1); *prev is updated.  Returns 0 or -EBADMSG. */
int cbor_get_key(struct cbor_dec *d, int64_t *prev, uint32_t *key);
/* Skip one whole item (checked as strictly as cbor_get_head). */
int cbor_skip(struct cbor_dec *d);
/* 0 if every byte was consumed and no error happened, else -EBADMSG
 * (and the error latches). */
static inline int cbor_dec_end(struct cbor_dec *d)
{
	if (d->err || d->off != d->len) {
		d->err = true;
		return -EBADMSG;
	}
	return 0;
}

#endif
