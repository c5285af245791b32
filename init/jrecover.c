/* SPDX-License-Identifier: MIT */
/*
 * Recovery by scan (docs/journal.md, "Recovery"): read every segment
 * header, take the newest segment whose first frame is a valid SNAPSHOT
 * (the candidate; older ones are history), load it, replay the frames
 * after it, then the frames of any newer segment (whose own snapshot is
 * damaged) in seg-seq order.  Then decide where the next frame goes:
 * after the last frame if the candidate ends in erased space and had no
 * damage, else in a new segment that holds no needed data (never the
 * candidate, never a newer segment that contributed frames).  Reads only.
 */
#include <errno.h>
#include <string.h>

#include "init/jcore.h"

struct segs {
	bool ok[JCORE_SEGS_MAX];       /* valid header of this journal */
	bool tried[JCORE_SEGS_MAX];
	bool needed[JCORE_SEGS_MAX];   /* contributed frames */
	uint32_t seq[JCORE_SEGS_MAX];
	uint64_t id[JCORE_SEGS_MAX];
	uint32_t last;                 /* newest frame seq replayed */
	bool have_last;
};

/* Replay segment x into c->s; with snap, its first frame must be a valid
 * SNAPSHOT that replaces c->s (else -ENOENT).  Frames seen: >= 0. */
static int replay_seg(struct jcore *c, struct segs *sg, uint32_t x, bool snap, struct jscan *sc)
{
	uint32_t base = x * c->g, len, seq, at;
	const uint8_t *pl;
	struct jrec rec;
	int r, frames = 0;
	jscan_init(sc, &c->win, base + c->data0, base + c->g, c->p, sg->last, sg->have_last && !snap);
	while ((r = jscan_next(sc, &pl, &len, &seq, &at)) > 0) {
		if (snap) {
			jstate_init(&c->s);
			if (at != base + c->data0 || jrec_decode(pl, len, &rec, &c->s) ||
			    rec.type != JREC_SNAPSHOT)
				return -ENOENT;
			snap = false;
		} else if (jrec_decode(pl, len, &rec, &c->hs)) {
			c->info.crc_errors++;   /* good CRC, bad schema: a foreign writer */
			continue;
		} else if (rec.type == JREC_SNAPSHOT) {
			c->s = c->hs;
		} else {
			jstate_apply(&c->s, &rec);
		}
		frames++;
		sg->last = seq;
		sg->have_last = true;
	}
	if (r < 0)
		return r;
	if (snap)
		return -ENOENT;
	c->info.records += (uint32_t)frames;
	c->info.torn_tails += sc->torn;
	c->info.crc_errors += sc->corrupt;
	c->info.resyncs += sc->gaps;
	return frames;
}

/* Read all headers: the newest valid one names the journal. */
static int read_headers(struct jcore *c, struct segs *sg, int32_t *newest)
{
	uint8_t hb[JSEG_AREA];
	struct jseg h;
	*newest = -1;
	for (uint32_t x = 0; x < c->n; x++) {
		int v = -1;
		if (c->st->ops->read(c->st, x * c->g, hb, sizeof hb))
			c->info.io_errors++;
		else
			v = jseg_unpack(hb, &h);
		sg->ok[x] = v >= 0 && h.log2g == c->log2g && h.log2p == c->log2p;
		if (v == 1)
			c->info.crc_errors++;
		if (!sg->ok[x])
			continue;
		sg->seq[x] = h.seq;
		sg->id[x] = h.id;
		if (*newest < 0 || jnewer(h.seq, c->seg_seq)) {
			*newest = (int32_t)x;
			c->seg_seq = h.seq;
			c->id = h.id;
		}
		if (h.ec > c->max_ec)
			c->max_ec = h.ec;
	}
	for (uint32_t x = 0; x < c->n; x++)
		sg->ok[x] = sg->ok[x] && sg->id[x] == c->id;
	return 0;
}

/* The untried valid segment with the newest (newer = true) or the oldest
 * seq newer than after (newer = false); -1 if none. */
static int32_t pick(const struct jcore *c, const struct segs *sg, bool newest, uint32_t after)
{
	int32_t best = -1;
	for (uint32_t x = 0; x < c->n; x++) {
		if (!sg->ok[x] || (newest && sg->tried[x]) || (!newest && !jnewer(sg->seq[x], after)))
			continue;
		if (best < 0 || (newest ? jnewer(sg->seq[x], sg->seq[best]) : jnewer(sg->seq[best], sg->seq[x])))
			best = (int32_t)x;
	}
	return best;
}

/* Where the next frame goes after replaying cand..tail. */
static int place(struct jcore *c, const struct segs *sg, uint32_t cand, uint32_t tail,
		 const struct jscan *sc)
{
	if (tail == cand && sc->clean && !sc->corrupt) {
		c->cur = cand;
		c->off = sc->off - cand * c->g;
		c->reopen = -1;
		return 0;
	}
	uint32_t x = (tail + 1) % c->n;
	if (x == cand || sg->needed[x]) {
		if (sg->needed[tail] || tail == cand)
			return -ENOSPC;   /* no segment may be erased: stay read-only */
		x = tail;
	}
	c->cur = tail;
	c->reopen = (int32_t)x;
	return 0;
}

int jcore_recover(struct jcore *c, struct store *st)
{
	struct segs sg;
	struct jscan sc;
	int32_t newest, cand;
	memset(c, 0, sizeof *c);
	memset(&sg, 0, sizeof sg);
	jstate_init(&c->s);
	jwin_init(&c->win, st, c->buf, JF_MAX);
	c->st = st;
	c->reopen = -1;
	c->info.fresh = true;
	int r = jcore_geometry(c, st);
	if (r)
		return r;
	c->info.seg_size = c->g;
	c->info.segments = c->n;
	read_headers(c, &sg, &newest);
	while ((cand = pick(c, &sg, true, 0)) >= 0) {
		sg.tried[cand] = true;
		r = replay_seg(c, &sg, (uint32_t)cand, true, &sc);
		if (r >= 0)
			break;
	}
	if (cand < 0) {   /* nothing usable: a fresh journal after the newest header */
		jstate_init(&c->s);
		c->reopen = newest < 0 ? 0 : (newest + 1) % (int32_t)c->n;
		return 0;
	}
	c->info.fresh = false;
	uint32_t tail = (uint32_t)cand;
	for (int32_t x; (x = pick(c, &sg, false, sg.seq[tail])) >= 0; tail = (uint32_t)x) {
		r = replay_seg(c, &sg, (uint32_t)x, false, &sc);
		if (r < 0)
			return r;
		sg.needed[x] = r > 0;
	}
	c->seq = sg.last + 1;
	c->s.health[JH_TORN] += c->info.torn_tails;
	c->s.health[JH_CORRUPT] += c->info.crc_errors;
	c->s.health[JH_GAPS] += c->info.resyncs;
	c->s.health[JH_IO] += c->info.io_errors;
	return place(c, &sg, (uint32_t)cand, tail, &sc);
}
