/* SPDX-License-Identifier: MIT */
/*
 * A file (or /proc text) read a line at a time through a caller's small
 * buffer, in chunks of whatever read(2) gives: a line split across two
 * reads comes whole.  A line too long for the buffer is never silently
 * split into two: the caller gets its first size - 1 bytes marked cut,
 * and the rest of that line is skipped.  What a cut line means is the
 * caller's choice (each says so where it reads one).
 */
#ifndef KEEL_LINES_H
#define KEEL_LINES_H

#include <stdbool.h>
#include <stddef.h>

struct lines {
	int fd;
	char *buf;
	size_t size;          /* buf's size, >= 2 */
	size_t start, end;    /* unread bytes: buf[start..end) */
	bool eof;             /* read(2) said end of file */
	bool skip;            /* dropping the rest of a cut line */
	bool unended;         /* the line just given had no '\n' (cut, or the file's end) */
};

/* Read fd (the caller opens and closes it) through buf[0..size). */
void lines_init(struct lines *l, int fd, char *buf, size_t size);

/* The next line: 1 with *line NUL-terminated in the buffer, without its
 * '\n' (the caller may write to its len bytes), *cut false for a whole
 * line; a line of up to size - 2 bytes comes whole, a longer one cut
 * (*cut true: its first size - 1 bytes).  The last line
 * needs no '\n' (l->unended says it had none).  0 at the end, -errno
 * on a read error.  The line stays valid until the next call. */
int lines_next(struct lines *l, char **line, size_t *len, bool *cut);

#endif
