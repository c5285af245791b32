/* SPDX-License-Identifier: MIT */
/*
 * Dependency order over a service table: lookups and breadth-first search
 * for the shortest cycle through a service (the live order of jobs is
 * svc/run/order_live.c).  Invariant: every loop is bounded by
 * SVC_MAX and the per-service list sizes; nothing here writes outside the
 * caller's buffers.
 */
#include <stdio.h>
#include <string.h>
#include "svc/conf/order.h"

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
		const char *name = j < c->nafter ? svc_word(c->after, j) : svc_word(c->requires, j - c->nafter);
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
