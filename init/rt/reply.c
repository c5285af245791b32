/* SPDX-License-Identifier: MIT */
/*
 * A streamed reply: printf-style text into one packet-sized buffer that
 * goes to the sink when it is full, bounded per text; JSON strings of
 * outside text.
 */
#include <stdarg.h>
#include <string.h>

#include "init/rt/fmt.h"
#include "init/rt/reply.h"

void reply_start(struct reply *r, reply_sink *sink, int fd)
{
	r->n = 0;
	r->held = REPLY_OUT;
	r->nout = 0;
	r->nerr = 0;
	r->sink = sink;
	r->fd = fd;
	r->failed = 0;
	r->truncated = false;
}

static size_t *given(struct reply *r)
{
	return r->held == REPLY_ERR ? &r->nerr : &r->nout;
}

/* What buf may hold of the current text: a packet, or less near the
 * text's bound. */
static size_t room(struct reply *r)
{
	size_t bound = r->held == REPLY_ERR ? REPLY_ERR_MAX : REPLY_OUT_MAX;
	size_t left = bound - *given(r);
	return left < sizeof r->buf ? left : sizeof r->buf;
}

/* Give buf to the sink and empty it; after a failure only count. */
static void ship(struct reply *r)
{
	if (r->n && !r->failed)
		r->failed = r->sink(r->fd, r->held, r->buf, r->n);
	*given(r) += r->n;
	r->n = 0;
}

/* The formatter filled buf: send it, go on at its start. */
static void buf_full(struct fmt_sink *s)
{
	struct reply *r = s->ctx;
	r->n = s->used;
	ship(r);
	s->used = 0;
	s->cap = room(r);
}

static void vtext(struct reply *r, enum reply_text which, const char *fmt, va_list ap)
{
	if (r->failed)
		return;   /* the client is lost: nothing more to make */
	if (which != r->held) {
		ship(r);
		r->held = which;
	}
	size_t before = *given(r) + r->n;
	struct fmt_sink s = { .buf = r->buf, .cap = room(r), .used = r->n, .flush = buf_full, .ctx = r };
	fmt_vformat(&s, fmt, ap);
	r->n = s.used;
	if (*given(r) + r->n - before < s.total)
		r->truncated = true;   /* bytes past the text's bound were dropped */
}

void reply_out(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vtext(r, REPLY_OUT, fmt, ap);
	va_end(ap);
}

void reply_err(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vtext(r, REPLY_ERR, fmt, ap);
	va_end(ap);
}

int reply_end(struct reply *r)
{
	ship(r);
	return r->failed;
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
