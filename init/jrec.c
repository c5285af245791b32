/* SPDX-License-Identifier: MIT */
/*
 * Record payloads <-> struct jrec / struct jstate, and replay.  The key
 * table below is the schema: which keys a type must carry (exactly those,
 * plus JOB's optional exit), so the decoder refuses anything the encoder
 * would not write.  Values are range-checked before they reach the state.
 */
#include <errno.h>
#include <string.h>

#include "init/jrec.h"

#define K(k) (1u << (k))
#define K_BASE (K(JK_TYPE) | K(JK_BOOT) | K(JK_T))
#define U32 0xffffffffu

static const uint16_t jrec_keys[16] = {
	[JREC_BOOT] = K_BASE | K(JK_BOOTSTATE) | K(JK_STARTS),
	[JREC_HEALTHY] = K_BASE,
	[JREC_JOB] = K_BASE | K(JK_JOB) | K(JK_STATE) | K(JK_RC),
	[JREC_START] = K_BASE | K(JK_JOB),
	[JREC_BIND] = K_BASE | K(JK_JOB) | K(JK_NAME),
	[JREC_QUAR] = K_BASE | K(JK_JOB) | K(JK_ON),
	[JREC_SHUTDOWN] = K_BASE,
	[JREC_SNAPSHOT] = K_BASE | K(JK_JOBS) | K(JK_BOOTSTATE) | K(JK_QUARANTINED) |
			  K(JK_HEALTH) | K(JK_STARTS),
};

static void put_row(struct cbor_enc *e, int id, const struct jjob *j)
{
	bool ex = j->exit != JOURNAL_EXIT_NONE;
	cbor_put_head(e, CBOR_ARRAY, ex ? 7 : 6);
	cbor_put_uint(e, (uint64_t)id);
	cbor_put_tstr(e, j->name, strlen(j->name));
	cbor_put_uint(e, j->state);
	cbor_put_uint(e, j->rc);
	cbor_put_uint(e, j->boot);
	cbor_put_uint(e, j->t);
	if (ex)
		cbor_put_int(e, j->exit);
}

static void put_jobs(struct cbor_enc *e, const struct jstate *s, bool quar_only)
{
	unsigned n = 0;
	for (int i = 0; i < SVC_MAX; i++)
		n += s->job[i].name[0] && (!quar_only || s->job[i].quar);
	cbor_put_head(e, CBOR_ARRAY, n);
	for (int i = 0; i < SVC_MAX; i++) {
		if (!s->job[i].name[0] || (quar_only && !s->job[i].quar))
			continue;
		if (quar_only)
			cbor_put_uint(e, (uint64_t)i + 1);
		else
			put_row(e, i + 1, &s->job[i]);
	}
}

static void put_u32s(struct cbor_enc *e, const uint32_t *v, unsigned n)
{
	cbor_put_head(e, CBOR_ARRAY, n);
	for (unsigned i = 0; i < n; i++)
		cbor_put_uint(e, v[i]);
}

static void put_value(struct cbor_enc *e, unsigned k, const struct jrec *r, const struct jstate *s)
{
	bool snap = r->type == JREC_SNAPSHOT;
	uint32_t v[3];
	switch (k) {
	case JK_TYPE: cbor_put_uint(e, r->type); break;
	case JK_BOOT: cbor_put_uint(e, snap ? s->boot : r->boot); break;
	case JK_T: cbor_put_uint(e, r->t); break;
	case JK_JOB: cbor_put_uint(e, r->job); break;
	case JK_STATE: cbor_put_uint(e, r->state); break;
	case JK_RC: cbor_put_uint(e, r->rc); break;
	case JK_EXIT: cbor_put_int(e, r->exit); break;
	case JK_NAME: cbor_put_tstr(e, r->name, strlen(r->name)); break;
	case JK_JOBS: put_jobs(e, s, false); break;
	case JK_QUARANTINED: put_jobs(e, s, true); break;
	case JK_HEALTH: put_u32s(e, s->health, JH_COUNT); break;
	case JK_ON: cbor_put_uint(e, r->on); break;
	case JK_BOOTSTATE:
		if (!snap)
			memcpy(v, r->bs, sizeof v);
		else
			v[0] = s->streak, v[1] = s->last_healthy, v[2] = s->last_clean;
		put_u32s(e, v, 3);
		break;
	case JK_STARTS:
		v[0] = snap ? s->last_start : r->starts[0];
		v[1] = snap ? s->prev_start : r->starts[1];
		put_u32s(e, v, 2);
		break;
	}
}

