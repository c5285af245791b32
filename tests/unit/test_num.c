/* SPDX-License-Identifier: MIT */
/*
 * init/rt/num.c: strict unsigned numbers from outside text.  What
 * strtoull() would have taken and keel must not: blanks, newlines, signs,
 * "0x", wrap-around; and the exact bounds.
 */
#include <errno.h>
#include <stdint.h>

#include "init/rt/num.h"
#include "t.h"

static void prefix(void)
{
	uint64_t v = 77;
	is_int(num_prefix("123 rest", 10, UINT64_MAX, &v), 3, "three digits read");
	is_int(v, 123, "value 123");
	is_int(num_prefix("ff:", 16, UINT64_MAX, &v), 2, "hex, lower case");
	is_int(v, 255, "value 255");
	is_int(num_prefix("0A1b", 16, UINT64_MAX, &v), 4, "hex, mixed case");
	is_int(v, 0xa1b, "value 0xa1b");
	v = 77;
	is_int(num_prefix("", 10, UINT64_MAX, &v), -EINVAL, "empty: -EINVAL");
	is_int(num_prefix(" 1", 10, UINT64_MAX, &v), -EINVAL, "a leading blank: -EINVAL");
	is_int(num_prefix("\n1", 10, UINT64_MAX, &v), -EINVAL, "a leading newline: -EINVAL");
	is_int(num_prefix("-1", 10, UINT64_MAX, &v), -EINVAL, "a sign: -EINVAL");
	is_int(num_prefix("+1", 10, UINT64_MAX, &v), -EINVAL, "a plus: -EINVAL");
	is_int(num_prefix("ab", 10, UINT64_MAX, &v), -EINVAL, "hex digits in base 10: -EINVAL");
	is_int(v, 77, "nothing written on error");
	is_int(num_prefix("18446744073709551615", 10, UINT64_MAX, &v), 20, "UINT64_MAX itself");
	ok(v == UINT64_MAX, "value UINT64_MAX");
	is_int(num_prefix("18446744073709551616", 10, UINT64_MAX, &v), -ERANGE, "UINT64_MAX + 1: -ERANGE");
	is_int(num_prefix("99999999999999999999999", 10, UINT64_MAX, &v), -ERANGE, "far past: -ERANGE");
	is_int(num_prefix("10000000000000000", 16, UINT64_MAX, &v), -ERANGE, "hex past 64 bits: -ERANGE");
	is_int(num_prefix("5", 10, 4, &v), -ERANGE, "one digit over a small max");
	is_int(num_prefix("0", 10, 0, &v), 1, "0 with max 0");
}

static void whole(void)
{
	uint64_t v = 0;
	is_int(num_whole("4194304", 4194304, &v), 0, "exactly max");
	is_int(v, 4194304, "value");
	is_int(num_whole("4194305", 4194304, &v), -ERANGE, "max + 1");
	is_int(num_whole("12x", 100, &v), -EINVAL, "trailing junk");
	is_int(num_whole("12\n", 100, &v), -EINVAL, "trailing newline");
	is_int(num_whole("", 100, &v), -EINVAL, "empty");
	is_int(num_whole("007", 100, &v), 0, "leading zeros are decimal");
	is_int(v, 7, "value 7");
}

int main(void)
{
	prefix();
	whole();
	return done();
}
