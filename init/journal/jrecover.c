/* SPDX-License-Identifier: MIT */
/*
 * Recovery by scan (docs/journal.md, "Recovery") and the walk behind
 * journal_history() and the host tool; both replay segments in ring
 * order and take only frames newer than the last one taken.
 * Recovery: the candidate is the newest segment whose first frame is a
 * valid SNAPSHOT of this layout; load it, replay its frames, then those
 * of every other segment in ring order (a newer segment whose own
 * snapshot is damaged; any frame newer than the last one taken).  Appends
 * go on after the last frame if that segment ends in erased space with no
 * damage and is erased to its end, else in the next segment.  With no candidate the journal
 * starts fresh in segment 0, its seq past every frame found.
 * Scanning a segment: at each multiple of P a valid frame is taken (if
 * newer); else an erased program unit is the end (frames are programmed
 * in order, and padding never fills a whole unit); else it is bad bytes:
 * with a frame after them, mid-log corruption (skipped), without, a torn
 * tail.  A segment whose first frame is older than the last frame taken
 * is history.  Damage
 * counts only in segments that give frames.  Every step advances at least
 * one program unit, so a scan is O(size) on any input.  Reads only.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "init/journal/jcore.h"

/* Lay out segments for st's geometry: g a power of two >= max(8 KiB, E),
 * doubled until there are at most 16.  0 or -EINVAL. */
static int geometry(struct jcore *c, struct store *st)
{
	const struct store_geom *gm = &st->geom;
	uint32_t g = gm->erase > JSEG_MIN ? gm->erase : JSEG_MIN, p = gm->prog;
	while (gm->size / g > JSEG_COUNT_MAX)
		g <<= 1;
	c->st = st;
	c->g = g;
	c->n = gm->size / g;
	c->p = p;
	if ((g & (g - 1)) || !p || (p & (p - 1)) || p > JF_MAX || c->n < 2)
		return -EINVAL;
	c->layout = JK_LAYOUT_OF(g, p, c->n);
	return 0;
}

struct rp {
	struct jstate *st;          /* the state frames are applied to */
	struct journal_info *ji;    /* damage counts, or NULL */
	jwalk_fn *cb;               /* walk: every frame taken */
	void *u;
	bool clean;
	uint32_t last, frames, tail, end;
};

/* Replay segment x (a SNAPSHOT first replaces rp->st: only the
 * candidate's can be newer than the last frame taken, or, walking, each
 * segment's). */
static void replay_seg(struct jcore *c, struct rp *rp, uint32_t x)
{
	uint32_t base = x * c->g, end = base + c->g, off = base, seq, len, frames = rp->frames, corrupt = 0;
	bool bad = false;
	int e = 0;
	struct jrec r;
	for (; off < end; off += c->p) {
		const uint8_t *pl = jframe_at(&c->win, off, end, &seq, &len);
		if (!pl) {
			if ((e = c->win.err) || (!bad && (e = jwin_erased(&c->win, off, off + c->p))))
				break;   /* a read error, or the end */
			bad = true;
			continue;
		}
		corrupt += bad;   /* bad bytes with a frame after them */
		bad = false;
		uint32_t at = off;
		off += jalign(len + JF_OVERHEAD, c->p) - c->p;
		if (seq <= rp->last) {   /* keel never writes seq 0 */
			if (at == base)
				return;   /* an older segment: history */
			continue;
		}
		struct jwalk_item it = { x, at - base, seq, pl, len, &r, rp->st };
		if (jrec_decode(pl, len, &r, at == base ? rp->st : NULL)) {
			corrupt++;   /* good CRC, bad schema: a foreign writer */
			it.rec = NULL;
		} else {
			jstate_apply(rp->st, &r, false);
			rp->last = seq;
			rp->frames++;
		}
		if (rp->cb)
			rp->cb(rp->u, &it);
	}
	if (rp->frames == frames)
		return;   /* damage counts only where the journal is */
	if (rp->ji) {
		rp->ji->crc_errors += corrupt;
		rp->ji->torn_tails += bad;
	}
	rp->tail = x;
	rp->end = off - base;
	/* Nothing hidden after the end; a window at a time (one read each, not one per P). */
	for (rp->clean = !corrupt && !bad && e > 0; rp->clean && off < end; off += JF_MAX)
		rp->clean = jwin_erased(&c->win, off, end - off < JF_MAX ? end : off + JF_MAX) > 0;
}

