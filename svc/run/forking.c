/* SPDX-License-Identifier: MIT */
/*
 * type = forking (see svc/run/forking.h).  Invariants: the pidfile is
 * opened non-blocking, without following a symlink, and read only when
 * it is a regular file (a FIFO planted there never blocks PID 1); its
 * text is parsed by length; a pid becomes the job's only after /proc
 * proves it is a live child of keel in the job; the job's state changes
 * only through svc/run/state_int.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/log.h"
#include "svc/reclaim/reclaim.h"
#include "svc/reclaim/reclaim_proc.h"
#include "svc/run/cgroup.h"
#include "svc/run/forking.h"
#include "svc/run/ready.h"
#include "svc/run/state_int.h"

uint8_t fork_judge(const struct fork_facts *f)
{
	if (f->self)
		return FE_SELF;
	if (!f->alive)
		return FE_DEAD;
	if (f->other_job)
		return FE_OTHER_JOB;
	if (!f->in_job)
		return FE_FOREIGN;
	if (!f->child)
		return FE_NOT_CHILD;
	return FE_NONE;
}

int fork_parent_exit(uint8_t *phase, int32_t code)
{
	if (*phase != FORK_PARENT || code != 0)
		return FA_EXIT;
	*phase = FORK_WAIT;
	return FA_WAIT;
}

int fork_probe_step(uint8_t *phase, uint8_t err, bool tracked, bool busy)
{
	if (*phase != FORK_WAIT)
		return FA_EXIT;
	if (err == FE_NONE) {
		*phase = FORK_MAIN;
		return FA_MAIN;
	}
	/* The daemon died before its pid was known, or it cannot be found. */
	if ((tracked && !busy) || err == FE_NO_CGROUP)
		return FA_FAIL;
	return FA_WAIT;
}

const char *fork_err_text(unsigned err)
{
	static const char *const texts[] = {
#define FORK_ERR_TEXT(id, s) [id] = s,
		FORK_ERRS(FORK_ERR_TEXT)
#undef FORK_ERR_TEXT
	};
	return err < FE_COUNT ? texts[err] : "?";
}

void forking_spawned(struct job *j)
{
	struct rproc_stat st;
	j->fork_phase = j->conf->type == SVC_FORKING ? FORK_PARENT : FORK_NONE;
	j->fork_err = FE_NONE;
	j->fork_probe_failed = false;
	j->fork_ticks = 0;
	/* Not reaped yet even if it exited: /proc still has its start. */
	if (j->fork_phase == FORK_PARENT && rproc_pid_stat(j->pid, &st) == 0)
		j->fork_ticks = st.start;
}

bool forking_waiting(const struct job *j)
{
	return j->fork_phase == FORK_WAIT && j->state == JOB_STARTING && !j->pid;
}

/* What /proc says about pid as a main pid of j. */
static void facts_of(const struct job *j, pid_t pid, struct fork_facts *f, struct rproc_stat *st)
{
	memset(f, 0, sizeof *f);
	f->self = pid == 1 || pid == getpid();
	if (f->self || rproc_pid_stat(pid, st) < 0 || st->state == 'Z' || st->state == 'X')
		return;
	f->alive = true;
	struct job *owner = ready_job_of(pid);
	f->other_job = owner && owner != j;
	if (cgroup_active())
		f->in_job = owner == j;
	else
		f->in_job = !f->other_job && j->fork_ticks && st->start >= j->fork_ticks;
	f->child = st->ppid == getpid();
}

/* The pidfile's pid, or why there is none. */
static uint8_t read_pidfile(const char *path, pid_t *pid)
{
	int r = reclaim_pidfile_read(path);
	*pid = r > 0 ? r : 0;
	if (r == -ENOENT)
		return FE_NOFILE;
	if (r < 0)
		return FE_UNSAFE;
	return r ? FE_NONE : FE_GARBAGE;
}

/* The candidate main pid of j now, or why there is none. */
static uint8_t find_main(const struct job *j, pid_t *pid, struct rproc_stat *st)
{
	struct fork_facts f;
	uint8_t err;
	if (j->conf->pidfile[0]) {
		err = read_pidfile(j->conf->pidfile, pid);
	} else {
		int n = cgroup_one_member(j->conf->name, pid);
		err = n == -ENOSYS ? FE_NO_CGROUP : n == 0 ? FE_EMPTY : n > 1 ? FE_MANY : n < 0 ? FE_DEAD : FE_NONE;
	}
	if (err != FE_NONE)
		return err;
	facts_of(j, *pid, &f, st);
	return fork_judge(&f);
}

/* The start failed: stop what the job has left, then it ends as a
 * failure under its restart policy (the not-ready path of an exit). */
static void fail(struct job *j)
{
	j->fork_probe_failed = true;
	forking_why(j, 0, j->why, sizeof j->why);
	log_warn("%s: %s", j->conf->name, j->why);
	j->not_ready = true;
	j->leftover = true;
	state_send_stop(j);
}

int forking_probe(struct job *j)
{
	struct rproc_stat st;
	pid_t pid = 0;
	uint8_t err = find_main(j, &pid, &st);
	bool tracked = cgroup_active();
	bool busy = tracked && state_cg_busy(j);
	if ((err == FE_NOFILE || err == FE_DEAD) && tracked && !busy)
		err = FE_EMPTY;   /* the daemon died before its pid was known */
	int act = fork_probe_step(&j->fork_phase, err, tracked, busy);
	if (err != j->fork_err && err != FE_NONE)
		log_info("%s: waiting for the main pid: %s", j->conf->name, fork_err_text(err));
	j->fork_err = err;
	if (act == FA_FAIL) {
		fail(j);
		return -1;
	}
	if (act != FA_MAIN)
		return 0;
	j->pid = pid;
	if (!tracked && st.sid > 1 && st.sid != getsid(0))
		j->sid = st.sid;   /* the fallback follows the daemon's session */
	log_info("%s: main pid %d (%s)", j->conf->name, (int)pid,
		 j->conf->pidfile[0] ? "from its pidfile" : "the one process left");
	return 1;
}

bool forking_parent_done(struct job *j, int32_t code)
{
	if (j->state != JOB_STARTING || fork_parent_exit(&j->fork_phase, code) != FA_WAIT)
		return false;
	j->check_step_ms = READY_STEP_MIN_MS / 2;   /* doubled: the next probe in 10 ms */
	j->check_ms = 0;
	ready_probe(j, clock_ms());   /* the pidfile may be there already */
	return true;
}

void forking_why(const struct job *j, uint32_t ms, char *buf, size_t len)
{
	const char *what = fork_err_text(j->fork_err);
	if (j->fork_phase == FORK_PARENT)
		what = "the started process did not exit";
	else if (j->fork_err == FE_NONE)
		what = "no main pid";
	char after[32] = "";
	if (j->fork_probe_failed)
		ms = 0;   /* failed at a probe, not at the timeout */
	if (ms && ms % 1000)
		snprintf(after, sizeof after, " after %ums", (unsigned)ms);
	else if (ms)
		snprintf(after, sizeof after, " after %us", (unsigned)(ms / 1000));
	if (j->conf->pidfile[0] && j->fork_err >= FE_NOFILE && j->fork_err <= FE_NOT_CHILD)
		snprintf(buf, len, "type = forking: %s (%s)%s", what, j->conf->pidfile, after);
	else
		snprintf(buf, len, "type = forking: %s%s", what, after);
}
