/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of svc/conf/argv.c: word splitting with quotes and escapes, the
 * bounds of the packed buffer, argv[0] resolution, and svc_argv()/svc_envv().
 */
#include <string.h>
#include "svc/conf/argv.h"
#include "svc/conf/svc.h"
#include "tests/unit/t.h"

static char buf[SVC_ARGS_BYTES];
static size_t used;
static uint8_t count;
static const char *why;

static int split(const char *s)
{
	used = 0;
	count = 0;
	why = "";
	memset(buf, 0x55, sizeof buf);
	return argv_split(s, buf, sizeof buf, &used, &count, SVC_ARGS_MAX, &why);
}

/* The words as "[a][b]" for comparison. */
static const char *words(void)
{
	static char out[1024];
	size_t u = 0, o = 0;

	out[0] = '\0';
	for (int i = 0; i < count; i++) {
		o += (size_t)snprintf(out + o, sizeof out - o, "[%s]", buf + u);
		u += strlen(buf + u) + 1;
	}
	return out;
}

static void test_split(void)
{
	static const struct { const char *in, *out; } t[] = {
		{ "/bin/sh", "[/bin/sh]" },
		{ "  a   b\tc  ", "[a][b][c]" },
		{ "a \"b c\" d", "[a][b c][d]" },
		{ "a 'b c' d", "[a][b c][d]" },
		{ "'it''s'", "[its]" },
		{ "\"it's\"", "[it's]" },
		{ "'say \"hi\"'", "[say \"hi\"]" },
		{ "\"a\\\"b\"", "[a\"b]" },
		{ "'a\\b'", "[a\\b]" },
		{ "a\\ b", "[a b]" },
		{ "\\\\", "[\\]" },
		{ "x\\ny", "[x\ny]" },
		{ "x\\ty", "[x\ty]" },
		{ "\"\"", "[]" },
		{ "a '' b", "[a][][b]" },
		{ "pre\"mid dle\"post", "[premid dlepost]" },
		{ "$HOME *.c `x` ;", "[$HOME][*.c][`x`][;]" },
		{ "", "" },
		{ "   ", "" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		is_int(split(t[i].in), 0, "split '%s'", t[i].in);
		is_str(words(), t[i].out, "words of '%s'", t[i].in);
		is_int(used, argv_packed_len(buf, sizeof buf, count), "used matches packed length");
	}
	is_int(split("a \"b"), -1, "unterminated double quote");
	is_str(why, "unterminated quote", "its reason");
	is_int(split("a 'b"), -1, "unterminated single quote");
	is_int(split("a\\"), -1, "trailing backslash");
	is_str(why, "trailing backslash", "its reason");
	is_int(used, 0, "failure leaves used");
	is_int(count, 0, "failure leaves count");
}

static void test_bounds(void)
{
	char s[2048];
	size_t n = 0;

	for (int i = 0; i < SVC_ARGS_MAX; i++)
		n += (size_t)snprintf(s + n, sizeof s - n, "w%d ", i);
	is_int(split(s), 0, "32 words fit");
	is_int(count, SVC_ARGS_MAX, "32 words");
	strcat(s, "one-more");
	is_int(split(s), -1, "33 words do not");
	is_str(why, "too many words", "its reason");

	memset(s, 'x', sizeof s);
	s[SVC_ARGS_BYTES - 1] = '\0';
	is_int(split(s), 0, "one word of 511 bytes fits");
	is_int(used, SVC_ARGS_BYTES, "buffer full");
	s[SVC_ARGS_BYTES - 1] = 'x';
	s[SVC_ARGS_BYTES] = '\0';
	is_int(split(s), -1, "512 bytes + NUL do not");
	is_str(why, "command line too long", "its reason");

	/* appending to a buffer that already holds words */
	split("a b");
	is_int(argv_split("c 'd e'", buf, sizeof buf, &used, &count, SVC_ARGS_MAX, &why), 0, "append");
	is_str(words(), "[a][b][c][d e]", "appended words");
	is_int(argv_split("f g", buf, sizeof buf, &used, &count, 5, &why), -1, "append past max");
	is_str(words(), "[a][b][c][d e]", "unchanged after a failed append");
}

static void test_resolve(void)
{
	char out[SVC_PATH_MAX], w[160];

	is_int(argv_resolve("sh", out, sizeof out, w, sizeof w), 0, "sh found in the search path");
	ok(out[0] == '/' && strstr(out, "/sh") != NULL, "absolute result: %s", out);
	is_int(argv_resolve("/bin/true", out, sizeof out, w, sizeof w), 0, "absolute path kept");
	is_str(out, "/bin/true", "same path");
	is_int(argv_resolve("keel-none", out, sizeof out, w, sizeof w), -1, "not found");
	is_str(w, "'keel-none' not found in /sbin:/bin:/usr/sbin:/usr/bin", "its reason");
	is_int(argv_resolve("./x", out, sizeof out, w, sizeof w), -1, "relative path with a slash");
	is_str(w, "'./x' is not an absolute path", "its reason");
	is_int(argv_resolve("/", out, sizeof out, w, sizeof w), -1, "a directory");
	is_str(w, "'/': not an executable file", "its reason");
	is_int(argv_resolve("/bin/true", out, 5, w, sizeof w), -1, "result does not fit");
}

static void test_unpack(void)
{
	struct svc_conf c;
	char *v[40];
	char args[SVC_ARGS_BYTES], env[SVC_ENV_BYTES];

	memset(&c, 0, sizeof c);
	c.args = args;
	c.env = env;
	memcpy(args, "/bin/echo\0a\0\0b", 15);
	c.argc = 4;
	is_int(svc_argv(&c, v, 40), 4, "four words");
	is_str(v[0], "/bin/echo", "argv[0]");
	is_str(v[2], "", "empty word");
	is_str(v[3], "b", "argv[3]");
	ok(v[4] == NULL, "NULL-terminated");
	is_int(svc_argv(&c, v, 3), 2, "max 3: two words + NULL");
	ok(v[2] == NULL, "NULL at max-1");
	is_int(svc_argv(&c, v, 1), 0, "max 1: only NULL");
	ok(v[0] == NULL, "NULL");
	is_int(svc_argv(&c, v, 0), 0, "max 0: nothing written");

	memset(args, 'x', sizeof args);
	c.argc = 2;
	is_int(svc_argv(&c, v, 40), 0, "unterminated buffer: no word read past the end");

	memcpy(env, "A=1\0B=2", 8);
	c.envc = 2;
	is_int(svc_envv(&c, v, 40), 2, "two env strings");
	is_str(v[1], "B=2", "env[1]");
	ok(v[2] == NULL, "env NULL-terminated");
	c.envc = 0;
	is_int(svc_envv(&c, v, 40), 0, "no env");
	ok(v[0] == NULL, "empty list is NULL");
}

int main(void)
{
	test_split();
	test_bounds();
	test_resolve();
	test_unpack();
	return done();
}
