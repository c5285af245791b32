/* SPDX-License-Identifier: MIT */
/*
 * Boot health glue.  The decisions are bootcount.c's (pure); this file
 * feeds it the journal's view and the live jobs, and writes the records
 * the plan asks for: QUAR on/off at boot, START before each spawn in a
 * suspect boot, HEALTHY once.  on_limit actions: stop (nothing more),
 * reboot (a shutdown that writes no SHUTDOWN record), safe-mode (switch
 * the plan and stop every service that is not safe = yes).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "init/health/bootcount.h"
#include "init/health/boothook.h"
#include "init/rt/clock.h"
#include "init/health/health.h"
#include "init/journal/journal.h"
#include "init/rt/log.h"
#include "svc/run/state.h"

static struct bootcount_plan plan;
static char plan_why[160];
static uint32_t boot_ok_after_ms;
static uint64_t boot_ms;
static bool healthy;
static bool limit_reboot;
static bool reboot_wanted;   /* limit_reboot, not yet taken by the tick */

bool health_limit_reboot(void) { return limit_reboot; }

bool health_reboot_wanted(void)
{
	bool wanted = reboot_wanted;
	reboot_wanted = false;
	return wanted;
}

static bool gate(const struct job *j, char *why, size_t len)
{
	return bootcount_may_start(&plan, j->conf, why, len);
}

static void prespawn(const struct job *j)
{
	if (plan.record_starts)
		journal_start(j->conf->name);
}

static void on_limit(struct job *j)
{
	char msg[128];
	switch (j->conf->on_limit) {
	case ONLIMIT_REBOOT:
		log_err("%s: restart limit reached: rebooting (on_limit = reboot)", j->conf->name);
		if (!healthy)
			boothook_run(BOOTHOOK_UNHEALTHY);
		limit_reboot = true;
		reboot_wanted = true;
		break;
	case ONLIMIT_SAFE:
		log_err("%s: restart limit reached: entering safe mode (on_limit = safe-mode)", j->conf->name);
		bootcount_force_safe(&plan);
		if (!healthy)
			boothook_run(BOOTHOOK_UNHEALTHY);
		snprintf(plan_why, sizeof plan_why, "safe mode: %s hit its restart limit", j->conf->name);
		for (int i = 0; i < job_slots(); i++) {
			struct job *k = job_at(i);
			if (k->used && !k->conf->safe && k->want)
				state_stop(k, msg, sizeof msg);
		}
		break;
	default:
		break;
	}
}

void health_setup(const struct init_conf *ic, const struct svc_conf *tab, int n, struct state_hooks *hooks)
{
	const struct journal_info *ji = journal_get_info();
	boot_ok_after_ms = ic->boot_ok_after_ms;
	/* A re-exec in a boot that was healthy already: its hook ran. */
	boothook_setup(ic, ji->boot && ji->last_healthy_boot == ji->boot);
	boot_ms = clock_ms();
	bootcount_plan(&plan, ji, ic->boot_loop_limit, tab, n, plan_why, sizeof plan_why);
	log_info("boot %u, unhealthy streak %u: %s", (unsigned)plan.boot, (unsigned)plan.streak, plan_why);
	if (plan.culprit[0]) {
		journal_quarantine(plan.culprit, true);
		log_err("%s quarantined: it was the last service started in %d unhealthy boots in a row",
			plan.culprit, BOOTCOUNT_CULPRIT_BOOTS);
	}
	for (int i = 0; i < plan.nlifted; i++) {
		journal_quarantine(plan.lifted[i], false);
		log_info("%s: quarantine lifted (the previous boot was healthy)", plan.lifted[i]);
	}
	hooks->gate = gate;
	hooks->prespawn = prespawn;
	hooks->on_limit = on_limit;
}

/* Boot health gives up on this boot: a critical service that counts for
 * health (it may start in this boot) ended blocked or failed. */
static bool given_up(void)
{
	for (int i = 0; i < job_slots(); i++) {
		const struct job *j = job_at(i);
		if (j->used && j->conf->critical && (j->state == JOB_BLOCKED || j->state == JOB_FAILED) &&
		    bootcount_may_start(&plan, j->conf, NULL, 0))
			return true;
	}
	return false;
}

