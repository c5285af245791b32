/* SPDX-License-Identifier: MIT */
/*
 * requires= propagation (docs/states.md, "Dependencies").  When a job X
 * goes down and is not coming back by itself (stopped by request, failed,
 * blocked), every job that requires X, directly or through another job,
 * is held: it is stopped, dependents before what they depend on, with the
 * reason in its why ("X stopped", "X failed (via B)"), and it starts again
 * once what it requires is running (or done) if its restart policy allows
 * it (restart is not `no`).  A held job's stop is not a failure and does
 * not count against its restart limiter.  Private to svc/run/state.c; job
 * states change only through job_set_state().
 */
#ifndef KEEL_PROPAGATE_H
#define KEEL_PROPAGATE_H

#include "svc/run/job.h"

/* X went down (verb: "stopped", "failed", "blocked"): hold every job that
 * requires it.  A job with a process gets a pending stop (sent by
 * propagate_stops()); one in backoff is stopped at once. */
void propagate_down(struct job *x, const char *verb);

/* Send every pending stop of a job that no live job requires any more
 * (dependents first).  Returns how many were sent. */
int propagate_stops(void);

#endif
