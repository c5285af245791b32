/* SPDX-License-Identifier: MIT */
/*
 * The job state machine.  job_set_state() is the only writer of
 * job->state: it stamps the time, tells the watch hook (init/ writes the
 * journal record there), and logs.  Events never block: a stop sends a signal and arms
 * a deadline, a restart waits in backoff with a deadline, and state_pump()
 * starts what is ready and (at shutdown) stops what nothing needs any more.
 * A job has at most one process at any time: every path that spawns checks
 * that pid is 0 and the state is stopped or backoff.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/esc.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "init/rt/sig.h"
#include "svc/out/output.h"
#include "svc/run/cond.h"
#include "svc/run/forking.h"
#include "svc/run/hook.h"
#include "svc/run/order_live.h"
#include "svc/run/propagate.h"
#include "svc/run/ready.h"
#include "svc/run/spawn.h"
#include "svc/run/state.h"
#include "svc/run/state_int.h"

static struct state_hooks hooks;
static bool shutting;

void state_set_hooks(const struct state_hooks *h) { hooks = *h; }

bool state_gate(struct job *j, char *why, size_t len)
{
	return !hooks.gate || hooks.gate(j, why, len);
}

void state_limit_hit(struct job *j)
{
	if (hooks.on_limit)
		hooks.on_limit(j);
}
bool state_shutting_down(void) { return shutting; }

static struct restart_policy policy_of(const struct svc_conf *c);

/* The why text holds outside text (process names, paths): escaped. */
static void log_why(const struct job *j, unsigned s)
{
	char shown[JOB_WHY_MAX * ESC_BYTE_MAX];
	esc_show(shown, sizeof shown, j->why);
	log_info("%s: %s: %s", j->conf->name, job_state_name(s), shown);
}

void job_set_state(struct job *j, unsigned s, const char *why)
{
	unsigned old = j->state;
	j->state = (uint8_t)s;
	j->since_ms = clock_ms();
	if (why)
		snprintf(j->why, sizeof j->why, "%s", why);
	else if (s == JOB_RUNNING || s == JOB_STARTING || s == JOB_DONE || (s == JOB_STOPPED && !j->held))
		j->why[0] = 0;   /* a held job keeps why it was stopped */
	if (s != JOB_RUNNING && s != JOB_STARTING)
		j->stop_pending = false;
	if (old == s)
		return;
	if (hooks.watch)
		hooks.watch(j, old);   /* init/ journals it */
	if (s == JOB_RUNNING || s == JOB_STARTING)
		log_info("%s: %s (pid %d)", j->conf->name, job_state_name(s), (int)j->pid);
	else if (j->why[0])
		log_why(j, s);
	else
		log_info("%s: %s", j->conf->name, job_state_name(s));
	/* Down and not coming back by itself: what requires it stops too. */
	if (!shutting && (s == JOB_FAILED || s == JOB_BLOCKED || (s == JOB_STOPPED && !j->want)))
		propagate_down(j, job_state_name(s));
}

static bool has_process(const struct job *j)
{
	return j->state == JOB_STARTING || j->state == JOB_RUNNING || j->state == JOB_STOPPING;
}

static void spawn_now(struct job *j);

void state_do_spawn(struct job *j)
{
	if (j->pid != 0 || j->post_pid)
		return;   /* never two processes for one job; after exec_stop_post */
	j->held = false;
	char why[JOB_WHY_MAX];
	if (j->state != JOB_STARTING && !cond_met(j->conf, why, sizeof why)) {
		j->want = false;   /* until the next initctl start, which checks again */
		job_set_state(j, JOB_SKIPPED, why);
		return;
	}
	if (j->state != JOB_STARTING)
		j->reclaim_rounds = 0;   /* a new start attempt */
	if (state_cg_busy(j)) {
		/* Never two runs at once: what an earlier run left is killed. */
		state_cg_kill(j);
		state_start_blocked(j, "processes of an earlier run still live: killed");
		return;
	}
	if (!state_reclaim_gate(j))
		return;
	spawn_now(j);
}

/* exec_start_pre first, in the job's cgroup: true if it runs (or failed). */
static bool pre_hook(struct job *j)
{
	if (!j->conf->prec || j->pre_ok)
		return false;
	int cg = state_cg_prepare(j);
	if (cg < 0 && cg != -ENOSYS)
		return false;   /* the service's spawn reports it */
	bool r = hook_pre_start(j, cg);
	if (cg >= 0)
		close(cg);
	return r;
}

