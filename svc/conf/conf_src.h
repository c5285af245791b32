/* SPDX-License-Identifier: MIT */
/*
 * Where the loader reads a service file or init.ini from: the file itself
 * or, for tests and the fuzzer, bytes in memory; either way a line at a
 * time through the caller's small buffer (init/rt/lines.h), so no whole
 * file is held anywhere.  Every byte is counted as it comes, so that
 * CONF_FILE_MAX holds however the file grows, and hashed (FNV-1a 64: the
 * hash a reload compares to tell a changed file).
 */
#ifndef KEEL_CONF_SRC_H
#define KEEL_CONF_SRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "init/rt/lines.h"

struct conf_src {
	struct lines in;       /* with pieces: a long line's rest is read too */
	bool file;             /* a file (fd), else mem[0..len) */
	int fd;
	const char *mem;
	size_t len;
	char *buf;             /* the caller's buffer, size bytes */
	size_t size;
	uint64_t hash;         /* FNV-1a 64 of the bytes read so far */
	size_t bytes;          /* how many */
	int err;               /* why reading stopped early: -errno, -EFBIG past CONF_FILE_MAX */
};

/* Read the file at path through buf[0..size).  Only a regular file is
 * read; opened O_NONBLOCK, so a FIFO put there cannot block PID 1; a read
 * cut short by a signal (EINTR) is retried.  When it cannot be opened,
 * s->err says why (-EINVAL: not a regular file) and nothing comes. */
void conf_src_file(struct conf_src *s, const char *path, char *buf, size_t size);

/* Read mem[0..len) through buf[0..size) as if it were a file's bytes; more
 * than CONF_FILE_MAX is refused at once (s->err = -EFBIG). */
void conf_src_mem(struct conf_src *s, const char *mem, size_t len, char *buf, size_t size);

/* The next line, or the next piece of a line longer than the buffer, as
 * lines_next() gives them (*cut: more of this line follows).  Returns 1,
 * or 0 at the end, after a read error or once the bytes pass
 * CONF_FILE_MAX (then s->err says which, and nothing more comes). */
int conf_src_next(struct conf_src *s, char **text, size_t *len, bool *cut);

/* The first piece of line number line (from 1), read again from the
 * start (a file is rewound with lseek); the count and hash are left as
 * they were.  1, or 0 when there is no such line (any more).  For a
 * message after the parse: conf_src_next() is not to be called after it. */
int conf_src_line(struct conf_src *s, int line, char **text, size_t *len);

/* What s->err means, for "path:0: what" (buf: room for the message). */
const char *conf_src_why(const struct conf_src *s, char *buf, size_t size);

/* Close the file, if one is open. */
void conf_src_close(struct conf_src *s);

#endif
