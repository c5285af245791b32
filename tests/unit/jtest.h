/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the journal unit tests (never in init/): one wrapper
 * per record kind around jcore_put(), a job's row in the state by name,
 * erases per segment from the simulator's per-block counters, the frames
 * of a walk, the first records of a history, and a small deterministic random generator.  Header-only.
 */
#ifndef KEEL_JTEST_H
#define KEEL_JTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "init/journal/jcore.h"
#include "tests/unit/jsim.h"

/* The milliseconds past t the wrappers record: any value, from t. */
#define JT_MS(t) ((t) * 7u % 1000u)

static inline int job(struct jcore *c, const char *name, uint32_t state, uint32_t rc, int32_t exit,
		      uint32_t t)
{
	return jcore_put(c, JREC_JOB, name, state, rc, exit, t, JT_MS(t));
}

static inline int start(struct jcore *c, const char *name, uint32_t t)
{
	return jcore_put(c, JREC_START, name, 0, 0, 0, t, JT_MS(t));
}

/* JREC_HEALTHY or JREC_SHUTDOWN */
static inline int mark(struct jcore *c, uint32_t type, uint32_t t)
{
	return jcore_put(c, type, NULL, 0, 0, 0, t, JT_MS(t));
}

static inline int quar(struct jcore *c, const char *name, bool on, uint32_t t)
{
	return jcore_put(c, JREC_QUAR, name, on, 0, 0, t, JT_MS(t));
}

/* The state's row of name, NULL if it has no id. */
static inline const struct jjob *jrow(const struct jcore *c, const char *name)
{
	int id = jstate_find(&c->state, name);
	return id ? &c->state.job[id - 1] : NULL;
}

#define JT_NONE 0xdeadbeefu   /* val() of a name with no id */

/* Key k of name's row, JT_NONE if it has no id. */
static inline uint32_t val(const struct jcore *c, const char *name, int k)
{
	const struct jjob *j = jrow(c, name);
	return j ? j->v[k] : JT_NONE;
}

/* Erases of segment x: the sum of its erase blocks' counters. */
static inline long jt_seg_erases(const struct jsim *s, const struct jcore *c, uint32_t x)
{
	uint32_t e = s->st.geom.erase, per = c->layout.seg_size / e;
	long n = 0;
	for (uint32_t b = x * per; b < (x + 1) * per && b < 64; b++)
		n += s->seg_erases[b];
	return n;
}

/* Frames of a walk (where, seq, payload length, type; 0 for a schema error). */
struct jt_frame {
	uint32_t seg, off, seq, len, type;
};

struct jt_frames {
	int n, cap;
	struct jt_frame *f;
};

static inline void jt_frame_cb(void *u, const struct jwalk_item *it)
{
	struct jt_frames *w = u;
	if (w->n < w->cap)
		w->f[w->n] = (struct jt_frame){ it->seg, it->off, it->seq, it->len,
					       it->rec ? it->rec->v[JK_TYPE] : 0 };
	w->n++;
}

/* The first 8 records a history hands over, and how many it handed. */
struct hcap {
	int n;
	struct journal_rec r[8];
};

static inline void hcb(void *u, const struct journal_rec *r)
{
	struct hcap *h = u;
	if (h->n < 8)
		h->r[h->n] = *r;
	h->n++;
}

static uint64_t jt_rng = 88172645463325252ull;

static inline uint32_t rnd(void)
{
	jt_rng ^= jt_rng << 13, jt_rng ^= jt_rng >> 7, jt_rng ^= jt_rng << 17;
	return (uint32_t)jt_rng;
}

#endif
