/* SPDX-License-Identifier: MIT */
/*
 * keel's printf subset (init/rt/fmt.h says what it supports).  A
 * conversion is read into a struct spec, its argument is taken with the
 * type the length names, and the text is written through the sink one
 * byte at a time.
 */
#include "init/rt/fmt.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

enum { FL_LEFT = 1, FL_ZERO = 2, FL_SPACE = 4, FL_PLUS = 8, FL_ALT = 16 };
enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T, LEN_BIG_L };

/* A width or precision past this is taken as this (no real format needs
 * more; it keeps the arithmetic far from INT_MAX). */
#define FMT_NUM_MAX 100000

/* What a conversion does with the arguments (see fmt.h). */
enum { CONV_OK, CONV_STOP };

struct spec {
	unsigned flags;
	int width; /* 0: none */
	int prec;  /* -1: none */
	int length;
	char conv;
};

static const char MARKER[] = "%?";

static void put(struct fmt_sink *s, char c)
{
	if (s->used == s->cap && s->flush)
		s->flush(s);
	if (s->used < s->cap)
		s->buf[s->used++] = c;
	s->total++;
}

static void put_text(struct fmt_sink *s, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(s, text[i]);
}

static void pad(struct fmt_sink *s, char c, int n)
{
	for (int i = 0; i < n; i++)
		put(s, c);
}

/* Digits of a width or precision; *p is past them after. */
static int read_number(const char **p)
{
	int n = 0;

	while (**p >= '0' && **p <= '9') {
		if (n < FMT_NUM_MAX)
			n = n * 10 + (**p - '0');
		(*p)++;
	}
	return n < FMT_NUM_MAX ? n : FMT_NUM_MAX;
}

static const char *read_flags(const char *p, struct spec *sp)
{
	for (;; p++) {
		switch (*p) {
		case '-': sp->flags |= FL_LEFT; break;
		case '0': sp->flags |= FL_ZERO; break;
		case ' ': sp->flags |= FL_SPACE; break;
		case '+': sp->flags |= FL_PLUS; break;
		case '#': sp->flags |= FL_ALT; break;
		default: return p;
		}
	}
}

/* Width and precision: digits, or '*' taking an int (a negative width
 * means '-', a negative precision none). */
static const char *read_width_prec(const char *p, struct spec *sp, va_list *ap)
{
	if (*p == '*') {
		int w = va_arg(*ap, int);
		if (w < 0) {
			sp->flags |= FL_LEFT;
			w = w == INT_MIN ? INT_MAX : -w;
		}
		sp->width = w < FMT_NUM_MAX ? w : FMT_NUM_MAX;
		p++;
	} else {
		sp->width = read_number(&p);
	}
	if (*p != '.')
		return p;
	p++;
	if (*p == '*') {
		int prec = va_arg(*ap, int);
		sp->prec = prec < 0 ? -1 : (prec < FMT_NUM_MAX ? prec : FMT_NUM_MAX);
		p++;
	} else {
		sp->prec = read_number(&p);
	}
	return p;
}

static const char *read_length(const char *p, struct spec *sp)
{
	switch (*p) {
	case 'h':
		sp->length = p[1] == 'h' ? LEN_HH : LEN_H;
		return p + (p[1] == 'h' ? 2 : 1);
	case 'l':
		sp->length = p[1] == 'l' ? LEN_LL : LEN_L;
		return p + (p[1] == 'l' ? 2 : 1);
	case 'z': sp->length = LEN_Z; return p + 1;
	case 'j': sp->length = LEN_J; return p + 1;
	case 't': sp->length = LEN_T; return p + 1;
	case 'L': sp->length = LEN_BIG_L; return p + 1;
	default: sp->length = LEN_NONE; return p;
	}
}

/* p is just past the '%'; returns the position past the conversion
 * letter (or at the NUL when the format ends inside the conversion). */
static const char *read_spec(const char *p, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->prec = -1;
	p = read_flags(p, sp);
	p = read_width_prec(p, sp, ap);
	p = read_length(p, sp);
	sp->conv = *p;
	return *p ? p + 1 : p;
}

static uintmax_t take_unsigned(va_list *ap, int length)
{
	switch (length) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL:
	case LEN_BIG_L: return va_arg(*ap, unsigned long long);
	case LEN_Z: return va_arg(*ap, size_t);
	case LEN_J: return va_arg(*ap, uintmax_t);
	case LEN_T: return (size_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned int);
	}
}

