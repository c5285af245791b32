/* SPDX-License-Identifier: MIT */
#include "init/rt/num.h"

#include <errno.h>

static int digit_value(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int num_prefix(const char *s, unsigned base, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	int n = 0;
	int d;

	while ((d = digit_value(s[n], base)) >= 0) {
		if ((uint64_t)d > max || x > (max - (uint64_t)d) / base)
			return -ERANGE;
		x = x * base + (uint64_t)d;
		n++;
	}
	if (n == 0)
		return -EINVAL;
	*v = x;
	return n;
}

int num_whole(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t x;
	int n = num_prefix(s, 10, max, &x);
	if (n < 0)
		return n;
	if (s[n] != '\0')
		return -EINVAL;
	*v = x;
	return 0;
}

static int pidfile_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int32_t num_pidfile(const char *buf, size_t len)
{
	size_t i = 0;
	uint64_t v = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	size_t first = i;
	for (; i < len && digit_value(buf[i], 10) >= 0; i++) {
		if (i - first == 10)
			return 0;   /* more than 10 digits */
		v = v * 10 + (uint64_t)digit_value(buf[i], 10);
	}
	if (i == first || v == 0 || v > NUM_PID_LARGEST)
		return 0;
	for (; i < len; i++)
		if (!pidfile_blank(buf[i]))
			return 0;
	return (int32_t)v;
}
