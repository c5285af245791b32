/* SPDX-License-Identifier: MIT */
/*
 * What the control commands ask of the state machine (svc/run/state.h):
 * start, stop, restart one job or all, enable or disable.  Each answers
 * in msg and returns 0 or -errno; the states change only through
 * job_set_state() and the spawn and stop paths of svc/run/state.c.
 */
#include <errno.h>
#include <stdio.h>

#include "svc/run/order_live.h"
#include "svc/run/propagate.h"
#include "svc/run/state.h"
#include "svc/run/state_int.h"

void state_set_enable(struct job *j, uint8_t enable)
{
	j->enable = enable;
	if (job_disabled(j) && j->state == JOB_STOPPED && !j->pid)
		j->want = false;   /* waiting to start: not any more */
}

int state_start(struct job *j, char *msg, size_t len)
{
	switch (j->state) {
	case JOB_STARTING:
	case JOB_RUNNING:
		if (j->stop_pending) {
			snprintf(msg, len, "%s: is stopping after what requires it; start refused (use restart)",
				 j->conf->name);
			return -EBUSY;
		}
		snprintf(msg, len, "%s: already running (pid %d)", j->conf->name, (int)j->pid);
		return 0;
	case JOB_STOPPING:
		snprintf(msg, len, "%s: is stopping; start refused (use restart)", j->conf->name);
		return -EBUSY;
	default:
		break;
	}
	if (j->conf->bad) {
		snprintf(msg, len, "%s: cannot start: %s", j->conf->name, j->conf->error);
		return -EINVAL;
	}
	if (state_shutting_down()) {
		snprintf(msg, len, "%s: system is shutting down", j->conf->name);
		return -EBUSY;
	}
	if (j->state == JOB_BLOCKED || j->state == JOB_FAILED)
		restart_manual_start(j->rs);
	j->want = true;
	j->deadline_ms = 0;
	if (j->state != JOB_STOPPED)
		job_set_state(j, JOB_STOPPED, NULL);
	char why[JOB_WHY_MAX];
	if (!state_gate(j, why, sizeof why)) {
		j->want = false;
		job_set_state(j, JOB_QUARANTINED, why);
		snprintf(msg, len, "%s: not started: %s", j->conf->name, why);
		return -EBUSY;
	}
	if (order_ready(j, why, sizeof why)) {
		state_do_spawn(j);
		if (j->state == JOB_SKIPPED) {
			snprintf(msg, len, "%s: skipped: %s", j->conf->name, j->why);
			return -EBUSY;
		}
		if (j->state == JOB_FAILED) {
			snprintf(msg, len, "%s: failed: %s", j->conf->name, j->why);
			return -EIO;
		}
		snprintf(msg, len, "%s: started (pid %d)", j->conf->name, (int)j->pid);
	} else {
		snprintf(msg, len, "%s: will start: %s", j->conf->name, why);
	}
	return 0;
}

int state_stop(struct job *j, char *msg, size_t len)
{
	j->want = false;
	j->restart_req = false;
	j->held = false;   /* the user's stop now */
	switch (j->state) {
	case JOB_STARTING:
	case JOB_RUNNING:
		propagate_down(j, "stopped");   /* what requires it stops first */
		if (order_required(j)) {
			j->stop_pending = true;
			snprintf(j->why, sizeof j->why, "stops once what requires it has stopped");
			snprintf(msg, len, "%s: stopping after what requires it", j->conf->name);
			return 0;
		}
		state_send_stop(j);
		snprintf(msg, len, "%s: stopping (pid %d)", j->conf->name, (int)j->pid);
		return 0;
	case JOB_STOPPING:
		snprintf(msg, len, "%s: already stopping", j->conf->name);
		return 0;
	case JOB_BACKOFF:
		j->deadline_ms = 0;   /* the pending restart is cancelled for good */
		job_set_state(j, JOB_STOPPED, NULL);
		snprintf(msg, len, "%s: stopped (restart cancelled)", j->conf->name);
		return 0;
	default:
		snprintf(msg, len, "%s: already stopped", j->conf->name);
		return 0;
	}
}

int state_restart(struct job *j, char *msg, size_t len)
{
	if (j->state == JOB_STOPPING) {
		if (j->restart_req) {
			snprintf(msg, len, "%s: restart already in progress", j->conf->name);
			return 0;
		}
		if (state_shutting_down()) {
			snprintf(msg, len, "%s: system is shutting down", j->conf->name);
			return -EBUSY;
		}
		j->restart_req = true;
		snprintf(msg, len, "%s: will start again once stopped", j->conf->name);
		return 0;
	}
	if (j->state == JOB_RUNNING || j->state == JOB_STARTING) {
		if (state_shutting_down()) {
			snprintf(msg, len, "%s: system is shutting down", j->conf->name);
			return -EBUSY;
		}
		if (j->stop_pending) {
			j->restart_req = true;   /* its stop waits for its dependents */
			j->want = true;
			snprintf(msg, len, "%s: will start again once stopped", j->conf->name);
			return 0;
		}
		j->want = true;
		j->restart_req = state_send_stop(j);   /* no process: pump starts it again */
		snprintf(msg, len, "%s: restarting", j->conf->name);
		return 0;
	}
	return state_start(j, msg, len);
}

int state_restart_all(char *msg, size_t len)
{
	if (state_shutting_down()) {
		snprintf(msg, len, "system is shutting down");
		return -EBUSY;
	}
	int n = 0;
	char tmp[JOB_WHY_MAX];
	/* Stop them all now; state_pump() starts each again once what it
	 * depends on is back, so the starts come in dependency order. */
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (j->used && (j->state == JOB_RUNNING || j->state == JOB_STARTING)) {
			state_restart(j, tmp, sizeof tmp);
			n++;
		}
	}
	snprintf(msg, len, "restarting %d service%s", n, n == 1 ? "" : "s");
	return 0;
}