static uint64_t tick(uint64_t now);

uint64_t health_tick(uint64_t now)
{
	uint64_t next = tick(now);
	return clock_earliest(next, boothook_tick(now));
}

static uint64_t tick(uint64_t now)
{
	if (healthy)
		return 0;
	const struct svc_conf *svcs[SVC_MAX];
	bool up[SVC_MAX];
	int n = 0;
	for (int i = 0; i < job_slots(); i++) {
		const struct job *j = job_at(i);
		if (!j->used)
			continue;
		svcs[n] = j->conf;
		/* Up, or not meant to run this boot (a condition not met, disabled):
		 * neither holds the boot back. */
		up[n] = j->state == JOB_RUNNING || j->state == JOB_DONE || j->state == JOB_SKIPPED ||
			(j->state == JOB_STOPPED && !j->want && job_disabled(j));
		n++;
	}
	char why[160];
	if (bootcount_healthy(&plan, now - boot_ms, boot_ok_after_ms, svcs, up, n, why, sizeof why)) {
		healthy = true;
		journal_healthy();
		log_info("boot %u is healthy: %s", (unsigned)plan.boot, why);
		boothook_run(BOOTHOOK_HEALTHY);
		return 0;
	}
	if (!boothook_started(BOOTHOOK_UNHEALTHY) && given_up()) {
		log_err("boot %u is unhealthy: a critical service is blocked or failed", (unsigned)plan.boot);
		boothook_run(BOOTHOOK_UNHEALTHY);
	}
	uint64_t due = boot_ms + boot_ok_after_ms;
	return due > now ? due : 0;
}

int health_unquarantine(const char *name, char *msg, size_t len)
{
	if (bootcount_unquarantine(&plan, name) < 0) {
		snprintf(msg, len, "%s: not quarantined", name);
		return 0;
	}
	journal_quarantine(name, false);
	struct job *j = job_by_name(name);
	if (j && j->state == JOB_QUARANTINED) {
		char m[128];
		int code = state_start(j, m, sizeof m);
		snprintf(msg, len, "%s: quarantine lifted; %s", name, m);
		return code;
	}
	snprintf(msg, len, "%s: quarantine lifted", name);
	return 0;
}

void health_render(struct reply *r, int json)
{
	const struct journal_info *ji = journal_get_info();
	if (json) {
		reply_out(r, "{\"boot\":%u,\"unhealthy_streak\":%u,\"safe_mode\":%s,\"healthy\":%s,"
			"\"journal\":%s,\"quarantined\":[", (unsigned)plan.boot, (unsigned)plan.streak,
			plan.safe_mode ? "true" : "false", healthy ? "true" : "false", ji->open ? "true" : "false");
		/* Names come from the journal on flash: outside text. */
		for (int i = 0; i < plan.nquar; i++) {
			reply_out(r, "%s", i ? "," : "");
			reply_json_str(r, plan.quar[i]);
		}
		reply_out(r, "],\"reason\":");
		reply_json_str(r, plan_why);
		reply_out(r, ",\"torn_tails\":%u,\"crc_errors\":%u,\"refused\":%u,\"stale\":%u,\"seq_gaps\":%u,"
			"\"io_errors\":%u}\n", (unsigned)ji->torn_tails, (unsigned)ji->crc_errors, (unsigned)ji->refused,
			(unsigned)ji->stale, (unsigned)ji->seq_gaps, (unsigned)ji->io_errors);
		return;
	}
	reply_out(r, "boot %u, unhealthy streak %u, %s%s: %s\n", (unsigned)plan.boot, (unsigned)plan.streak,
		plan.safe_mode ? "SAFE MODE" : "normal mode", healthy ? ", healthy" : "", plan_why);
	for (int i = 0; i < plan.nquar; i++)
		reply_out(r, "quarantined: %s (initctl unquarantine %s)\n", plan.quar[i], plan.quar[i]);
	char damage[160];
	if (!ji->open)
		reply_out(r, "journal: none (history is kept in RAM only)\n");
	else if (journal_damage_text(ji, damage, sizeof damage))
		reply_out(r, "journal: %s recovered\n", damage);
}
