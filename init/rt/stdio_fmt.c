/* SPDX-License-Identifier: MIT */
/*
 * The printf family of the musl build over keel's formatter
 * (init/rt/fmt.h), so musl's printf core (its vfprintf, with the
 * floating point keel never prints: about 12 KiB) is not linked.  These
 * are the functions keel and the libraries it links call; musl's other
 * printf functions all go through its vfprintf, so one more caller here
 * would bring it back (docs/design.md says how to check with a link
 * map).
 *
 * The FILE functions format into a chunk on the stack and fwrite() each
 * full chunk to the stream, so the stream's buffering and order are
 * kept; a long text is written in pieces, never cut.  keel is one
 * thread, so the stream is not locked across the pieces.
 *
 * Only in the musl build of build/init: the host builds of the tests
 * (sanitizers, glibc) keep glibc's printf, and tests/unit/test_fmt.c
 * compares the two.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

#include "init/rt/fmt.h"

/* Bytes formatted before each fwrite(). */
#define STDIO_FMT_CHUNK 256

struct file_out {
	FILE *stream;
	int failed;
};

static void file_flush(struct fmt_sink *sink)
{
	struct file_out *out = sink->ctx;

	if (sink->used && fwrite(sink->buf, 1, sink->used, out->stream) != sink->used)
		out->failed = 1;
	sink->used = 0;
}

int vfprintf(FILE *restrict stream, const char *restrict format, va_list ap)
{
	char chunk[STDIO_FMT_CHUNK];
	struct file_out out = { .stream = stream };
	struct fmt_sink sink = { .buf = chunk, .cap = sizeof chunk, .flush = file_flush, .ctx = &out };

	fmt_vformat(&sink, format, ap);
	file_flush(&sink);
	if (out.failed || sink.total > INT_MAX)
		return -1;
	return (int)sink.total;
}

int fprintf(FILE *restrict stream, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vfprintf(stream, format, ap);
	va_end(ap);
	return n;
}

int printf(const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vfprintf(stdout, format, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *restrict dst, size_t len, const char *restrict format, va_list ap)
{
	return fmt_vsnprintf(dst, len, format, ap);
}

int snprintf(char *restrict dst, size_t len, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = fmt_vsnprintf(dst, len, format, ap);
	va_end(ap);
	return n;
}
