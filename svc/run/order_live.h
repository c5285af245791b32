/* SPDX-License-Identifier: MIT */
/*
 * Dependency order over the live jobs: may a job start now, may it stop
 * at shutdown (state.c's pump asks these, so jobs start dependencies
 * first and stop dependents first).  An edge "a depends on b" exists
 * when a names b in after= or requires=, as in svc/conf/order.h.  No
 * I/O, no allocation, bounded by SVC_MAX.
 */
#ifndef KEEL_ORDER_LIVE_H
#define KEEL_ORDER_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/run/job.h"

/* May job j start now?  Every requires= target must be running or done;
 * an after= target that is wanted holds j back only while it is on its way
 * up (not failed, blocked or quarantined); a missing after= name only
 * orders.  False with why = "waiting for NAME (state)". */
bool order_ready(const struct job *j, char *why, size_t len);

/* Does another job with a process (starting, running, stopping) name j in
 * after= or requires=?  At shutdown j stops only once this is false. */
bool order_needed(const struct job *j);

/* Does another job with a process (starting, running, stopping) name j in
 * requires=?  A stop of j waits until this is false (dependents first). */
bool order_required(const struct job *j);

/* Does j name dep in requires=? */
bool order_requires(const struct job *j, const char *dep);

#endif
