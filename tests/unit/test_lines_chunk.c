/* SPDX-License-Identifier: MIT */
/*
 * init/rt/lines.c: lines split across read chunks come whole, for every
 * buffer size from 2 bytes up; a line longer than the buffer comes cut
 * (its first size - 1 bytes) and its rest is skipped, never read as a
 * line of its own; the last line needs no newline; a pipe that delivers
 * a socket that delivers 1 byte per read gives the same lines.  The same
 * from memory (lines_init_mem); and with pieces set, a long line's rest
 * comes in pieces, so the pieces put together are the text byte for byte.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/rt/lines.h"
#include "tests/unit/t.h"

/* Pseudo-random lines of 0..40 bytes, some with no newline at the end. */
static size_t make_text(char *text, size_t max, unsigned seed, bool last_nl)
{
	size_t n = 0;
	for (int i = 0; i < 30 && n + 42 < max; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned len = (seed >> 16) % 41;
		for (unsigned k = 0; k < len; k++)
			text[n++] = (char)('a' + (k + i) % 26);
		text[n++] = '\n';
	}
	if (!last_nl && n)
		n--;
	return n;
}

/* Read l (a buffer of size) and check each line against text: whole
 * lines equal, cut ones the first size - 1 bytes. */
static bool same_lines_of(struct lines *l, size_t size, const char *text, size_t tlen)
{
	size_t at = 0;
	char *s;
	size_t n;
	bool cut;
	int r;
	while ((r = lines_next(l, &s, &n, &cut)) == 1) {
		const char *nl = memchr(text + at, '\n', tlen - at);
		size_t want = nl ? (size_t)(nl - (text + at)) : tlen - at;
		if (at >= tlen || cut != (want > size - 2) || n != (cut ? size - 1 : want) ||
		    memcmp(s, text + at, n) != 0 || s[n] != 0)
			return false;
		at += want + (nl ? 1 : 0);
	}
	return r == 0 && at == tlen;
}

static bool same_lines(int fd, size_t size, const char *text, size_t tlen)
{
	char buf[64];
	struct lines l;
	lines_init(&l, fd, buf, size);
	return same_lines_of(&l, size, text, tlen);
}

/* Read l with pieces set: true if the pieces, each with the '\n' it ended
 * at, are text byte for byte, and only a piece that fills the buffer is cut. */
static bool same_bytes(struct lines *l, size_t size, const char *text, size_t tlen)
{
	char *s;
	size_t n, at = 0;
	bool cut;
	int r;
	l->pieces = true;
	while ((r = lines_next(l, &s, &n, &cut)) == 1) {
		if (n > tlen - at || memcmp(s, text + at, n) != 0 || cut != (n == size - 1 && l->unended))
			return false;
		at += n;
		if (!l->unended && (at == tlen || text[at++] != '\n'))
			return false;
	}
	return r == 0 && at == tlen;
}

static int text_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		return -1;
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void test_every_size(const char *path)
{
	char text[2048];
	bool all = true;
	for (unsigned seed = 1; seed <= 6; seed++) {
		size_t len = make_text(text, sizeof text, seed, seed % 2);
		for (size_t size = 2; size <= 64; size++) {
			int fd = text_file(path, text, len);
			all = all && fd >= 0 && same_lines(fd, size, text, len);
			if (fd >= 0)
				close(fd);
		}
	}
	ok(all, "buffers of 2..64 bytes: every line whole or cut as its length says");
}

/* From memory: the same lines as from a file; with pieces, every byte. */
static void test_mem(void)
{
	char text[2048], buf[64];
	bool lines_ok = true, bytes_ok = true;
	struct lines l;
	for (unsigned seed = 1; seed <= 6; seed++) {
		size_t len = make_text(text, sizeof text, seed, seed % 2);
		for (size_t size = 2; size <= 64; size++) {
			lines_init_mem(&l, text, len, buf, size);
			lines_ok = lines_ok && same_lines_of(&l, size, text, len);
			lines_init_mem(&l, text, len, buf, size);
			bytes_ok = bytes_ok && same_bytes(&l, size, text, len);
		}
	}
	ok(lines_ok, "from memory, buffers of 2..64 bytes: the same lines as from a file");
	ok(bytes_ok, "with pieces: a long line's rest comes too, every byte in order");
	lines_init_mem(&l, NULL, 0, buf, sizeof buf);
	char *s;
	size_t n;
	bool cut;
	is_int(lines_next(&l, &s, &n, &cut), 0, "no bytes: the end at once");
}

/* A seqpacket socket fed 1 byte a message: each read(2) gets 1 byte, so
 * reads end everywhere inside lines, whatever the timing. */
static void test_short_reads(void)
{
	char text[2048];
	size_t len = make_text(text, sizeof text, 42, false);
	int p[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p) < 0) {
		ok(0, "socketpair");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (size_t i = 0; i < len; i++) {
			if (write(p[1], text + i, 1) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	ok(same_lines(p[0], 24, text, len), "1-byte reads: the same lines");
	close(p[0]);
	waitpid(pid, NULL, 0);
}

static void test_cut(const char *path)
{
	const char *text = "short\nabcdefghijklmnopqrstuvwxyz\nnext\nxyz";
	int fd = text_file(path, text, strlen(text));
	char buf[8], *s;
	size_t n;
	bool cut;
	struct lines l;
	lines_init(&l, fd, buf, sizeof buf);
	is_int(lines_next(&l, &s, &n, &cut), 1, "a line");
	ok(!cut && strcmp(s, "short") == 0, "short: whole");
	is_int(lines_next(&l, &s, &n, &cut), 1, "the long line");
	ok(cut && n == 7 && strcmp(s, "abcdefg") == 0, "the long line: cut to its first 7 bytes");
	is_int(lines_next(&l, &s, &n, &cut), 1, "the line after it");
	ok(!cut && strcmp(s, "next") == 0, "its rest is skipped, not read as a line");
	is_int(lines_next(&l, &s, &n, &cut), 1, "the last line without a newline");
	ok(!cut && strcmp(s, "xyz") == 0, "comes whole");
	is_int(lines_next(&l, &s, &n, &cut), 0, "then the end");
	close(fd);
	lines_init(&l, -1, buf, sizeof buf);
	ok(lines_next(&l, &s, &n, &cut) < 0, "a read error is -errno");
}

int main(void)
{
	char dir[] = "/tmp/keel-lines-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	const char *path = t_str("%s/text", dir);
	test_every_size(path);
	test_short_reads();
	test_mem();
	test_cut(path);
	unlink(path);
	rmdir(dir);
	return done();
}
