/* SPDX-License-Identifier: MIT */
/*
 * Reload by diff: the new service table against the running jobs.
 * Added -> start; removed -> stop and forget; changed (file bytes differ)
 * -> exactly one restart with the new file; unchanged -> untouched.  A file
 * that became broken leaves the running version alone and says why.
 */
#ifndef KEEL_RELOAD_H
#define KEEL_RELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include "svc/conf/svc.h"

/* Is there room in the configuration arena (svc/conf/arena.h) to apply
 * tab[0..n), just loaded: the strings every job's configuration (and
 * staged one) keeps, less those an unchanged service shares with its new
 * copy, fit beside the load?  If not, the reload is refused as a whole. */
bool reload_fits(const struct svc_conf *tab, int n);

/* Apply tab[0..n).  Returns the new generation number; msg summarises
 * ("reload 3: 1 added, 0 removed, 2 changed, 5 unchanged, 1 broken"). */
unsigned reload_apply(const struct svc_conf *tab, int n, char *msg, size_t len);

#endif
