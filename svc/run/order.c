/* SPDX-License-Identifier: MIT */
/*
 * Dependency order: when a job may start and when it may stop (the live
 * order state.c follows), and breadth-first search for the shortest cycle
 * through a service of a table.  Invariant: every loop is bounded by
 * SVC_MAX and the per-service list sizes; nothing here writes outside the
 * caller's buffers.
 */
#include <stdio.h>
#include <string.h>
#include "svc/run/order.h"

int order_find(const struct svc_conf *tab, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strncmp(tab[i].name, name, SVC_NAME_MAX) == 0)
			return i;
	return -1;
}

/* The dependencies of tab[i] that are in the table, as indexes (after=
 * first, then requires=, in file order, each once); returns the count. */
static int deps_of(const struct svc_conf *tab, int n, int i, int *out)
{
	const struct svc_conf *c = &tab[i];
	int k = 0;

	for (int j = 0; j < c->nafter + c->nrequires && j < 2 * SVC_DEPS_MAX; j++) {
		const char *name = j < c->nafter ? c->after[j] : c->requires[j - c->nafter];
		int d = order_find(tab, n, name), m;
		for (m = 0; m < k && out[m] != d; m++)
			;
		if (d >= 0 && m == k)
			out[k++] = d;
	}
	return k;
}

int order_cycle(const struct svc_conf *tab, int n, int i, int *cyc)
{
	int prev[SVC_MAX], queue[SVC_MAX], d[2 * SVC_DEPS_MAX];
	int head = 0, tail = 0, len = 0, first = 0, at = -1;

	if (n > SVC_MAX)
		n = SVC_MAX;
	if (i < 0 || i >= n)
		return 0;
	for (int k = 0; k < n; k++)
		prev[k] = -2;
	queue[tail++] = i;
	prev[i] = -1;
	while (head < tail && at < 0) {
		int u = queue[head++], nd = deps_of(tab, n, u, d);
		for (int j = 0; j < nd && at < 0; j++) {
			if (d[j] == i)
				at = u;                 /* u -> i closes the cycle */
			else if (prev[d[j]] == -2) {
				prev[d[j]] = u;
				queue[tail++] = d[j];
			}
		}
	}
	if (at < 0)
		return 0;
	for (int u = at; u >= 0; u = prev[u])
		cyc[len++] = u;                 /* at, ..., i: reversed path */
	for (int a = 0, b = len - 1; a < b; a++, b--) {
		int t = cyc[a];
		cyc[a] = cyc[b];
		cyc[b] = t;
	}
	for (int k = 1; k < len; k++)
		if (strncmp(tab[cyc[k]].name, tab[cyc[first]].name, SVC_NAME_MAX) < 0)
			first = k;
	for (int r = 0; r < first; r++) {       /* rotate the smallest to the front */
		int t = cyc[0];
		memmove(cyc, cyc + 1, (size_t)(len - 1) * sizeof *cyc);
		cyc[len - 1] = t;
	}
	return len;
}

static bool names_dep(const struct svc_conf *c, const char *name)
{
	for (int i = 0; i < c->nafter; i++)
		if (strcmp(c->after[i], name) == 0)
			return true;
	for (int i = 0; i < c->nrequires; i++)
		if (strcmp(c->requires[i], name) == 0)
			return true;
	return false;
}

bool order_ready(const struct job *j, char *why, size_t len)
{
	for (int i = 0; i < j->conf.nrequires; i++) {
		const struct job *t = job_by_name(j->conf.requires[i]);
		if (!t || (t->state != JOB_RUNNING && t->state != JOB_DONE)) {
			snprintf(why, len, "waiting for %s (%s)", j->conf.requires[i],
				 t ? job_state_name(t->state) : "missing");
			return false;
		}
	}
	for (int i = 0; i < j->conf.nafter; i++) {
		const struct job *t = job_by_name(j->conf.after[i]);
		if (t && t->want && t->state != JOB_RUNNING && t->state != JOB_DONE &&
		    t->state != JOB_FAILED && t->state != JOB_BLOCKED && t->state != JOB_QUARANTINED) {
			snprintf(why, len, "waiting for %s (%s)", j->conf.after[i], job_state_name(t->state));
			return false;
		}
	}
	return true;
}

bool order_needed(const struct job *j)
{
	for (int i = 0; i < SVC_MAX; i++) {
		const struct job *k = job_at(i);
		bool live = k->state == JOB_STARTING || k->state == JOB_RUNNING || k->state == JOB_STOPPING;
		if (k->used && k != j && live && names_dep(&k->conf, j->conf.name))
			return true;
	}
	return false;
}
