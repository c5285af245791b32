/* SPDX-License-Identifier: MIT */
/*
 * The strings of a struct svc_conf in the configuration arena
 * (svc/conf/arena.h): storing a parsed service, keeping a configuration in
 * use across a reload (the copying step of the arena's swap), and the
 * strings of a configuration made outside a load.  A string is never
 * NULL: an empty one is a static "" outside the arena.
 */
#ifndef KEEL_CONF_STORE_H
#define KEEL_CONF_STORE_H

#include <stddef.h>
#include "svc/conf/svc.h"

/* Every string of c empty (a configuration made by hand starts so). */
void conf_store_empty(struct svc_conf *c);

/* Start a load: the arena's spare half is emptied, and the room kept back
 * for the name, path and error of each service still to come (so a
 * service that does not fit can still say so) is whole again. */
void conf_store_begin(void);

/* Mark c bad with msg ("path:line: what") unless it is bad already. */
void conf_store_error(struct svc_conf *c, const char *msg);

/* Bytes c's strings take in the arena's live half: what conf_keep()
 * needs of the spare half.  like: a configuration whose equal strings c
 * will adopt first (conf_adopt()), or NULL. */
size_t conf_live_bytes(const struct svc_conf *c, const struct svc_conf *like);

/* Copy c's strings that are in the live half to the spare half (before
 * arena_swap()).  0, or -ENOSPC (c is unchanged: check first with
 * conf_live_bytes() and arena_spare_free()). */
int conf_keep(struct svc_conf *c);

/* Each string of c equal to that of from points to from's copy (a reload
 * found the same file: the old copies need not be kept). */
void conf_adopt(struct svc_conf *c, const struct svc_conf *from);

/* A copy of s in the arena's live half for a configuration made outside a
 * load (a job handed over by a re-exec whose file is gone); NULL if full. */
const char *conf_store_live(const char *s);

#endif
