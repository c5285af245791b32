/* SPDX-License-Identifier: MIT */
/*
 * The loader reads a file through a small buffer (CONF_LINE_BUF, svc/conf/
 * conf_src.h), never whole: files many times that size parse as before,
 * from a file and from memory alike (same result, same message, same
 * hash, which is the FNV-1a 64 of every byte); a line split across two
 * reads comes whole; a line longer than the buffer is refused with its
 * exact length at its own line; a syntax error after a long first part
 * names its line and kind; CONF_FILE_MAX holds as the bytes are read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "svc/conf/conf.h"
#include "svc/conf/conf_store.h"
#include "svc/conf/conf_work.h"
#include "tests/unit/t.h"

static struct conf_work work;   /* the loader's working memory */
static char path[64];           /* DIR/web.ini */
static struct svc_conf c;       /* the last parse, from the file */
static char err[SVC_ERR_MAX];

static uint64_t fnv1a(const char *buf, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)buf[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static void write_file(const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		printf("# cannot write %s\n", path);
	if (fd >= 0)
		close(fd);
}

/* Parse text from memory and from a file holding it: both must agree on
 * the result, the message and the hash.  c is the file's parse; returns
 * its result. */
static int parse_both(const char *text, size_t len, const char *what)
{
	static struct svc_conf from_mem;
	char mem_err[SVC_ERR_MAX] = "";
	conf_store_begin();
	int r_mem = conf_parse_svc_buf(path, text, len, &from_mem, NULL, &work, mem_err, sizeof mem_err);
	write_file(text, len);
	err[0] = '\0';
	int r = conf_parse_svc_lines(path, &c, NULL, &work, err, sizeof err);
	ok(r == r_mem && strcmp(err, mem_err) == 0 && c.hash == from_mem.hash,
	   "%s: the same from a file and from memory", what);
	return r;
}

/* text += a padding comment line of 60 bytes; returns its new length. */
static size_t pad(char *text, size_t at, int i)
{
	return at + (size_t)sprintf(text + at, "; padding %03d .............................................\n", i);
}

/* A file of about 2.5 KB: keys before, across and far past the first
 * buffer's worth, CRLF on some lines, the last line without a newline. */
static void test_big_file(void)
{
	static char text[8192];
	char want_args[SVC_ARGS_BYTES], want_env[SVC_ENV_BYTES];
	size_t at = (size_t)sprintf(text, "[service]\n"), wa = 0, we = 0;
	for (int i = 0; at < 420; i++)
		at = pad(text, at, i);
	/* exec: about 190 bytes from offset 430, across the first read's end */
	size_t exec_at = at;
	at += (size_t)sprintf(text + at, "exec = /bin/echo");
	wa = (size_t)sprintf(want_args, "/bin/echo") + 1;
	for (int i = 0; i < 17; i++) {
		at += (size_t)sprintf(text + at, " word%05d", i);
		wa += (size_t)sprintf(want_args + wa, "word%05d", i) + 1;
	}
	at += (size_t)sprintf(text + at, "\n");
	ok(exec_at < CONF_LINE_BUF - 1 && at > CONF_LINE_BUF - 1 && at - exec_at <= SVC_LINE_MAX,
	   "the exec line (bytes %zu..%zu) fits a line but not the first read", exec_at, at);
	for (int i = 0; i < SVC_ENV_MAX; i++) {
		at = pad(text, at, 100 + i);
		at += (size_t)sprintf(text + at, "env = V%02d=value-%02d%s", i, i, i % 3 ? "\n" : "\r\n");
		we += (size_t)sprintf(want_env + we, "V%02d=value-%02d", i, i) + 1;
	}
	for (int i = 0; i < SVC_DEPS_MAX; i++) {
		at = pad(text, at, 200 + i);
		at += (size_t)sprintf(text + at, "after = dep%d\n", i);
	}
	at += (size_t)sprintf(text + at, "user = last");   /* no newline */
	ok(at > 4 * CONF_LINE_BUF, "the file (%zu bytes) is many buffers long", at);
	is_int(parse_both(text, at, "a big file"), 0, "it parses");
	ok(c.hash == fnv1a(text, at), "hash: FNV-1a of every byte");
	is_int(c.argc, 18, "exec across a read: all its words");
	ok(memcmp(c.args, want_args, wa) == 0, "and each word whole");
	is_int(c.envc, SVC_ENV_MAX, "every env line applied");
	ok(memcmp(c.env, want_env, we) == 0, "each value whole, CR dropped");
	is_int(c.nafter, SVC_DEPS_MAX, "every after line applied");
	ok(strcmp(c.after, "dep0") == 0, "the first after");
	is_str(c.user, "last", "the last line, without a newline");
}

/* A line longer than the buffer at line 12: its exact length, its line. */
static void test_long_line(void)
{
	static char text[8192];
	char want[SVC_ERR_MAX];
	static const struct { size_t len; const char *end, *what; } t[] = {
		{ 2000, "\r\nuser = u\n", "2000 bytes and CRLF" },
		{ 2000, "\nuser = u\n", "2000 bytes" },
		{ 3000, "", "3000 bytes ending the file" },
		{ CONF_LINE_BUF - 1 - 6, "", "exactly a buffer's worth ending the file" },
		{ CONF_LINE_BUF - 2 - 6, "\n", "one byte less: whole, still too long" },
		{ CONF_LINE_BUF - 1 - 6, "\r", "a buffer's worth and a CR" },
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		size_t at = (size_t)sprintf(text, "[service]\nexec = /bin/true\n");
		for (int i = 0; i < 9; i++)
			at = pad(text, at, i);
		at += (size_t)sprintf(text + at, "user =");   /* line 12 */
		memset(text + at, 'x', t[k].len);
		at += t[k].len;
		at += (size_t)sprintf(text + at, "%s", t[k].end);
		is_int(parse_both(text, at, t[k].what), -1, "%s: refused", t[k].what);
		snprintf(want, sizeof want, "%s:12: line too long (%zu > %d characters)", path, t[k].len + 6,
			 SVC_LINE_MAX);
		is_str(err, want, "%s: its length and line", t[k].what);
		ok(c.hash == fnv1a(text, at), "%s: the hash still covers every byte", t[k].what);
	}
}

/* A syntax error after more than a buffer of good lines; a NUL too. */
static void test_late_errors(void)
{
	static char text[4096];
	char want[SVC_ERR_MAX];
	static const struct { const char *line, *what; } t[] = {
		{ "[service\n", "section header without ']'" },
		{ "noequals\n", "expected 'key = value'" },
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		size_t at = (size_t)sprintf(text, "[service]\nexec = /bin/true\n");
		for (int i = 0; i < 30; i++)
			at = pad(text, at, i);
		at += (size_t)sprintf(text + at, "%s", t[k].line);   /* line 33 */
		for (int i = 0; i < 30; i++)
			at = pad(text, at, 100 + i);
		is_int(parse_both(text, at, t[k].what), -1, "%s: refused", t[k].what);
		snprintf(want, sizeof want, "%s:33: %s", path, t[k].what);
		is_str(err, want, "%s: at line 33, after %d bytes", t[k].what, 27 + 30 * 60);
		ok(c.hash == fnv1a(text, at), "%s: the hash covers every byte", t[k].what);
	}
	size_t at = (size_t)sprintf(text, "[service]\nexec = /bin/true\n");
	for (int i = 0; i < 30; i++)
		at = pad(text, at, i);
	memcpy(text + at, "user = a\0b\n", 11);   /* line 33 */
	is_int(parse_both(text, at + 11, "a NUL byte"), -1, "a NUL byte late in the file: refused");
	snprintf(want, sizeof want, "%s:33: NUL byte in line", path);
	is_str(err, want, "NUL byte: its line");
}

/* CONF_FILE_MAX: exactly that many bytes parse; one more is refused, from
 * a file with the defaults (nothing of it counts) and a hash of 0. */
static void test_too_large(void)
{
	static char text[CONF_FILE_MAX + 2];
	char want[SVC_ERR_MAX];
	memset(text, '\n', sizeof text);
	memcpy(text, "[service]\nexec = /bin/true\nuser = u\n", 36);
	is_int(parse_both(text, CONF_FILE_MAX, "CONF_FILE_MAX bytes"), 0, "CONF_FILE_MAX bytes parse");
	ok(c.hash == fnv1a(text, CONF_FILE_MAX), "their hash");
	write_file(text, CONF_FILE_MAX + 1);
	conf_store_begin();
	is_int(conf_parse_svc_lines(path, &c, NULL, &work, err, sizeof err), -1, "one byte more: refused");
	snprintf(want, sizeof want, "%s:0: file too large", path);
	is_str(err, want, "the message (as before: no size, none is known past the limit)");
	ok(c.bad && c.hash == 0 && !c.user[0] && c.argc == 0, "bad, hash 0, nothing of it applied");
	text[CONF_FILE_MAX] = 'x';   /* the last line without a newline, past the limit */
	write_file(text, CONF_FILE_MAX + 2);
	is_int(conf_parse_svc_lines(path, &c, NULL, &work, err, sizeof err), -1, "past the limit inside a line");
	is_str(err, want, "the same message");
}

/* init.ini: keys past the first buffer applied; too large from a file. */
static void test_init(void)
{
	static char text[CONF_FILE_MAX + 2];
	struct init_conf ic;
	char want[SVC_ERR_MAX];
	size_t at = (size_t)sprintf(text, "[init]\n");
	for (int i = 0; i < 40; i++)
		at = pad(text, at, i);
	at += (size_t)sprintf(text + at, "svc_dir = /x/svc.d\n");
	write_file(text, at);
	is_int(conf_parse_init(path, &ic, &work, err, sizeof err), 0, "init.ini of %zu bytes", at);
	is_str(ic.svc_dir, "/x/svc.d", "its last key applied");
	memset(text + at, '\n', CONF_FILE_MAX + 1 - at);
	write_file(text, CONF_FILE_MAX + 1);
	is_int(conf_parse_init(path, &ic, &work, err, sizeof err), -EFBIG, "too large: -EFBIG");
	snprintf(want, sizeof want, "%s:0: file too large", path);
	is_str(err, want, "the message");
	is_str(ic.svc_dir, "/etc/svc.d", "the defaults stand");
}

int main(void)
{
	char dir[] = "/tmp/keel-stream-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/web.ini", dir);
	test_big_file();
	test_long_line();
	test_late_errors();
	test_too_large();
	test_init();
	unlink(path);
	rmdir(dir);
	return done();
}
