/* SPDX-License-Identifier: MIT */
/*
 * env_file = PATH (docs/service.md): KEY=VALUE lines read by PID 1 right
 * before the fork of each start, into a fixed buffer (no allocation), and
 * handed to the child through the fork.  The file is outside text: its
 * size, every line and every name are checked, and a file that breaks a
 * rule fails the start with the line named, never half applied.
 */
#ifndef KEEL_ENVFILE_H
#define KEEL_ENVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENVFILE_BYTES 4096   /* the largest file, and the packed variables */
#define ENVFILE_VARS  32     /* variables in one file */

struct envfile {
	/* "K=V" NUL "K=V" NUL ... (at most ENVFILE_BYTES); envfile_load() reads
	 * the file into it (one byte more, to see a file that is too large) and
	 * packs the variables in place. */
	char buf[ENVFILE_BYTES + 1];
	uint16_t n;                 /* variables in buf */
};

/* Parse text[0..len): lines of KEY=VALUE (KEY: a letter or '_', then
 * letters, digits, '_'), blank lines and lines whose first non-blank is
 * '#'; blanks before KEY and after VALUE are dropped, a "\r\n" end is a
 * line end; a VALUE wholly inside '...' or "..." loses the quotes (no
 * escapes: what is inside is kept as is).  Errors (0 variables kept):
 * -EINVAL with why = "line N: ..." for a bad line, a NUL byte, an
 * unterminated quote or a KEY set twice; -E2BIG for more than
 * ENVFILE_VARS.  text may be ef->buf itself: the variables are packed in
 * place (each is written no further on than where it was read).  Returns
 * the number of variables. */
int envfile_parse(const char *text, size_t len, struct envfile *ef, char *why, size_t whylen);

/* The file spec as written in env_file ("" none: nothing; "-PATH": a
 * missing file is no variables), read and parsed into ef.  0, or -errno
 * with why = "env_file PATH: ..." (a missing file, not a regular file,
 * larger than ENVFILE_BYTES, a bad line). */
int envfile_load(const char *spec, struct envfile *ef, char *why, size_t whylen);

/* Whether ef sets the name of kv ("NAME=..." or "NAME"). */
bool envfile_sets(const struct envfile *ef, const char *kv);

/* Pointers to ef's "K=V" strings into out[0..ef->n). */
void envfile_vars(const struct envfile *ef, char **out);

#endif
