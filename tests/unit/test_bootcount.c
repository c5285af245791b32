/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of init/health/bootcount.c: streak below/at/above boot_loop_limit,
 * a culprit in 1 vs 2 consecutive unhealthy boots, a healthy boot lifting
 * quarantines, unquarantine, the boot-health check with a fake uptime, and
 * a boot-by-boot simulation of a board that a service keeps killing, which
 * checks the boot numbers docs/restart.md gives.
 */
#include <errno.h>
#include <string.h>

#include "svc/conf/conf_store.h"
#include "init/health/bootcount.h"
#include "tests/unit/t.h"

static struct svc_conf tab[3];
static struct bootcount_plan plan;
static char why[256];

static void tab_init(void)
{
	memset(tab, 0, sizeof tab);
	for (int i = 0; i < 3; i++)
		conf_store_empty(&tab[i]);
	tab[0].name = "net";
	tab[0].critical = true;
	tab[0].safe = true;
	tab[1].name = "app";
	tab[1].critical = true;
	tab[2].name = "crasher";
}

static struct journal_info info(uint32_t boot, uint32_t streak, const char *prev, const char *prev2)
{
	struct journal_info ji;
	memset(&ji, 0, sizeof ji);
	ji.open = true;
	ji.boot = boot;
	ji.unhealthy_streak = streak;
	ji.last_healthy_boot = streak ? (boot > streak + 1 ? boot - streak - 1 : 0) : boot - 1;
	ji.prev_last_start = prev;
	ji.prev2_last_start = prev2;
	return ji;
}

/* The same with one quarantine carried in the journal. */
static struct journal_info info_q(uint32_t boot, uint32_t streak, const char *prev,
				  const char *prev2, const char *quar)
{
	static const char *q[1];
	struct journal_info ji = info(boot, streak, prev, prev2);
	q[0] = quar;
	ji.quarantined = q;
	ji.nquarantined = 1;
	return ji;
}

static bool plan_for(const struct journal_info *ji, uint32_t limit)
{
	return bootcount_plan(&plan, ji, limit, tab, 3, why, sizeof why);
}

static void test_streak(void)
{
	struct journal_info ji = info(1, 0, "", "");
	ok(!plan_for(&ji, 3), "streak 0: normal");
	ok(!plan.record_starts, "streak 0: no START records");
	is_str(why, "boot 1: normal", "streak 0: reason");
	ji = info(7, 2, "", "");
	ok(!plan_for(&ji, 3), "streak 2 < limit 3: not safe mode");
	ok(plan.record_starts, "streak 2: START records");
	ok(strstr(why, "suspect: 2 unhealthy boots in a row (safe mode from 3)") != NULL,
	   "streak 2: reason says suspect (%s)", why);
	ji = info(8, 3, "", "");
	ok(plan_for(&ji, 3), "streak 3 = limit 3: safe mode");
	ok(plan.safe_mode, "plan says safe mode");
	ok(!plan.record_starts, "safe mode: no START records");
	ok(strstr(why, "safe mode: 3 unhealthy boots in a row (boot_loop_limit 3)") != NULL,
	   "streak 3: reason (%s)", why);
	ji = info(9, 4, "app", "net");
	ok(plan_for(&ji, 3), "streak 4 > limit 3: safe mode");
	ji = info(100, 99, "", "");
	ok(!plan_for(&ji, 0), "boot_loop_limit 0: never safe mode");
	ok(plan.record_starts, "boot_loop_limit 0: START records still written");
	ok(strstr(why, "safe mode off") != NULL, "limit 0: reason (%s)", why);

	tab[0].safe = false;
	ji = info(8, 3, "", "");
	plan_for(&ji, 3);
	ok(strstr(why, "no service has safe = yes") != NULL, "safe mode without safe services is said");
	tab[0].safe = true;
}

static void test_culprit(void)
{
	struct journal_info ji = info(5, 1, "crasher", "");
	plan_for(&ji, 3);
	ok(!bootcount_is_quarantined(&plan, "crasher"), "last START in 1 unhealthy boot: not quarantined");
	ji = info(5, 2, "crasher", "app");
	plan_for(&ji, 3);
	ok(!bootcount_is_quarantined(&plan, "crasher"), "different last STARTs: not quarantined");
	is_int(plan.nquar, 0, "nothing quarantined");
	ji = info(5, 2, "crasher", "crasher");
	plan_for(&ji, 3);
	ok(bootcount_is_quarantined(&plan, "crasher"), "same last START in 2 unhealthy boots: quarantined");
	is_str(plan.culprit, "crasher", "it is this boot's culprit (write QUAR on)");
	ok(strstr(why, "quarantined crasher") != NULL, "reason names it (%s)", why);
	ok(!bootcount_may_start(&plan, &tab[2], why, sizeof why), "the culprit may not start");
	is_str(why, "quarantined: started last before 2 unhealthy boots in a row "
	       "(initctl unquarantine crasher)", "may_start says why");
	ok(bootcount_may_start(&plan, &tab[1], why, sizeof why), "another service may start");

	ji = info(5, 1, "crasher", "crasher");
	plan_for(&ji, 3);
	ok(!bootcount_is_quarantined(&plan, "crasher"), "streak 1 cannot have 2 unhealthy boots");
	ji = info(5, 2, "gone", "gone");
	plan_for(&ji, 3);
	ok(!bootcount_is_quarantined(&plan, "gone"), "a culprit not in the table is ignored");

	ji = info(9, 3, "crasher", "crasher");
	ok(!plan_for(&ji, 3), "culprit at streak = limit: quarantine instead of safe mode");
	ok(strstr(why, "instead of safe mode") != NULL, "reason says so (%s)", why);
	ok(plan.record_starts, "and START records are written");
	ji = info(9, 3, "gone", "gone");
	ok(plan_for(&ji, 3), "an unknown culprit does not defer safe mode");
}

