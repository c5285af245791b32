/* SPDX-License-Identifier: MIT */
/*
 * The journal API of init/journal.h over one static engine context
 * (init/jcore.h) and one store.  Time is CLOCK_BOOTTIME seconds.  Nothing
 * here can fail the boot: a store that cannot be opened, or a journal that
 * cannot be read, leaves a RAM-only state with boot 1 and info.err set.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "init/jcore.h"
#include "init/journal.h"

static struct jcore J;
static struct store S;
static bool have_store;

static uint32_t now_s(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return 0;
	return (uint32_t)ts.tv_sec;
}

/* A journal id: random when the kernel has entropy, else time and pid. */
static uint64_t new_id(void)
{
	uint64_t v = 0;
	struct timespec ts = { 0 };
	if (getrandom(&v, sizeof v, GRND_NONBLOCK) != (ssize_t)sizeof v)
		v = 0;
	(void)clock_gettime(CLOCK_REALTIME, &ts);   /* zeros are fine */
	v ^= ((uint64_t)ts.tv_sec << 32 ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid()) *
	     0x9e3779b97f4a7c15ull;
	return v ? v : 1;
}

/* Calls before journal_open() still get a consistent RAM state. */
static void ensure(void)
{
	if (!J.info.boot)
		(void)jcore_open(&J, NULL, 0, now_s(), false);
}

static int open_common(const char *path, uint32_t size, bool resume)
{
	journal_close();
	int r = path && path[0] ? store_open(&S, path, size, 0) : -ENOENT;
	if (r) {
		(void)jcore_open(&J, NULL, 0, now_s(), false);
		J.info.err = r;
		return r;
	}
	have_store = true;
	return jcore_open(&J, &S, new_id(), now_s(), resume);
}

int journal_open(const char *path, uint32_t size)
{
	return open_common(path, size, false);
}

int journal_resume(const char *path, uint32_t size)
{
	return open_common(path, size, true);
}

const struct journal_info *journal_get_info(void)
{
	ensure();
	return &J.info;
}

void journal_job(const char *name, uint8_t state, uint32_t restart_count, int32_t exit)
{
	ensure();
	(void)jcore_job(&J, name, state, restart_count, exit, now_s());   /* counted in info */
}

void journal_start(const char *name)
{
	ensure();
	(void)jcore_start(&J, name, now_s());
}

void journal_healthy(void)
{
	ensure();
	(void)jcore_mark(&J, JREC_HEALTHY, now_s());
}

void journal_shutdown(void)
{
	ensure();
	(void)jcore_mark(&J, JREC_SHUTDOWN, now_s());
}

void journal_quarantine(const char *name, bool on)
{
	ensure();
	(void)jcore_quar(&J, name, on, now_s());
}

int journal_job_last(const char *name, struct journal_rec *out)
{
	ensure();
	int id = jstate_find(&J.s, name);
	if (!id)
		return -ENOENT;
	const struct jjob *j = &J.s.job[id - 1];
	*out = (struct journal_rec){ .seq = 0, .type = JREC_JOB, .boot = j->boot, .t = j->t,
				     .state = j->state, .restart_count = j->rc, .exit = j->exit };
	memcpy(out->name, j->name, SVC_NAME_MAX);
	return 0;
}

int journal_history(int n, void (*cb)(void *u, const struct journal_rec *r), void *u)
{
	return have_store ? jcore_history(&J, n, cb, u) : 0;
}

void journal_close(void)
{
	if (have_store && S.ops)
		S.ops->close(&S);
	have_store = false;
	J.writable = false;
	J.info.open = false;
}
