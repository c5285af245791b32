/* SPDX-License-Identifier: MIT */
/*
 * A deterministic CBOR subset (RFC 8949 §4.2.1) into and out of caller
 * buffers: unsigned and negative integers, text strings, arrays and maps
 * with unsigned keys.  The encoder always writes the shortest form and
 * definite lengths; keys are emitted in the order the caller gives, so the
 * caller writes them ascending.  The decoder is strict: it rejects
 * byte strings, tags, floats and simple values, additional info 28..31
 * (so every indefinite length), non-shortest arguments, text that is not
 * UTF-8 or holds a NUL, map keys that are not unsigned integers in
 * strictly ascending order (so no duplicates), nesting past CBOR_DEPTH_MAX,
 * and (cbor_dec_end) trailing bytes.  Errors latch: after the first, every
 * call fails and the encoder writes nothing more.  No allocation.
 */
#ifndef KEEL_CBOR_H
#define KEEL_CBOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { CBOR_UINT = 0, CBOR_NINT = 1, CBOR_TSTR = 3, CBOR_ARRAY = 4, CBOR_MAP = 5 };

#define CBOR_DEPTH_MAX 4   /* nested arrays/maps cbor_skip() accepts */

struct cbor_enc {
	uint8_t *buf;
	size_t len, cap;
	bool err;          /* the buffer was too small: the output is unusable */
};

struct cbor_dec {
	const uint8_t *buf;
	size_t len, off;
	bool err;          /* malformed or non-deterministic input */
};

void cbor_enc_init(struct cbor_enc *e, void *buf, size_t cap);
/* One head: major type (0..7) and argument, shortest form. */
void cbor_put_head(struct cbor_enc *e, unsigned major, uint64_t arg);
void cbor_put_uint(struct cbor_enc *e, uint64_t v);
/* v < 0 is written as a negative integer (major 1, argument -1-v). */
void cbor_put_int(struct cbor_enc *e, int64_t v);
/* s[0..n) as a text string (the caller keeps it UTF-8 and NUL-free). */
void cbor_put_tstr(struct cbor_enc *e, const char *s, size_t n);
/* Returns the encoded length, or -ENOSPC if anything did not fit. */
int cbor_enc_result(const struct cbor_enc *e);

void cbor_dec_init(struct cbor_dec *d, const void *buf, size_t len);
/* Read one head of an allowed major type (0, 1, 3, 4, 5).  For arrays
 * and maps the count is checked against the bytes left.  Returns 0 or
 * -EBADMSG. */
int cbor_get_head(struct cbor_dec *d, unsigned *major, uint64_t *arg);
/* The n bytes of a text string whose head was just read: checked UTF-8
 * and NUL-free; *s points into the input.  Returns 0 or -EBADMSG. */
int cbor_get_str_body(struct cbor_dec *d, uint64_t n, const char **s);
/* Typed reads: the next item must have that type.  max bounds the value
 * (cbor_get_uint) or the count (array, map, tstr length); 0 or -EBADMSG. */
int cbor_get_uint(struct cbor_dec *d, uint64_t max, uint64_t *v);
int cbor_get_int(struct cbor_dec *d, int64_t *v);
int cbor_get_tstr(struct cbor_dec *d, size_t max, const char **s, size_t *n);
int cbor_get_array(struct cbor_dec *d, size_t max, size_t *n);
int cbor_get_map(struct cbor_dec *d, size_t max, size_t *n);
/* A map key: an unsigned integer strictly greater than *prev (start *prev
 * at -1); *prev is updated.  Returns 0 or -EBADMSG. */
int cbor_get_key(struct cbor_dec *d, int64_t *prev, uint64_t *key);
/* Skip one whole item (checked as strictly as the typed reads). */
int cbor_skip(struct cbor_dec *d);
/* 0 if every byte was consumed and no error happened, else -EBADMSG. */
int cbor_dec_end(struct cbor_dec *d);

#endif