static void test_carried(void)
{
	struct journal_info ji = info_q(6, 1, "app", "", "crasher");
	plan_for(&ji, 3);
	ok(bootcount_is_quarantined(&plan, "crasher"), "quarantine kept after an unhealthy boot");
	is_str(plan.culprit, "", "a kept quarantine is not a new culprit");
	ok(!bootcount_may_start(&plan, &tab[2], why, sizeof why), "kept quarantine may not start");
	ok(strstr(why, "since an earlier") != NULL, "why (%s)", why);

	ji = info_q(6, 0, "", "", "crasher");
	ji.last_healthy_boot = 3;   /* boot 5 ended with SHUTDOWN, never HEALTHY */
	plan_for(&ji, 3);
	ok(bootcount_is_quarantined(&plan, "crasher"), "a clean shutdown does not lift a quarantine");

	ji = info_q(6, 0, "", "", "crasher");
	plan_for(&ji, 3);
	ok(!bootcount_is_quarantined(&plan, "crasher"), "a healthy boot lifts the quarantine");
	is_int(plan.nlifted, 1, "one lifted (write QUAR off)");
	is_str(plan.lifted[0], "crasher", "lifted names it");
	ok(bootcount_may_start(&plan, &tab[2], why, sizeof why), "it may start again");

	ji = info_q(9, 4, "net", "app", "crasher");
	ok(plan_for(&ji, 3), "a kept quarantine does not defer safe mode");

	ji = info_q(9, 2, "crasher", "crasher", "crasher");
	plan_for(&ji, 3);
	is_int(plan.nquar, 1, "never quarantined twice");
}

static void test_unquarantine(void)
{
	struct journal_info ji = info_q(5, 2, "crasher", "crasher", "app");
	plan_for(&ji, 3);
	is_int(plan.nquar, 2, "two quarantined");
	is_int(bootcount_unquarantine(&plan, "crasher"), 0, "unquarantine crasher");
	ok(bootcount_may_start(&plan, &tab[2], NULL, 0), "crasher may start now");
	is_str(plan.culprit, "", "no culprit left");
	ok(bootcount_is_quarantined(&plan, "app"), "app still quarantined");
	is_int(bootcount_unquarantine(&plan, "crasher"), -ENOENT, "twice: -ENOENT");
	is_int(bootcount_unquarantine(&plan, "nosuch"), -ENOENT, "unknown: -ENOENT");
	is_int(bootcount_unquarantine(&plan, "app"), 0, "unquarantine app");
	is_int(plan.nquar, 0, "none left");
}

static void test_safe_gate(void)
{
	struct journal_info ji = info_q(8, 3, "", "", "net");
	plan_for(&ji, 3);
	ok(!bootcount_may_start(&plan, &tab[1], why, sizeof why), "safe mode: app (not safe) may not start");
	is_str(why, "safe mode: only services with safe = yes start", "why");
	ok(!bootcount_may_start(&plan, &tab[0], why, sizeof why), "safe but quarantined: may not start");
	ok(strstr(why, "quarantined") != NULL, "quarantine is the reason (%s)", why);
	bootcount_unquarantine(&plan, "net");
	ok(bootcount_may_start(&plan, &tab[0], why, sizeof why), "safe mode: net (safe) may start");

	ji = info(2, 0, "", "");
	plan_for(&ji, 3);
	ok(bootcount_may_start(&plan, &tab[1], NULL, 0), "normal boot: app may start");
	bootcount_force_safe(&plan);
	ok(plan.safe_mode && !plan.record_starts, "force_safe: safe mode, no START records");
	ok(!bootcount_may_start(&plan, &tab[1], NULL, 0), "force_safe: app may not start");
}

