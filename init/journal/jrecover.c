/* SPDX-License-Identifier: MIT */
/*
 * Recovery by scan (docs/journal.md, "Reading a journal") and the walk
 * behind journal_history(), the damage counts and the host tool.  Both
 * scan whole segments in ring order with one rule:
 * at each multiple of P a valid frame (magic, version, length, CRC) is
 * taken if its seq is above the last one taken and its payload decodes;
 * a valid frame that is not newer is stale, one that does not decode is
 * refused; both are skipped.  Anything else is an erased or a bad
 * program unit.  A run of such units with a valid frame after it is one
 * damaged region (a CRC error); a run to the end of the segment that is
 * not all erased is a torn tail.  Damage counts only in segments holding
 * a valid frame.  The highest seq of every valid frame anywhere (taken,
 * stale or refused) is the floor the next frame's seq goes above, so no
 * seq is ever written twice.
 * Recovery: the candidate is the newest segment whose first frame is a
 * valid SNAPSHOT of this layout; replay from it round the ring, skipping
 * history (a segment whose first frame is not newer than the last one
 * taken).  Appends go on after the last frame taken if that segment has
 * no damage and is erased from there to its end, else in the next
 * segment.  With no candidate the journal starts fresh in segment 0.
 * Then one walk of the whole ring gives the seq floor and the damage
 * counts, so PID 1 and the host tool report the same.
 * Every step advances at least one program unit (a run of erased units
 * is passed in one step), so a scan is O(size) on any input.  Reads only.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "init/journal/jcore.h"

/* A replay of segments onto a state: recovery, or a walk. */
struct replay {
	struct jstate *state;       /* the state frames are applied to */
	struct journal_info *ji;    /* damage counts, or NULL */
	jwalk_fn *cb;               /* walk: every valid frame */
	void *u;
	uint32_t last_seq;          /* of the last frame taken */
	uint32_t max_seq;           /* of every valid frame seen */
	uint32_t frames;            /* taken */
	uint32_t tail_seg, tail_end;   /* the last segment that took frames, where its last one ends */
	bool tail_clean;            /* and it has no damage and is erased from there on */
	bool skip_history;          /* recovery: a segment whose first frame is not newer is skipped */
	bool count_only;            /* a walk for the counts alone: records are decoded, not applied */
};

/* One segment's scan. */
struct seg_scan {
	uint32_t taken, skipped;    /* frames taken; stale or refused */
	uint32_t regions;           /* damaged regions with a valid frame after them */
	bool gap, gap_bad;          /* non-frame units since the last valid frame; not all erased */
	uint32_t last_end;          /* where the last frame taken ends (segment offset) */
	bool last_taken;            /* the last valid frame was taken */
};

/* The index of the first byte of bytes[0..n) that is not 0xFF, or n;
 * eight bytes at a time while they are all 0xFF. */
static uint32_t first_not_erased(const uint8_t *bytes, uint32_t n)
{
	uint32_t i = 0;
	for (uint64_t word; i + 8 <= n; i += 8) {
		memcpy(&word, bytes + i, 8);
		if (word != UINT64_MAX)
			break;
	}
	while (i < n && bytes[i] == 0xff)
		i++;
	return i;
}

/* The first program unit at or after off (a multiple of P) that is not
 * all erased, or end: what the read window holds first, then a window at
 * a time (so a scan reads each byte of a segment about once). */
static uint32_t erased_until(struct jcore *c, uint32_t off, uint32_t end)
{
	const struct jwin *w = &c->win;
	uint32_t p = c->layout.prog_unit;
	while (off < end) {
		uint32_t n = end - off < JF_MAX ? end - off : JF_MAX;
		bool in_window = off >= w->off && off < w->off + w->len;
		if (in_window && w->off + w->len - off < n)
			n = w->off + w->len - off;   /* no new read */
		const uint8_t *bytes = jwin_get(&c->win, off, n, end);
		if (!bytes)
			return end;   /* a read error: the caller sees c->win.err */
		uint32_t i = first_not_erased(bytes, n);
		if (i < n)
			return off + i / p * p;
		off += n;
	}
	return end;
}

