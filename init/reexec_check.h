/* SPDX-License-Identifier: MIT */
#ifndef KEEL_REEXEC_CHECK_H
#define KEEL_REEXEC_CHECK_H

#include <stddef.h>

/* Run self --check -c ini_path; 0 if it exits 0 within 5 s.  Otherwise
 * -1 and msg names what failed: the first line the check printed (the
 * broken service file and line), escaped. */
int reexec_preflight(const char *self, const char *ini_path, char *msg, size_t len);

#endif
