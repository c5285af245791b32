/* SPDX-License-Identifier: MIT */
/*
 * exec= word splitting (quotes, escapes, no shell), argv[0] resolution, and
 * unpacking of the packed argv/env buffers of struct svc_conf.  Invariant:
 * a packed buffer holds exactly `count` NUL-terminated words within its
 * size; every writer here checks the bound before it writes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "svc/conf/argv.h"
#include "svc/conf/svc.h"

/* One word from *sp into out (at most size-1 bytes + NUL).  Returns its
 * length, -1 at the end of input, -2 on a syntax error (*why set), -3 if it
 * does not fit. */
static int next_word(const char **sp, char *out, size_t size, const char **why)
{
	const char *s = *sp;
	size_t n = 0;
	char q = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return -1;
	for (; *s && (q || (*s != ' ' && *s != '\t')); s++) {
		char ch = *s;
		if (q == '\'' && ch != '\'') {
			/* single quotes: everything literal */
		} else if (ch == '\'' || ch == '"') {
			if (!q || q == ch) {
				q = q ? 0 : ch;
				continue;
			}
		} else if (ch == '\\') {
			if (!*++s) {
				*why = "trailing backslash";
				return -2;
			}
			ch = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		}
		if (n + 1 >= size)
			return -3;
		out[n++] = ch;
	}
	if (q) {
		*why = "unterminated quote";
		return -2;
	}
	out[n] = '\0';
	*sp = s;
	return (int)n;
}

int argv_split(const char *s, char *buf, size_t size, size_t *used, uint8_t *count,
	       int max, const char **why)
{
	size_t u = *used;
	int c = *count;
	int n;

	while ((n = next_word(&s, buf + u, size - u, why)) != -1) {
		if (n == -2)
			return -1;
		if (n == -3) {
			*why = "command line too long";
			return -1;
		}
		if (c >= max) {
			*why = "too many words";
			return -1;
		}
		u += (size_t)n + 1;
		c++;
	}
	*used = u;
	*count = (uint8_t)c;
	return 0;
}

/* 0 if path is a regular file with an execute bit, else -errno-ish. */
static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111))
		return -EACCES;
	return 0;
}

int argv_resolve(const char *word, char *out, size_t size, char *why, size_t whylen)
{
	const char *dir = ARGV_SEARCH_PATH;
	int r;

	if (strchr(word, '/')) {
		if (word[0] != '/') {
			snprintf(why, whylen, "'%.60s' is not an absolute path", word);
			return -1;
		}
		if (strlen(word) >= size) {
			snprintf(why, whylen, "path too long");
			return -1;
		}
		r = executable(word);
		if (r < 0) {
			snprintf(why, whylen, "'%.60s': %s", word,
				 r == -EACCES ? "not an executable file" : strerror(-r));
			return -1;
		}
		memcpy(out, word, strlen(word) + 1);
		return 0;
	}
	while (*dir) {
		size_t dl = strcspn(dir, ":");
		int n = snprintf(out, size, "%.*s/%s", (int)dl, dir, word);
		if (n > 0 && (size_t)n < size && executable(out) == 0)
			return 0;
		dir += dl + (dir[dl] == ':');
	}
	out[0] = '\0';
	snprintf(why, whylen, "'%.60s' not found in %s", word, ARGV_SEARCH_PATH);
	return -1;
}

size_t argv_packed_len(const char *buf, size_t size, int count)
{
	size_t u = 0;

	for (int i = 0; i < count && u < size; i++)
		u += strnlen(buf + u, size - u) + 1;
	return u > size ? size : u;
}

/* Pointers to the count words of buf[0..size) into out (max-1 + NULL). */
static int unpack(const char *buf, size_t size, int count, char **out, int max)
{
	size_t u = 0;
	int i = 0;

	if (max <= 0)
		return 0;
	for (; i < count && i < max - 1 && u < size; i++) {
		size_t l = strnlen(buf + u, size - u);
		if (u + l >= size)
			break;   /* unterminated: a corrupt buffer ends the list */
		out[i] = (char *)(uintptr_t)(buf + u);
		u += l + 1;
	}
	out[i] = NULL;
	return i;
}

int argv_unpack(const char *buf, size_t size, int count, char **out, int max)
{
	return unpack(buf, size, count, out, max);
}

int svc_argv(const struct svc_conf *c, char **out, int max)
{
	return unpack(c->args, SVC_ARGS_BYTES, c->argc, out, max);
}

int svc_envv(const struct svc_conf *c, char **out, int max)
{
	return unpack(c->env, SVC_ENV_BYTES, c->envc, out, max);
}

const char *svc_word(const char *packed, int k)
{
	while (k-- > 0)
		packed += strlen(packed) + 1;
	return packed;
}