/* The valid frame seq at off of segment seg: taken (applied), stale or
 * refused; the walk's callback sees it either way.  A SNAPSHOT (only at
 * offset 0) first replaces rp->state.  Returns whether it was taken. */
static bool take_frame(struct replay *rp, uint32_t seg, uint32_t off, uint32_t seq,
		       const uint8_t *payload, uint32_t len)
{
	struct jrec r;
	struct jwalk_item it = { .seg = seg, .off = off, .seq = seq, .payload = payload, .len = len,
				 .rec = NULL, .names = rp->state, .status = JW_STALE };
	if (seq > rp->max_seq)
		rp->max_seq = seq;
	if (seq > rp->last_seq) {   /* keel never writes seq 0 */
		it.status = JW_REFUSED;
		if (!jrec_decode(payload, len, jframe_version(payload), &r, off == 0 ? rp->state : NULL)) {
			if (!rp->count_only)
				jstate_apply(rp->state, &r, false);
			rp->last_seq = seq;
			rp->frames++;
			it.status = JW_TAKEN;
			it.rec = &r;
		}
	}
	if (rp->ji && it.status == JW_STALE)
		rp->ji->stale++;
	if (rp->ji && it.status == JW_REFUSED)
		rp->ji->refused++;
	if (rp->cb)
		rp->cb(rp->u, &it);
	return it.status == JW_TAKEN;
}

/* A unit at off that is no valid frame: part of a gap.  Returns where the
 * scan goes on (a run of erased units is passed whole). */
static uint32_t gap_unit(struct jcore *c, struct seg_scan *sc, uint32_t off, uint32_t end)
{
	uint32_t p = c->layout.prog_unit;
	uint32_t next = erased_until(c, off, end);
	sc->gap = true;
	if (next > off)
		return next;   /* erased units */
	sc->gap_bad = true;
	return off + p;
}

/* Scan segment seg whole. */
static void replay_seg(struct jcore *c, struct replay *rp, uint32_t seg)
{
	const struct jlayout *l = &c->layout;
	uint32_t base = seg * l->seg_size, end = base + l->seg_size, off = base, seq, len;
	struct seg_scan sc = { 0 };
	if (rp->skip_history && jframe_at(&c->win, base, end, &seq, &len) && seq <= rp->last_seq)
		return;   /* history: it takes nothing (the walk counts its frames and seqs) */
	while (off < end && !c->win.err) {
		const uint8_t *payload = jframe_at(&c->win, off, end, &seq, &len);
		if (!payload) {
			if (!c->win.err)
				off = gap_unit(c, &sc, off, end);
			continue;
		}
		sc.regions += sc.gap;   /* damage with a valid frame after it */
		sc.gap = sc.gap_bad = false;
		uint32_t frame_end = off + jalign(len + JF_OVERHEAD, l->prog_unit);
		sc.last_taken = take_frame(rp, seg, off - base, seq, payload, len);
		if (sc.last_taken) {
			sc.taken++;
			sc.last_end = frame_end - base;
		} else {
			sc.skipped++;
		}
		off = frame_end;
	}
	bool torn = sc.gap && sc.gap_bad;
	if (rp->ji && (sc.taken || sc.skipped)) {   /* damage counts only where frames are */
		rp->ji->crc_errors += sc.regions;
		rp->ji->torn_tails += torn;
	}
	if (!sc.taken)
		return;
	rp->tail_seg = seg;
	rp->tail_end = sc.last_end;
	rp->tail_clean = !c->win.err && sc.last_taken && !sc.regions && !sc.skipped && !torn;
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
		if (!payload || jrec_decode(payload, len, jframe_version(payload), &snap, c->work))
			continue;
		if (snap.v[JK_TYPE] != JREC_SNAPSHOT || snap.v[JK_LAYOUT] != c->layout_value || seq <= newest)
			continue;
		cand = (int32_t)seg;
		newest = seq;
	}
	return cand;
}

