/* SPDX-License-Identifier: MIT */
/*
 * Boot-loop protection decisions (see init/health/bootcount.h, docs/restart.md).
 * Pure: reads only its arguments, writes only the plan and caller buffers.
 * Names copied from the journal are cut to SVC_NAME_MAX-1 bytes and always
 * NUL-terminated, so a damaged journal_info cannot overrun anything.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "init/health/bootcount.h"

static void copy_name(char dst[SVC_NAME_MAX], const char *src)
{
	size_t n = strnlen(src, SVC_NAME_MAX - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool same_name(const char *a, const char *b)
{
	return strncmp(a, b, SVC_NAME_MAX - 1) == 0;
}

static int find_quar(const struct bootcount_plan *p, const char *name)
{
	for (int i = 0; i < p->nquar; i++)
		if (same_name(p->quar[i], name))
			return i;
	return -1;
}

static bool add_quar(struct bootcount_plan *p, const char *name)
{
	if (!name[0] || find_quar(p, name) >= 0 || p->nquar >= SVC_MAX)
		return false;
	copy_name(p->quar[p->nquar++], name);
	return true;
}

static const struct svc_conf *find_svc(const struct svc_conf *tab, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (same_name(tab[i].name, name))
			return &tab[i];
	return NULL;
}

static bool any_safe(const struct svc_conf *tab, int n)
{
	for (int i = 0; i < n; i++)
		if (tab[i].safe && !tab[i].bad)
			return true;
	return false;
}

/* The journal's quarantines: lifted after a healthy boot, else kept. */
static void carry_quarantines(struct bootcount_plan *p, const struct journal_info *ji)
{
	bool prev_healthy = ji->boot > 1 && ji->last_healthy_boot == ji->boot - 1;
	int nq = ji->nquarantined < 0 ? 0 : ji->nquarantined > SVC_MAX ? SVC_MAX : ji->nquarantined;
	for (int i = 0; i < nq; i++) {
		const char *name = ji->quarantined[i];
		if (!name[0])
			continue;
		if (!prev_healthy)
			add_quar(p, name);
		else if (p->nlifted < SVC_MAX)
			copy_name(p->lifted[p->nlifted++], name);
	}
}

/* The culprit: the same known service started last in both previous
 * boots, and both were unhealthy. */
static void find_culprit(struct bootcount_plan *p, const struct journal_info *ji,
			 const struct svc_conf *tab, int n)
{
	char a[SVC_NAME_MAX], b[SVC_NAME_MAX];
	copy_name(a, ji->prev_last_start);
	copy_name(b, ji->prev2_last_start);
	if (ji->unhealthy_streak < BOOTCOUNT_CULPRIT_BOOTS || !a[0] || strcmp(a, b) != 0)
		return;
	if (!find_svc(tab, n, a) || !add_quar(p, a))
		return;
	copy_name(p->culprit, a);
}

