/* SPDX-License-Identifier: MIT */
/*
 * keel's own printf subset: the conversions PID 1 and initctl use, and
 * no floating point (musl's printf core with its long double code is
 * about 12 KiB of build/init; docs/design.md).  init/rt/stdio_fmt.c puts
 * snprintf, vsnprintf, fprintf, printf and vfprintf of the musl build on
 * top of it; tests/unit/test_fmt.c compares it with glibc.
 *
 * Supported: flags '-', '0', ' ', '+'; a width and a precision, either
 * as digits or '*'; the lengths hh h l ll z j t (L on an integer is
 * ll, as in glibc); the conversions d i u o x X c s %.  Not supported, printed as the marker "%?":
 * the '#' flag (the marker stands for the whole conversion), %f %F %e
 * %E %g %G %a %A (the double, or long double with L, is still taken from
 * the arguments so the ones after it stay right), %p %n (the pointer is
 * taken, %n writes nothing), %lc %ls (the argument is taken).  Any other
 * conversion letter ends the output with the marker: its argument type
 * is unknown, so nothing after it could be read safely (tools/lint.sh
 * refuses such conversions in init/ and svc/).  A NULL %s
 * prints "(null)", cut by the precision like any string.
 * Nothing allocates.
 */
#ifndef KEEL_FMT_H
#define KEEL_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Where the text goes: a chunk buffer and, when it is full, flush(),
 * which empties it (sets used to 0).  Without flush the bytes past cap
 * are counted and dropped (snprintf). */
struct fmt_sink {
	char *buf;
	size_t cap;
	size_t used;
	size_t total; /* every byte produced, kept or not */
	void (*flush)(struct fmt_sink *sink);
	void *ctx;    /* for flush */
};

/* Format into sink (its total counts on from where it was). */
void fmt_vformat(struct fmt_sink *sink, const char *format, va_list ap);

/* C99 vsnprintf: writes at most len - 1 bytes and a NUL (when len > 0);
 * returns the length the whole text has, or -1 (errno EOVERFLOW) past
 * INT_MAX. */
int fmt_vsnprintf(char *dst, size_t len, const char *format, va_list ap);

#endif
