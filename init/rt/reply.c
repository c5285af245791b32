/* SPDX-License-Identifier: MIT */
/*
 * Reply buffers: printf-style appends that never overrun, and JSON
 * strings of outside text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "init/rt/reply.h"

void reply_reset(struct reply *r)
{
	r->nout = 0;
	r->nerr = 0;
	r->truncated = 0;
}

static void vappend(char *buf, size_t cap, size_t *n, int *trunc, const char *fmt, va_list ap)
{
	if (*n >= cap - 1) {
		*trunc = 1;
		return;
	}
	int k = vsnprintf(buf + *n, cap - *n, fmt, ap);
	if (k < 0)
		return;
	if ((size_t)k >= cap - *n) {
		*trunc = 1;
		*n = cap - 1;
	} else {
		*n += (size_t)k;
	}
}

void reply_out(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(r->out, sizeof r->out, &r->nout, &r->truncated, fmt, ap);
	va_end(ap);
}

void reply_err(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(r->err, sizeof r->err, &r->nerr, &r->truncated, fmt, ap);
	va_end(ap);
}

size_t reply_json_text(char *dst, size_t len, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	if (len < 3) {
		if (len)
			dst[0] = 0;
		return 0;
	}
	dst[n++] = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char one[REPLY_JSON_BYTE_MAX];
		size_t k = 0;
		if (c == '"' || c == '\\') {
			one[k++] = '\\';
			one[k++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			memcpy(one, "\\u00", 4);
			k = 4;
			one[k++] = hex[c >> 4];
			one[k++] = hex[c & 0xf];
		} else {
			one[k++] = (char)c;
		}
		if (n + k + 2 > len)
			break;   /* cut before a character that would not fit whole */
		memcpy(dst + n, one, k);
		n += k;
	}
	dst[n++] = '"';
	dst[n] = 0;
	return n;
}

void reply_json_str(struct reply *r, const char *s)
{
	char buf[256 * REPLY_JSON_BYTE_MAX + 3];   /* the longest text shown: a reclaim line */
	reply_json_text(buf, sizeof buf, s);
	reply_out(r, "%s", buf);
}
