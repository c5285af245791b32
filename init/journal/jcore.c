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

/* Frame r at c->buf, padded with 0xFF to P, and write it at off of
 * segment x (off 0: a new segment, erased first), which becomes the
 * active one; read back.  -ENOSPC if it does not fit (nothing written). */
static int write_rec(struct jcore *c, const struct jrec *r, uint32_t x, uint32_t off)
{
	int n = jrec_encode(r, &c->s, c->buf + JF_HDR, JF_PAYLOAD_MAX), e = 0;
	uint32_t pad = jalign((uint32_t)n + JF_OVERHEAD, c->p), at = x * c->g + off, seq, len;
	if (n < 0 || off + pad > c->g)
		return n < 0 ? n : -ENOSPC;
	len = jframe_seal(c->buf, c->seq++, (uint32_t)n);
	memset(c->buf + len, 0xff, pad - len);
	if (!off)
		e = c->st->ops->erase(c->st, x * c->g, c->g);
	c->win.len = 0;
	if (!e && !(e = c->st->ops->prog(c->st, at, c->buf, pad)))
		e = jframe_at(&c->win, at, at + pad, &seq, &len) ? 0 : -EIO;
	if (!e)
		c->cur = x, c->off = off + pad;
	return e;
}

#define count_io(c) ((c)->info.io_errors++)

int jcore_open_seg(struct jcore *c, uint32_t x, uint32_t t)
{
	struct jrec snap;   /* the state's own values (its rows come from c->s) */
	memcpy(snap.v, c->s.v, sizeof snap.v);
	snap.v[JK_TYPE] = JREC_SNAPSHOT;
	snap.v[JK_T] = t;
	snap.v[JK_LAYOUT] = c->layout;
	return write_rec(c, &snap, x, 0);
}

/* A full or failed segment: open the next one (after a failure there,
 * the one after), whose snapshot carries r (already in c->s); when the
 * old one was full, r goes after the snapshot too.  Then RAM-only. */
int jcore_append(struct jcore *c, const struct jrec *r)
{
	if (!c->writable)
		return -EROFS;
	int e = write_rec(c, r, c->cur, c->off);
	for (uint32_t i = 1, old = c->cur; e && i <= 2 && i < c->n; i++) {
		bool full = e == -ENOSPC;
		if (!full)
			count_io(c);
		if (!(e = jcore_open_seg(c, (old + i) % c->n, r->v[JK_T])) && full)
			e = write_rec(c, r, c->cur, c->off);
	}
	if (e) {
		count_io(c);
		c->writable = c->info.open = false;
		c->info.err = e = -EIO;
	}
	return e;
}

static const char *name_of(const struct jcore *c, uint32_t id)
{
	return id && id <= SVC_MAX ? c->s.job[id - 1].name : "";
}

const struct journal_info *jcore_info(struct jcore *c)
{
	struct journal_info *ji = &c->info;
	ji->boot = c->s.v[JK_BOOT];
	ji->unhealthy_streak = c->s.v[JK_STREAK];
	ji->last_healthy_boot = c->s.v[JK_HEALTHY];
	ji->prev_last_start = name_of(c, c->s.v[JK_PSTART]);
	ji->prev2_last_start = name_of(c, c->prev2);
	ji->nquarantined = 0;
	ji->quarantined = c->quar;
	for (int i = 0; i < SVC_MAX; i++)
		if (c->s.job[i].name[0] && c->s.job[i].v[JK_ON])
			c->quar[ji->nquarantined++] = c->s.job[i].name;
	return ji;
}

/* Apply r unless it changes nothing (BOOT and BIND always), then append. */
static int put_rec(struct jcore *c, const struct jrec *r)
{
	uint32_t type = r->v[JK_TYPE];
	if (type != JREC_BOOT && type != JREC_BIND && !jstate_apply(&c->s, r, true))
		return 0;   /* nothing changed: no write */
	jstate_apply(&c->s, r, false);
	return jcore_append(c, r);
}

int jcore_put(struct jcore *c, uint32_t type, const char *name, uint8_t a, uint32_t rc, int32_t exit,
	      uint32_t t)
{
	uint32_t boot = c->s.v[JK_BOOT];   /* HEALTHY, SHUTDOWN: this boot */
	struct jrec r = { .v = { [JK_BOOT] = boot, [JK_T] = t, [JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE,
				 [JK_HEALTHY] = boot, [JK_CLEAN] = boot } };
	if (name) {   /* the job's id, bound by a BIND record if it has none */
		uint32_t n = (uint32_t)strnlen(name, SVC_NAME_MAX);
		int id = jstate_find(&c->s, name);
		if (!n || n == SVC_NAME_MAX || !cbor_text_ok(name, n))
			return -EINVAL;   /* what the decoder would refuse */
		if (!id) {   /* a BIND first: the name and a new job's row */
			if (!(id = jstate_pick(&c->s)))
				return -ENOSPC;
			r.v[JK_TYPE] = JREC_BIND;
			r.v[JK_JOB] = (uint32_t)id;
			memcpy(r.name, name, n);
			(void)put_rec(c, &r);   /* on failure the state still holds it */
		}
		r.v[JK_JOB] = r.v[JK_LSTART] = (uint32_t)id;   /* START: the last START is this job */
	}
	r.v[JK_TYPE] = type;
	r.v[JK_STATE] = a;
	r.v[JK_ON] = !!a;
	r.v[JK_RC] = rc;
	r.v[JK_EXIT] = (uint32_t)exit;
	return put_rec(c, &r);
}

int jcore_open(struct jcore *c, struct store *st, uint32_t t, bool resume)
{
	int r = jcore_recover(c, st);
	uint32_t *v = c->s.v;
	c->prev2 = resume ? 0 : v[JK_PSTART];   /* the boot before the previous one */
	c->writable = c->info.open = !r;   /* st is open for writing (a read-only one fails its writes) */
	if (!(resume && v[JK_BOOT])) {   /* the boot-loop view as a BOOT record */
		bool ok = !v[JK_BOOT] || v[JK_HEALTHY] == v[JK_BOOT] || v[JK_CLEAN] == v[JK_BOOT];
		struct jrec b;
		memcpy(b.v, v, sizeof b.v);
		b.v[JK_TYPE] = JREC_BOOT;
		b.v[JK_T] = t;
		b.v[JK_BOOT]++;
		b.v[JK_PSTART] = ok ? 0 : v[JK_LSTART];
		b.v[JK_LSTART] = 0;
		b.v[JK_STREAK] = ok ? 0 : v[JK_STREAK] + 1;
		int e = put_rec(c, &b);
		r = r ? r : e;
	}
	return c->info.err = r;
}
