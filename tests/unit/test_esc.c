/* SPDX-License-Identifier: MIT */
/* init/rt/esc.c: every byte value escapes to printable ASCII and back. */
#include <errno.h>
#include <string.h>

#include "init/rt/esc.h"
#include "init/ctl/status.h"
#include "tests/unit/t.h"

static int printable_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static void every_byte(void)
{
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	char out[256 * ESC_BYTE_MAX + 1];
	size_t n = esc_text(out, sizeof out, all, sizeof all);
	ok(n < sizeof out && out[n] == 0, "all 256 bytes fit in 4 bytes each (%zu)", n);
	ok(printable_line(out), "the escape of every byte value is printable ASCII, no newline");
	char back[256];
	int k = esc_unescape(back, sizeof back, out, n);
	is_int(k, 256, "unescape gives 256 bytes back");
	ok(k == 256 && memcmp(back, all, 256) == 0, "round trip of every byte value is exact");
}

static void known(void)
{
	char out[64];
	esc_str(out, sizeof out, "a b\\c");
	is_str(out, "a b\\\\c", "backslash doubled, space kept");
	esc_text(out, sizeof out, "x\nctl 2\n", 8);
	is_str(out, "x\\x0actl 2\\x0a", "newline as \\x0a");
	esc_text(out, sizeof out, "\x7f\xff\0", 3);
	is_str(out, "\\x7f\\xff\\x00", "DEL, high byte and NUL as \\xNN");
}

static void cut(void)
{
	char out[6];
	size_t n = esc_text(out, sizeof out, "ab\n", 3);
	is_int(n, 2, "an escape that does not fit is left out whole");
	is_str(out, "ab", "cut before the escape");
	n = esc_text(out, 1, "abc", 3);
	is_int(n, 0, "size 1: empty string");
}

static void bad(void)
{
	char back[8];
	is_int(esc_unescape(back, sizeof back, "\\x4", 3), -EINVAL, "short \\x escape refused");
	is_int(esc_unescape(back, sizeof back, "\\xZZ", 4), -EINVAL, "non-hex digits refused");
	is_int(esc_unescape(back, sizeof back, "\\q", 2), -EINVAL, "unknown escape refused");
	is_int(esc_unescape(back, sizeof back, "a\nb", 3), -EINVAL, "raw newline refused");
	is_int(esc_unescape(back, sizeof back, "\\x4A", 4), -EINVAL, "upper-case hex refused (never written)");
	is_int(esc_unescape(back, 2, "abc", 3), -ENOSPC, "too small a buffer: -ENOSPC");
}

/* all = the C string of every byte value 1..255. */
static void bytes_1_255(char all[256])
{
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = 0;
}

/* esc_show: the display form keeps a backslash, escapes the rest. */
static void show(void)
{
	char out[64];
	esc_show(out, sizeof out, "x\nctl 2\n");
	is_str(out, "x\\x0actl 2\\x0a", "esc_show: newlines as \\x0a");
	esc_show(out, sizeof out, "x\\x0actl");
	is_str(out, "x\\x0actl", "esc_show: an escaped text is not escaped twice");
	char all[256];
	bytes_1_255(all);
	char wide[256 * ESC_BYTE_MAX + 1];
	esc_show(wide, sizeof wide, all);
	ok(printable_line(wide), "esc_show of bytes 1..255: one line of printable ASCII");
}

/* reply_json_text: every byte value gives a JSON string of pure ASCII. */
static void json(void)
{
	char out[256 * REPLY_JSON_BYTE_MAX + 3];
	reply_json_text(out, sizeof out, "a\"b\\c\n\x7f\xff");
	is_str(out, "\"a\\\"b\\\\c\\u000a\\u007f\\u00ff\"", "JSON: quote, backslash, control and high bytes");
	char all[256];
	bytes_1_255(all);
	size_t n = reply_json_text(out, sizeof out, all);
	ok(n == strlen(out) && out[0] == '"' && out[n - 1] == '"' && printable_line(out),
	   "JSON of bytes 1..255: quoted, printable ASCII (%zu bytes)", n);
	reply_json_text(out, 10, "ab\ncd");
	is_str(out, "\"ab\"", "JSON: cut before an escape that does not fit, still quoted");
}

int main(void)
{
	show();
	json();
	every_byte();
	known();
	cut();
	bad();
	return done();
}
