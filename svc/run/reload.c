/* SPDX-License-Identifier: MIT */
/*
 * The reload diff.  It only marks jobs and calls the state machine's
 * public operations, so the one-process-per-job rule stays in state.c:
 * a changed running job gets its new conf staged in job_next(job) and one
 * restart; a second reload while it is still stopping just replaces the
 * staged conf (the restarts coalesce).
 * A new service that finds the table full (64 jobs, one of them removed
 * and still stopping) waits in that job's job_next() and is loaded in its slot
 * once it has stopped (svc/run/state.c), so a reload never stops one service
 * and loads nothing in its place.
 */
#include <stdio.h>
#include <string.h>

#include "init/rt/log.h"
#include "svc/conf/arena.h"
#include "svc/conf/conf_store.h"
#include "svc/run/reload.h"
#include "svc/run/state.h"

static unsigned generation;

static const struct svc_conf *find(const struct svc_conf *tab, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
	return NULL;
}

/* Does the reload keep job j as it is (same file, same state of health)? */
static bool unchanged(const struct job *j, const struct svc_conf *c)
{
	return c && !j->remove && c->hash == j->conf->hash && c->bad == j->conf->bad;
}

bool reload_fits(const struct svc_conf *tab, int n)
{
	size_t need = 0;
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (!j->used)
			continue;
		const struct svc_conf *c = find(tab, n, j->conf->name);
		need += conf_live_bytes(j->conf, unchanged(j, c) ? c : NULL);
		if (j->has_next)
			need += conf_live_bytes(job_next(j), NULL);
	}
	return need <= arena_spare_free();
}

/* The removed job whose slot name waits for, or NULL. */
static struct job *waiting_in(const char *name)
{
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (j->used && j->remove && j->has_next && strcmp(job_next(j)->name, name) == 0)
			return j;
	}
	return NULL;
}

/* A slot for new service c: a free one now, else that of a removed job
 * still stopping (c waits in its job_next()).  0 loaded, 1 waiting, -1 none. */
static int add(const struct svc_conf *c)
{
	struct job *stopping = NULL;
	for (int i = 0; i < SVC_MAX; i++) {
		struct job *j = job_at(i);
		if (!j->used) {
			state_load(c, 1);
			return 0;
		}
		if (j->remove && !j->has_next && !stopping)
			stopping = j;
	}
	if (!stopping) {
		log_err("%s: no free job slot (max %d): not loaded", c->path, SVC_MAX);
		return -1;
	}
	*job_next(stopping) = *c;
	stopping->has_next = true;
	log_info("%s: waits for the slot of %s (stopping)", c->name, stopping->conf->name);
	return 1;
}

static void changed(struct job *j, const struct svc_conf *c)
{
	char msg[JOB_WHY_MAX];
	switch (j->state) {
	case JOB_RUNNING:
	case JOB_STARTING:
		*job_next(j) = *c;
		j->has_next = true;
		state_restart(j, msg, sizeof msg);
		break;
	case JOB_STOPPING:
		*job_next(j) = *c;      /* replaces any staged conf: still one restart */
		j->has_next = true;
		break;
	default: {
		/* A new file deserves a new try: a failed or blocked job is
		 * started again (its limiter as after a manual start), and its
		 * WHY is what this start says, not the old refusal. */
		bool was_bad = j->conf->bad;
		bool again = was_bad || j->state == JOB_FAILED || j->state == JOB_BLOCKED;
		*j->conf = *c;
		if (again) {
			j->why[0] = 0;
			state_start(j, msg, sizeof msg);
		}
		break;
	}
	}
}

/* A job already on its way out (c: its service in the new table, or
 * NULL).  Returns 1 when the service came back before the job stopped. */
static int still_removed(struct job *j, const struct svc_conf *c, const struct svc_conf *tab, int n)
{
	if (c && !c->bad) {   /* removed, then back before it stopped */
		j->remove = false;   /* a service waiting here is added again below */
		*job_next(j) = *c;
		j->has_next = true;
		j->restart_req = true;
		return 1;
	}
	if (j->has_next) {   /* a service waits for this slot: still wanted? */
		const struct svc_conf *w = find(tab, n, job_next(j)->name);
		if (w)
			*job_next(j) = *w;
		else
			j->has_next = false;
	}
	return 0;
}

/* The job's service is gone from the table: stop it, or free it now. */
static void remove_job(struct job *j)
{
	char msg[JOB_WHY_MAX];
	j->remove = true;
	j->has_next = false;
	if (j->pid || j->state == JOB_STOPPING) {
		state_stop(j, msg, sizeof msg);
	} else {
		log_info("%s: removed", j->conf->name);
		job_free(j);
	}
}

unsigned reload_apply(const struct svc_conf *tab, int n, char *msg, size_t len)
{
	int added = 0, removed = 0, nchanged = 0, same = 0, broken = 0, waiting = 0;
	generation++;
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (!j->used)
			continue;
		const struct svc_conf *c = find(tab, n, j->conf->name);
		if (j->remove) {
			added += still_removed(j, c, tab, n);
			continue;
		}
		if (!c) {
			removed++;
			remove_job(j);
			continue;
		}
		if (c->bad && !j->conf->bad) {
			broken++;
			log_err("reload: %s: keeping the running version: %s", j->conf->name, c->error);
			continue;
		}
		if (unchanged(j, c)) {
			same++;
			conf_adopt(j->conf, c);   /* the old copies of its strings need not be kept */
			continue;
		}
		nchanged++;
		if (c->bad) {
			*j->conf = *c;   /* still broken, new message */
			snprintf(j->why, sizeof j->why, "%s", c->error);
			log_err("%s", c->error);
			continue;
		}
		changed(j, c);
	}
	for (int i = 0; i < n; i++) {
		if (job_by_name(tab[i].name) || waiting_in(tab[i].name))
			continue;
		added++;
		if (tab[i].bad)
			broken++;
		waiting += add(&tab[i]) == 1;
	}
	int w = snprintf(msg, len, "reload %u: %d added, %d removed, %d changed, %d unchanged, %d broken kept",
			 generation, added, removed, nchanged, same, broken);
	if (waiting && w > 0 && (size_t)w < len)
		snprintf(msg + w, len - (size_t)w, " (%d waiting for the slot of a stopping service)", waiting);
	return generation;
}
