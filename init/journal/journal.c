/* SPDX-License-Identifier: MIT */
/*
 * The journal API of init/journal/journal.h over one static engine context
 * (init/journal/jcore.h) and one store.  Time is CLOCK_BOOTTIME seconds.  Nothing
 * here can fail the boot: a store that cannot be opened, or a journal that
 * cannot be read, leaves a RAM-only state with boot 1 and info.err set.
 * Before journal_open() every call works on the RAM state alone.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "init/journal/jcore.h"
#include "init/journal/journal.h"

static struct jcore J;
static struct store S;

static uint32_t now_s(void)
{
	struct timespec ts;
	return clock_gettime(CLOCK_BOOTTIME, &ts) ? 0 : (uint32_t)ts.tv_sec;
}

static int open_common(const char *path, uint32_t size, bool resume)
{
	journal_close();
	int r = path && path[0] ? store_open(&S, path, size, 0) : -ENOENT;
	int e = jcore_open(&J, r ? NULL : &S, now_s(), resume);
	return r ? (J.info.err = r) : e;
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
	return jcore_info(&J);
}

void journal_record(uint32_t type, const char *name, uint8_t a, uint32_t rc, int32_t exit)
{
	(void)jcore_put(&J, type, name, a, rc, exit, now_s());   /* counted in info */
}

int journal_job_last(const char *name, struct journal_rec *out)
{
	int id = jstate_find(&J.s, name);
	if (!id)
		return -ENOENT;
	const struct jjob *j = &J.s.job[id - 1];
	memset(out, 0, sizeof *out);
	memcpy(out, j->v, sizeof j->v);
	out->type = JREC_JOB;
	memcpy(out->name, j->name, SVC_NAME_MAX);
	return 0;
}

int journal_history(int n, void (*cb)(void *u, const struct journal_rec *r), void *u)
{
	return jcore_history(&J, n, cb, u);
}

void journal_close(void)
{
	if (J.st)
		S.ops->close(&S);
	J.st = NULL;
	J.writable = J.info.open = false;
}