int jrec_encode(const struct jrec *r, const struct jstate *s, uint8_t *buf, uint32_t cap)
{
	struct cbor_enc e;
	uint16_t keys = jrec_keys[r->type & 15];
	if (r->type > 15 || !keys)
		return -EINVAL;
	if (r->type == JREC_JOB && r->exit != JOURNAL_EXIT_NONE)
		keys |= K(JK_EXIT);
	cbor_enc_init(&e, buf, cap);
	cbor_put_head(&e, CBOR_MAP, (uint64_t)__builtin_popcount(keys));
	for (unsigned k = 0; k < 16; k++) {
		if (keys & K(k)) {
			cbor_put_uint(&e, k);
			put_value(&e, k, r, s);
		}
	}
	return cbor_enc_result(&e);
}

static int get_u32(struct cbor_dec *d, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (cbor_get_uint(d, max, &v))
		return -EBADMSG;
	*out = (uint32_t)v;
	return 0;
}

static int get_name(struct cbor_dec *d, char *out)
{
	const char *s;
	size_t n;
	if (cbor_get_tstr(d, SVC_NAME_MAX - 1, &s, &n) || !n)
		return -EBADMSG;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

static int get_exit(struct cbor_dec *d, int32_t *out)
{
	int64_t v;
	if (cbor_get_int(d, &v) || v <= INT32_MIN || v > INT32_MAX)
		return -EBADMSG;
	*out = (int32_t)v;
	return 0;
}

static int get_u32s(struct cbor_dec *d, uint32_t max, uint32_t *v, size_t want)
{
	size_t n;
	if (cbor_get_array(d, want, &n) || n != want)
		return -EBADMSG;
	for (size_t i = 0; i < n; i++)
		if (get_u32(d, max, &v[i]))
			return -EBADMSG;
	return 0;
}

/* One snapshot row into s (ids ascending, names unique). */
static int get_row(struct cbor_dec *d, struct jstate *s, uint32_t *prev)
{
	size_t n;
	uint32_t id, v[4];
	if (cbor_get_array(d, 7, &n) || n < 6 || get_u32(d, SVC_MAX, &id) || id <= *prev)
		return -EBADMSG;
	struct jjob *j = &s->job[id - 1];
	if (get_name(d, j->name) || jstate_find(s, j->name) != (int)id)
		return -EBADMSG;
	for (int i = 0; i < 4; i++)
		if (get_u32(d, i ? U32 : 255, &v[i]))
			return -EBADMSG;
	j->state = (uint8_t)v[0], j->rc = v[1], j->boot = v[2], j->t = v[3];
	*prev = id;
	return n == 7 ? get_exit(d, &j->exit) : 0;
}

static int get_jobs(struct cbor_dec *d, struct jstate *s, bool quar)
{
	size_t n;
	uint32_t prev = 0, id;
	if (cbor_get_array(d, SVC_MAX, &n))
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		if (!quar) {
			if (get_row(d, s, &prev))
				return -EBADMSG;
			continue;
		}
		if (get_u32(d, SVC_MAX, &id) || id <= prev || !s->job[id - 1].name[0])
			return -EBADMSG;
		s->job[id - 1].quar = true;
		prev = id;
	}
	return 0;
}

static int get_starts(struct cbor_dec *d, struct jrec *r, struct jstate *s)
{
	uint32_t v[2];
	if (get_u32s(d, SVC_MAX, v, 2))
		return -EBADMSG;
	r->starts[0] = (uint8_t)v[0], r->starts[1] = (uint8_t)v[1];
	if (r->type != JREC_SNAPSHOT)
		return 0;
	for (int i = 0; i < 2; i++)
		if (v[i] && !s->job[v[i] - 1].name[0])
			return -EBADMSG;
	s->last_start = r->starts[0], s->prev_start = r->starts[1];
	return 0;
}

static int get_value(struct cbor_dec *d, unsigned k, struct jrec *r, struct jstate *s)
{
	uint32_t v = 0, bs[3];
	int e = 0;
	switch (k) {
	case JK_BOOT:
		e = get_u32(d, U32, &r->boot);
		if (s)
			s->boot = r->boot;
		break;
	case JK_T: e = get_u32(d, U32, &r->t); break;
	case JK_JOB: e = get_u32(d, SVC_MAX, &v) || !v; r->job = (uint8_t)v; break;
	case JK_STATE: e = get_u32(d, 255, &v); r->state = (uint8_t)v; break;
	case JK_RC: e = get_u32(d, U32, &r->rc); break;
	case JK_EXIT: e = get_exit(d, &r->exit); break;
	case JK_NAME: e = get_name(d, r->name); break;
	case JK_JOBS: e = get_jobs(d, s, false); break;
	case JK_QUARANTINED: e = get_jobs(d, s, true); break;
	case JK_HEALTH: e = get_u32s(d, U32, s->health, JH_COUNT); break;
	case JK_STARTS: e = get_starts(d, r, s); break;
	case JK_ON: e = get_u32(d, 1, &v); r->on = v; break;
	case JK_BOOTSTATE:
		e = get_u32s(d, U32, bs, 3);
		memcpy(r->bs, bs, sizeof bs);
		if (s)
			s->streak = bs[0], s->last_healthy = bs[1], s->last_clean = bs[2];
		break;
	}
	return e ? -EBADMSG : 0;
}

