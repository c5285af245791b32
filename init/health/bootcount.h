/* SPDX-License-Identifier: MIT */
/*
 * Boot-loop protection as pure decisions (docs/restart.md): from what the
 * journal recovered (struct journal_info) decide once per boot whether this
 * boot runs in safe mode, which services are quarantined, and whether START
 * records are written; then answer "may this service start" and "is this
 * boot healthy now".  No I/O, no clock: uptime is a parameter.  The caller
 * writes the journal records the plan asks for (QUAR on/off, START,
 * HEALTHY).  Invariants: the plan never names a quarantine twice; safe
 * mode never holds when boot_loop_limit is 0; a new culprit is only found
 * when both previous boots were unhealthy and ended with the same START.
 */
#ifndef KEEL_BOOTCOUNT_H
#define KEEL_BOOTCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "init/journal/journal.h"
#include "svc/conf/svc.h"

/* Consecutive unhealthy boots whose last START must agree to quarantine. */
#define BOOTCOUNT_CULPRIT_BOOTS 2

/* This boot's decision.  Plain data: read the fields directly. */
struct bootcount_plan {
	uint32_t boot;               /* this boot's number */
	uint32_t streak;             /* unhealthy boots in a row before this one */
	uint32_t limit;              /* boot_loop_limit; 0: safe mode never */
	bool safe_mode;              /* start only services with safe = yes */
	bool record_starts;          /* write a START record before each spawn */
	char culprit[SVC_NAME_MAX];  /* quarantined by this boot ("" none): write QUAR on */
	char quar[SVC_MAX][SVC_NAME_MAX];    /* every quarantined name, culprit included */
	int nquar;
	char lifted[SVC_MAX][SVC_NAME_MAX];  /* quarantines a healthy boot cleared: write QUAR off */
	int nlifted;
};

/* Decide this boot.  tab[0..n) is the service table (a culprit that is not
 * in it is ignored).  Rules, with S = streak and L = boot_loop_limit:
 *  - the previous boot wrote HEALTHY (last_healthy_boot == boot - 1):
 *    the journal's quarantines are lifted (listed in lifted[]);
 *  - otherwise they are kept;
 *  - S >= 2 and the last START of both previous boots is the same known
 *    service: it becomes the culprit and is quarantined;
 *  - safe mode iff L > 0, S >= L and no culprit was found this boot (the
 *    culprit gets one boot to prove it was the cause);
 *  - START records are written iff S >= 1 and not in safe mode.
 * why gets a one-line reason.  Returns p->safe_mode. */
bool bootcount_plan(struct bootcount_plan *p, const struct journal_info *ji,
		    uint32_t boot_loop_limit, const struct svc_conf *tab, int n,
		    char *why, size_t len);

/* Switch this boot to safe mode at run time (on_limit = safe-mode): from
 * now on only safe = yes services may start and no START is written.  The
 * caller stops the others. */
void bootcount_force_safe(struct bootcount_plan *p);

/* Whether c may start this boot: false (why filled) when it is quarantined,
 * or in safe mode without safe = yes.  A bad config is not judged here. */
bool bootcount_may_start(const struct bootcount_plan *p, const struct svc_conf *c,
			 char *why, size_t len);

bool bootcount_is_quarantined(const struct bootcount_plan *p, const char *name);

/* initctl unquarantine NAME: drop it from the plan.  The caller writes QUAR
 * off and may start it.  Returns 0, or -ENOENT if it was not quarantined. */
int bootcount_unquarantine(struct bootcount_plan *p, const char *name);

/* Is the boot healthy now?  True iff uptime_ms >= boot_ok_after_ms and every
 * service in svcs[0..n) that is critical and may start this boot (not
 * quarantined; safe = yes in safe mode) has up[i] set (running, or done
 * for a oneshot).  why says what is missing, or that it is healthy.  The
 * caller writes HEALTHY once, the first time this returns true. */
bool bootcount_healthy(const struct bootcount_plan *p, uint64_t uptime_ms,
		       uint32_t boot_ok_after_ms, const struct svc_conf *const *svcs,
		       const bool *up, int n, char *why, size_t len);

#endif
