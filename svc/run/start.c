/* SPDX-License-Identifier: MIT */
/*
 * The start path's reclaim phase (svc/reclaim/reclaim.h does the /proc work):
 * before a service is spawned, the pidfile, sockets and ports it declares
 * are checked; stale ones are cleaned, holders it may stop are stopped
 * through pidfds watched by the loop, and a start that stays blocked goes
 * to backoff under the restart limiter.  The job's state is changed only
 * through job_set_state() (svc/run/state_int.h).
 */
#include <stdio.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/esc.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "svc/run/state.h"
#include "svc/run/state_int.h"

/* A start that cannot happen now (its resources are held): it is retried
 * with back-off under the restart limiter, like a crash at start. */
void state_start_blocked(struct job *j, const char *why)
{
	char b[JOB_WHY_MAX];
	snprintf(b, sizeof b, "start blocked: %s", why);
	state_start_failed(j, b);
}

void state_start_failed(struct job *j, const char *why)
{
	struct restart_policy p = state_policy(j);
	uint64_t now = clock_ms();
	struct restart_verdict v = restart_on_exit(j->rs, &p, now, 0);
	char b[JOB_WHY_MAX];
	if (v.trip) {
		snprintf(b, sizeof b, "%s; restart limit reached", why);
		j->want = false;
		job_set_state(j, JOB_BLOCKED, b);
		state_limit_hit(j);
		return;
	}
	j->deadline_ms = now + v.delay_ms;
	snprintf(b, sizeof b, "%s; retry in %ums", why, (unsigned)v.delay_ms);
	job_set_state(j, JOB_BACKOFF, b);
}

/* A job's main process or anything in a job's cgroup is never a holder
 * to stop. */
static bool is_job_pid(pid_t pid)
{
	return state_is_job_pid(pid);
}

static void reclaim_ready(void *arg);

/* The holder pidfds of the jobs in their reclaim phase: RECLAIM_JOBS
 * tables shared by all job slots, not one per slot (a phase is rare and
 * short).  A job holds table t from reclaim_stop() to state_reclaim_end()
 * while j->rp points into it; a table whose job no longer points at it
 * (the slot was freed and wiped) is free again.  With every table taken,
 * a start waits RECLAIM_WAIT_MS in backoff and tries again: a wait for
 * keel's own table is not the service's failure, so the restart limiter
 * is not charged.  Each table's loop handler outlives its job:
 * an event of a freed table's pidfd may still be in the loop's batch, and
 * the handler then finds its job no longer in the reclaim phase. */
#define RECLAIM_JOBS 8
#define RECLAIM_WAIT_MS 1000
static struct reclaim_pidfd reclaim_fds[RECLAIM_JOBS][RECLAIM_MAX];
static struct job *reclaim_owner[RECLAIM_JOBS];
static struct loop_handler reclaim_handlers[RECLAIM_JOBS];

/* Every table is taken: j waits in backoff, its restart limiter untouched. */
static void reclaim_wait(struct job *j)
{
	char why[JOB_WHY_MAX];
	snprintf(why, sizeof why, "start waits: %d other jobs are stopping holders; retry in %dms", RECLAIM_JOBS,
		 RECLAIM_WAIT_MS);
	j->deadline_ms = clock_ms() + RECLAIM_WAIT_MS;
	job_set_state(j, JOB_BACKOFF, why);
}

/* A free table's index, or -1 when all RECLAIM_JOBS are in use. */
static int reclaim_table(void)
{
	for (int t = 0; t < RECLAIM_JOBS; t++) {
		const struct job *o = reclaim_owner[t];
		if (!o || !o->used || o->rp != reclaim_fds[t])
			return t;
	}
	return -1;
}

void state_reclaim_end(struct job *j)
{
	for (int k = 0; k < j->nrp; k++)
		if (j->rp[k].fd >= 0)
			loop_del(j->rp[k].fd);
	if (j->rp)
		reclaim_close(j->rp, j->nrp);
	j->nrp = 0;
	j->rp = NULL;   /* its table is free */
}

/* Before a spawn: make sure what the service declares (pidfile, sockets,
 * ports) is free.  True: go on now.  False: the job is in the reclaim
 * phase (starting, pid 0, holders being stopped) or was sent to backoff. */
bool state_reclaim_gate(struct job *j)
{
	static struct reclaim_result r;
	const struct svc_conf *c = j->conf;
	if (!c->pidfile[0] && !c->nsockets && !c->nports)
		return true;
	reclaim_scan(c, is_job_pid, getpid(), 0, &r);
	char line[JOB_WHY_MAX], shown[JOB_WHY_MAX * ESC_BYTE_MAX];
	for (int i = 0; i < r.n; i++) {
		reclaim_fmt(&r, i, line, sizeof line);
		esc_show(shown, sizeof shown, line);   /* holds process names */
		log_info("%s: %s", c->name, shown);
	}
	if (r.status == RECLAIM_FREE)
		return true;
	reclaim_why(&r, line, sizeof line);
	if (r.status == RECLAIM_CONFLICT || j->reclaim_rounds >= 3) {
		state_start_blocked(j, line);
		return false;
	}
	int t = reclaim_table();
	if (t < 0) {
		reclaim_wait(j);
		return false;
	}
	j->reclaim_rounds++;
	int n = reclaim_stop(&r, c->stop_signal, reclaim_fds[t], RECLAIM_MAX);
	if (n <= 0) {
		state_start_blocked(j, line);
		return false;
	}
	reclaim_owner[t] = j;
	j->rp = reclaim_fds[t];
	j->nrp = (uint8_t)n;
	struct loop_handler *h = &reclaim_handlers[t];
	h->fn = reclaim_ready;
	h->arg = j;
	for (int k = 0; k < n; k++)
		if (j->rp[k].fd >= 0 && loop_add(j->rp[k].fd, h) < 0)
			log_warn("%s: cannot watch pid %d: the stop timeout decides", c->name, (int)j->rp[k].pid);
	j->deadline_ms = clock_ms() + c->stop_timeout_ms;
	j->killed = false;
	char b[JOB_WHY_MAX];
	snprintf(b, sizeof b, "reclaiming: %s", line);
	job_set_state(j, JOB_STARTING, b);
	return false;
}

/* Reclaim phase: every holder gone?  Then scan again and start. */
void state_reclaim_progress(struct job *j, bool timed_out)
{
	bool all = true;
	for (int k = 0; k < j->nrp; k++)
		if (!reclaim_exited(&j->rp[k]))
			all = false;
	if (!all) {
		if (!timed_out)
			return;
		if (!j->killed) {
			log_warn("%s: holders did not exit in %ums, sending KILL", j->conf->name,
				 (unsigned)j->conf->stop_timeout_ms);
			reclaim_kill(j->rp, j->nrp);
			j->killed = true;
			j->deadline_ms = clock_ms() + 1000;
			return;
		}
		state_reclaim_end(j);
		state_start_blocked(j, "holders did not exit after KILL");
		return;
	}
	state_reclaim_end(j);
	j->deadline_ms = 0;
	state_do_spawn(j);
}

/* A holder's pidfd became readable (the holder exited). */
static void reclaim_ready(void *arg)
{
	struct job *j = arg;
	if (j->used && j->state == JOB_STARTING && !j->pid && j->nrp)
		state_reclaim_progress(j, false);
}

