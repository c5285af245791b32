/* SPDX-License-Identifier: MIT */
/*
 * The fixed job table: SVC_MAX slots, looked up by name, pid or id.
 * A slot's configuration and staged configuration are in tables of
 * their own, touched only for slots in use.
 * Ids come from a counter that only grows during a boot.
 */
#include <string.h>

#include "svc/out/output.h"
#include "svc/run/job.h"

static struct job jobs[SVC_MAX];
static struct svc_conf confs[SVC_MAX];    /* jobs[i].conf */
static struct svc_conf staged[SVC_MAX];   /* job_next() of jobs[i] */
static unsigned last_id;

struct job *job_at(int i)
{
	if (i < 0 || i >= SVC_MAX)
		return NULL;
	jobs[i].conf = &confs[i];   /* a slot never used yet has none */
	return &jobs[i];
}

struct job *job_by_name(const char *name)
{
	for (int i = 0; i < SVC_MAX; i++)
		if (jobs[i].used && strcmp(jobs[i].conf->name, name) == 0)
			return &jobs[i];
	return NULL;
}

struct job *job_by_pid(pid_t pid)
{
	if (pid <= 0)
		return NULL;
	for (int i = 0; i < SVC_MAX; i++)
		if (jobs[i].used && jobs[i].pid == pid)
			return &jobs[i];
	return NULL;
}

struct job *job_by_id(unsigned id)
{
	for (int i = 0; i < SVC_MAX; i++)
		if (jobs[i].used && jobs[i].id == id)
			return &jobs[i];
	return NULL;
}

struct svc_conf *job_next(struct job *j)
{
	return &staged[j - jobs];
}

struct job *job_new(const struct svc_conf *c)
{
	for (int i = 0; i < SVC_MAX; i++) {
		struct job *j = &jobs[i];
		if (j->used)
			continue;
		memset(j, 0, sizeof *j);
		j->conf = &confs[i];
		j->used = true;
		j->id = (uint16_t)++last_id;
		j->state = JOB_STOPPED;
		j->last_exit = JOB_EXIT_NONE;
		j->cg_fd = -1;
		j->ready_ms = -1;
		*j->conf = *c;
		restart_reset(&j->rs);
		return j;
	}
	return NULL;
}

void job_free(struct job *j)
{
	out_job_gone(j->id);   /* its output pipe goes with it */
	struct svc_conf *c = j->conf;
	memset(j, 0, sizeof *j);
	j->conf = c;
}

unsigned job_last_id(void)
{
	return last_id;
}

void job_set_last_id(unsigned id)
{
	last_id = id;
}
