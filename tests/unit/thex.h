/* SPDX-License-Identifier: MIT */
/*
 * Hex strings <-> bytes for the byte-vector tests (test_cbor, test_jrec).
 * Header-only so each test binary includes it.
 */
#ifndef KEEL_THEX_H
#define KEEL_THEX_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline uint32_t unhex(const char *h, uint8_t *out)
{
	uint32_t n = 0;
	if (strlen(h) % 2)
		abort();   /* a typo in a vector */
	for (; h[0]; h += 2) {
		unsigned v;
		if (sscanf(h, "%2x", &v) != 1)
			abort();
		out[n++] = (uint8_t)v;
	}
	return n;
}

static inline const char *hex(const uint8_t *b, int n)
{
	static char s[2 * 4096 + 1];
	s[0] = '\0';
	for (int i = 0; i < n && i < 4096; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	return s;
}

/* A vector: hex bytes, what it is, whether it must be refused. */
struct vec {
	const char *h, *why;
	int bad;
};

#endif
