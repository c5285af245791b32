/* SPDX-License-Identifier: MIT */
/*
 * A file (or /proc text) read a line at a time through a caller's small
 * buffer, in chunks of whatever read(2) gives: a line split across two
 * reads comes whole.  A line too long for the buffer is never silently
 * split into two: the caller gets its first size - 1 bytes marked cut,
 * and the rest of that line is skipped.  What a cut line means is the
 * caller's choice (each says so where it reads one); a caller that needs
 * every byte (svc/conf/conf.c hashes the file) sets pieces, and the rest
 * comes in further cut pieces instead.  The bytes can come from memory
 * instead of a file: the same splitting then serves tests and fuzzers.
 */
#ifndef KEEL_LINES_H
#define KEEL_LINES_H

#include <stdbool.h>
#include <stddef.h>

struct lines {
	int fd;               /* -1 with lines_init_mem() */
	bool from_mem;        /* lines_init_mem(): mem[0..mem_left) is not yet copied in */
	const char *mem;
	size_t mem_left;
	char *buf;
	size_t size;          /* buf's size, >= 2 */
	size_t start, end;    /* unread bytes: buf[start..end) */
	bool eof;             /* read(2) said end of file */
	bool skip;            /* dropping the rest of a cut line */
	bool unended;         /* the line just given had no '\n' (cut, or the file's end) */
	bool pieces;          /* set by the caller: a cut line's rest comes, not skipped */
};

/* Read fd (the caller opens and closes it) through buf[0..size). */
void lines_init(struct lines *l, int fd, char *buf, size_t size);

/* Read mem[0..len) instead of a file, copied through buf[0..size) in the
 * same chunks a file would come in (mem stays the caller's, unchanged). */
void lines_init_mem(struct lines *l, const char *mem, size_t len, char *buf, size_t size);

/* The next line: 1 with *line NUL-terminated in the buffer, without its
 * '\n' (the caller may write to its len bytes), *cut false for a whole
 * line; a line of up to size - 2 bytes comes whole, a longer one cut
 * (*cut true: its first size - 1 bytes).  With l->pieces set, the
 * calls after a cut one give the rest of that line, size - 1 bytes at a
 * time, each cut but the last (a line that ends the file right at a
 * piece's end has no uncut piece: the next call says 0).  The last line
 * needs no '\n' (l->unended says it had none).  0 at the end, -errno
 * on a read error.  The line stays valid until the next call. */
int lines_next(struct lines *l, char **line, size_t *len, bool *cut);

#endif
