/* SPDX-License-Identifier: MIT */
/*
 * The journal's write side (init/journal/jcore.h): opening a segment (erase,
 * snapshot, read back), appending a frame (encode, pad to P, program,
 * read back), the record call, a new boot, and the boot-loop view in
 * journal_info.  A failed write is never retried in place: the record is
 * already in the RAM state, so the next segment's snapshot carries it.
 * When the next two segments cannot be opened either, the context goes
 * RAM-only (writable false) and says so in info.
 */
#include <errno.h>
#include <string.h>

#include "init/journal/jcore.h"

/* The frame just programmed at [at, at + len) reads back valid: 0 or -EIO. */
static int read_back(struct jcore *c, uint32_t at, uint32_t len)
{
	uint32_t seq, payload_len;
	if (!jframe_at(&c->win, at, at + len, &seq, &payload_len))
		return -EIO;
	return 0;
}

/* Frame r at c->buf, padded with 0xFF to P, and write it at off of
 * segment seg (off 0: a new segment, erased first), which becomes the
 * active one; read back.  -ENOSPC if it does not fit (nothing written). */
static int write_rec(struct jcore *c, const struct jrec *r, uint32_t seg, uint32_t off)
{
	const struct jlayout *l = &c->layout;
	int payload_len = jrec_encode(r, &c->state, c->buf + JF_HDR, JF_PAYLOAD_MAX);
	if (payload_len < 0)
		return payload_len;
	uint32_t padded = jalign((uint32_t)payload_len + JF_OVERHEAD, l->prog_unit);
	if (off + padded > l->seg_size)
		return -ENOSPC;
	uint32_t seg_start = seg * l->seg_size;
	uint32_t at = seg_start + off;
	uint32_t len = jframe_seal(c->buf, c->seq, (uint32_t)payload_len);
	c->seq++;
	memset(c->buf + len, 0xff, padded - len);
	int e = 0;
	c->win.len = 0;   /* what the read window holds may be stale from here on */
	if (off == 0)
		e = c->st->ops->erase(c->st, seg_start, l->seg_size);
	if (!e)
		e = c->st->ops->prog(c->st, at, c->buf, padded);
	if (!e)
		e = read_back(c, at, padded);
	if (e)
		return e;
	c->cur = seg;
	c->off = off + padded;
	return 0;
}

int jcore_open_seg(struct jcore *c, uint32_t seg, uint32_t t, uint32_t ms)
{
	struct jrec snap;   /* the state's own values (its rows come from c->state) */
	memcpy(snap.v, c->state.v, sizeof snap.v);
	snap.v[JK_TYPE] = JREC_SNAPSHOT;
	snap.v[JK_T] = t;
	snap.v[JK_MS] = ms;
	snap.v[JK_LAYOUT] = c->layout_value;
	return write_rec(c, &snap, seg, 0);
}

static void go_ram_only(struct jcore *c)
{
	c->info.io_errors++;
	c->writable = false;
	c->info.open = false;
	c->info.err = -EIO;
}

/* A full or failed segment: open the next one (after a failure there,
 * the one after), whose snapshot carries r (already in c->state); when
 * the old one was full, r goes after the snapshot too.  Then RAM-only. */
int jcore_append(struct jcore *c, const struct jrec *r)
{
	if (!c->writable)
		return -EROFS;
	uint32_t failed = c->cur;
	int e = write_rec(c, r, c->cur, c->off);
	for (uint32_t step = 1; e && step <= 2 && step < c->layout.seg_count; step++) {
		bool was_full = e == -ENOSPC;
		if (!was_full)
			c->info.io_errors++;
		e = jcore_open_seg(c, (failed + step) % c->layout.seg_count, r->v[JK_T], r->v[JK_MS]);
		if (!e && was_full)
			e = write_rec(c, r, c->cur, c->off);
	}
	if (e) {
		go_ram_only(c);
		return -EIO;
	}
	return 0;
}

static const char *name_of(const struct jcore *c, uint32_t id)
{
	if (id == 0 || id > SVC_MAX)
		return "";
	return c->state.job[id - 1].name;
}

const struct journal_info *jcore_info(struct jcore *c)
{
	struct journal_info *ji = &c->info;
	const struct jstate *s = &c->state;
	ji->boot = s->v[JK_BOOT];
	ji->unhealthy_streak = s->v[JK_STREAK];
	ji->last_healthy_boot = s->v[JK_HEALTHY];
	ji->prev_last_start = name_of(c, s->v[JK_PSTART]);
	ji->prev2_last_start = name_of(c, c->prev2_start);
	ji->nquarantined = 0;
	ji->quarantined = c->quarantined;
	for (int i = 0; i < SVC_MAX; i++)
		if (s->job[i].name[0] && s->job[i].v[JK_ON])
			c->quarantined[ji->nquarantined++] = s->job[i].name;
	return ji;
}

