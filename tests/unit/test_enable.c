/* SPDX-License-Identifier: MIT */
/* init/enable.c: the enable file of a boot without a journal, parsed by
 * structure (it is outside text): the header names this boot, only
 * "enable NAME" / "disable NAME" lines with a valid name count, a line
 * cut short is not taken.  The file is read a line at a time through a
 * small buffer: lines split across reads count, a line longer than the
 * buffer does not. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/enable.h"
#include "tests/unit/t.h"

static char got[1024];

static void take(void *u, const char *name, uint8_t enable)
{
	(void)u;
	size_t n = strlen(got);
	snprintf(got + n, sizeof got - n, "%s%c%s", n ? " " : "", enable == JOB_ENABLE_ON ? '+' : '-', name);
}

/* enable_read() of len bytes of text through a buffer of size bytes
 * (text goes through a pipe; it is far below the pipe's capacity). */
static int read_text(const char *text, size_t len, const char *boot, size_t size)
{
	char buf[ENABLE_LINE_MAX];
	int p[2];
	got[0] = '\0';
	if (size > sizeof buf || pipe(p) < 0)
		return -999;
	if (write(p[1], text, len) != (ssize_t)len)
		len = 0;
	close(p[1]);
	int r = enable_read(p[0], buf, size, boot, take, NULL);
	close(p[0]);
	return r;
}

static int parse(const char *text, const char *boot)
{
	return read_text(text, strlen(text), boot, ENABLE_LINE_MAX);
}

/* Every buffer size that holds the longest line: the same lines taken. */
static void test_chunks(void)
{
	const char *text = "keel-enabled B1\ndisable a\nenable bb\ndisable ccc\nenable dddddddddddd\n";
	bool same = true;
	for (size_t size = 21; size <= ENABLE_LINE_MAX; size++)
		same = same && read_text(text, strlen(text), "B1", size) == 4 &&
		       strcmp(got, "-a +bb -ccc +dddddddddddd") == 0;
	ok(same, "buffers of 21..%d bytes: every line taken", ENABLE_LINE_MAX);
	is_int(read_text(text, strlen(text), "B1", 20), 3, "a buffer of 20: the 19-byte line is too long");
	is_str(got, "-a +bb -ccc", "and only it is not taken");
	is_int(read_text(text, strlen(text), "B1", 16), -EINVAL, "a header longer than the buffer: not ours");
	char huge[600];
	int n = snprintf(huge, sizeof huge, "keel-enabled B1\ndisable %0500d\nenable after\n", 7);
	is_int(read_text(huge, (size_t)n, "B1", ENABLE_LINE_MAX), 1, "a 508-byte line is skipped whole");
	is_str(got, "+after", "the line after it counts");
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
	is_int(read_text(text, sizeof text - 1, "B1", ENABLE_LINE_MAX), 1, "a NUL byte inside a line: the line is refused");
	is_str(got, "+c", "the next line still counts");
	test_chunks();
	return done();
}
