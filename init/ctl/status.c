/* SPDX-License-Identifier: MIT */
/*
 * Rendering of job status.  The text table is for people (one row per
 * job, a WHY column when there is something to say); the JSON is for
 * scripts and tests (an array of objects, one per job, stable keys).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/esc.h"
#include "init/health/health.h"
#include "init/journal/journal.h"
#include "init/rt/sig.h"
#include "init/ctl/status.h"
#include "init/scratch.h"
#include "svc/run/ready.h"
#include "svc/run/state.h"

const char *status_exit_text(int32_t e, char *buf, size_t len)
{
	if (e == JOURNAL_EXIT_NONE) {
		snprintf(buf, len, "-");
		return buf;
	}
	return sig_exit_text((int)e, 1, buf, len);
}

static void fmt_dur(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;
	if (s < 60)
		snprintf(buf, len, "%us", (unsigned)s);
	else if (s < 3600)
		snprintf(buf, len, "%um%02us", (unsigned)(s / 60), (unsigned)(s % 60));
	else
		snprintf(buf, len, "%uh%02um", (unsigned)(s / 3600), (unsigned)(s % 3600 / 60));
}

static bool is_job_pid(pid_t pid)
{
	return state_is_job_pid(pid);
}

static bool declares(const struct svc_conf *c)
{
	return c->pidfile[0] || c->nsockets || c->nports;
}

/* A holder that is j's own process (its main pid, a forking daemon that
 * runs another program than exec's, a process in its cgroup): what j
 * declares, held by j itself, whatever the verdict a start would give. */
static bool own_hold(const struct job *j, const struct reclaim_hold *h)
{
	return h->pid > 0 && ((j->pid && (h->pid == j->pid || h->job_pid == j->pid)) || ready_job_of(h->pid) == j);
}

/* Who holds what j declares, right now (a dry scan into rr: nothing is
 * touched); j's own processes are said to be its own, never holders.
 * rr NULL (no scratch area): not looked at, and said so. */
static void resources(struct reply *r, const struct job *j, int json, struct reclaim_result *rr)
{
	char line[256], shown[256 * ESC_BYTE_MAX];
	static const char *const kinds[] = { [RK_PIDFILE] = "pidfile", [RK_SOCKET] = "socket", [RK_PORT] = "port" };
	int shown_n = 0;
	if (!rr) {
		reply_out(r, json ? ",\"holders\":null" : "    declared resources not checked: scratch area busy\n");
		return;
	}
	reclaim_scan(j->conf, is_job_pid, getpid(), RECLAIM_DRY, rr);
	if (json)
		reply_out(r, ",\"holders\":[");
	for (int i = 0; i < rr->n; i++) {
		const struct reclaim_hold *h = &rr->h[i];
		if (own_hold(j, h))
			snprintf(line, sizeof line, "%s %s held by pid %d (%s): the job's own process",
				 h->kind <= RK_PORT ? kinds[h->kind] : "?", h->what, (int)h->pid, h->comm);
		else
			reclaim_fmt(rr, i, line, sizeof line);
		if (json) {
			reply_out(r, "%s", shown_n++ ? "," : "");
			reply_json_str(r, line);
		} else {
			shown_n++;
			esc_show(shown, sizeof shown, line);
			reply_out(r, "    %s\n", shown);
		}
	}
	if (json)
		reply_out(r, "]");
	else if (!shown_n)
		reply_out(r, "    declared resources are free\n");
}

