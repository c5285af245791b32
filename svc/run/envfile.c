/* SPDX-License-Identifier: MIT */
/*
 * env_file parsing and loading (svc/run/envfile.h).  One pass over the
 * text, line by line, by length: no string function ever runs past a
 * line, and nothing is copied until the line was found good.  The file is
 * read into the same buffer its variables are packed in: a packed "K=V"
 * NUL is never longer than the line it came from with its line end, so
 * writing at the packed end never overtakes the reading (memmove: the two
 * may overlap).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/rt/file.h"
#include "svc/run/envfile.h"

_Static_assert(ENVFILE_BYTES == 4096 && ENVFILE_VARS == 32, "the limits the messages and docs name");

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool name_char(char ch, bool first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' || (!first && ch >= '0' && ch <= '9');
}

/* Length of the name at the start of "K=V" (up to '=' or the end). */
static size_t name_len(const char *kv, size_t len)
{
	const char *eq = memchr(kv, '=', len);
	return eq ? (size_t)(eq - kv) : len;
}

/* Whether ef sets the name name[0..kl). */
static bool sets_name(const struct envfile *ef, const char *name, size_t kl)
{
	const char *p = ef->buf;
	for (unsigned i = 0; i < ef->n; i++) {
		size_t pl = strlen(p);
		if (name_len(p, pl) == kl && !memcmp(p, name, kl))
			return true;
		p += pl + 1;
	}
	return false;
}

bool envfile_sets(const struct envfile *ef, const char *kv)
{
	return sets_name(ef, kv, name_len(kv, strlen(kv)));
}

void envfile_vars(const struct envfile *ef, char **out)
{
	const char *p = ef->buf;
	for (unsigned i = 0; i < ef->n; i++) {
		out[i] = (char *)p;
		p += strlen(p) + 1;
	}
}

/* why = text; returns err. */
static int fail(char *why, size_t whylen, const char *text, int err)
{
	snprintf(why, whylen, "%s", text);
	return err;
}

/* One line (no line end) into ef at *used; 0 (a variable or nothing), or
 * -EINVAL / -E2BIG with the reason in why. */
static int parse_line(const char *s, size_t len, struct envfile *ef, size_t *used, char *why, size_t whylen)
{
	while (len && blank(*s)) {
		s++;
		len--;
	}
	while (len && blank(s[len - 1]))
		len--;
	if (!len || *s == '#')
		return 0;
	size_t kl = 0;
	while (kl < len && name_char(s[kl], kl == 0))
		kl++;
	if (!kl || kl == len || s[kl] != '=')
		return fail(why, whylen, "not KEY=VALUE", -EINVAL);
	const char *v = s + kl + 1;
	size_t vl = len - kl - 1;
	if (vl && (*v == '"' || *v == '\'')) {
		if (vl < 2 || v[vl - 1] != *v)
			return fail(why, whylen, "unterminated quote", -EINVAL);
		v++;
		vl -= 2;
	}
	if (memchr(v, '\0', vl))
		return fail(why, whylen, "NUL byte", -EINVAL);
	if (sets_name(ef, s, kl)) {
		snprintf(why, whylen, "%.*s set twice", (int)kl, s);
		return -EINVAL;
	}
	if (ef->n == ENVFILE_VARS || *used + kl + 1 + vl + 1 > ENVFILE_BYTES)
		return fail(why, whylen, "too many variables (32, 4096 bytes)", -E2BIG);
	memmove(ef->buf + *used, s, kl + 1);
	memmove(ef->buf + *used + kl + 1, v, vl);
	*used += kl + 1 + vl;
	ef->buf[(*used)++] = '\0';
	ef->n++;
	return 0;
}

int envfile_parse(const char *text, size_t len, struct envfile *ef, char *why, size_t whylen)
{
	char reason[96];
	size_t used = 0, at = 0;
	ef->n = 0;
	for (unsigned line = 1; at < len; line++) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t ll = end - at;
		if (ll && text[at + ll - 1] == '\r')
			ll--;
		int r = parse_line(text + at, ll, ef, &used, reason, sizeof reason);
		if (r < 0) {
			ef->n = 0;
			snprintf(why, whylen, "line %u: %s", line, reason);
			return r;
		}
		at = end + 1;
	}
	return ef->n;
}

int envfile_load(const char *spec, struct envfile *ef, char *why, size_t whylen)
{
	bool optional = spec[0] == '-';
	const char *path = spec + optional;
	ef->n = 0;
	if (!path[0])
		return 0;
	/* A FIFO planted there is refused at once (init/rt/file.h). */
	int fd = file_open_regular(path, 0);
	ssize_t n = -1;
	int e = fd < 0 ? fd : 0;
	if (fd >= 0 && (n = read(fd, ef->buf, sizeof ef->buf)) < 0)
		e = -errno;
	if (fd >= 0)
		close(fd);
	if (e == -ENOENT && optional)
		return 0;
	char reason[128];
	if (e == -EINVAL)
		snprintf(reason, sizeof reason, "not a regular file");
	else if (e)
		snprintf(reason, sizeof reason, "%s", strerror(-e));
	else if (n > ENVFILE_BYTES)
		e = fail(reason, sizeof reason, "larger than 4096 bytes", -E2BIG);
	else if ((e = envfile_parse(ef->buf, (size_t)n, ef, reason, sizeof reason)) > 0)
		e = 0;
	if (e)
		snprintf(why, whylen, "env_file %s: %s", path, reason);
	return e < 0 ? e : 0;
}
