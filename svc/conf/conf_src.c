/* SPDX-License-Identifier: MIT */
/*
 * The loader's byte source (svc/conf/conf_src.h).  Invariant: s->bytes
 * and s->hash cover exactly the bytes conf_src_next() has handed out,
 * with the '\n' each whole line ended at, so at the end of a file they
 * are its size and the FNV-1a 64 of all of it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/rt/file.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_src.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t fnv1a(uint64_t h, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)buf[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* Line splitting from the first byte (the file's offset is the caller's). */
static void start(struct conf_src *s)
{
	if (s->file)
		lines_init(&s->in, s->fd, s->buf, s->size);
	else
		lines_init_mem(&s->in, s->mem, s->len, s->buf, s->size);
	s->in.pieces = true;
}

void conf_src_file(struct conf_src *s, const char *path, char *buf, size_t size)
{
	*s = (struct conf_src){ .file = true, .fd = file_open_regular(path, 0), .buf = buf, .size = size,
				.hash = FNV_OFFSET };
	if (s->fd < 0)
		s->err = s->fd;
	start(s);
}

void conf_src_mem(struct conf_src *s, const char *mem, size_t len, char *buf, size_t size)
{
	*s = (struct conf_src){ .fd = -1, .mem = mem, .len = len, .buf = buf, .size = size,
				.hash = FNV_OFFSET };
	if (len > CONF_FILE_MAX)
		s->err = -EFBIG;
	start(s);
}

int conf_src_next(struct conf_src *s, char **text, size_t *len, bool *cut)
{
	int r;
	bool nl;

	if (s->err)
		return 0;
	r = lines_next(&s->in, text, len, cut);
	if (r <= 0) {
		s->err = r;   /* 0 at the end */
		return 0;
	}
	nl = !s->in.unended;
	s->bytes += *len + nl;
	if (s->bytes > CONF_FILE_MAX) {
		s->err = -EFBIG;
		return 0;
	}
	s->hash = fnv1a(s->hash, *text, *len);
	if (nl)
		s->hash = fnv1a(s->hash, "\n", 1);
	return 1;
}

int conf_src_line(struct conf_src *s, int line, char **text, size_t *len)
{
	bool cut = false;
	int at = 1;

	if (s->file && (s->fd < 0 || lseek(s->fd, 0, SEEK_SET) < 0))
		return 0;
	start(s);
	while (lines_next(&s->in, text, len, &cut) > 0) {
		if (at == line)
			return 1;
		if (!cut)
			at++;
	}
	return 0;
}

const char *conf_src_why(const struct conf_src *s, char *buf, size_t size)
{
	if (s->err != -EFBIG)
		return strerror(-s->err);
	if (s->file)
		return "file too large";
	snprintf(buf, size, "file too large (%zu > %d bytes)", s->len, CONF_FILE_MAX);
	return buf;
}

void conf_src_close(struct conf_src *s)
{
	if (s->file && s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
