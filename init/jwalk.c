/* SPDX-License-Identifier: MIT */
/*
 * Reading the whole journal, oldest segment first: the walk behind
 * journal_history() and the host tool.  Names are resolved as they were
 * when each record was written (each segment's snapshot, then its BINDs),
 * so a job id that was later given to another name still reads right.
 * Reads only; the geometry comes from recovery or from jcore_probe().
 */
#include <errno.h>
#include <string.h>

#include "init/jcore.h"
#include "svc/jobstate.h"

int jcore_probe(struct jcore *c, struct store *st)
{
	uint8_t hb[JSEG_AREA];
	struct jseg h;
	bool any = false;
	memset(c, 0, sizeof *c);
	jstate_init(&c->s);
	jwin_init(&c->win, st, c->buf, JF_MAX);
	c->st = st;
	for (uint32_t off = 0; off < st->geom.size && st->geom.size - off >= JSEG_AREA;
	     off += 1u << JSEG_MIN_LOG2) {
		if (st->ops->read(st, off, hb, sizeof hb) || jseg_unpack(hb, &h) < 0)
			continue;
		if (h.log2g < JSEG_MIN_LOG2 || h.log2g > JSEG_MAX_LOG2 || h.log2p > 12 ||
		    off & ((1u << h.log2g) - 1) || (any && !jnewer(h.seq, c->seg_seq)))
			continue;
		any = true;
		c->seg_seq = h.seq;
		c->id = h.id;
		c->log2g = h.log2g;
		c->log2p = h.log2p;
	}
	if (!any)
		return -ENOENT;
	c->g = 1u << c->log2g;
	c->p = 1u << c->log2p;
	c->n = st->geom.size / c->g;
	if (c->n > JSEG_COUNT_MAX)
		c->n = JSEG_COUNT_MAX;
	c->data0 = jalign(JSEG_AREA, c->p);
	return 0;
}

struct walk {
	uint32_t order[JSEG_COUNT_MAX];
	uint32_t seq[JSEG_COUNT_MAX];
	uint32_t n;
};

/* Segments of this journal, oldest first; JW_BADHDR for damaged headers. */
static void order_segs(struct jcore *c, struct walk *w,
		       void (*cb)(void *u, const struct jwalk_item *it), void *u)
{
	uint8_t hb[JSEG_AREA];
	struct jseg h;
	w->n = 0;
	for (uint32_t x = 0; x < c->n; x++) {
		struct jwalk_item it = { .kind = JW_BADHDR, .seg = x };
		int v = c->st->ops->read(c->st, x * c->g, hb, sizeof hb) ? -1 : jseg_unpack(hb, &h);
		bool erased = v < 0 && jwin_erased(&c->win, x * c->g, x * c->g + JSEG_AREA) == 1;
		if (v != 0 && !erased)
			cb(u, &it);
		if (v < 0 || h.id != c->id || h.log2g != c->log2g || h.log2p != c->log2p)
			continue;
		uint32_t i = w->n++;   /* insertion by age: c->seg_seq - seq, largest first */
		for (; i && c->seg_seq - w->seq[i - 1] < c->seg_seq - h.seq; i--) {
			w->order[i] = w->order[i - 1];
			w->seq[i] = w->seq[i - 1];
		}
		w->order[i] = x;
		w->seq[i] = h.seq;
	}
}

static void walk_frame(struct jcore *c, struct jwalk_item *it,
		       void (*cb)(void *u, const struct jwalk_item *it), void *u)
{
	struct jrec rec;
	it->err = jrec_decode(it->payload, it->len, &rec, &c->hs);   /* a SNAPSHOT replaces hs */
	if (!it->err && rec.type != JREC_SNAPSHOT)
		jstate_apply(&c->hs, &rec);
	it->rec = it->err ? NULL : &rec;
	it->names = &c->hs;
	cb(u, it);
}

int jcore_walk(struct jcore *c, void (*cb)(void *u, const struct jwalk_item *it), void *u)
{
	struct walk w;
	struct jscan sc;
	uint32_t last = 0, frames = 0;
	bool have = false;
	order_segs(c, &w, cb, u);
	jstate_init(&c->hs);
	for (uint32_t i = 0; i < w.n; i++) {
		uint32_t x = w.order[i], base = x * c->g, corrupt = 0, gaps = 0;
		struct jwalk_item it = { .kind = JW_SEGMENT, .seg = x, .seq = w.seq[i] };
		cb(u, &it);
		jscan_init(&sc, &c->win, base + c->data0, base + c->g, c->p, last, have);
		int r;
		while ((r = jscan_next(&sc, &it.payload, &it.len, &it.seq, &it.off)) > 0) {
			if (sc.corrupt != corrupt)
				cb(u, &(struct jwalk_item){ .kind = JW_CORRUPT, .seg = x,
							     .off = sc.bad_at - base });
			if (sc.gaps != gaps)
				cb(u, &(struct jwalk_item){ .kind = JW_GAP, .seg = x,
							     .off = it.off - base, .seq = it.seq });
			corrupt = sc.corrupt, gaps = sc.gaps;
			it.kind = JW_FRAME;
			it.off -= base;
			walk_frame(c, &it, cb, u);
			frames++;
		}
		if (r < 0)
			return r;
		if (sc.torn)
			cb(u, &(struct jwalk_item){ .kind = JW_TORN, .seg = x, .off = sc.bad_at - base });
		last = sc.last;
		have = sc.have_last;
	}
	return (int)frames;
}

struct hist {
	int skip, n;
	void (*cb)(void *u, const struct journal_rec *r);
	void *u;
};

static void hist_item(void *u, const struct jwalk_item *it)
{
	struct hist *h = u;
	const struct jrec *r = it->rec;
	if (it->kind != JW_FRAME || !r || r->type == JREC_SNAPSHOT || r->type == JREC_BIND)
		return;
	if (h->skip > 0) {
		h->skip--;
		return;
	}
	h->n++;
	if (!h->cb)
		return;
	struct journal_rec out = { .seq = it->seq, .type = r->type, .boot = r->boot, .t = r->t,
				   .state = r->state, .restart_count = r->rc, .exit = r->exit };
	if (r->job)
		memcpy(out.name, it->names->job[r->job - 1].name, SVC_NAME_MAX);
	if (r->type == JREC_QUAR)
		out.state = r->on ? JOB_QUARANTINED : JOB_STOPPED;
	h->cb(h->u, &out);
}

int jcore_history(struct jcore *c, int n, void (*cb)(void *u, const struct journal_rec *r),
		  void *u)
{
	struct hist h = { 0 };
	if (!c->g || n <= 0)
		return 0;
	int r = jcore_walk(c, hist_item, &h);
	if (r >= 0) {
		h = (struct hist){ .skip = h.n > n ? h.n - n : 0, .cb = cb, .u = u };
		r = jcore_walk(c, hist_item, &h);
	}
	return r < 0 ? r : h.n;
}
