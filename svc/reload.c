/* SPDX-License-Identifier: MIT */
/*
 * The reload diff.  It only marks jobs and calls the state machine's
 * public operations, so the one-process-per-job rule stays in state.c:
 * a changed running job gets its new conf staged in job->next and one
 * restart; a second reload while it is still stopping just replaces the
 * staged conf (the restarts coalesce).
 */
#include <stdio.h>
#include <string.h>

#include "init/log.h"
#include "svc/reload.h"
#include "svc/state.h"

static unsigned generation;

unsigned reload_generation(void)
{
	return generation;
}

static const struct svc_conf *find(const struct svc_conf *tab, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
	return NULL;
}

static void changed(struct job *j, const struct svc_conf *c)
{
	char msg[JOB_WHY_MAX];
	switch (j->state) {
	case JOB_RUNNING:
	case JOB_STARTING:
		j->next = *c;
		j->has_next = true;
		state_restart(j, msg, sizeof msg);
		break;
	case JOB_STOPPING:
		j->next = *c;      /* replaces any staged conf: still one restart */
		j->has_next = true;
		break;
	default: {
		bool was_bad = j->conf.bad;
		j->conf = *c;
		if (was_bad || j->state == JOB_FAILED)
			state_start(j, msg, sizeof msg);
		break;
	}
	}
}

unsigned reload_apply(const struct svc_conf *tab, int n, char *msg, size_t len)
{
	int added = 0, removed = 0, nchanged = 0, same = 0, broken = 0;
	char tmp[JOB_WHY_MAX];
	generation++;
	for (int i = 0; i < SVC_MAX; i++) {
		struct job *j = job_at(i);
		if (!j->used)
			continue;
		const struct svc_conf *c = find(tab, n, j->conf.name);
		if (j->remove) {
			if (c && !c->bad) {   /* removed, then back before it stopped */
				added++;
				j->remove = false;
				j->next = *c;
				j->has_next = true;
				j->restart_req = true;
			}
			continue;
		}
		if (!c) {
			removed++;
			j->remove = true;
			j->has_next = false;
			if (j->pid || j->state == JOB_STOPPING) {
				state_stop(j, tmp, sizeof tmp);
			} else {
				log_info("%s: removed", j->conf.name);
				job_free(j);
			}
			continue;
		}
		if (c->bad && !j->conf.bad) {
			broken++;
			log_err("reload: %s: keeping the running version: %s", j->conf.name, c->error);
			continue;
		}
		if (c->hash == j->conf.hash && c->bad == j->conf.bad) {
			same++;
			continue;
		}
		nchanged++;
		if (c->bad) {
			j->conf = *c;   /* still broken, new message */
			snprintf(j->why, sizeof j->why, "%s", c->error);
			log_err("%s", c->error);
			continue;
		}
		changed(j, c);
	}
	for (int i = 0; i < n; i++) {
		if (job_by_name(tab[i].name))
			continue;
		added++;
		if (tab[i].bad)
			broken++;
		state_load(&tab[i], 1);
	}
	snprintf(msg, len, "reload %u: %d added, %d removed, %d changed, %d unchanged, %d broken kept",
		 generation, added, removed, nchanged, same, broken);
	return generation;
}