/* After recovery: the damage counts and records of a walk of the whole
 * ring (the ones journal-dump prints), and the seq floor (the walk sees
 * every valid frame).  0 or -errno. */
static int count_damage(struct jcore *c, uint32_t floor)
{
	struct journal_info counts = { 0 };
	int r = jcore_walk(c, NULL, NULL, &counts);
	if (r < 0)
		return r;
	if (counts.max_seq > floor)
		floor = counts.max_seq;
	if (floor == UINT32_MAX)
		return -EOVERFLOW;   /* no seq is left above the floor: RAM only */
	c->seq = floor + 1;
	c->info.records = counts.records;
	c->info.torn_tails = counts.torn_tails;
	c->info.crc_errors = counts.crc_errors;
	c->info.refused = counts.refused;
	c->info.stale = counts.stale;
	c->info.seq_gaps = counts.seq_gaps;
	return 0;
}

int jcore_recover(struct jcore *c, struct store *st)
{
	struct jstate *work = c->work;   /* the owner's loan, not the context's state */
	memset(c, 0, sizeof *c);
	c->work = work;
	c->win.st = st;
	c->win.buf = c->buf;
	c->info.fresh = true;
	if (!st)
		return -ENODEV;
	c->st = st;   /* from here on its owner closes it, whatever the outcome */
	if (!work)
		return -EINVAL;   /* nothing read: an empty RAM-only state */
	int r = jlayout_of_store(&st->geom, &c->layout);
	if (r)
		return r;
	c->layout_value = jlayout_pack(&c->layout);
	int32_t cand = find_candidate(c);
	bool fresh = cand < 0;
	struct replay rp = { .state = &c->state, .skip_history = true };
	if (!fresh)
		replay(c, &rp, (uint32_t)cand);
	r = c->win.err;   /* the window's error is sticky */
	c->info.io_errors = r != 0;
	if (r)
		return r;   /* what could not be read may be needed: write nothing */
	if (fresh) {
		jstate_init(&c->state);
		c->cur = c->layout.seg_count - 1;   /* the first append opens segment 0 */
		c->off = c->layout.seg_size;
	} else {
		c->cur = rp.tail_seg;
		/* Not clean: the next append opens the next segment. */
		c->off = rp.tail_clean ? rp.tail_end : c->layout.seg_size;
	}
	c->info.fresh = fresh;
	r = count_damage(c, rp.max_seq);
	c->info.io_errors = r != 0 && r != -EOVERFLOW;
	return r;
}

/* A walk: the caller's callback, and the seq gaps between frames taken. */
struct walk_counts {
	jwalk_fn *cb;
	void *u;
	struct journal_info *ji;
	uint32_t last;              /* seq of the last frame taken, 0 none yet */
};

static void walk_item(void *u, const struct jwalk_item *it)
{
	struct walk_counts *wc = u;
	if (it->status == JW_TAKEN) {
		if (wc->ji && wc->last && it->seq != wc->last + 1)
			wc->ji->seq_gaps++;
		wc->last = it->seq;
	}
	if (wc->cb)
		wc->cb(wc->u, it);
}

int jcore_walk(struct jcore *c, jwalk_fn *cb, void *u, struct journal_info *ji)
{
	struct walk_counts wc = { .cb = cb, .u = u, .ji = ji };
	struct replay rp = { .state = c->work, .ji = ji, .cb = walk_item, .u = &wc, .count_only = !cb };
	if (!c->st)
		return 0;
	if (!c->work)
		return -EINVAL;
	jstate_init(c->work);
	c->win.len = 0;
	c->win.err = 0;
	replay(c, &rp, (c->cur + 1) % c->layout.seg_count);
	if (ji) {
		ji->records = rp.frames;
		ji->max_seq = rp.max_seq;
	}
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
