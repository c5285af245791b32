/* SPDX-License-Identifier: MIT */
/*
 * Dependency order: the one orderer of keel.  An edge "a depends on b"
 * exists when a names b in after= or requires=.  Over the live jobs: may
 * a job start now, may it stop at shutdown (state.c's pump asks these, so
 * jobs start dependencies first and stop dependents first).  Over a
 * service table (conf_load_dir): lookups and cycle finding.  No I/O, no
 * allocation, bounded by SVC_MAX.
 */
#ifndef KEEL_ORDER_H
#define KEEL_ORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "svc/conf/svc.h"
#include "svc/run/job.h"

/* Index of the service called name in tab[0..n), or -1. */
int order_find(const struct svc_conf *tab, int n, const char *name);

/* A shortest dependency cycle through tab[i] (bad services included):
 * writes its members into cyc[0..len), starting with the member whose name
 * sorts first and following the edges, and returns len (1 for a service
 * that depends on itself), or 0 if i is on no cycle. cyc has room for n. */
int order_cycle(const struct svc_conf *tab, int n, int i, int *cyc);

/* May job j start now?  Every requires= target must be running or done;
 * an after= target that is wanted holds j back only while it is on its way
 * up (not failed, blocked or quarantined); a missing after= name only
 * orders.  False with why = "waiting for NAME (state)". */
bool order_ready(const struct job *j, char *why, size_t len);

/* Does another job with a process (starting, running, stopping) name j in
 * after= or requires=?  At shutdown j stops only once this is false. */
bool order_needed(const struct job *j);

#endif