static void test_healthy(void)
{
	const struct svc_conf *svcs[3] = { &tab[0], &tab[1], &tab[2] };
	bool up[3] = { true, true, false };
	struct journal_info ji = info(2, 0, "", "");
	plan_for(&ji, 3);
	ok(!bootcount_healthy(&plan, 29999, 30000, svcs, up, 3, why, sizeof why), "uptime ok-1 ms: not yet");
	is_str(why, "not yet healthy: up 29999 ms of boot_ok_after 30000 ms", "why");
	ok(bootcount_healthy(&plan, 30000, 30000, svcs, up, 3, why, sizeof why),
	   "uptime = boot_ok_after, criticals up, non-critical down: healthy");
	is_str(why, "healthy: up 30000 ms with 2 critical services running", "why");
	up[1] = false;
	ok(!bootcount_healthy(&plan, 90000, 30000, svcs, up, 3, why, sizeof why), "critical app down: not healthy");
	is_str(why, "not yet healthy: critical service app is not running", "why names it");

	bootcount_force_safe(&plan);
	ok(bootcount_healthy(&plan, 30000, 30000, svcs, up, 3, why, sizeof why),
	   "safe mode: a critical service that may not start is not waited for");
	plan.safe_mode = false;
	ji = info(4, 2, "app", "app");
	plan_for(&ji, 3);
	ok(bootcount_healthy(&plan, 30000, 30000, svcs, up, 3, why, sizeof why),
	   "a quarantined critical service is not waited for");
	ok(bootcount_healthy(&plan, 0, 0, svcs, up, 0, NULL, 0), "no services, boot_ok_after 0: healthy");
}

static void test_damaged_info(void)
{
	static char longx[3 * SVC_NAME_MAX], longq[3 * SVC_NAME_MAX];
	static const char *q[SVC_MAX];
	memset(longx, 'x', sizeof longx - 1);
	memset(longq, 'q', sizeof longq - 1);
	for (int i = 0; i < SVC_MAX; i++)
		q[i] = longq;
	struct journal_info ji = info(5, 2, longx, longx);
	ji.quarantined = q;
	ji.nquarantined = 1000;
	plan_for(&ji, 3);
	is_int(plan.nquar, 1, "over-long, repeated names: one quarantine, cut to size");
	is_int((int)strlen(plan.quar[0]), SVC_NAME_MAX - 1, "cut to SVC_NAME_MAX-1");
	ji.nquarantined = -5;
	plan_for(&ji, 3);
	is_int(plan.nquar, 0, "negative count: nothing");
}

/* The board: net, app, crasher started in that order.  Each boot either
 * dies (unhealthy) or writes HEALTHY.  The journal is modelled as
 * docs/journal.md recovers it. */
struct board {
	uint32_t boot, streak, last_healthy;
	char prev[SVC_NAME_MAX], prev2[SVC_NAME_MAX];
	char quar[SVC_MAX][SVC_NAME_MAX];
	int nquar;
};

enum fault { F_CRASHER, F_LATE, F_EARLY };   /* crasher kills; dies after / before all starts */

/* One boot; returns 'N'ormal, 'Q'uarantine (a new culprit) or 'S'afe. */
static char boot_once(struct board *b, enum fault f)
{
	struct journal_info ji = info(++b->boot, b->streak, b->prev, b->prev2);
	ji.last_healthy_boot = b->last_healthy;
	const char *q[SVC_MAX];
	for (int i = 0; i < b->nquar; i++)
		q[i] = b->quar[i];
	ji.quarantined = q;
	ji.nquarantined = b->nquar;
	bool safe = plan_for(&ji, 3);
	char last[SVC_NAME_MAX] = "";
	bool crashed = f != F_CRASHER;
	for (int i = 0; i < 3 && f != F_EARLY; i++) {
		if (!bootcount_may_start(&plan, &tab[i], NULL, 0))
			continue;
		if (plan.record_starts)
			strcpy(last, tab[i].name);
		crashed = crashed || strcmp(tab[i].name, "crasher") == 0;
	}
	memcpy(b->quar, plan.quar, sizeof b->quar);
	b->nquar = plan.nquar;
	strcpy(b->prev2, b->prev);
	strcpy(b->prev, crashed ? last : "");
	b->streak = crashed ? b->streak + 1 : 0;
	if (!crashed)
		b->last_healthy = b->boot;
	return safe ? 'S' : plan.culprit[0] ? 'Q' : 'N';
}

static void simulate(enum fault f, int boots, const char *want, const char *what)
{
	struct board b = { 0 };
	char seq[16] = "";
	for (int i = 0; i < boots && i < 15; i++)
		seq[i] = boot_once(&b, f);
	is_str(seq, want, "%s", what);
}

static void test_simulation(void)
{
	simulate(F_CRASHER, 8, "NNNQNNNQ", "crasher: quarantined at boot 4, lifted after it, again at 8");
	simulate(F_LATE, 8, "NNNQSSSS", "fault after every start: culprit at boot 4, safe mode from 5");
	simulate(F_EARLY, 6, "NNNSSS", "fault before any start: safe mode from boot 4");
}

int main(void)
{
	tab_init();
	test_streak();
	test_culprit();
	test_carried();
	test_unquarantine();
	test_safe_gate();
	test_healthy();
	test_damaged_info();
	test_simulation();
	return done();
}
