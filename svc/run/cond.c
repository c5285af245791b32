/* SPDX-License-Identifier: MIT */
/*
 * Service conditions (svc/run/cond.h).  /proc/cmdline is read again for
 * every check (it is small and never changes), a piece at a time through
 * a small buffer on the stack; it is outside text and is taken apart by
 * structure, never with string functions that trust it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svc/run/cond.h"

#define CMDLINE_MAX   4096   /* COMMAND_LINE_SIZE is at most 4096 on every architecture */
#define CMDLINE_PIECE 256    /* /proc/cmdline is read this much at a time */

/* The words of a command line, fed a piece at a time (a word or a quote
 * may run across two pieces), each compared with arg as it ends. */
struct word_scan {
	const char *arg;
	size_t alen;
	bool exact;                   /* arg is WORD=VALUE: the whole word */
	bool quoted, in_word, ended;  /* ended: a NUL was seen */
	size_t n;                     /* bytes of word; SVC_CMDWORD_MAX: too long */
	char word[SVC_CMDWORD_MAX];
	bool found;
};

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

static void scan_start(struct word_scan *s, const char *arg)
{
	memset(s, 0, sizeof *s);
	s->arg = arg;
	s->alen = strlen(arg);
	s->exact = memchr(arg, '=', s->alen) != NULL;
}

/* The word in s->word has ended: is it arg? */
static void word_end(struct word_scan *s)
{
	size_t n = s->n;
	bool match = s->in_word && n != SVC_CMDWORD_MAX && n >= s->alen && memcmp(s->word, s->arg, s->alen) == 0 &&
		     (n == s->alen || (!s->exact && s->word[s->alen] == '='));
	if (match)
		s->found = true;
	s->in_word = false;
	s->n = 0;
}

static void scan_feed(struct word_scan *s, const char *text, size_t len)
{
	for (size_t i = 0; i < len && !s->ended; i++) {
		char ch = text[i];
		if (ch == '\0')
			s->ended = true;
		else if (!s->quoted && blank(ch))
			word_end(s);
		else if (ch == '"') {
			s->quoted = !s->quoted;
			s->in_word = true;
		} else {
			s->in_word = true;
			if (s->n < SVC_CMDWORD_MAX)
				s->word[s->n++] = ch;
		}
	}
}

bool cond_cmdline_has(const char *text, size_t len, const char *arg)
{
	struct word_scan s;
	scan_start(&s, arg);
	/* In the pieces cmdline_has() reads: words across two pieces are
	 * then tested here too. */
	for (size_t at = 0; at < len; at += CMDLINE_PIECE)
		scan_feed(&s, text + at, len - at < CMDLINE_PIECE ? len - at : CMDLINE_PIECE);
	word_end(&s);
	return s.found;
}

/* /proc/cmdline has arg: read a piece at a time, at most CMDLINE_MAX. */
static bool cmdline_has(const char *arg)
{
	char piece[CMDLINE_PIECE];
	struct word_scan s;
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	scan_start(&s, arg);
	ssize_t n = 0;
	for (size_t total = 0; total < CMDLINE_MAX && !s.ended && !s.found; total += (size_t)n) {
		n = read(fd, piece, sizeof piece);
		if (n <= 0)
			break;
		scan_feed(&s, piece, (size_t)n);
	}
	close(fd);
	word_end(&s);
	return n >= 0 && s.found;
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