static void spawn_now(struct job *j)
{
	char why[JOB_WHY_MAX];
	struct spawn_ready sr;
	if (pre_hook(j))
		return;
	j->pre_ok = false;   /* the next start runs it again */
	if (hooks.prespawn)
		hooks.prespawn(j);
	int cg = state_cg_prepare(j);
	int rr = ready_prepare(j, &sr);
	pid_t pid;
	if (cg < 0 && cg != -ENOSYS) {
		snprintf(why, sizeof why, "cgroup for %s: %s", j->conf->name, strerror(-cg));
		pid = cg;
	} else if (rr < 0) {
		snprintf(why, sizeof why, "ready = fd:%u: notify socket: %s", (unsigned)j->conf->ready_fd, strerror(-rr));
		pid = rr;
	} else {
		out_run_start(j->id, j->conf, j->restart_count);
		pid = spawn_svc(j->conf, cg, &sr, why, sizeof why);
	}
	if (cg >= 0)
		close(cg);
	if (sr.fd >= 0)
		close(sr.fd);
	if (pid <= 0) {
		state_cg_release(j);   /* the failed child was reaped: nothing is in it */
		out_run_end(j->id, JOB_EXIT_NONE);
	}
	if (pid > 0) {
		j->pid = pid;
		j->sid = pid;   /* it leads its own session */
		j->started_ms = clock_ms();
		j->killed = false;
		job_set_state(j, ready_spawned(j, j->started_ms), NULL);
		return;
	}
	if (spawn_err_transient((int)pid)) {
		j->deadline_ms = clock_ms() + (j->conf->restart_delay_ms ? j->conf->restart_delay_ms : SVC_RESTART_DELAY_MS);
		job_set_state(j, JOB_BACKOFF, why);
	} else {
		j->want = false;
		job_set_state(j, JOB_FAILED, why);
	}
}

/* Returns false when there was no process (a job in its reclaim phase):
 * it is stopped at once. */
bool state_send_stop(struct job *j)
{
	if (!j->pid && !forking_waiting(j)) {
		state_reclaim_end(j);
		j->deadline_ms = 0;
		job_set_state(j, JOB_STOPPED, NULL);
		return false;
	}
	j->deadline_ms = clock_ms() + j->conf->stop_timeout_ms;
	j->killed = false;
	state_cg_signal(j, j->conf->stop_signal);   /* every process of the job */
	job_set_state(j, JOB_STOPPING, NULL);
	if (!j->pid && !state_cg_busy(j))
		state_drained(j);   /* a forking start with nothing left */
	return true;
}

struct restart_policy state_policy(const struct job *j)
{
	return policy_of(j->conf);
}

static struct restart_policy policy_of(const struct svc_conf *c)
{
	struct restart_policy p = {
		.limit = c->restart_limit,
		.window_ms = c->restart_window_ms,
		.delay_ms = c->restart_delay_ms,
		.delay_max_ms = c->restart_delay_max_ms,
		.stable_after_ms = c->stable_after_ms,
	};
	return p;
}

void state_load(const struct svc_conf *tab, int n)
{
	for (int i = 0; i < n; i++) {
		struct job *j = job_new(&tab[i]);
		if (!j) {
			log_err("%s: no free job slot (max %d)", tab[i].path, SVC_MAX);
			continue;
		}
		if (hooks.enable_of)
			j->enable = hooks.enable_of(j->conf->name);
		if (tab[i].bad) {
			job_set_state(j, JOB_FAILED, tab[i].error);
			continue;
		}
		j->want = !job_disabled(j);
	}
}

/* A removed job is gone: free its slot, and load the service that
 * waited for it (reload with a full table) in its place. */
static void removed(struct job *j)
{
	bool has_waiting = j->has_next;
	const struct svc_conf *waiting = job_next(j);   /* job_free() leaves it as it is */

	job_set_state(j, JOB_STOPPED, NULL);
	log_info("%s: removed", j->conf->name);
	job_free(j);
	if (has_waiting) {
		log_info("%s: loaded in the freed slot", waiting->name);
		state_load(waiting, 1);
	}
}

