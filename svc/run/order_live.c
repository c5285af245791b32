/* SPDX-License-Identifier: MIT */
/*
 * Dependency order over the live jobs (see order_live.h).  Invariant:
 * every loop is bounded by SVC_MAX and the per-service list sizes.
 */
#include <stdio.h>
#include <string.h>
#include "svc/run/order_live.h"

static bool names_dep(const struct svc_conf *c, const char *name)
{
	for (int i = 0; i < c->nafter; i++)
		if (strcmp(svc_word(c->after, i), name) == 0)
			return true;
	for (int i = 0; i < c->nrequires; i++)
		if (strcmp(svc_word(c->requires, i), name) == 0)
			return true;
	return false;
}

bool order_ready(const struct job *j, char *why, size_t len)
{
	for (int i = 0; i < j->conf->nrequires; i++) {
		const char *dep = svc_word(j->conf->requires, i);
		const struct job *t = job_by_name(dep);
		if (!t || (t->state != JOB_RUNNING && t->state != JOB_DONE)) {
			snprintf(why, len, "waiting for %s (%s)", dep,
				 t ? job_shown_state(t) : "missing");
			return false;
		}
	}
	for (int i = 0; i < j->conf->nafter; i++) {
		const char *dep = svc_word(j->conf->after, i);
		const struct job *t = job_by_name(dep);
		if (t && t->want && t->state != JOB_RUNNING && t->state != JOB_DONE &&
		    t->state != JOB_FAILED && t->state != JOB_BLOCKED && t->state != JOB_QUARANTINED) {
			snprintf(why, len, "waiting for %s (%s)", dep, job_state_name(t->state));
			return false;
		}
	}
	return true;
}

bool order_requires(const struct job *j, const char *dep)
{
	for (int i = 0; i < j->conf->nrequires; i++)
		if (strcmp(svc_word(j->conf->requires, i), dep) == 0)
			return true;
	return false;
}

/* Does another job with a process name j (in requires= only, or in
 * after= or requires=)? */
static bool live_dependent(const struct job *j, bool requires_only)
{
	for (int i = 0; i < job_slots(); i++) {
		const struct job *k = job_at(i);
		bool live = k->state == JOB_STARTING || k->state == JOB_RUNNING || k->state == JOB_STOPPING;
		if (!k->used || k == j || !live)
			continue;
		if (requires_only ? order_requires(k, j->conf->name) : names_dep(k->conf, j->conf->name))
			return true;
	}
	return false;
}

bool order_needed(const struct job *j)
{
	return live_dependent(j, false);
}

bool order_required(const struct job *j)
{
	return live_dependent(j, true);
}
