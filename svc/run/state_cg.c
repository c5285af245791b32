/* SPDX-License-Identifier: MIT */
/*
 * The state machine's side of job process tracking (svc/run/cgroup.h does the
 * kernel work): a job's cgroup is made and watched before a spawn,
 * signalled and killed as a whole on stop, and removed once it is empty.
 * Emptiness comes from the loop (cgroup.events, EPOLLPRI), or without
 * cgroup v2 from the reaping of a child.  The job's state is changed only
 * through job_set_state() (svc/run/state_int.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "svc/run/cgroup.h"
#include "svc/run/forking.h"
#include "svc/run/state.h"
#include "svc/run/state_int.h"

static void cgroup_ready(void *arg);

/* The loop's handler of each job slot's cgroup.events.  It outlives the
 * job: an event of a freed job's fd may still be in the loop's batch,
 * and the handler then finds the slot unused. */
static struct loop_handler cg_handlers[SVC_MAX];

static void watch(struct job *j)
{
	if (j->cg_fd >= 0 || !cgroup_active())
		return;
	int fd = cgroup_events_fd(j->conf->name);
	if (fd < 0)
		return;
	struct loop_handler *h = &cg_handlers[j - job_at(0)];
	h->fn = cgroup_ready;
	h->arg = j;
	if (loop_add_pri(fd, h) < 0) {
		log_warn("%s: cannot watch its cgroup: emptiness is seen at exits only", j->conf->name);
		close(fd);
		return;
	}
	j->cg_fd = fd;
}

int state_cg_prepare(struct job *j)
{
	if (!cgroup_active())
		return -ENOSYS;
	int r = cgroup_create(j->conf->name);
	if (r < 0)
		return r;
	watch(j);
	return cgroup_procs_fd(j->conf->name);
}

void state_cg_release(struct job *j)
{
	if (j->cg_fd >= 0) {
		loop_del(j->cg_fd);
		close(j->cg_fd);
		j->cg_fd = -1;
	}
	int r = cgroup_remove(j->conf->name);
	if (r < 0)
		log_warn("%s: cannot remove its cgroup: %s", j->conf->name, strerror(-r));
}

bool state_cg_busy(const struct job *j)
{
	return cgroup_populated(j->conf->name, j->sid) > 0;
}

int state_job_procs(const struct job *j)
{
	if (!cgroup_active() && !j->pid && j->state != JOB_STOPPING)
		return 0;   /* the fallback scans /proc only for a live job */
	int n = cgroup_count(j->conf->name, j->sid);
	return n < 0 ? 0 : n;
}

void state_cg_signal(struct job *j, int sig)
{
	int n = cgroup_signal(j->conf->name, j->sid, sig);
	if (n <= 0 && j->pid > 0 && kill(-j->pid, sig) < 0)
		(void)kill(j->pid, sig);
}

void state_cg_kill(struct job *j)
{
	(void)cgroup_kill(j->conf->name, j->sid);
	if (j->pid > 0 && kill(-j->pid, SIGKILL) < 0)
		(void)kill(j->pid, SIGKILL);
}

/* Stop what j has left: state stopping until its cgroup is empty. */
void state_cg_stop_rest(struct job *j, const char *what)
{
	char why[JOB_WHY_MAX];
	int n = state_job_procs(j);
	snprintf(why, sizeof why, "%s; stopping %d leftover process%s", what, n, n == 1 ? "" : "es");
	j->deadline_ms = clock_ms() + j->conf->stop_timeout_ms;
	j->killed = false;
	state_cg_signal(j, j->conf->stop_signal);
	job_set_state(j, JOB_STOPPING, why);
}

bool state_is_job_pid(pid_t pid)
{
	char name[SVC_NAME_MAX];
	return job_by_pid(pid) != NULL || cgroup_job_of(pid, name, sizeof name) == 1;
}

static bool draining(const struct job *j)
{
	return j->used && j->state == JOB_STOPPING && !j->pid;
}

/* The job's cgroup.events changed. */
static void cgroup_ready(void *arg)
{
	struct job *j = arg;
	if (!j->used || j->cg_fd < 0)
		return;
	char buf[256];
	ssize_t n = pread(j->cg_fd, buf, sizeof buf, 0);   /* also re-arms the notification */
	if (n < 0 || cgroup_parse_events(buf, (size_t)n) != 0)
		return;
	if (draining(j))
		state_drained(j);
	else if (forking_waiting(j))
		j->check_ms = clock_ms();   /* the daemon died before its pid was known: probe now */
}

void state_cg_reaped(void)
{
	if (cgroup_active())
		return;   /* cgroup.events says it */
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (draining(j) && !state_cg_busy(j))
			state_drained(j);
	}
}

void state_cgroup_adopt(void)
{
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (!j->used)
			continue;
		if (j->pid && !j->sid)
			j->sid = j->pid;
		if (!cgroup_active())
			continue;
		int fd = cgroup_events_fd(j->conf->name);
		if (fd < 0)
			continue;   /* no cgroup: nothing left of it */
		close(fd);
		watch(j);
		if (j->pid)
			continue;
		if (!state_cg_busy(j)) {
			if (j->state == JOB_STOPPING)
				state_drained(j);
			else
				state_cg_release(j);
		} else if (j->state != JOB_STOPPING) {
			state_cg_stop_rest(j, "processes of an earlier run");
		}
	}
}