/* Replay every segment from first on in ring order. */
static void replay(struct jcore *c, struct rp *rp, uint32_t first)
{
	for (uint32_t i = 0; i < c->n; i++)
		replay_seg(c, rp, (first + i) % c->n);
}

int jcore_recover(struct jcore *c, struct store *st)
{
	memset(c, 0, sizeof *c);
	c->win.st = st;
	c->win.buf = c->buf;
	c->info.fresh = true;
	int r = st ? geometry(c, st) : -ENODEV;
	if (r)
		return r;
	/* The candidate: the newest valid snapshot of this layout. */
	int32_t cand = -1;
	uint32_t newest = 0, seq, len;
	struct jrec s;
	for (uint32_t x = 0; x < c->n; x++) {
		const uint8_t *pl = jframe_at(&c->win, x * c->g, (x + 1) * c->g, &seq, &len);
		if (pl && !jrec_decode(pl, len, &s, &c->hs) && s.v[JK_TYPE] == JREC_SNAPSHOT &&
		    s.v[JK_LAYOUT] == c->layout && seq > newest)
			cand = (int32_t)x, newest = seq;
	}
	struct rp rp = { .st = cand < 0 ? &c->hs : &c->s, .ji = cand < 0 ? NULL : &c->info };
	replay(c, &rp, cand < 0 ? 0 : (uint32_t)cand);
	c->seq = rp.last + 1;
	c->info.records = rp.frames;
	c->info.io_errors = (r = c->win.err) != 0;   /* the window's error is sticky */
	if (r)
		return r;   /* what could not be read may be needed: write nothing */
	c->cur = cand < 0 ? c->n - 1 : rp.tail;
	c->off = cand >= 0 && rp.clean ? rp.end : c->g;   /* else the next append opens the next segment */
	c->info.fresh = cand < 0;
	return 0;
}

int jcore_walk(struct jcore *c, jwalk_fn *cb, void *u, struct journal_info *ji)
{
	struct rp rp = { .st = &c->hs, .ji = ji, .cb = cb, .u = u };
	if (!c->st)
		return 0;
	jstate_init(&c->hs);
	c->win.len = 0;
	c->win.err = 0;
	replay(c, &rp, (c->cur + 1) % c->n);
	return c->win.err ? c->win.err : (int)rp.frames;
}

struct hist {
	int skip, n;   /* skip counts down past 0: a first pass counts */
	void (*cb)(void *u, const struct journal_rec *r);
	void *u;
};

_Static_assert(offsetof(struct journal_rec, on) == JK_ON * 4 && offsetof(struct journal_rec, seq) == JK_NAME * 4,
	       "struct journal_rec starts with a record's values in key order");

static void hist_item(void *u, const struct jwalk_item *it)
{
	struct hist *h = u;
	const uint32_t *v = it->rec ? it->rec->v : NULL;
	struct journal_rec out;
	if (!v || v[JK_TYPE] == JREC_SNAPSHOT || v[JK_TYPE] == JREC_BIND || h->skip-- > 0 || !h->cb)
		return;
	h->n++;
	memcpy(&out, v, JK_NAME * 4);
	out.seq = it->seq;
	out.name[0] = '\0';
	if (v[JK_JOB])
		memcpy(out.name, it->names->job[v[JK_JOB] - 1].name, SVC_NAME_MAX);
	h->cb(h->u, &out);
}

/* Two walks: the first counts the records (-skip), the second skips all
 * but the last n. */
int jcore_history(struct jcore *c, int n, void (*cb)(void *u, const struct journal_rec *r),
		  void *u)
{
	struct hist h = { 0 };
	int r = n > 0 ? jcore_walk(c, hist_item, &h, NULL) : 0;
	h.skip = -h.skip - n;
	h.cb = cb;
	h.u = u;
	if (r > 0)
		r = jcore_walk(c, hist_item, &h, NULL);
	return r < 0 ? r : h.n;
}
