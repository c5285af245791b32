/* SPDX-License-Identifier: MIT */
/*
 * Dependency order over a service table (conf_load_dir): lookups and
 * cycle finding.  An edge "a depends on b" exists when a names b in
 * after= or requires=; svc/run/order_live.h asks the same edges of the
 * live jobs.  No I/O, no allocation, bounded by SVC_MAX.
 */
#ifndef KEEL_ORDER_H
#define KEEL_ORDER_H

#include "svc/conf/svc.h"

/* Index of the service called name in tab[0..n), or -1. */
int order_find(const struct svc_conf *tab, int n, const char *name);

/* A shortest dependency cycle through tab[i] (bad services included):
 * writes its members into cyc[0..len), starting with the member whose name
 * sorts first and following the edges, and returns len (1 for a service
 * that depends on itself), or 0 if i is on no cycle. cyc has room for n. */
int order_cycle(const struct svc_conf *tab, int n, int i, int *cyc);

#endif
