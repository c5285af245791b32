/* SPDX-License-Identifier: MIT */
/*
 * on_boot_healthy / on_boot_unhealthy (init/health/boothook.h): spawned
 * through svc/run/spawn.c with a service file's defaults (root, no
 * capability or limit changes), output in the log ring under the
 * reserved id BOOTHOOK_ID(h) (svc/out/output.h), reaped by the SIGCHLD
 * path like every child.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "init/health/boothook.h"
#include "init/journal/journal.h"
#include "init/rt/clock.h"
#include "init/rt/log.h"
#include "svc/out/output.h"
#include "svc/run/jobstate.h"
#include "svc/run/spawn.h"

struct hook {
	const char *name;        /* journal pseudo-job and log prefix */
	char args[SVC_HOOK_BYTES];   /* in bss: the table is filled at setup */
	uint8_t argc;
	bool started;
	pid_t pid;
	uint64_t deadline_ms;
};

static struct hook hooks[BOOTHOOK_COUNT];
static const char *const names[BOOTHOOK_COUNT] = {
	[BOOTHOOK_HEALTHY] = "@on_boot_healthy",
	[BOOTHOOK_UNHEALTHY] = "@on_boot_unhealthy",
};

void boothook_setup(const struct init_conf *ic, bool ran)
{
	memcpy(hooks[BOOTHOOK_HEALTHY].args, ic->on_healthy, SVC_HOOK_BYTES);
	hooks[BOOTHOOK_HEALTHY].argc = ic->on_healthyc;
	memcpy(hooks[BOOTHOOK_UNHEALTHY].args, ic->on_unhealthy, SVC_HOOK_BYTES);
	hooks[BOOTHOOK_UNHEALTHY].argc = ic->on_unhealthyc;
	for (int i = 0; i < BOOTHOOK_COUNT; i++) {
		hooks[i].name = names[i];
		hooks[i].started = ran;
	}
}

bool boothook_started(enum boothook h)
{
	return hooks[h].started;
}

/* What hook h runs as: a service file's defaults (root, PATH only),
 * named after the hook, its output in the ring. */
static const struct svc_conf *hook_conf(enum boothook h)
{
	static struct svc_conf root;
	conf_svc_defaults(&root);
	root.name = names[h];
	root.log_mode = SVC_LOG_RING;   /* the console when there is no ring */
	return &root;
}

void boothook_run(enum boothook h)
{
	struct hook *k = &hooks[h];
	if (k->started)
		return;
	k->started = true;   /* once a boot, even without a command */
	if (!k->argc)
		return;
	const struct svc_conf *root = hook_conf(h);
	char why[128];
	struct spawn_cmd cmd = { k->args, sizeof k->args, k->argc };
	out_run_start(BOOTHOOK_ID(h), root, 0);
	pid_t pid = spawn_cmd(root, &cmd, -1, why, sizeof why);
	if (pid < 0) {
		log_err("%s: %s", k->name, why);
		out_run_end(BOOTHOOK_ID(h), JOURNAL_EXIT_NONE);
		out_job_gone(BOOTHOOK_ID(h));
		journal_job(k->name, JOB_FAILED, 0, JOURNAL_EXIT_NONE);
		return;
	}
	log_info("%s: started (pid %d)", k->name, (int)pid);
	journal_job(k->name, JOB_RUNNING, 0, JOURNAL_EXIT_NONE);
	k->pid = pid;
	k->deadline_ms = clock_ms() + SVC_HOOK_TIMEOUT_MS;
}

bool boothook_exited(pid_t pid, int wstatus)
{
	for (int i = 0; i < BOOTHOOK_COUNT; i++) {
		struct hook *k = &hooks[i];
		if (!k->pid || k->pid != pid)
			continue;
		k->pid = 0;
		k->deadline_ms = 0;
		int32_t code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -WTERMSIG(wstatus);
		out_run_end(BOOTHOOK_ID(i), code);
		out_job_gone(BOOTHOOK_ID(i));   /* its pipe: a hook runs once */
		journal_job(k->name, code == 0 ? JOB_DONE : JOB_FAILED, 0, code);
		if (code == 0)
			log_info("%s: exited 0", k->name);
		else if (code > 0)
			log_err("%s: exited %d", k->name, (int)code);
		else
			log_err("%s: killed by signal %d", k->name, (int)-code);
		return true;
	}
	return false;
}

bool boothook_running(enum boothook h, pid_t *pid, uint64_t *deadline_ms)
{
	*pid = hooks[h].pid;
	*deadline_ms = hooks[h].deadline_ms;
	return hooks[h].pid > 0;
}

void boothook_adopt(enum boothook h, pid_t pid, uint64_t deadline_ms)
{
	struct hook *k = &hooks[h];
	k->started = true;
	k->pid = pid;
	k->deadline_ms = deadline_ms;
	log_info("%s: still running (pid %d), handed over", k->name, (int)pid);
}

int boothook_adopt_pipe(enum boothook h, int rfd, int wfd)
{
	return out_adopt_pipe(BOOTHOOK_ID(h), hook_conf(h), 0, rfd, wfd);
}

int boothook_by_name(const char *name)
{
	for (int i = 0; i < BOOTHOOK_COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -ENOENT;
}

const char *boothook_name(unsigned id)
{
	for (int i = 0; i < BOOTHOOK_COUNT; i++)
		if (id == BOOTHOOK_ID(i))
			return names[i];
	return NULL;
}

uint64_t boothook_tick(uint64_t now)
{
	uint64_t next = 0;
	for (int i = 0; i < BOOTHOOK_COUNT; i++) {
		struct hook *k = &hooks[i];
		if (!k->pid || !k->deadline_ms)
			continue;
		if (k->deadline_ms > now) {
			next = clock_earliest(next, k->deadline_ms);
			continue;
		}
		log_err("%s: still running after %ums, sending KILL", k->name, (unsigned)SVC_HOOK_TIMEOUT_MS);
		k->deadline_ms = 0;
		if (kill(-k->pid, SIGKILL) < 0)   /* its session: it leads it, unreaped */
			(void)kill(k->pid, SIGKILL);
	}
	return next;
}
