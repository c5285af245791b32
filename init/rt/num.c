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