/* Append to why[0..len) at *o, never past the end. */
static void put(char *why, size_t len, size_t *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void put(char *why, size_t len, size_t *o, const char *fmt, ...)
{
	if (*o >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(why + *o, len - *o, fmt, ap);
	va_end(ap);
	*o = k < 0 ? len : *o + (size_t)k;
}

static void plan_why(const struct bootcount_plan *p, bool no_safe, char *why, size_t len)
{
	size_t o = 0;
	if (!why || !len)
		return;
	put(why, len, &o, "boot %u: ", (unsigned)p->boot);
	if (p->safe_mode)
		put(why, len, &o, "safe mode: %u unhealthy boots in a row (boot_loop_limit %u); "
		    "only safe = yes services start%s", (unsigned)p->streak, (unsigned)p->limit,
		    no_safe ? "; no service has safe = yes" : "");
	else if (p->streak == 0)
		put(why, len, &o, "normal");
	else if (p->limit == 0)
		put(why, len, &o, "suspect: %u unhealthy boots in a row (safe mode off)",
		    (unsigned)p->streak);
	else
		put(why, len, &o, "suspect: %u unhealthy boots in a row (safe mode from %u)",
		    (unsigned)p->streak, (unsigned)p->limit);
	if (p->culprit[0])
		put(why, len, &o, "; quarantined %s: started last in the 2 unhealthy boots "
		    "before%s", p->culprit,
		    p->limit && p->streak >= p->limit ? ", instead of safe mode" : "");
	if (p->nquar > (p->culprit[0] ? 1 : 0))
		put(why, len, &o, "; %d quarantined", p->nquar);
	if (p->nlifted)
		put(why, len, &o, "; %d quarantine%s lifted by the healthy boot before",
		    p->nlifted, p->nlifted == 1 ? "" : "s");
}

bool bootcount_plan(struct bootcount_plan *p, const struct journal_info *ji,
		    uint32_t boot_loop_limit, const struct svc_conf *tab, int n,
		    char *why, size_t len)
{
	memset(p, 0, sizeof *p);
	p->boot = ji->boot;
	p->streak = ji->unhealthy_streak;
	p->limit = boot_loop_limit;
	carry_quarantines(p, ji);
	find_culprit(p, ji, tab, n);
	p->safe_mode = p->limit > 0 && p->streak >= p->limit && !p->culprit[0];
	p->record_starts = p->streak >= 1 && !p->safe_mode;
	plan_why(p, p->safe_mode && !any_safe(tab, n), why, len);
	return p->safe_mode;
}

void bootcount_force_safe(struct bootcount_plan *p)
{
	p->safe_mode = true;
	p->record_starts = false;
}

bool bootcount_is_quarantined(const struct bootcount_plan *p, const char *name)
{
	return find_quar(p, name) >= 0;
}

bool bootcount_may_start(const struct bootcount_plan *p, const struct svc_conf *c,
			 char *why, size_t len)
{
	bool quar = bootcount_is_quarantined(p, c->name);
	if (!quar && !(p->safe_mode && !c->safe))
		return true;
	if (!why || !len)
		return false;
	if (!quar)
		snprintf(why, len, "safe mode: only services with safe = yes start");
	else if (same_name(p->culprit, c->name))
		snprintf(why, len, "quarantined: started last before 2 unhealthy boots in a row "
			 "(initctl unquarantine %s)", c->name);
	else
		snprintf(why, len, "quarantined since an earlier unhealthy boot "
			 "(initctl unquarantine %s)", c->name);
	return false;
}

int bootcount_unquarantine(struct bootcount_plan *p, const char *name)
{
	int i = find_quar(p, name);
	if (i < 0)
		return -ENOENT;
	for (int k = i; k + 1 < p->nquar; k++)
		memcpy(p->quar[k], p->quar[k + 1], SVC_NAME_MAX);
	p->nquar--;
	if (same_name(p->culprit, name))
		p->culprit[0] = '\0';
	return 0;
}

bool bootcount_healthy(const struct bootcount_plan *p, uint64_t uptime_ms,
		       uint32_t boot_ok_after_ms, const struct svc_conf *const *svcs,
		       const bool *up, int n, char *why, size_t len)
{
	char *w = why && len ? why : NULL;
	if (uptime_ms < boot_ok_after_ms) {
		if (w)
			snprintf(w, len, "not yet healthy: up %llu ms of boot_ok_after %u ms",
				 (unsigned long long)uptime_ms, (unsigned)boot_ok_after_ms);
		return false;
	}
	int counted = 0;
	for (int i = 0; i < n; i++) {
		const struct svc_conf *c = svcs[i];
		if (!c->critical || !bootcount_may_start(p, c, NULL, 0))
			continue;
		counted++;
		if (!up[i]) {
			if (w)
				snprintf(w, len, "not yet healthy: critical service %s is not running",
					 c->name);
			return false;
		}
	}
	if (w)
		snprintf(w, len, "healthy: up %llu ms with %d critical service%s running",
			 (unsigned long long)uptime_ms, counted, counted == 1 ? "" : "s");
	return true;
}
