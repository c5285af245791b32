/* SPDX-License-Identifier: MIT */
/*
 * Job ids (docs/journal.md, "Job ids"): a new name takes a free id, else
 * the least recently changed row (boot, then t), never an id a job has
 * now; the id stays the name's across reloads and boots; and PID 1's job
 * table takes its ids from that binding (svc/run/job.c's id source), so
 * `initctl status` shows the journal's id.  Issue 18's bug is reproduced
 * first: a full table and a reload adding 10 names in the same second,
 * with no knowledge of which ids jobs hold, bound all ten to id 1 in
 * turn.
 */
#include <stdio.h>

#include "init/journal/jcore.h"
#include "svc/conf/conf_store.h"
#include "svc/run/job.h"
#include "tests/unit/jsim.h"
#include "tests/unit/jtest.h"
#include "tests/unit/t.h"

#define SIZE (256 * 1024)

static uint8_t mem[SIZE];
static struct jsim sim;
static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */
static bool live[SVC_MAX + 1];   /* ids a job has now (the test's job table) */

static bool busy(unsigned id)
{
	return id <= SVC_MAX && live[id];
}

static void boot(bool with_busy)
{
	jcore_open(&C, &sim.st, 1, 0, false);
	C.busy = with_busy ? busy : NULL;
}

static char names[2][SVC_MAX][16];

/* Bind every old name in boot 1 at t 6828 (a full table), every job live. */
static void full_table(bool with_busy)
{
	memset(mem, 0xff, sizeof mem);
	jsim_init(&sim, mem, SIZE, 4096, 16, true);
	memset(live, 0, sizeof live);
	boot(with_busy);
	for (int i = 0; i < SVC_MAX; i++) {
		snprintf(names[0][i], sizeof names[0][i], "old%02d", i);
		snprintf(names[1][i], sizeof names[1][i], "new%02d", i);
		int id = jcore_bind(&C, names[0][i], 6828, 0);
		if (id > 0)
			live[id] = true;
	}
}

/* A reload removing old00..old09 and adding new00..new09 in the same
 * second: the ids the new names got, in ids[]. */
static void reload(int ids[10])
{
	for (int i = 0; i < 10; i++)
		live[jstate_find(&C.state, names[0][i])] = false;   /* their jobs are gone */
	for (int i = 0; i < 10; i++) {
		ids[i] = jcore_bind(&C, names[1][i], 6828, 0);
		if (ids[i] > 0)
			live[ids[i]] = true;
	}
}

static void test_bug(void)
{
	int ids[10];
	full_table(false);
	reload(ids);
	int ones = 0;
	for (int i = 0; i < 10; i++)
		ones += ids[i] == 1;
	ok(ones == 10, "issue 18 reproduced: without knowing the live jobs, all ten names take id 1 (%d)", ones);
}

static void test_reload(void)
{
	int ids[10];
	full_table(true);
	for (int i = 0; i < SVC_MAX; i++)
		if (jstate_find(&C.state, names[0][i]) != i + 1)
			break;
	ok(jstate_find(&C.state, names[0][SVC_MAX - 1]) == SVC_MAX, "64 names bound to ids 1..64");
	reload(ids);
	bool distinct = true, freed = true;
	for (int i = 0; i < 10; i++) {
		for (int k = 0; k < i; k++)
			distinct = distinct && ids[i] != ids[k];
		freed = freed && ids[i] >= 1 && ids[i] <= 10;
	}
	ok(distinct && freed, "the ten new names take the ten ids the removed ones left, one each");
	bool kept = true;
	for (int i = 10; i < SVC_MAX; i++)
		kept = kept && jstate_find(&C.state, names[0][i]) == i + 1;
	ok(kept, "no name whose job exists lost its id");
	is_int(jcore_bind(&C, "one-more", 6828, 0), -ENOSPC, "a 65th name while 64 jobs exist: no id");

	/* Across a boot: the same ids, and the least recently changed goes first. */
	boot(true);
	bool same = true;
	for (int i = 0; i < 10; i++)
		same = same && jstate_find(&C.state, names[1][i]) == ids[i];
	ok(same, "after a reboot every name has the id it had");
	for (int i = 10; i < SVC_MAX; i++)   /* every old job changes in boot 2 ... */
		job(&C, names[0][i], 2, 1, 0, 50);
	job(&C, names[0][20], 2, 2, 0, 40);   /* ... 20 earlier in the boot than the rest */
	live[21] = live[30] = false;   /* two services removed */
	int id = jcore_bind(&C, "later", 60, 0);
	ok(id == 21, "a new name takes the least recently changed id no job has (21, changed at t 40 of boot 2, the others at 50; "
	   "got %d)", id);
	live[id] = true;
	id = jcore_bind(&C, "later2", 60, 0);
	is_int(id, 30, "the next one takes the other id no job has");
}

/* PID 1's table: job ids are the journal's. */
static int source(const char *name)
{
	return jcore_bind(&C, name, 70, 0);
}

static bool table_busy(unsigned id)
{
	return job_by_id(id) != NULL;
}

static void test_job_table(void)
{
	full_table(true);
	C.busy = table_busy;
	memset(live, 0, sizeof live);
	job_set_id_source(source);
	struct svc_conf c;
	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	c.name = t_str("old05");
	struct job *j = job_new(&c);
	ok(j && j->id == 6, "a job gets its name's journal id (%u)", j ? j->id : 0);
	c.name = t_str("brand-new");
	struct job *k = job_new(&c);
	ok(k && k->id != 6 && k->id >= 1 && k->id <= SVC_MAX && jstate_find(&C.state, "brand-new") == k->id,
	   "a new name: the journal binds an id no job has, and the job shows it (%u)", k ? k->id : 0);
	c.name = t_str("old05");
	struct job *dup = job_new(&c);
	ok(dup && dup->id > SVC_MAX, "an id another job has already: a counter id above %d (%u)", SVC_MAX,
	   dup ? dup->id : 0);
	job_set_id_source(NULL);
}

int main(void)
{
	C.work = &work;
	test_bug();
	test_reload();
	test_job_table();
	return done();
}