static void row_json(struct reply *r, const struct job *j, uint64_t now, int first, struct reclaim_result *rr)
{
	reply_out(r, "%s{\"id\":%u,\"name\":", first ? "" : ",", (unsigned)j->id);
	reply_json_str(r, j->conf->name);
	reply_out(r, ",\"state\":\"%s\",\"pid\":%d,\"restart_count\":%u,\"procs\":%d,",
		job_shown_state(j), (int)j->pid, (unsigned)j->restart_count, state_job_procs(j));
	if (j->last_exit == JOB_EXIT_NONE)
		reply_out(r, "\"exit\":null,");
	else
		reply_out(r, "\"exit\":%d,", (int)j->last_exit);
	uint64_t up = j->pid && j->started_ms ? now - j->started_ms : 0;
	reply_out(r, "\"uptime_ms\":%llu,\"want\":%s,\"enabled\":%s,\"why\":", (unsigned long long)up,
		j->want ? "true" : "false", job_disabled(j) ? "false" : "true");
	reply_json_str(r, j->why);
	if (j->ready_ms >= 0)
		reply_out(r, ",\"ready_ms\":%lld,\"status\":", (long long)j->ready_ms);
	else
		reply_out(r, ",\"ready_ms\":null,\"status\":");
	reply_json_str(r, j->status);   /* escaped when it came in */
	struct restart_policy p = state_policy(j);
	reply_out(r, ",\"in_window\":%u", restart_in_window(j->rs, &p, now));
	if (declares(j->conf))
		resources(r, j, 1, rr);
	reply_out(r, ",\"next_restart_ms\":%llu}",
		(unsigned long long)(j->state == JOB_BACKOFF && j->deadline_ms > now ? j->deadline_ms - now : 0));
}

static void row_text(struct reply *r, const struct job *j, uint64_t now)
{
	char ex[32], up[32];
	status_exit_text(j->last_exit, ex, sizeof ex);
	if (j->pid && j->started_ms)
		fmt_dur(now - j->started_ms, up, sizeof up);
	else
		snprintf(up, sizeof up, "-");
	char pid[16];
	if (j->pid)
		snprintf(pid, sizeof pid, "%d", (int)j->pid);
	else
		snprintf(pid, sizeof pid, "-");
	char why[JOB_WHY_MAX * ESC_BYTE_MAX];
	esc_show(why, sizeof why, j->why);
	reply_out(r, "%-3u %-16s %-11s %-7s %-5d %-8u %-12s %-7s %s\n", (unsigned)j->id, j->conf->name,
		job_shown_state(j), pid, state_job_procs(j), (unsigned)j->restart_count, ex, up, why);
}

/* status NAME: how long the run took to be ready, its STATUS= text. */
static void readiness(struct reply *r, const struct job *j)
{
	if (j->ready_ms >= 0)
		reply_out(r, "    ready after %lld ms\n", (long long)j->ready_ms);
	if (j->status[0])
		reply_out(r, "    status: %s\n", j->status);   /* escaped when it came in */
}

/* The rows (and, for one job, its details); holders are scanned into rr. */
static void rows(struct reply *r, const struct job *one, int json, struct reclaim_result *rr)
{
	uint64_t now = clock_ms();
	int first = 1;
	/* Rows in id order: stable across reloads. */
	for (unsigned id = 1; id <= job_last_id(); id++) {
		const struct job *j = job_by_id(id);
		if (!j || (one && j != one))
			continue;
		if (json) {
			row_json(r, j, now, first, rr);
		} else {
			row_text(r, j, now);
			if (one)
				readiness(r, j);
			if (one && job_disabled(j))
				reply_out(r, "    disabled: not started at boot\n");
			if (one && declares(j->conf))
				resources(r, j, 0, rr);
		}
		first = 0;
	}
}

int status_render(struct reply *r, const char *name, int json)
{
	const struct job *one = NULL;
	if (name) {
		one = job_by_name(name);
		if (!one) {
			reply_err(r, "%s: no such service\n", name);
			return -ENOENT;
		}
	}
	if (json)
		reply_out(r, "[");
	else if (!name)
		health_render(r, 0);
	if (!json)
		reply_out(r, "%-3s %-16s %-11s %-7s %-5s %-8s %-12s %-7s %s\n", "ID", "NAME", "STATE", "PID",
			"PROCS", "RESTARTS", "LAST EXIT", "UPTIME", "WHY");
	/* The holders' scan result, lent from the scratch area: a command
	 * runs from the loop, never inside a load or a re-exec. */
	union scratch *s = scratch_take();
	rows(r, one, json, s ? &s->status_holders : NULL);
	if (s)
		scratch_give(s);
	if (json)
		reply_out(r, "]\n");
	return 0;
}
