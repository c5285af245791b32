/* SPDX-License-Identifier: MIT */
/*
 * Dependency order over a service table: start and stop order, lookups and
 * cycle finding.  An edge "a depends on b" exists when a names b in after=
 * or requires= and b is in the table.  Pure functions over the caller's
 * table: no I/O, no allocation, bounded by SVC_MAX.
 */
#ifndef KEEL_ORDER_H
#define KEEL_ORDER_H

#include "svc/conf/svc.h"

/* Index of the service called name in tab[0..n), or -1. */
int order_find(const struct svc_conf *tab, int n, const char *name);

/* Start order of the good (not bad) services of tab[0..n), n <= SVC_MAX:
 * every service comes after the good services it names in after= or
 * requires= (missing or bad names are ignored: they only order), ties
 * broken by name.  Writes indexes into idx_out[0..n) and returns how many;
 * services on a dependency cycle (conf_load_dir marks them bad) and
 * anything ordered after one are left out. */
int order_start(const struct svc_conf *tab, int n, int *idx_out);

/* Stop order: the start order reversed (dependents stop first). */
int order_stop(const struct svc_conf *tab, int n, int *idx_out);

/* A shortest dependency cycle through tab[i] (bad services included):
 * writes its members into cyc[0..len), starting with the member whose name
 * sorts first and following the edges, and returns len (1 for a service
 * that depends on itself), or 0 if i is on no cycle. cyc has room for n. */
int order_cycle(const struct svc_conf *tab, int n, int i, int *cyc);

/* Indexes of the services in tab[0..n) that name tab[i] in requires=
 * (directly), into out[0..n); returns how many.  Stopping i stops these. */
int order_required_by(const struct svc_conf *tab, int n, int i, int *out);

#endif
