/* SPDX-License-Identifier: MIT */
/*
 * The journal API of init/journal/journal.h over one static engine context
 * (init/journal/jcore.h) and one store.  Time is CLOCK_BOOTTIME: seconds,
 * and the milliseconds past them.  Nothing
 * here can fail the boot: a store that cannot be opened, or a journal that
 * cannot be read, leaves a RAM-only state with boot 1 and info.err set.
 * Before journal_open() every call works on the RAM state alone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "init/journal/jcore.h"
#include "init/journal/journal.h"

static struct jcore engine;
static struct store backing;
static jid_busy_fn *busy_fn;

/* Now, as seconds since boot and the milliseconds past them. */
static uint32_t now(uint32_t *ms)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_BOOTTIME, &ts)) {
		*ms = 0;
		return 0;
	}
	*ms = (uint32_t)ts.tv_nsec / 1000000;
	return (uint32_t)ts.tv_sec;
}

static int open_common(const char *path, uint32_t size, bool resume, struct jstate *work)
{
	journal_close();
	int r = -ENOENT;
	if (!work)
		r = -EINVAL;   /* nothing to recover with: RAM only, the store untouched */
	else if (path && path[0])
		r = store_open(&backing, path, size, 0);
	uint32_t ms;
	uint32_t t = now(&ms);
	engine.work = work;   /* lent for the recovery alone */
	int e = jcore_open(&engine, r ? NULL : &backing, t, ms, resume);
	engine.work = NULL;
	engine.busy = busy_fn;
	if (r) {
		engine.info.err = r;   /* why there is no store, not the RAM-only -ENODEV */
		return r;
	}
	return e;
}

int journal_open(const char *path, uint32_t size, struct jstate *work)
{
	return open_common(path, size, false, work);
}

int journal_resume(const char *path, uint32_t size, struct jstate *work)
{
	return open_common(path, size, true, work);
}

const struct journal_info *journal_get_info(void)
{
	return jcore_info(&engine);
}

int journal_record(uint32_t type, const char *name, uint8_t a, uint32_t rc, int32_t exit)
{
	uint32_t ms;
	uint32_t t = now(&ms);
	return jcore_put(&engine, type, name, a, rc, exit, t, ms);   /* I/O errors are counted in info */
}

int journal_bind(const char *name)
{
	uint32_t ms;
	uint32_t t = now(&ms);
	return jcore_bind(&engine, name, t, ms);
}

void journal_set_busy(bool (*busy)(unsigned id))
{
	busy_fn = busy;
	engine.busy = busy;
}

int journal_job_last(const char *name, struct journal_rec *out)
{
	int id = jstate_find(&engine.state, name);
	if (!id)
		return -ENOENT;
	const struct jjob *j = &engine.state.job[id - 1];
	memset(out, 0, sizeof *out);
	memcpy(out, j->v, JK_NAME * sizeof j->v[0]);   /* keys up to on: the first fields */
	out->enable = j->v[JK_ENABLE];
	out->type = JREC_JOB;
	memcpy(out->name, j->name, SVC_NAME_MAX);
	return 0;
}

int journal_history(int n, void (*cb)(void *u, const struct journal_rec *r), void *u, struct jstate *work)
{
	if (!work)
		return -EINVAL;
	engine.work = work;   /* lent for the two walks alone */
	int r = jcore_history(&engine, n, cb, u);
	engine.work = NULL;
	return r;
}

bool journal_damage_text(const struct journal_info *ji, char *buf, unsigned size)
{
	snprintf(buf, size, "%u torn tails, %u CRC errors, %u refused, %u stale, %u seq gaps, %u I/O errors",
		 (unsigned)ji->torn_tails, (unsigned)ji->crc_errors, (unsigned)ji->refused, (unsigned)ji->stale,
		 (unsigned)ji->seq_gaps, (unsigned)ji->io_errors);
	return ji->torn_tails || ji->crc_errors || ji->refused || ji->stale || ji->seq_gaps || ji->io_errors;
}

void journal_close(void)
{
	if (engine.st)
		backing.ops->close(&backing);
	engine.st = NULL;
	engine.writable = false;
	engine.info.open = false;
}