/* Apply r unless it changes nothing (BOOT and BIND always), then append. */
static int put_rec(struct jcore *c, const struct jrec *r)
{
	uint32_t type = r->v[JK_TYPE];
	bool always = type == JREC_BOOT || type == JREC_BIND || type == JREC_HOOK;
	if (!always && !jstate_apply(&c->state, r, true))
		return 0;   /* nothing changed: no write */
	jstate_apply(&c->state, r, false);
	return jcore_append(c, r);
}

/* The job id of name, bound by a BIND record (r is the scratch for it)
 * if it has none.  The id, or -EINVAL (a name the decoder would refuse)
 * or -ENOSPC (no id free). */
static int bind_name(struct jcore *c, struct jrec *r, const char *name)
{
	uint32_t len = (uint32_t)strnlen(name, SVC_NAME_MAX);
	if (len == 0 || len == SVC_NAME_MAX || !cbor_text_ok(name, len))
		return -EINVAL;
	int id = jstate_find(&c->state, name);
	if (id)
		return id;
	id = jstate_pick(&c->state, c->busy);
	if (!id)
		return -ENOSPC;
	r->v[JK_TYPE] = JREC_BIND;   /* the name and a new job's row */
	r->v[JK_JOB] = (uint32_t)id;
	memcpy(r->name, name, len);
	(void)put_rec(c, r);   /* on failure the state still holds it */
	return id;
}

int jcore_bind(struct jcore *c, const char *name, uint32_t t, uint32_t ms)
{
	uint32_t boot = c->state.v[JK_BOOT];
	struct jrec r = { .v = { [JK_BOOT] = boot, [JK_T] = t, [JK_MS] = ms, [JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE } };
	return bind_name(c, &r, name);
}

int jcore_put(struct jcore *c, uint32_t type, const char *name, uint8_t a, uint32_t rc, int32_t exit,
	      uint32_t t, uint32_t ms)
{
	uint32_t boot = c->state.v[JK_BOOT];   /* HEALTHY, SHUTDOWN: this boot */
	struct jrec r = { .v = { [JK_BOOT] = boot, [JK_T] = t, [JK_MS] = ms, [JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE,
				 [JK_HEALTHY] = boot, [JK_CLEAN] = boot } };
	if (name) {
		int id = bind_name(c, &r, name);
		if (id < 0)
			return id;
		r.v[JK_JOB] = (uint32_t)id;
		r.v[JK_LSTART] = (uint32_t)id;   /* START: the last START is this job */
	}
	r.v[JK_TYPE] = type;
	r.v[JK_STATE] = a;
	r.v[JK_ON] = a != 0;
	r.v[JK_ENABLE] = a;
	r.v[JK_RC] = rc;
	r.v[JK_EXIT] = (uint32_t)exit;
	return put_rec(c, &r);
}

/* A new boot: the boot-loop view the last one left, as a BOOT record. */
static int put_boot(struct jcore *c, uint32_t t, uint32_t ms)
{
	const uint32_t *v = c->state.v;
	bool healthy = v[JK_BOOT] == 0 || v[JK_HEALTHY] == v[JK_BOOT] || v[JK_CLEAN] == v[JK_BOOT];
	struct jrec boot;
	memcpy(boot.v, v, sizeof boot.v);
	boot.v[JK_TYPE] = JREC_BOOT;
	boot.v[JK_T] = t;
	boot.v[JK_MS] = ms;
	boot.v[JK_BOOT] = v[JK_BOOT] + 1;
	boot.v[JK_LSTART] = 0;
	if (healthy) {
		boot.v[JK_PSTART] = 0;
		boot.v[JK_STREAK] = 0;
	} else {
		boot.v[JK_PSTART] = v[JK_LSTART];
		boot.v[JK_STREAK] = v[JK_STREAK] + 1;
	}
	return put_rec(c, &boot);
}

int jcore_open(struct jcore *c, struct store *st, uint32_t t, uint32_t ms, bool resume)
{
	int r = jcore_recover(c, st);
	c->prev2_start = resume ? 0 : c->state.v[JK_PSTART];   /* the boot before the previous one */
	c->writable = r == 0;   /* st is open for writing (a read-only one fails its writes) */
	c->info.open = c->writable;
	bool same_boot = resume && c->state.v[JK_BOOT] != 0;
	if (!same_boot) {
		int e = put_boot(c, t, ms);
		if (r == 0)
			r = e;
	}
	c->info.err = r;
	return r;
}