/* Finished stopping: apply what waited for the stop. */
static void stopped(struct job *j)
{
	j->deadline_ms = 0;
	if (j->remove) {
		removed(j);
		return;
	}
	if (j->has_next) {
		*j->conf = *job_next(j);
		j->has_next = false;
	}
	if (j->restart_req && !shutting) {
		j->restart_req = false;
		j->want = true;
	}
	job_set_state(j, JOB_STOPPED, NULL);
}

/* "not ready after 30s", the configured figure. */
static void not_ready_text(const struct job *j, char *buf, size_t len)
{
	uint32_t ms = j->conf->ready_timeout_ms;
	if (j->conf->type == SVC_FORKING)
		forking_why(j, ms, buf, len);
	else if (ms % 1000)
		snprintf(buf, len, "not ready after %ums", (unsigned)ms);
	else
		snprintf(buf, len, "not ready after %us", (unsigned)(ms / 1000));
}

/* The ready_timeout passed: stop the job; once it is gone it ends as a
 * failure under its restart policy (the leftover path of an exit). */
static void not_ready(struct job *j)
{
	not_ready_text(j, j->why, sizeof j->why);
	log_warn("%s: %s", j->conf->name, j->why);
	j->not_ready = true;
	j->leftover = true;
	state_send_stop(j);
}

/* The process of a running or starting job ended by itself. */
static void crashed(struct job *j, uint64_t now)
{
	char why[JOB_WHY_MAX];
	sig_exit_text(j->last_exit, 0, why, sizeof why);
	if (j->conf->type == SVC_ONESHOT && j->last_exit == 0) {
		job_set_state(j, JOB_DONE, NULL);
		return;
	}
	if (j->held) {
		/* Ended on its own while its stop waited: a stop, not a failure,
		 * and not counted by its restart limiter. */
		job_set_state(j, JOB_STOPPED, NULL);
		return;
	}
	bool failed = j->last_exit != 0 || j->not_ready;   /* not ready in time: a failure */
	if (j->not_ready)
		not_ready_text(j, why, sizeof why);
	if (!j->want || shutting || !restart_wanted(j->conf->restart, failed, false)) {
		j->want = false;
		job_set_state(j, failed ? JOB_FAILED : JOB_STOPPED, why);
		return;
	}
	struct restart_policy p = policy_of(j->conf);
	struct restart_verdict v = restart_on_exit(j->rs, &p, now, now - j->started_ms);
	if (v.trip) {
		char b[JOB_WHY_MAX];
		snprintf(b, sizeof b, "%s; restart limit %u in %ums reached", why,
			 (unsigned)j->conf->restart_limit, (unsigned)j->conf->restart_window_ms);
		j->want = false;
		job_set_state(j, JOB_BLOCKED, b);
		if (hooks.on_limit)
			hooks.on_limit(j);
		return;
	}
	j->deadline_ms = now + v.delay_ms;
	char b[JOB_WHY_MAX];
	snprintf(b, sizeof b, "%s; restart in %ums", why, (unsigned)v.delay_ms);
	job_set_state(j, JOB_BACKOFF, b);
}

void state_drained(struct job *j)
{
	bool left = j->leftover;
	j->fork_phase = FORK_NONE;   /* the run is over; fork_err stays for why */
	out_run_end(j->id, j->last_exit);
	state_cg_release(j);
	hook_post_start(j);
	j->sid = 0;   /* the fallback never scans for an old session again */
	j->leftover = false;
	j->deadline_ms = 0;
	/* Leftovers of an exit finish as that exit, unless a stop, restart,
	 * reload or removal came in meanwhile. */
	if (j->state == JOB_STOPPING && !(left && !j->remove && !j->has_next && !j->restart_req))
		stopped(j);
	else
		crashed(j, clock_ms());
}

void state_exited(pid_t pid, int wstatus)
{
	if (hook_exited(pid, wstatus))
		return;
	struct job *j = job_by_pid(pid);
	if (!j) {
		state_cg_reaped();   /* an orphan may have been a job's last process */
		return;
	}
	j->pid = 0;
	int32_t code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : WIFSIGNALED(wstatus) ? -WTERMSIG(wstatus) : j->last_exit;
	if (forking_parent_done(j, code))
		return;   /* the daemon's pid comes next; last_exit stays the last run's */
	j->last_exit = code;
	if (!state_cg_busy(j)) {
		state_drained(j);
		return;
	}
	if (j->state != JOB_STOPPING) {
		/* The main process is gone but not the job: stop the rest first. */
		char why[JOB_WHY_MAX];
		sig_exit_text(j->last_exit, 0, why, sizeof why);
		j->leftover = true;
		state_cg_stop_rest(j, why);
	}
}

