/* SPDX-License-Identifier: MIT */
/*
 * init/platform/board.c reads board.ini a line at a time through a small
 * buffer: a file larger than that buffer (and than the old 8 KiB read)
 * is read to its end, lines split across reads come whole, and a line
 * longer than inih keeps whole is an error at its line, never split.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init/platform/board.h"
#include "tests/unit/t.h"

static char text[16384];

/* [board] name, then comment lines up to about fill bytes, then tail. */
static void write_board(const char *dir, size_t fill, const char *tail)
{
	size_t n = (size_t)snprintf(text, sizeof text, "[board]\nname = first\n");
	for (int i = 0; n + 80 < fill; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "; comment %d %.*s\n", i, 40 + i % 30,
				      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrst");
	snprintf(text + n, sizeof text - n, "%s", tail);
	t_put(dir, "board.ini", text);
}

int main(void)
{
	char dir[] = "/tmp/keel-board-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	const char *path = t_str("%s/board.ini", dir);
	struct board b;
	char err[256] = "";

	write_board(dir, 12000, "console = /dev/ttyS9\nmount = tmpfs /run/x tmpfs nosuid,size=1m");
	is_int(board_load(path, &b, err, sizeof err), 0, "a 12 KB board.ini loads");
	is_str(b.name, "first", "its first line");
	is_str(b.console, "/dev/ttyS9", "a key after 12 KB of comments");
	ok(b.nmounts == 1 && strcmp(b.mounts[0].target, "/run/x") == 0, "and its last line, without a newline");

	char long_line[400];
	snprintf(long_line, sizeof long_line, "console = /dev/%0250d\nname = after\n", 7);
	write_board(dir, 3000, long_line);
	is_int(board_load(path, &b, err, sizeof err), -1, "a line longer than inih keeps: an error");
	ok(strstr(err, ": line longer than 198 bytes") != NULL, "says so: %s", err);
	ok(strcmp(b.name, "first") == 0 && b.console[0] == 0, "the lines before it count, the long one does not");

	char both[420];
	snprintf(both, sizeof both, "bogus = 1\n%s", long_line);
	write_board(dir, 3000, both);
	is_int(board_load(path, &b, err, sizeof err), -1, "an earlier error");
	ok(strstr(err, "bogus") != NULL, "is the one reported: %s", err);

	unlink(path);
	rmdir(dir);
	return done();
}
