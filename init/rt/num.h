/* SPDX-License-Identifier: MIT */
/*
 * Unsigned numbers from outside text (/proc, control requests, the
 * command line, pidfiles), parsed strictly: digits only, no sign, no
 * blanks, no "0x", nothing the locale decides.  keel's own instead of
 * strtol()/strtoull(), whose leniency every caller had to undo (leading
 * blanks and newlines, signs, wrap-around) and whose scanner costs about
 * 2.4 KiB of build/init.
 */
#ifndef KEEL_NUM_H
#define KEEL_NUM_H

#include <stddef.h>
#include <stdint.h>

#define NUM_PID_LARGEST 4194304   /* PID_MAX_LIMIT: no pid is larger */

/* The digits at the start of s in base 10 or 16 (either case) into *v.
 * Returns how many digits were read (at least 1), -EINVAL if s does not
 * start with one, or -ERANGE if the value exceeds max (*v untouched). */
int num_prefix(const char *s, unsigned base, uint64_t max, uint64_t *v);

/* All of s (non-empty) is a decimal number at most max: 0, -EINVAL or
 * -ERANGE. */
int num_whole(const char *s, uint64_t max, uint64_t *v);

/* The pid a pidfile's first len bytes name (not NUL-terminated; a NUL is
 * just another byte): blanks, 1 to 10 decimal digits naming 1 to
 * NUM_PID_LARGEST, then only blanks and newlines.  0 for anything else.
 * Reclaim, `ready = pidfile` and `type = forking` read pidfiles alike. */
int32_t num_pidfile(const char *buf, size_t len);

#endif