static intmax_t take_signed(va_list *ap, int length)
{
	switch (length) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL:
	case LEN_BIG_L: return va_arg(*ap, long long);
	case LEN_Z: return va_arg(*ap, ssize_t);
	case LEN_J: return va_arg(*ap, intmax_t);
	case LEN_T: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

/* The digits of value in base, most significant first, into digits
 * (room for 64 bits in octal); returns their count.  Zero has no digits
 * here: the precision decides whether it shows. */
static int to_digits(char *digits, uintmax_t value, unsigned base, int upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[sizeof(uintmax_t) * 3];
	int n = 0;

	while (value) {
		rev[n++] = set[value % base];
		value /= base;
	}
	for (int i = 0; i < n; i++)
		digits[i] = rev[n - 1 - i];
	return n;
}

/* An integer: sign (or none), at least prec digits (1 without a
 * precision), padded to the width with spaces, or zeros after the sign
 * for '0' without a precision. */
static void put_integer(struct fmt_sink *s, const struct spec *sp, uintmax_t magnitude, char sign)
{
	unsigned base = sp->conv == 'o' ? 8 : (sp->conv == 'x' || sp->conv == 'X') ? 16 : 10;
	char digits[sizeof(uintmax_t) * 3];
	int n = to_digits(digits, magnitude, base, sp->conv == 'X');
	int prec = sp->prec < 0 ? 1 : sp->prec;
	int zeros = prec > n ? prec - n : 0;
	int body = n + zeros + (sign ? 1 : 0);
	int fill = sp->width > body ? sp->width - body : 0;

	if (!(sp->flags & FL_LEFT) && (sp->flags & FL_ZERO) && sp->prec < 0) {
		zeros += fill;
		fill = 0;
	}
	if (!(sp->flags & FL_LEFT))
		pad(s, ' ', fill);
	if (sign)
		put(s, sign);
	pad(s, '0', zeros);
	put_text(s, digits, (size_t)n);
	if (sp->flags & FL_LEFT)
		pad(s, ' ', fill);
}

static void put_signed(struct fmt_sink *s, const struct spec *sp, va_list *ap)
{
	intmax_t value = take_signed(ap, sp->length);
	uintmax_t magnitude = value < 0 ? 0 - (uintmax_t)value : (uintmax_t)value;
	char sign = 0;

	if (value < 0)
		sign = '-';
	else if (sp->flags & FL_PLUS)
		sign = '+';
	else if (sp->flags & FL_SPACE)
		sign = ' ';
	put_integer(s, sp, magnitude, sign);
}

/* text[0..n) padded to the width (spaces; left or right). */
static void put_padded(struct fmt_sink *s, const struct spec *sp, const char *text, size_t n)
{
	int fill = (size_t)sp->width > n ? sp->width - (int)n : 0;

	if (!(sp->flags & FL_LEFT))
		pad(s, ' ', fill);
	put_text(s, text, n);
	if (sp->flags & FL_LEFT)
		pad(s, ' ', fill);
}

static void put_string(struct fmt_sink *s, const struct spec *sp, va_list *ap)
{
	const char *str = va_arg(*ap, const char *);

	if (!str)
		str = "(null)";
	put_padded(s, sp, str, sp->prec < 0 ? strlen(str) : strnlen(str, (size_t)sp->prec));
}

static void put_char(struct fmt_sink *s, const struct spec *sp, va_list *ap)
{
	char c = (char)va_arg(*ap, int);

	put_padded(s, sp, &c, 1);
}

/* A conversion fmt.h lists as unsupported: take its argument, print the
 * marker.  CONV_STOP for a letter whose argument is unknown. */
static int put_unsupported(struct fmt_sink *s, const struct spec *sp, va_list *ap)
{
	put_text(s, MARKER, sizeof MARKER - 1);
	switch (sp->conv) {
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
		if (sp->length == LEN_BIG_L)
			(void)va_arg(*ap, long double);
		else
			(void)va_arg(*ap, double);
		return CONV_OK;
	case 'p': case 'n':
		(void)va_arg(*ap, void *);
		return CONV_OK;
	case 'c':
		(void)va_arg(*ap, unsigned int);
		return CONV_OK;
	case 's':
		(void)va_arg(*ap, void *);
		return CONV_OK;
	case 'd': case 'i':
		(void)take_signed(ap, sp->length);
		return CONV_OK;
	case 'u': case 'o': case 'x': case 'X':
		(void)take_unsigned(ap, sp->length);
		return CONV_OK;
	default:
		return CONV_STOP;
	}
}

static int convert(struct fmt_sink *s, const struct spec *sp, va_list *ap)
{
	int plain = !(sp->flags & FL_ALT);
	int narrow = sp->length == LEN_NONE;

	if (plain && (sp->conv == 'd' || sp->conv == 'i')) {
		put_signed(s, sp, ap);
	} else if (plain && sp->conv && strchr("uoxX", sp->conv)) {
		put_integer(s, sp, take_unsigned(ap, sp->length), 0);
	} else if (plain && narrow && sp->conv == 's') {
		put_string(s, sp, ap);
	} else if (plain && narrow && sp->conv == 'c') {
		put_char(s, sp, ap);
	} else if (sp->conv == '%') {
		put(s, '%');
	} else {
		return put_unsupported(s, sp, ap);
	}
	return CONV_OK;
}

void fmt_vformat(struct fmt_sink *sink, const char *format, va_list ap)
{
	va_list args;
	const char *p = format;

	va_copy(args, ap);
	while (*p) {
		const char *next = strchrnul(p, '%');
		struct spec sp;

		put_text(sink, p, (size_t)(next - p));
		if (!*next)
			break;
		p = read_spec(next + 1, &sp, &args);
		if (convert(sink, &sp, &args) == CONV_STOP)
			break;
	}
	va_end(args);
}

int fmt_vsnprintf(char *dst, size_t len, const char *format, va_list ap)
{
	struct fmt_sink sink = { .buf = dst, .cap = len ? len - 1 : 0 };

	fmt_vformat(&sink, format, ap);
	if (len)
		dst[sink.used] = '\0';
	if (sink.total > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)sink.total;
}
