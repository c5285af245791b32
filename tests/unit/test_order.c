/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of svc/conf/order.c: start order (dependencies first, ties by
 * name, bad services and missing names), stop order, shortest cycles and
 * their rotation, reverse requires lookups.
 */
#include <string.h>
#include "svc/conf/order.h"
#include "tests/unit/t.h"

static struct svc_conf tab[SVC_MAX];
static int n;

static int add(const char *name, const char *after, const char *requires)
{
	struct svc_conf *c = &tab[n];
	char list[128], *w, *save;

	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(list, sizeof list, "%s", after);
	for (w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save))
		snprintf(c->after[c->nafter++], SVC_NAME_MAX, "%s", w);
	snprintf(list, sizeof list, "%s", requires);
	for (w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save))
		snprintf(c->requires[c->nrequires++], SVC_NAME_MAX, "%s", w);
	return n++;
}

/* The order as "a b c". */
static const char *names(const int *idx, int k)
{
	static char out[SVC_MAX * SVC_NAME_MAX];
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < k; i++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? " " : "", tab[idx[i]].name);
	return out;
}

static void test_start(void)
{
	int idx[SVC_MAX], k;

	n = 0;
	add("web", "net", "db");
	add("db", "", "disk");
	add("net", "", "");
	add("disk", "", "");
	add("log", "", "");
	add("app", "missing web", "");
	k = order_start(tab, n, idx);
	is_int(k, 6, "all six placed");
	is_str(names(idx, k), "disk db log net web app", "dependencies first, ties by name");
	k = order_stop(tab, n, idx);
	is_str(names(idx, k), "app web net log db disk", "stop order reversed");

	tab[1].bad = true;   /* db */
	k = order_start(tab, n, idx);
	is_str(names(idx, k), "disk log net web app", "a bad service is left out and orders nothing");

	n = 0;
	add("c", "", "");
	add("b", "", "");
	add("a", "", "");
	k = order_start(tab, n, idx);
	is_str(names(idx, k), "a b c", "no dependencies: name order, not table order");

	n = 0;
	add("a", "b", "");
	add("b", "a", "");
	add("c", "", "");
	add("d", "a", "");
	k = order_start(tab, n, idx);
	is_str(names(idx, k), "c", "a cycle and what follows it are left out");
	tab[0].bad = tab[1].bad = true;
	k = order_start(tab, n, idx);
	is_str(names(idx, k), "c d", "once the cycle is bad, after= it is only ordering");
}

static void test_cycle(void)
{
	int cyc[SVC_MAX], k;

	n = 0;
	add("m", "", "");
	add("c", "a", "");
	add("a", "", "b");
	add("b", "x c", "");
	add("s", "s", "");
	add("z", "c", "");
	add("p", "q", "");
	add("q", "p r", "");
	add("r", "p", "");
	is_int(order_cycle(tab, n, 0, cyc), 0, "m on no cycle");
	k = order_cycle(tab, n, 1, cyc);
	is_int(k, 3, "c on a 3-cycle");
	is_str(names(cyc, k), "a b c", "rotated to the smallest name, edges followed");
	k = order_cycle(tab, n, 3, cyc);
	is_str(names(cyc, k), "a b c", "same cycle from b");
	k = order_cycle(tab, n, 4, cyc);
	is_int(k, 1, "self cycle");
	is_str(names(cyc, k), "s", "s -> s");
	is_int(order_cycle(tab, n, 5, cyc), 0, "z leads into a cycle but is not on one");
	k = order_cycle(tab, n, 8, cyc);
	is_str(names(cyc, k), "p q r", "r: shortest cycle through it");
	k = order_cycle(tab, n, 6, cyc);
	is_str(names(cyc, k), "p q", "p: the shortest cycle is p -> q -> p");
	is_int(order_cycle(tab, n, 99, cyc), 0, "index out of range");
}

static void test_lookup(void)
{
	int out[SVC_MAX], k;

	n = 0;
	add("db", "", "");
	add("web", "", "db");
	add("api", "db", "");
	add("worker", "", "cache db");
	is_int(order_find(tab, n, "api"), 2, "find api");
	is_int(order_find(tab, n, "nope"), -1, "find missing");
	k = order_required_by(tab, n, 0, out);
	is_int(k, 2, "two services require db");
	is_str(names(out, k), "web worker", "requires only, not after");
	is_int(order_required_by(tab, n, 1, out), 0, "nothing requires web");
}

int main(void)
{
	test_start();
	test_cycle();
	test_lookup();
	return done();
}