int jrec_decode(const uint8_t *buf, uint32_t len, struct jrec *r, struct jstate *snap)
{
	struct cbor_dec d;
	struct jstate *s = NULL;   /* only a SNAPSHOT writes state */
	size_t n;
	int64_t prev = -1;
	uint64_t k;
	uint16_t seen = 0, allowed = 0;
	memset(r, 0, sizeof *r);
	r->exit = JOURNAL_EXIT_NONE;
	cbor_dec_init(&d, buf, len);
	if (cbor_get_map(&d, 64, &n))
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		if (cbor_get_key(&d, &prev, &k) || (i == 0) != (k == JK_TYPE))
			return -EBADMSG;
		if (k >= 16) {
			r->unknown = true;
			if (cbor_skip(&d))
				return -EBADMSG;
			continue;
		}
		if (k == JK_TYPE) {
			uint32_t t;
			if (get_u32(&d, 15, &t) || !jrec_keys[t] || (t == JREC_SNAPSHOT && !snap))
				return -EBADMSG;
			r->type = (uint8_t)t;
			allowed = jrec_keys[t] | (t == JREC_JOB ? K(JK_EXIT) : 0);
			if (t == JREC_SNAPSHOT)
				jstate_init(s = snap);
		} else if (!(allowed & K(k)) || get_value(&d, (unsigned)k, r, s)) {
			return -EBADMSG;
		}
		seen |= (uint16_t)K(k);
	}
	if (!allowed || (seen & jrec_keys[r->type]) != jrec_keys[r->type])
		return -EBADMSG;
	return cbor_dec_end(&d);
}

void jstate_init(struct jstate *s)
{
	memset(s, 0, sizeof *s);
	for (int i = 0; i < SVC_MAX; i++)
		s->job[i].exit = JOURNAL_EXIT_NONE;
}

int jstate_find(const struct jstate *s, const char *name)
{
	for (int i = 0; i < SVC_MAX; i++)
		if (s->job[i].name[0] && !strncmp(s->job[i].name, name, SVC_NAME_MAX))
			return i + 1;
	return 0;
}

int jstate_pick(const struct jstate *s)
{
	int best = 0;
	for (int i = 0; i < SVC_MAX; i++) {
		const struct jjob *j = &s->job[i], *b = best ? &s->job[best - 1] : NULL;
		if (!j->name[0])
			return i + 1;
		if (j->quar || i + 1 == s->last_start || i + 1 == s->prev_start)
			continue;
		if (!b || j->boot < b->boot || (j->boot == b->boot && j->t < b->t))
			best = i + 1;
	}
	return best;
}

static void bind(struct jstate *s, const struct jrec *r, struct jjob *j)
{
	int other = jstate_find(s, r->name);
	if (other == r->job)
		return;   /* replayed: nothing changes */
	if (other) {
		memset(&s->job[other - 1], 0, sizeof *j);
		s->job[other - 1].exit = JOURNAL_EXIT_NONE;
	}
	memset(j, 0, sizeof *j);
	memcpy(j->name, r->name, sizeof j->name);
	j->exit = JOURNAL_EXIT_NONE;
	j->boot = r->boot;
	j->t = r->t;
}

void jstate_apply(struct jstate *s, const struct jrec *r)
{
	struct jjob *j = r->job >= 1 && r->job <= SVC_MAX ? &s->job[r->job - 1] : NULL;
	if (r->boot > s->boot)
		s->boot = r->boot;
	switch (r->type) {
	case JREC_BOOT:
		s->streak = r->bs[0], s->last_healthy = r->bs[1], s->last_clean = r->bs[2];
		s->last_start = r->starts[0], s->prev_start = r->starts[1];
		break;
	case JREC_HEALTHY:
		if (r->boot > s->last_healthy)
			s->last_healthy = r->boot;
		break;
	case JREC_SHUTDOWN:
		if (r->boot > s->last_clean)
			s->last_clean = r->boot;
		break;
	case JREC_BIND:
		if (j)
			bind(s, r, j);
		break;
	}
	if (s->last_start && !s->job[s->last_start - 1].name[0])
		s->last_start = 0;   /* never point at an unbound id */
	if (s->prev_start && !s->job[s->prev_start - 1].name[0])
		s->prev_start = 0;
	if (!j || !j->name[0])
		return;
	if (r->type == JREC_JOB) {
		j->state = r->state, j->rc = r->rc, j->exit = r->exit;
		j->boot = r->boot, j->t = r->t;
	} else if (r->type == JREC_START && r->boot == s->boot) {
		s->last_start = r->job;
	} else if (r->type == JREC_QUAR) {
		j->quar = r->on;
	}
}
