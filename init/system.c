/* SPDX-License-Identifier: MIT */
/*
 * Signals become requests here; the tick turns requests into state
 * machine calls in a fixed order each pass (written down once, above
 * system_tick()), including the shutdown phases (jobs stopping -> TERM to
 * the rest -> KILL -> final).
 * Reaping is waitpid(-1, WNOHANG) until nothing is left, orphans included.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "init/rt/clock.h"
#include "init/enable.h"
#include "init/health/boothook.h"
#include "init/health/health.h"
#include "init/journal/journal.h"
#include "init/rt/log.h"
#include "init/shutdown.h"
#include "init/rt/sig.h"
#include "init/scratch.h"
#include "init/platform/watchdog.h"
#include "init/system.h"
#include "svc/conf/arena.h"
#include "svc/run/hook.h"
#include "svc/run/job.h"
#include "svc/run/reload.h"
#include "svc/run/state.h"

#define STRAGGLER_MS 2000

static struct init_conf conf;
static int sig_fd = -1;
static int reload_req;
static int shut_how;
static int shut_phase;        /* 0 running, 1 jobs stopping, 2 TERM sent, 3 KILL sent */
static uint64_t shut_deadline;
static int no_children;

const struct init_conf *system_conf(void) { return &conf; }

static void report(const char *msg)
{
	log_err("%s", msg);
}

_Static_assert(JOB_EXIT_NONE == JOURNAL_EXIT_NONE, "a job's 'no exit yet' is the journal's");
_Static_assert(JOB_STATE_COUNT == JOURNAL_STATE_MAX + 1, "the journal takes every job state, and no other");

/* The state machine's watch hook: every state change becomes a JOB
 * record (svc/ does not know the journal). */
_Static_assert((int)HOOK_PRE == (int)JOURNAL_HOOK_PRE && (int)HOOK_POST == (int)JOURNAL_HOOK_POST,
	       "svc/run/hook.h and the journal number the hooks alike");

/* A service's hook ended: a HOOK record (history only). */
static void journal_hook_end(const struct job *j, unsigned which, int32_t exit)
{
	(void)journal_hook(j->conf->name, (uint8_t)which, exit);
}

static void journal_state(const struct job *j, unsigned old_state)
{
	(void)old_state;
	journal_job(j->conf->name, j->state, j->restart_count, j->last_exit);
}

/* Job ids are the journal's (docs/journal.md, "Job ids"). */
static bool job_id_busy(unsigned id)
{
	return job_by_id(id) != NULL;
}

static int job_id_of(const char *name)
{
	return journal_bind(name);
}

int system_setup(const char *init_ini, const struct init_conf *ic, int sigfd)
{
	(void)init_ini;
	conf = *ic;
	sig_fd = sigfd;
	union scratch *s = scratch_take();   /* free: nothing else runs yet */
	int n = conf_load_dir(conf.svc_dir, s->services, SVC_MAX, &s->conf_work, report), r = 0;
	if (n < 0) {   /* boot on with no services: a reload may find them later */
		log_err("%s: cannot read service directory: %s", conf.svc_dir, strerror(-n));
		r = n;
		n = 0;
	}
	enable_setup(conf.control);
	struct state_hooks hooks = { .watch = journal_state, .enable_of = enable_of };
	health_setup(&conf, s->services, n, &hooks);
	state_set_hooks(&hooks);
	hook_set_report(journal_hook_end);
	journal_set_busy(job_id_busy);
	job_set_id_source(job_id_of);
	state_load(s->services, n);
	if (job_conf_swap() < 0)   /* the live half is empty at boot: there is room */
		log_err("configuration arena: no room to keep the loaded services");
	scratch_give(s);
	if (!r)
		log_info("%d service%s loaded from %s", n, n == 1 ? "" : "s", conf.svc_dir);
	return r;
}

static void reap(void)
{
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG);
		if (p > 0) {
			if (!boothook_exited(p, st))
				state_exited(p, st);
			continue;
		}
		no_children = p < 0 && errno == ECHILD;
		return;
	}
}

