/* SPDX-License-Identifier: MIT */
/*
 * The line reader (init/rt/lines.h).  Invariant: end <= size - 1, so the
 * byte after any line, even one that fills the buffer, can take its NUL.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "init/rt/lines.h"

void lines_init(struct lines *l, int fd, char *buf, size_t size)
{
	*l = (struct lines){ .fd = fd, .buf = buf, .size = size };
}

void lines_init_mem(struct lines *l, const char *mem, size_t len, char *buf, size_t size)
{
	*l = (struct lines){ .fd = -1, .from_mem = true, .mem = mem, .mem_left = len, .buf = buf, .size = size };
}

/* read(2), or a copy of what is left of the caller's memory. */
static ssize_t get(struct lines *l, char *to, size_t room)
{
	if (!l->from_mem)
		return read(l->fd, to, room);
	size_t n = room < l->mem_left ? room : l->mem_left;
	if (n)
		memcpy(to, l->mem, n);
	l->mem += n;
	l->mem_left -= n;
	return (ssize_t)n;
}

/* Hand out buf[start..start+n) as a line; step over its '\n' if any. */
static int give(struct lines *l, size_t n, bool nl, char **line, size_t *len)
{
	*line = l->buf + l->start;
	(*line)[n] = 0;
	*len = n;
	l->start += n + (nl ? 1 : 0);
	l->unended = !nl;
	return 1;
}

/* Read more after what is unread (moved to the front); 0 or -errno. */
static int fill(struct lines *l)
{
	memmove(l->buf, l->buf + l->start, l->end - l->start);
	l->end -= l->start;
	l->start = 0;
	for (;;) {
		ssize_t k = get(l, l->buf + l->end, l->size - 1 - l->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		l->eof = k == 0;
		l->end += (size_t)k;
		return 0;
	}
}

/* Skip unread bytes up to and including the next '\n'; true once found. */
static bool skip_rest(struct lines *l)
{
	char *nl = memchr(l->buf + l->start, '\n', l->end - l->start);
	l->start = nl ? (size_t)(nl + 1 - l->buf) : l->end;
	l->skip = !nl;
	return nl != NULL;
}

int lines_next(struct lines *l, char **line, size_t *len, bool *cut)
{
	*cut = false;
	for (;;) {
		if (l->skip && !skip_rest(l)) {
			if (l->eof)
				return 0;
		} else {
			char *s = l->buf + l->start;
			char *nl = memchr(s, '\n', l->end - l->start);
			if (nl)
				return give(l, (size_t)(nl - s), true, line, len);
			if (l->eof)
				return l->end > l->start ? give(l, l->end - l->start, false, line, len) : 0;
			if (l->start == 0 && l->end == l->size - 1) {
				*cut = true;
				l->skip = !l->pieces;
				return give(l, l->end, false, line, len);
			}
		}
		int r = fill(l);
		if (r < 0)
			return r;
	}
}
