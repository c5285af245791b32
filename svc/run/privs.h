/* SPDX-License-Identifier: MIT */
/*
 * Least privilege for a service process, applied by the spawn child
 * between fork and exec (svc/run/spawn.c): resource limits, nice,
 * oom_score_adj and umask while still root; then supplementary and
 * primary groups, the capability bounding set, the uid and the kept
 * capabilities; no_new_privs last, just before exec.  Runs only in the
 * child: it may block, it never returns into PID 1's loop.
 */
#ifndef KEEL_PRIVS_H
#define KEEL_PRIVS_H

#include "svc/conf/svc.h"

/* What failed: the key it comes from (or "user", "group") and the value
 * at fault (a group name, a limit), for the spawn error text. */
struct privs_fail {
	const char *step;
	char arg[SVC_USER_MAX];
};

/* Everything up to and including the switch to the service's user, in
 * that order.  Returns 0, or -errno with f filled (-ENOENT: no such user
 * or group). */
int privs_drop(const struct svc_conf *c, struct privs_fail *f);

/* The last step before exec: no_new_privs when the service asks for it
 * (the default).  0, or -errno with f filled. */
int privs_seal(const struct svc_conf *c, struct privs_fail *f);

#endif
