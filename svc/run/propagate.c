/* SPDX-License-Identifier: MIT */
/*
 * requires= propagation (see propagate.h).  Invariant: a job is held at
 * most once per propagation (held is set before the walk goes on through
 * it), so the walk ends after at most SVC_MAX jobs, cycles or not.
 */
#include <stdio.h>

#include "svc/run/order_live.h"
#include "svc/run/propagate.h"
#include "svc/run/state_int.h"

/* Does the restart policy let a held job start again by itself? */
static bool may_return(const struct job *k)
{
	return k->conf->restart != RESTART_NO;
}

/* Hold k: false if there is nothing to stop (not up, or stopping at the
 * user's request). */
static bool hold(struct job *k, const char *why)
{
	switch (k->state) {
	case JOB_STARTING:
	case JOB_RUNNING:
		k->stop_pending = true;
		break;
	case JOB_STOPPING:
		if (!k->want && !k->restart_req)
			return false;   /* a stop asked for by the user */
		break;
	case JOB_BACKOFF:
		break;
	default:
		return false;
	}
	k->held = true;
	k->want = may_return(k);
	k->restart_req = false;
	snprintf(k->why, sizeof k->why, "%s", why);
	return true;
}

static void walk(struct job *x, const struct job *root, const char *verb)
{
	char why[JOB_WHY_MAX];
	for (int i = 0; i < job_slots(); i++) {
		struct job *k = job_at(i);
		if (!k->used || k == x || k->held || !order_requires(k, x->conf->name))
			continue;
		if (x == root)
			snprintf(why, sizeof why, "%s %s", root->conf->name, verb);
		else
			snprintf(why, sizeof why, "%s %s (via %s)", root->conf->name, verb, x->conf->name);
		if (!hold(k, why))
			continue;
		walk(k, root, verb);
		if (k->state == JOB_BACKOFF) {
			k->deadline_ms = 0;   /* its restart is cancelled */
			job_set_state(k, JOB_STOPPED, why);
		}
	}
}

void propagate_down(struct job *x, const char *verb)
{
	walk(x, x, verb);
}

int propagate_stops(void)
{
	int n = 0;
	for (int i = 0; i < job_slots(); i++) {
		struct job *k = job_at(i);
		if (!k->used || !k->stop_pending)
			continue;
		if (k->state != JOB_RUNNING && k->state != JOB_STARTING) {
			k->stop_pending = false;
			continue;
		}
		if (order_required(k))
			continue;   /* a dependent is still up: it stops first */
		k->stop_pending = false;
		state_send_stop(k);
		n++;
	}
	return n;
}
