/* SPDX-License-Identifier: MIT */
/* Escaping of outside text: see init/rt/esc.h. */
#include <errno.h>
#include <string.h>

#include "init/rt/esc.h"

static const char hex_digits[] = "0123456789abcdef";

static int is_plain(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e && c != '\\';
}

/* The escape of c into out (ESC_BYTE_MAX bytes); its length. */
static size_t esc_byte(unsigned char c, char *out)
{
	if (is_plain(c)) {
		out[0] = (char)c;
		return 1;
	}
	if (c == '\\') {
		out[0] = '\\';
		out[1] = '\\';
		return 2;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex_digits[c >> 4];
	out[3] = hex_digits[c & 0xf];
	return 4;
}

/* esc_text, or with keep_backslash esc_show. */
static size_t escape(char *dst, size_t len, const char *src, size_t n, int keep_backslash)
{
	size_t w = 0;
	if (len == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char one[ESC_BYTE_MAX];
		size_t k = 1;
		if (keep_backslash && src[i] == '\\')
			one[0] = '\\';
		else
			k = esc_byte((unsigned char)src[i], one);
		if (w + k >= len)
			break;
		memcpy(dst + w, one, k);
		w += k;
	}
	dst[w] = 0;
	return w;
}

size_t esc_text(char *dst, size_t len, const char *src, size_t n)
{
	return escape(dst, len, src, n, 0);
}

size_t esc_str(char *dst, size_t len, const char *src)
{
	return esc_text(dst, len, src, strlen(src));
}

size_t esc_show(char *dst, size_t len, const char *src)
{
	return escape(dst, len, src, strlen(src), 1);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One escape at src[0..n): the byte in *out, the bytes used, or -EINVAL. */
static int unesc_one(const char *src, size_t n, char *out)
{
	if (is_plain((unsigned char)src[0])) {
		*out = src[0];
		return 1;
	}
	if (src[0] != '\\' || n < 2)
		return -EINVAL;
	if (src[1] == '\\') {
		*out = '\\';
		return 2;
	}
	if (src[1] != 'x' || n < 4)
		return -EINVAL;
	int hi = hex_value(src[2]);
	int lo = hex_value(src[3]);
	if (hi < 0 || lo < 0)
		return -EINVAL;
	*out = (char)(hi << 4 | lo);
	return 4;
}

int esc_unescape(char *dst, size_t len, const char *src, size_t n)
{
	size_t w = 0;
	size_t i = 0;
	while (i < n) {
		char c;
		int k = unesc_one(src + i, n - i, &c);
		if (k < 0)
			return k;
		if (w >= len)
			return -ENOSPC;
		dst[w++] = c;
		i += (size_t)k;
	}
	return (int)w;
}
