/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of svc/run/order_live.c: when a live job may start
 * (requires= needs running or done, after= waits only for a wanted job
 * on its way up, missing names), when it may stop at shutdown (no job
 * with a process depends on it); of svc/conf/order.c: shortest cycles
 * and their rotation, lookups.
 */
#include <string.h>
#include "svc/conf/conf_store.h"
#include "svc/conf/order.h"
#include "svc/run/order_live.h"
#include "tests/unit/t.h"

static struct svc_conf tab[SVC_MAX];
static int n;

/* The names of words ("a b", one blank between) packed as "a\0b\0". */
static const char *pack(const char *words, uint8_t *count)
{
	char *p = (char *)t_str("%s", words);

	*count = *p != '\0';
	for (char *s = p; *s; s++)
		if (*s == ' ') {
			*s = '\0';
			(*count)++;
		}
	return p;
}

static int add(const char *name, const char *after, const char *requires)
{
	struct svc_conf *c = &tab[n];

	memset(c, 0, sizeof *c);
	conf_store_empty(c);
	c->name = t_str("%s", name);
	c->after = pack(after, &c->nafter);
	c->requires = pack(requires, &c->nrequires);
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

/* Jobs for tab[0..n), all stopped and wanted. */
static struct job *jobs[SVC_MAX];

static void load_jobs(void)
{
	for (int i = 0; i < SVC_MAX; i++)
		if (job_at(i)->used)
			job_free(job_at(i));
	for (int i = 0; i < n; i++) {
		jobs[i] = job_new(&tab[i]);
		jobs[i]->want = true;
	}
}

static void test_ready(void)
{
	char why[JOB_WHY_MAX];

	n = 0;
	add("web", "net", "db");
	add("db", "", "disk");
	add("net", "", "");
	add("disk", "", "");
	add("app", "missing", "");
	load_jobs();
	ok(order_ready(jobs[3], why, sizeof why), "disk: nothing to wait for");
	ok(order_ready(jobs[4], why, sizeof why), "app: a missing after= name only orders");
	ok(!order_ready(jobs[1], why, sizeof why), "db waits for disk");
	is_str(why, "waiting for disk (stopped)", "and says so");
	ok(!order_ready(jobs[0], why, sizeof why), "web waits");
	is_str(why, "waiting for db (stopped)", "requires= first");
	jobs[1]->state = JOB_RUNNING;
	ok(!order_ready(jobs[0], why, sizeof why), "web still waits");
	is_str(why, "waiting for net (stopped)", "for net, wanted and on its way up");
	jobs[2]->state = JOB_FAILED;
	ok(order_ready(jobs[0], why, sizeof why), "a failed after= target no longer holds web back");
	jobs[2]->state = JOB_STOPPED;
	jobs[2]->want = false;
	ok(order_ready(jobs[0], why, sizeof why), "nor one that is not wanted");
	jobs[1]->state = JOB_FAILED;
	ok(!order_ready(jobs[0], why, sizeof why), "a requires= target must be running or done");
	is_str(why, "waiting for db (failed)", "and says which state it is in");
	jobs[1]->state = JOB_DONE;
	ok(order_ready(jobs[0], why, sizeof why), "done counts as up");
	n = 0;
	add("lone", "", "gone");
	load_jobs();
	ok(!order_ready(jobs[0], why, sizeof why), "a missing requires= target never comes");
	is_str(why, "waiting for gone (missing)", "and is named missing");
}

static void test_needed(void)
{
	n = 0;
	add("db", "", "");
	add("web", "", "db");
	add("api", "db", "");
	add("log", "", "");
	load_jobs();
	ok(!order_needed(jobs[0]), "nothing running depends on db");
	jobs[1]->state = JOB_RUNNING;
	ok(order_needed(jobs[0]), "running web requires db");
	ok(!order_needed(jobs[3]), "log is needed by nobody");
	jobs[1]->state = JOB_STOPPING;
	ok(order_needed(jobs[0]), "a stopping dependent still needs it");
	jobs[1]->state = JOB_STOPPED;
	jobs[2]->state = JOB_STARTING;
	ok(order_needed(jobs[0]), "after= counts too (api starting)");
	jobs[2]->state = JOB_DONE;
	ok(!order_needed(jobs[0]), "a dependent without a process does not");
	ok(!order_needed(jobs[2]), "nor does the job itself");
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
	n = 0;
	add("db", "", "");
	add("web", "", "db");
	add("api", "db", "");
	is_int(order_find(tab, n, "api"), 2, "find api");
	is_int(order_find(tab, n, "nope"), -1, "find missing");
}

int main(void)
{
	test_ready();
	test_needed();
	test_cycle();
	test_lookup();
	return done();
}
