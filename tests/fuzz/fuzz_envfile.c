// SRCS: svc/run/envfile.c svc/run/cond.c init/rt/file.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the two parsers of outside text added with
 * env_file and the conditions: envfile_parse (svc/run/envfile.c) on any
 * file, and cond_cmdline_has (svc/run/cond.c) on any kernel command line.
 * Besides the sanitizers: every variable kept is NAME=VALUE with a valid
 * name, names are unique, at most ENVFILE_VARS fit in the buffer, and an
 * error keeps none; a command line "has" a word only if its text holds it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "svc/run/cond.h"
#include "svc/run/envfile.h"

static bool name_ok(const char *kv)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv || (*kv >= '0' && *kv <= '9'))
		return false;
	for (const char *p = kv; p < eq; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* The loader parses the file in the buffer it packs into: the same text
 * parsed in place must give what parsing it from elsewhere gave (n, the
 * packed bytes, or the reason). */
/* Bytes of the packed variables of ef. */
static size_t packed_len(const struct envfile *ef)
{
	size_t len = 0;
	for (unsigned i = 0; i < ef->n; i++)
		len += strlen(ef->buf + len) + 1;
	return len;
}

static void check_in_place(const char *buf, size_t size, int n, const struct envfile *from, const char *why)
{
	static struct envfile ef;
	char why2[128];
	memcpy(ef.buf, buf, size);
	int n2 = envfile_parse(ef.buf, size, &ef, why2, sizeof why2);
	if (n2 != n || ef.n != from->n)
		__builtin_trap();
	if (n < 0 ? strcmp(why, why2) != 0 : memcmp(ef.buf, from->buf, packed_len(from)) != 0)
		__builtin_trap();
}

static void check_envfile(const char *buf, size_t size)
{
	static struct envfile ef;
	char why[128];
	char *v[ENVFILE_VARS];
	int n = envfile_parse(buf, size, &ef, why, sizeof why);
	if (size <= ENVFILE_BYTES)
		check_in_place(buf, size, n, &ef, why);
	if (n < 0) {
		if (ef.n != 0)
			__builtin_trap();
		return;
	}
	if (n != ef.n || n > ENVFILE_VARS)
		__builtin_trap();
	envfile_vars(&ef, v);
	for (int i = 0; i < n; i++) {
		if (v[i] < ef.buf || v[i] + strlen(v[i]) >= ef.buf + sizeof ef.buf || !name_ok(v[i]))
			__builtin_trap();
		size_t kl = (size_t)(strchr(v[i], '=') - v[i]);
		for (int k = 0; k < i; k++)
			if (!strncmp(v[k], v[i], kl + 1))
				__builtin_trap();   /* a name twice */
	}
}

static void check_cmdline(const char *buf, size_t size)
{
	static const char *const args[] = { "quiet", "root=/dev/vda1", "a", "x=" };
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
		const char *nul = memchr(buf, '\0', size);
		size_t len = nul ? (size_t)(nul - buf) : size;
		if (cond_cmdline_has(buf, size, args[i]) && !memmem(buf, len, args[i], strlen(args[i])) &&
		    !memchr(buf, '"', len))
			__builtin_trap();   /* unquoted, a word must be in the text as is */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_envfile((const char *)data, size);
	check_cmdline((const char *)data, size);
	return 0;
}