static void on_signal(int signo, int from)
{
	switch (signo) {
	case SIGCHLD:
		reap();
		break;
	case SIGHUP:
		reload_req = 1;
		break;
	case SIGTERM:
	case SIGINT:       /* ctrl-alt-del */
		system_shutdown(SHUT_REBOOT);
		break;
	case SIGUSR1:
		system_shutdown(SHUT_HALT);
		break;
	case SIGUSR2:
	case SIGPWR:
		system_shutdown(SHUT_POWEROFF);
		break;
	default:
		(void)from;
		break;
	}
}

static void signals_ready(void *unused)
{
	(void)unused;
	sig_drain(sig_fd, on_signal);
}

const struct loop_handler system_signal_handler = { signals_ready, NULL };

int system_reload(char *msg, size_t len)
{
	reload_req = 0;
	if (state_shutting_down()) {
		snprintf(msg, len, "reload ignored: shutting down");
		return -EBUSY;
	}
	union scratch *s = scratch_take();
	if (!s) {
		snprintf(msg, len, "reload ignored: scratch space busy");
		return -EBUSY;
	}
	int n = conf_load_dir(conf.svc_dir, s->services, SVC_MAX, &s->conf_work, report);
	if (n < 0) {
		arena_load_drop();
		scratch_give(s);
		snprintf(msg, len, "reload: cannot read %s: %s", conf.svc_dir, strerror(-n));
		log_err("%s", msg);
		return n;
	}
	if (!reload_fits(s->services, n)) {
		arena_load_drop();
		scratch_give(s);
		snprintf(msg, len, "reload refused: the configuration arena is full (%zu bytes a half: "
			 "KEEL_CONF_AVG, docs/design.md); nothing changed", (size_t)CONF_ARENA_BYTES);
		log_err("%s", msg);
		return -ENOSPC;
	}
	reload_apply(s->services, n, msg, len);
	if (job_conf_swap() < 0)   /* cannot happen after reload_fits() */
		log_err("configuration arena: no room to keep the configurations in use");
	scratch_give(s);
	log_info("%s", msg);
	return 0;
}

void system_shutdown(int how)
{
	if (!shut_how)
		log_info("shutdown requested: %s", shutdown_name(how));
	shut_how = how;
}

static void shutdown_phases(uint64_t now)
{
	if (shut_phase == 0) {
		shut_phase = 1;
		shut_deadline = now + conf.shutdown_timeout_ms;
		state_shutdown();
	}
	if (shut_phase == 1 && (state_all_down() || now >= shut_deadline)) {
		if (!state_all_down())
			log_warn("shutdown timeout: services still running");
		shut_phase = 2;
		shut_deadline = now + STRAGGLER_MS;
		reap();
		if (!no_children)
			shutdown_signal_all(SIGTERM);
	}
	if (shut_phase == 2 && (no_children || now >= shut_deadline)) {
		shut_phase = 3;
		if (!no_children)
			shutdown_signal_all(SIGKILL);
		reap();
		if (!health_limit_reboot())
			journal_shutdown();
		journal_close();
		watchdog_disarm();
		shutdown_final(shut_how);
	}
}

/* One pass of the supervisor, in this order (the one place the order is
 * written down; system.h and docs/design.md point here):
 *   1. a pending reload (SIGHUP) is applied;
 *   2. expired job deadlines: restart back-off, stop and reclaim timeouts;
 *   3. the shutdown phases, when shutting down;
 *   4. state_pump(): start what is ready; at shutdown stop what nothing
 *      needs any more;
 *   5. boot health and the watchdog, each naming its next deadline.
 * Returns the earliest deadline of them all, 0 for none. */
uint64_t system_tick(uint64_t now)
{
	char msg[256];
	if (reload_req)
		system_reload(msg, sizeof msg);
	state_timers(now);
	if (health_reboot_wanted())
		system_shutdown(SHUT_REBOOT);
	if (shut_how)
		shutdown_phases(now);
	state_pump();
	uint64_t next = state_next_deadline();
	next = clock_earliest(next, health_tick(now));
	next = clock_earliest(next, watchdog_tick(now));
	if (shut_phase)
		next = clock_earliest(next, shut_deadline);
	return next;
}
