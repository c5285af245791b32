/* SPDX-License-Identifier: MIT */
/*
 * Service conditions (svc/run/cond.h).  /proc/cmdline is read again for
 * every check (it is small and never changes); it is outside text and is
 * taken apart by structure, never with string functions that trust it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svc/run/cond.h"

#define CMDLINE_MAX 4096   /* COMMAND_LINE_SIZE is at most 4096 on every architecture */

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

/* The next word of text[*at..len) into word (quotes dropped); its length,
 * SVC_CMDWORD_MAX when too long, 0 at the end. */
static size_t next_word(const char *text, size_t len, size_t *at, char *word)
{
	size_t i = *at, n = 0;
	bool quoted = false;
	while (i < len && blank(text[i]))
		i++;
	for (; i < len && (quoted || !blank(text[i])); i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (n < SVC_CMDWORD_MAX)
			word[n++] = text[i];
	}
	*at = i;
	return n;
}

bool cond_cmdline_has(const char *text, size_t len, const char *arg)
{
	char word[SVC_CMDWORD_MAX];
	size_t alen = strlen(arg), at = 0, n;
	bool exact = memchr(arg, '=', alen) != NULL;   /* WORD=VALUE: the whole word */
	const char *nul = memchr(text, '\0', len);
	if (nul)
		len = (size_t)(nul - text);
	while ((n = next_word(text, len, &at, word)) > 0) {
		if (n == SVC_CMDWORD_MAX || n < alen || memcmp(word, arg, alen))
			continue;
		if (n == alen || (!exact && word[alen] == '='))
			return true;
	}
	return false;
}

/* /proc/cmdline has arg. */
static bool cmdline_has(const char *arg)
{
	static char text[CMDLINE_MAX];
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, text, sizeof text);
	close(fd);
	return n > 0 && cond_cmdline_has(text, (size_t)n, arg);
}

/* One condition: value as written ("" none, a leading '!' negates) and
 * the test of the rest.  Met: true; else why names it. */
static bool check(const char *key, const char *value, bool (*test)(const char *), char *why, size_t len)
{
	if (!value[0])
		return true;
	bool negate = value[0] == '!';
	if (test(value + negate) != negate)
		return true;
	snprintf(why, len, "%s=%s not met", key, value);
	return false;
}

static bool path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static bool file_not_empty(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

bool cond_met(const struct svc_conf *c, char *why, size_t len)
{
	return check("condition_path_exists", c->cond_path, path_exists, why, len) &&
	       check("condition_file_not_empty", c->cond_nonempty, file_not_empty, why, len) &&
	       check("condition_kernel_cmdline", c->cond_cmdline, cmdline_has, why, len);
}
