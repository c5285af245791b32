/* SPDX-License-Identifier: MIT */
/*
 * The conditions of a service file (docs/service.md, "Conditions"),
 * checked before every start: condition_path_exists,
 * condition_file_not_empty, condition_kernel_cmdline.  A leading '!'
 * negates one.  Nothing here blocks on more than a stat(2) or a read of
 * /proc/cmdline, and nothing allocates.
 */
#ifndef KEEL_COND_H
#define KEEL_COND_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/conf/svc.h"

/* Whether the kernel command line (text, len bytes, as in /proc/cmdline)
 * has arg: for WORD, a word WORD or WORD=anything; for WORD=VALUE, that
 * word exactly.  Words are separated by blanks (space, tab, newline); a
 * double-quoted part may hold blanks and its quotes are not part of the
 * word (k="a b" is the word k=a b); a word longer than SVC_CMDWORD_MAX
 * matches nothing; NUL bytes end the text. */
bool cond_cmdline_has(const char *text, size_t len, const char *arg);

/* All conditions of c are met: true.  Else false, and why says which:
 * "condition_path_exists=/x not met". */
bool cond_met(const struct svc_conf *c, char *why, size_t len);

#endif
