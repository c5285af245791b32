/* SPDX-License-Identifier: MIT */
/*
 * init/rt/num.c: strict unsigned numbers from outside text.  What
 * strtoull() would have taken and keel must not: blanks, newlines, signs,
 * "0x", wrap-around; and the exact bounds.  The pidfile parser (the one
 * reclaim, ready = pidfile and type = forking share) on hostile text.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

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

static int32_t pid_of(const char *s)
{
	return num_pidfile(s, strlen(s));
}

static void pidfile(void)
{
	is_int(pid_of("123\n"), 123, "a pid and a newline");
	is_int(pid_of("  42 \r\n"), 42, "blanks around it");
	is_int(pid_of("4194304"), 4194304, "the largest pid");
	is_int(pid_of("4194305"), 0, "past PID_MAX_LIMIT");
	is_int(pid_of("2147483648"), 0, "past INT_MAX");
	is_int(pid_of("99999999999999999999"), 0, "a huge number does not wrap");
	is_int(pid_of("00000000001"), 0, "more than 10 digits");
	is_int(pid_of("0000000001"), 1, "10 digits");
	is_int(pid_of(""), 0, "empty");
	is_int(pid_of("\n"), 0, "a newline only");
	is_int(pid_of("0"), 0, "pid 0");
	is_int(pid_of("-5"), 0, "a sign");
	is_int(pid_of("+5"), 0, "a plus sign");
	is_int(pid_of("0x10"), 0, "hex");
	is_int(pid_of("12a"), 0, "a letter after the digits");
	is_int(pid_of("12 junk"), 0, "a word after a blank");
	is_int(pid_of("12\n34\n"), 0, "two numbers");
	is_int(pid_of("\n12"), 0, "a newline before the digits");
	is_int(pid_of("abc"), 0, "garbage");
	is_int(num_pidfile("12\0" "7", 4), 0, "a NUL inside the text");
	is_int(num_pidfile("12\n\0", 4), 0, "a NUL after the newline");
	is_int(num_pidfile("123456", 3), 123, "only len bytes are read");
	is_int(num_pidfile("7", 0), 0, "length 0");
}

int main(void)
{
	prefix();
	whole();
	pidfile();
	return done();
}
