/* SPDX-License-Identifier: MIT */
/*
 * `initctl status`: the job table as a readable table or as JSON.
 */
#ifndef KEEL_STATUS_H
#define KEEL_STATUS_H

#include "init/rt/reply.h"
#include "svc/run/job.h"

/* All jobs (name NULL) or one; json selects the format.  Returns 0, or
 * -ENOENT when there is no such service. */
int status_render(struct reply *r, const char *name, int json);

/* "exit 3", "signal KILL", "-" into buf. */
const char *status_exit_text(int32_t e, char *buf, size_t len);

#endif
