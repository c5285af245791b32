/* SPDX-License-Identifier: MIT */
/*
 * A service's hooks: exec_start_pre and exec_stop_post.  Both are short
 * children of PID 1 spawned like the service (svc/run/spawn.c: its user,
 * group, env, workdir, privileges and output) and reaped by the SIGCHLD
 * path; neither is ever waited for.
 *
 * exec_start_pre runs as the job's process while the job is starting:
 * pid is the hook's, in_pre says so, and it is in the job's cgroup.  Exit
 * 0: the service is spawned.  Another exit, or no exit within
 * hook_timeout (then it is killed), is a start failure under the restart
 * policy, with the hook's exit as the job's last exit (so the journal
 * record of that failure carries it).  A stop while it runs stops it
 * like the service.
 *
 * exec_stop_post runs once the job's processes are gone, outside any
 * cgroup, in its own session; it is killed at hook_timeout.  Its result
 * is logged, its output goes to the job's sink.  The job does not
 * start again until it has ended.
 *
 * Each hook's end is reported through hook_set_report() (init/ writes a
 * HOOK journal record).
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/log.h"
#include "init/rt/sig.h"
#include "svc/out/output.h"
#include "svc/run/hook.h"
#include "svc/run/spawn.h"
#include "svc/run/state.h"
#include "svc/run/state_int.h"

bool hook_pre_start(struct job *j, int cgroup_fd)
{
	const struct svc_conf *c = j->conf;
	if (!c->prec || j->pre_ok)
		return false;
	char why[JOB_WHY_MAX];
	struct spawn_cmd cmd = { c->pre, SVC_HOOK_BYTES, c->prec };
	out_run_start(j->id, c, j->restart_count);
	pid_t pid = spawn_cmd(c, &cmd, cgroup_fd, why, sizeof why);
	if (pid < 0) {
		char b[JOB_WHY_MAX];
		out_run_end(j->id, JOB_EXIT_NONE);
		snprintf(b, sizeof b, "exec_start_pre: %.*s", (int)sizeof b - 20, why);
		hook_pre_failed(j, b);
		return true;
	}
	j->pid = pid;
	j->sid = pid;
	j->in_pre = true;
	j->hook_late = false;
	j->killed = false;
	j->started_ms = clock_ms();
	j->deadline_ms = j->started_ms + c->hook_timeout_ms;
	job_set_state(j, JOB_STARTING, "exec_start_pre");
	return true;
}

/* A failed start: backoff, blocked or failed as the restart policy says. */
void hook_pre_failed(struct job *j, const char *why)
{
	if (state_cg_busy(j))
		state_cg_kill(j);   /* what the hook left behind */
	state_cg_release(j);
	j->deadline_ms = 0;
	if (!j->want || state_shutting_down() || !restart_wanted(j->conf->restart, 1, false)) {
		j->want = false;
		job_set_state(j, JOB_FAILED, why);
		return;
	}
	state_start_failed(j, why);
}

static void (*report)(const struct job *j, unsigned which, int32_t exit);

void hook_set_report(void (*ended)(const struct job *j, unsigned which, int32_t exit))
{
	report = ended;
}

static void report_end(const struct job *j, unsigned which, int32_t code)
{
	if (report)
		report(j, which, code);
}

/* The pre hook of a starting job ended. */
static void pre_exited(struct job *j, int32_t code)
{
	char why[JOB_WHY_MAX];
	report_end(j, HOOK_PRE, code);
	j->pid = 0;
	j->in_pre = false;
	out_run_end(j->id, code);
	if (code == 0 && !j->hook_late) {
		j->pre_ok = true;
		j->deadline_ms = 0;
		state_do_spawn(j);
		return;
	}
	j->last_exit = code;   /* the start attempt's exit: in status and the journal record */
	if (j->hook_late)
		snprintf(why, sizeof why, "exec_start_pre timed out after %ums",
			 (unsigned)j->conf->hook_timeout_ms);
	else if (code > 0)
		snprintf(why, sizeof why, "exec_start_pre exited %d", (int)code);
	else
		snprintf(why, sizeof why, "exec_start_pre killed by signal %d", (int)-code);
	hook_pre_failed(j, why);
}

static int32_t exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	return WIFSIGNALED(wstatus) ? -WTERMSIG(wstatus) : JOB_EXIT_NONE;
}

bool hook_exited(pid_t pid, int wstatus)
{
	int32_t code = exit_code(wstatus);
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (!j->used)
			continue;
		if (j->post_pid == pid) {
			j->post_pid = 0;
			j->post_deadline_ms = 0;
			report_end(j, HOOK_POST, code);
			if (code == 0)
				log_info("%s: exec_stop_post exited 0", j->conf->name);
			else
				log_warn("%s: exec_stop_post %s %d", j->conf->name,
					 code > 0 ? "exited" : "killed by signal", code > 0 ? (int)code : (int)-code);
			if (j->state == JOB_BACKOFF && !j->deadline_ms)
				j->deadline_ms = clock_ms();   /* its restart waited for the hook */
			return true;
		}
		if (j->pid == pid && j->in_pre) {
			if (j->state != JOB_STARTING) {
				j->in_pre = false;   /* stopped while it ran: ends like the service */
				return false;
			}
			pre_exited(j, code);
			return true;
		}
	}
	return false;
}

void hook_post_start(struct job *j)
{
	const struct svc_conf *c = j->conf;
	j->pre_ok = false;
	if (!c->postc || j->post_pid)
		return;
	char why[JOB_WHY_MAX];
	struct spawn_cmd cmd = { c->post, SVC_HOOK_BYTES, c->postc };
	pid_t pid = spawn_cmd(c, &cmd, -1, why, sizeof why);
	if (pid < 0) {
		log_warn("%s: exec_stop_post: %s", c->name, why);
		return;
	}
	j->post_pid = pid;
	j->post_deadline_ms = clock_ms() + c->hook_timeout_ms;
}

bool hook_timer(struct job *j, uint64_t now)
{
	if (j->post_pid && j->post_deadline_ms && j->post_deadline_ms <= now) {
		log_warn("%s: exec_stop_post still running after %ums, sending KILL", j->conf->name,
			 (unsigned)j->conf->hook_timeout_ms);
		j->post_deadline_ms = 0;
		if (kill(-j->post_pid, SIGKILL) < 0)   /* its session, led by our unreaped child */
			(void)kill(j->post_pid, SIGKILL);
	}
	if (!j->in_pre || j->state != JOB_STARTING || !j->deadline_ms || j->deadline_ms > now)
		return false;
	j->deadline_ms = 0;
	if (!j->hook_late) {
		log_warn("%s: exec_start_pre still running after %ums, sending KILL", j->conf->name,
			 (unsigned)j->conf->hook_timeout_ms);
		j->hook_late = true;
		state_cg_kill(j);
	}
	return true;
}
