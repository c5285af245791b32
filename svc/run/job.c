/* SPDX-License-Identifier: MIT */
/*
 * The fixed job table: SVC_MAX slots, looked up by name, pid or id.
 * What a slot keeps besides its state (configuration, staged
 * configuration, restart history) is in tables of its own, touched only
 * for slots in use; the pidfds of reclaim holders are in a few tables
 * shared by all slots (svc/run/start.c).
 * Ids come from the id source (the journal's binding, set by
 * init/system.c), else from a counter that only grows during a boot.
 */
#include <errno.h>
#include <string.h>

#include "svc/conf/arena.h"
#include "svc/conf/conf_store.h"
#include "svc/out/output.h"
#include "svc/run/job.h"

static struct job jobs[SVC_MAX];
/* What each slot keeps beside the table (job.h): jobs[i].conf, .rs. */
static struct svc_conf confs[SVC_MAX];
static struct restart_state histories[SVC_MAX];
static struct svc_conf staged[SVC_MAX];   /* job_next() of jobs[i] */
static unsigned last_id;
static int slots;   /* 1 + the highest slot ever used: scans stop there */
static int (*id_source)(const char *name);

/* Point slot i at what it keeps beside the table. */
static void attach(int i)
{
	jobs[i].conf = &confs[i];
	jobs[i].rs = &histories[i];
}

int job_slots(void)
{
	return slots;
}

struct job *job_at(int i)
{
	if (i < 0 || i >= SVC_MAX)
		return NULL;
	attach(i);   /* a slot never used yet has none */
	return &jobs[i];
}

struct job *job_by_name(const char *name)
{
	for (int i = 0; i < job_slots(); i++)
		if (jobs[i].used && strcmp(jobs[i].conf->name, name) == 0)
			return &jobs[i];
	return NULL;
}

struct job *job_by_pid(pid_t pid)
{
	if (pid <= 0)
		return NULL;
	for (int i = 0; i < job_slots(); i++)
		if (jobs[i].used && jobs[i].pid == pid)
			return &jobs[i];
	return NULL;
}

struct job *job_by_id(unsigned id)
{
	for (int i = 0; i < job_slots(); i++)
		if (jobs[i].used && jobs[i].id == id)
			return &jobs[i];
	return NULL;
}

struct svc_conf *job_next(struct job *j)
{
	return &staged[j - jobs];
}

void job_set_id_source(int (*source)(const char *name))
{
	id_source = source;
}

/* The id of a new job named name: the source's if no job has it, else
 * the counter's next; 0 if none is left. */
static unsigned new_id(const char *name)
{
	int id = id_source ? id_source(name) : 0;
	if (id > 0 && (unsigned)id < OUT_ID_OWN && !job_by_id((unsigned)id)) {
		if ((unsigned)id > last_id)
			last_id = (unsigned)id;
		return (unsigned)id;
	}
	unsigned next = last_id + 1;
	if (id_source && next <= SVC_MAX)
		next = SVC_MAX + 1;   /* never an id the source may give later */
	if (next >= OUT_ID_OWN)
		return 0;   /* the ids above are PID 1's own (svc/out/output.h) */
	last_id = next;
	return next;
}

struct job *job_new(const struct svc_conf *c)
{
	for (int i = 0; i < SVC_MAX; i++) {
		struct job *j = &jobs[i];
		if (j->used)
			continue;
		unsigned id = new_id(c->name);
		if (!id)
			return NULL;
		memset(j, 0, sizeof *j);
		attach(i);
		j->used = true;
		if (i >= slots)
			slots = i + 1;
		j->id = (uint16_t)id;
		j->state = JOB_STOPPED;
		j->last_exit = JOB_EXIT_NONE;
		j->cg_fd = -1;
		j->ready_ms = -1;
		*j->conf = *c;
		restart_reset(j->rs);
		return j;
	}
	return NULL;
}

void job_free(struct job *j)
{
	out_job_gone(j->id);   /* its output pipe goes with it */
	memset(j, 0, sizeof *j);
	attach((int)(j - jobs));
}

unsigned job_last_id(void)
{
	return last_id;
}

void job_set_last_id(unsigned id)
{
	last_id = id;
}

/* Call fn on every configuration in use: each job's, and its staged one. */
static size_t each_conf(size_t (*fn)(struct svc_conf *c))
{
	size_t sum = 0;
	for (int i = 0; i < job_slots(); i++) {
		if (!jobs[i].used)
			continue;
		sum += fn(&confs[i]);
		if (jobs[i].has_next)
			sum += fn(&staged[i]);
	}
	return sum;
}

static size_t live_bytes(struct svc_conf *c)
{
	return conf_live_bytes(c, NULL);
}

static size_t keep(struct svc_conf *c)
{
	return conf_keep(c) < 0;   /* cannot happen: room checked first */
}

int job_conf_swap(void)
{
	if (each_conf(live_bytes) > arena_spare_free())
		return -ENOSPC;
	size_t failed = each_conf(keep);
	arena_swap();
	return failed ? -ENOSPC : 0;
}
