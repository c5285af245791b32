/* SPDX-License-Identifier: MIT */
/*
 * exec= lines to argv: shell-like word splitting without a shell (quotes and
 * backslash escapes, no expansion), packed into a caller's fixed buffer as
 * NUL-separated words, and argv[0] resolution to an absolute executable.
 * svc_argv()/svc_envv() (svc/conf/svc.h) unpack the same format.
 */
#ifndef KEEL_ARGV_H
#define KEEL_ARGV_H

#include <stddef.h>
#include <stdint.h>

/* Where argv[0] without a '/' is looked for, in order. */
#define ARGV_SEARCH_PATH "/sbin:/bin:/usr/sbin:/usr/bin"

/* Split s into words and append them to the packed buffer buf[0..size),
 * whose first *used bytes hold *count words already.  Rules: blanks separate
 * words; '...' is literal; inside "..." and outside quotes a backslash takes
 * the next character literally, except \n and \t (newline, tab); "" or ''
 * makes an empty word.  At most max words in all.  Returns 0, or -1 with
 * *why set to a static reason; on error buf/used/count are unchanged. */
int argv_split(const char *s, char *buf, size_t size, size_t *used, uint8_t *count,
	       int max, const char **why);

/* Resolve argv[0]: a word with a '/' must be absolute; one without is looked
 * up in ARGV_SEARCH_PATH.  The result must be a regular file with an execute
 * bit.  Writes the absolute path to out[0..size).  Returns 0, or -1 with
 * why[0..whylen) saying what is wrong ("not found in ...", "not executable"). */
int argv_resolve(const char *word, char *out, size_t size, char *why, size_t whylen);

/* The first count words of a packed buffer into out[] (at most max-1,
 * NULL-terminated; pointers into buf).  Returns the word count. */
int argv_unpack(const char *buf, size_t size, int count, char **out, int max);

/* Bytes used by the first count words of a packed buffer (NULs included). */
size_t argv_packed_len(const char *buf, size_t size, int count);

#endif