void state_timers(uint64_t now)
{
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (j->used && j->check_ms && j->check_ms <= now)
			ready_probe(j, now);
		if (j->used && hook_timer(j, now))
			continue;
		if (!j->used || !j->deadline_ms || j->deadline_ms > now)
			continue;
		j->deadline_ms = 0;
		if (j->state == JOB_STARTING && !j->pid && j->nrp) {
			state_reclaim_progress(j, true);
		} else if (ready_waiting(j)) {
			not_ready(j);
		} else if (j->state == JOB_STOPPING && !j->killed) {
			log_warn("%s: did not stop in %ums, sending KILL", j->conf->name,
				 (unsigned)j->conf->stop_timeout_ms);
			j->killed = true;
			state_cg_kill(j);
			if (!j->pid && !state_cg_busy(j))
				state_drained(j);   /* in case its emptiness went unseen */
		} else if (j->state == JOB_BACKOFF && j->post_pid) {
			/* exec_stop_post still runs: its end re-arms the restart */
		} else if (j->state == JOB_BACKOFF) {
			/* Straight from backoff to running: one journal record per
			 * restart, not two. */
			j->restart_count++;
			if (j->want && !shutting)
				state_do_spawn(j);
			else
				job_set_state(j, JOB_STOPPED, NULL);
		}
	}
}

uint64_t state_next_deadline(void)
{
	uint64_t best = 0;
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (j->used)
			best = clock_earliest(clock_earliest(clock_earliest(best, j->deadline_ms), j->check_ms),
					      j->post_deadline_ms);
	}
	return best;
}

void state_pump(void)
{
	char why[JOB_WHY_MAX];
	bool progress = true;
	/* Loop because a start can make another job ready (a oneshot that
	 * fails at once, a dependency that became running). */
	for (int round = 0; progress && round < SVC_MAX; round++) {
		progress = false;
		if (!shutting && propagate_stops() > 0)
			progress = true;
		for (int i = 0; i < job_slots(); i++) {
			struct job *j = job_at(i);
			if (!j->used)
				continue;
			if (shutting) {
				if ((j->state == JOB_RUNNING || j->state == JOB_STARTING) && !order_needed(j)) {
					state_send_stop(j);
					progress = true;
				}
				continue;
			}
			if (!j->want || j->state != JOB_STOPPED || j->pid || j->post_pid)
				continue;
			if (hooks.gate && !hooks.gate(j, why, sizeof why)) {
				j->want = false;
				job_set_state(j, JOB_QUARANTINED, why);
				continue;
			}
			if (!order_ready(j, why, sizeof why)) {
				if (!j->held)   /* a held job keeps its reason */
					snprintf(j->why, sizeof j->why, "%s", why);
				continue;
			}
			state_do_spawn(j);
			progress = true;
		}
	}
}

void state_shutdown(void)
{
	if (shutting)
		return;
	shutting = true;
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (!j->used)
			continue;
		j->want = false;
		j->restart_req = false;
		if (j->state == JOB_BACKOFF) {
			j->deadline_ms = 0;
			job_set_state(j, JOB_STOPPED, NULL);
		}
	}
	state_pump();
}

bool state_all_down(void)
{
	for (int i = 0; i < job_slots(); i++) {
		const struct job *j = job_at(i);
		if (j->used && (j->pid || j->post_pid || has_process(j)))
			return false;
	}
	return true;
}

void state_restore(struct job *j, unsigned s, uint64_t since_ms)
{
	if (s == JOB_STARTING && !j->pid && j->fork_phase != FORK_WAIT)
		s = JOB_STOPPED;   /* a reclaim phase does not survive: scan again */
	j->state = (uint8_t)s;
	j->since_ms = since_ms;
	/* Running is entered once a run, at ready: the time it took. */
	j->ready_ms = s == JOB_RUNNING && j->started_ms ? (int64_t)(since_ms - j->started_ms) : -1;
	bool probed = j->conf->type == SVC_FORKING ? j->fork_phase == FORK_WAIT
						   : j->conf->type == SVC_SIMPLE && j->conf->ready >= READY_PIDFILE;
	if (ready_waiting(j) && probed)
		j->check_ms = clock_ms();   /* probe again at once */
}
