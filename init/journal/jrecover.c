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
 * damage and is erased to its end, else in the next segment.  With no
 * candidate the journal starts fresh in segment 0, its seq past every
 * frame found.
 * Scanning a segment: at each multiple of P a valid frame is taken (if
 * newer); else an erased program unit is the end (frames are programmed
 * in order, and padding never fills a whole unit); else it is bad bytes:
 * with a frame after them, mid-log corruption (skipped), without, a torn
 * tail.  A segment whose first frame is older than the last frame taken
 * is history.  Damage counts only in segments that give frames.  Every
 * step advances at least one program unit, so a scan is O(size) on any
 * input.  Reads only.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "init/journal/jcore.h"

/* A replay of segments onto a state: recovery, or a walk. */
struct replay {
	struct jstate *state;       /* the state frames are applied to */
	struct journal_info *ji;    /* damage counts, or NULL */
	jwalk_fn *cb;               /* walk: every frame taken */
	void *u;
	uint32_t last_seq;          /* of the last frame taken */
	uint32_t frames;            /* taken */
	uint32_t tail_seg, tail_end;   /* the last segment that gave frames, where its frames end */
	bool tail_clean;            /* and it is erased from there on, with no damage */
};

/* Whether [off, end) is all erased, read a window at a time (one read
 * each, not one per P). */
static bool erased_to_end(struct jcore *c, uint32_t off, uint32_t end)
{
	for (; off < end; off += JF_MAX) {
		uint32_t chunk_end = end - off < JF_MAX ? end : off + JF_MAX;
		if (jwin_erased(&c->win, off, chunk_end) <= 0)
			return false;
	}
	return true;
}

/* Take the valid frame at off of segment seg unless it is not newer than
 * the last one taken (a SNAPSHOT first replaces rp->state: only the
 * candidate's can be newer, or, walking, each segment's).  Returns 1 if
 * taken, 0 if not, -1 if it is an older segment's first frame (history:
 * stop).  *corrupt counts a frame that fails the schema. */
static int take_frame(struct jcore *c, struct replay *rp, uint32_t seg, uint32_t off, uint32_t seq,
		      const uint8_t *payload, uint32_t len, uint32_t *corrupt)
{
	if (seq <= rp->last_seq)   /* keel never writes seq 0 */
		return off == 0 ? -1 : 0;
	struct jrec r;
	struct jwalk_item it = { .seg = seg, .off = off, .seq = seq, .payload = payload, .len = len,
				 .rec = &r, .names = rp->state };
	bool taken = !jrec_decode(payload, len, jframe_version(payload), &r, off == 0 ? rp->state : NULL);
	if (taken) {
		jstate_apply(rp->state, &r, false);
		rp->last_seq = seq;
		rp->frames++;
	} else {
		(*corrupt)++;   /* good CRC, bad schema: a foreign writer */
		it.rec = NULL;
	}
	if (rp->cb)
		rp->cb(rp->u, &it);
	return taken;
}

/* Replay segment seg. */
static void replay_seg(struct jcore *c, struct replay *rp, uint32_t seg)
{
	const struct jlayout *l = &c->layout;
	uint32_t base = seg * l->seg_size, end = base + l->seg_size, off = base;
	uint32_t frames_before = rp->frames, corrupt = 0, seq, len;
	bool bad = false;   /* bad bytes since the last frame */
	bool at_end = false;   /* stopped at erased space, not at a read error */
	for (; off < end; off += l->prog_unit) {
		const uint8_t *payload = jframe_at(&c->win, off, end, &seq, &len);
		if (!payload) {
			if (c->win.err)
				break;   /* a read error */
			if (!bad) {
				int erased = jwin_erased(&c->win, off, off + l->prog_unit);
				at_end = erased > 0;
				if (erased != 0)
					break;   /* the end, or a read error */
			}
			bad = true;
			continue;
		}
		if (bad)
			corrupt++;   /* bad bytes with a frame after them */
		bad = false;
		if (take_frame(c, rp, seg, off - base, seq, payload, len, &corrupt) < 0)
			return;   /* an older segment: history */
		off += jalign(len + JF_OVERHEAD, l->prog_unit) - l->prog_unit;
	}
	if (rp->frames == frames_before)
		return;   /* damage counts only where the journal is */
	if (rp->ji) {
		rp->ji->crc_errors += corrupt;
		rp->ji->torn_tails += bad;
	}
	rp->tail_seg = seg;
	rp->tail_end = off - base;
	/* Nothing hidden after the end. */
	rp->tail_clean = !corrupt && !bad && at_end && erased_to_end(c, off, end);
}

/* Replay every segment from first on in ring order. */
static void replay(struct jcore *c, struct replay *rp, uint32_t first)
{
	uint32_t count = c->layout.seg_count;
	for (uint32_t i = 0; i < count; i++)
		replay_seg(c, rp, (first + i) % count);
}

