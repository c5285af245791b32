/* SPDX-License-Identifier: MIT */
/* init/enable.c: the enable file of a boot without a journal, parsed by
 * structure (it is outside text): the header names this boot, only
 * "enable NAME" / "disable NAME" lines with a valid name count, a line
 * cut short is not taken. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "init/enable.h"
#include "tests/unit/t.h"

static char got[1024];

static void take(void *u, const char *name, uint8_t enable)
{
	(void)u;
	size_t n = strlen(got);
	snprintf(got + n, sizeof got - n, "%s%c%s", n ? " " : "", enable == JOB_ENABLE_ON ? '+' : '-', name);
}

static int parse(const char *text, const char *boot)
{
	got[0] = '\0';
	return enable_parse(text, strlen(text), boot, take, NULL);
}

int main(void)
{
	is_int(parse("keel-enabled B1\ndisable a\nenable b\n", "B1"), 2, "two lines");
	is_str(got, "-a +b", "in order");
	is_int(parse("keel-enabled B1\n", "B1"), 0, "a header alone: none");
	is_int(parse("keel-enabled B2\ndisable a\n", "B1"), -EINVAL, "another boot's file");
	is_str(got, "", "takes nothing");
	is_int(parse("keel-enabled B1x\ndisable a\n", "B1"), -EINVAL, "a boot id that only starts the same");
	is_int(parse("keel-enabled \ndisable a\n", "B1"), -EINVAL, "an empty boot id");
	is_int(parse("disable a\n", "B1"), -EINVAL, "no header");
	is_int(parse("", "B1"), -EINVAL, "an empty file");
	is_int(parse("keel-enabled B1", "B1"), -EINVAL, "a header without its newline");
	is_int(parse("keel-enabled B1\ndisable a\ndisable b", "B1"), 1, "a last line cut short is not taken");
	is_int(parse("keel-enabled B1\ndisable ../x\ndisable .a\ndisable @a\ndisable a b\ndisable \ndisable\n"
		     "DISABLE a\nenable  a\n disable a\ndisable a\r\nenable ok@_1.x\n", "B1"), 1,
	       "bad names (a leading . or @), words, blanks and CR are refused");
	is_str(got, "+ok@_1.x", "the one good line");
	char long_name[80];
	snprintf(long_name, sizeof long_name, "keel-enabled B1\ndisable %031d\ndisable %032d\n", 0, 0);
	is_int(parse(long_name, "B1"), 1, "a name of 31 bytes, not 32");
	is_int(parse("keel-enabled B1\ndisable a\0b\nenable c\n", "B1"), 0, "the C string ends at NUL");
	char text[] = "keel-enabled B1\ndisable a\0\nenable c\n";
	got[0] = '\0';
	is_int(enable_parse(text, sizeof text - 1, "B1", take, NULL), 1, "a NUL byte inside a line: the line is refused");
	is_str(got, "+c", "the next line still counts");
	return done();
}