/* The newest segment whose first frame is a valid SNAPSHOT of this
 * layout, or -1. */
static int32_t find_candidate(struct jcore *c)
{
	const struct jlayout *l = &c->layout;
	int32_t cand = -1;
	uint32_t newest = 0, seq, len;
	struct jrec snap;
	for (uint32_t seg = 0; seg < l->seg_count; seg++) {
		uint32_t base = seg * l->seg_size;
		const uint8_t *payload = jframe_at(&c->win, base, base + l->seg_size, &seq, &len);
		if (!payload || jrec_decode(payload, len, jframe_version(payload), &snap, &c->scratch))
			continue;
		if (snap.v[JK_TYPE] != JREC_SNAPSHOT || snap.v[JK_LAYOUT] != c->layout_value || seq <= newest)
			continue;
		cand = (int32_t)seg;
		newest = seq;
	}
	return cand;
}

int jcore_recover(struct jcore *c, struct store *st)
{
	memset(c, 0, sizeof *c);
	c->win.st = st;
	c->win.buf = c->buf;
	c->info.fresh = true;
	if (!st)
		return -ENODEV;
	c->st = st;
	int r = jlayout_of_store(&st->geom, &c->layout);
	if (r)
		return r;
	c->layout_value = jlayout_pack(&c->layout);
	int32_t cand = find_candidate(c);
	bool fresh = cand < 0;
	struct replay rp = { .state = &c->state, .ji = &c->info };
	if (fresh)
		rp = (struct replay){ .state = &c->scratch };   /* only to find the newest seq */
	replay(c, &rp, fresh ? 0 : (uint32_t)cand);
	c->seq = rp.last_seq + 1;
	c->info.records = rp.frames;
	r = c->win.err;   /* the window's error is sticky */
	c->info.io_errors = r != 0;
	if (r)
		return r;   /* what could not be read may be needed: write nothing */
	if (fresh) {
		c->cur = c->layout.seg_count - 1;   /* the first append opens segment 0 */
		c->off = c->layout.seg_size;
	} else {
		c->cur = rp.tail_seg;
		/* Not clean: the next append opens the next segment. */
		c->off = rp.tail_clean ? rp.tail_end : c->layout.seg_size;
	}
	c->info.fresh = fresh;
	return 0;
}

int jcore_walk(struct jcore *c, jwalk_fn *cb, void *u, struct journal_info *ji)
{
	struct replay rp = { .state = &c->scratch, .ji = ji, .cb = cb, .u = u };
	if (!c->st)
		return 0;
	jstate_init(&c->scratch);
	c->win.len = 0;
	c->win.err = 0;
	replay(c, &rp, (c->cur + 1) % c->layout.seg_count);
	if (c->win.err)
		return c->win.err;
	return (int)rp.frames;
}

/* History in two walks: the first counts the records, the second shows
 * the last n of them. */
struct history {
	bool counting;
	int records;                /* counted by the first walk */
	int skip;                   /* second walk: records still to pass over */
	int shown;
	void (*cb)(void *u, const struct journal_rec *r);
	void *u;
};

_Static_assert(offsetof(struct journal_rec, on) == JK_ON * 4 && offsetof(struct journal_rec, seq) == JK_NAME * 4,
	       "struct journal_rec starts with a record's values in key order");

static void history_item(void *u, const struct jwalk_item *it)
{
	struct history *h = u;
	if (!it->rec)
		return;
	const uint32_t *v = it->rec->v;
	if (v[JK_TYPE] == JREC_SNAPSHOT || v[JK_TYPE] == JREC_BIND)
		return;   /* the journal's own, not history */
	if (h->counting) {
		h->records++;
		return;
	}
	if (h->skip > 0) {
		h->skip--;
		return;
	}
	struct journal_rec out;
	memcpy(&out, v, JK_NAME * 4);
	out.seq = it->seq;
	out.name[0] = '\0';
	if (v[JK_JOB])
		memcpy(out.name, it->names->job[v[JK_JOB] - 1].name, SVC_NAME_MAX);
	out.enable = v[JK_ENABLE];
	h->shown++;
	h->cb(h->u, &out);
}

int jcore_history(struct jcore *c, int n, void (*cb)(void *u, const struct journal_rec *r),
		  void *u)
{
	struct history h = { .counting = true, .cb = cb, .u = u };
	if (n <= 0)
		return 0;
	int r = jcore_walk(c, history_item, &h, NULL);
	if (r <= 0)
		return r;
	h.counting = false;
	h.skip = h.records - n;
	r = jcore_walk(c, history_item, &h, NULL);
	return r < 0 ? r : h.shown;
}
