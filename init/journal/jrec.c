/* SPDX-License-Identifier: MIT */
/*
 * Record payloads <-> struct jrec / struct jstate, and replay.  jt_keys[]
 * is the schema: the keys each type carries.  jk_max[] bounds each
 * unsigned value (0: any uint32) before it reaches the state; exit is any
 * int32.
 */
#include <errno.h>
#include <string.h>

#include "init/journal/jrec.h"

#define BASE (JK(JK_TYPE) | JK(JK_BOOT) | JK(JK_T))
#define ROW  (JK_JOBKEYS | JK(JK_JOB) | JK(JK_NAME))   /* a snapshot row: keys 1..8 */
#define ROWLEN 8

static const uint16_t jt_keys[16] = {
	[JREC_BOOT] = BASE | JK_BOOTVIEW,
	[JREC_HEALTHY] = BASE | JK(JK_HEALTHY),
	[JREC_JOB] = BASE | JK(JK_JOB) | JK(JK_STATE) | JK(JK_RC) | JK(JK_EXIT),
	[JREC_START] = BASE | JK(JK_JOB) | JK(JK_LSTART),
	[JREC_BIND] = JK(JK_TYPE) | ROW,
	[JREC_QUAR] = BASE | JK(JK_JOB) | JK(JK_ON),
	[JREC_SHUTDOWN] = BASE | JK(JK_CLEAN),
	[JREC_SNAPSHOT] = BASE | JK_BOOTVIEW | JK(JK_LAYOUT),
};

static const uint8_t jk_max[JK_N] = {
	[JK_TYPE] = 15, [JK_JOB] = SVC_MAX, [JK_STATE] = 255, [JK_ON] = 1, [JK_LSTART] = SVC_MAX,
	[JK_PSTART] = SVC_MAX,
};

static uint32_t count(uint32_t m)
{
	uint32_t n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

/* The values of the keys in mask, from v and name. */
static void put_vals(struct cbor_enc *e, const uint32_t *v, const char *name, uint32_t mask)
{
	for (unsigned k = 0; k < JK_N; k++) {
		if (!(mask & JK(k)))
			continue;
		if (k == JK_EXIT)
			cbor_put_int(e, (int32_t)v[k]);
		else if (k == JK_NAME)
			cbor_put_tstr(e, name, (uint32_t)strlen(name));
		else
			cbor_put_head(e, CBOR_UINT, v[k]);
	}
}

int jrec_encode(const struct jrec *r, const struct jstate *s, uint8_t *buf, uint32_t cap)
{
	struct cbor_enc e;
	uint32_t keys = jt_keys[r->v[JK_TYPE] & 15], n = count(keys);
	if (r->v[JK_TYPE] != JREC_SNAPSHOT)
		s = NULL;   /* only a SNAPSHOT has rows */
	for (int i = 0; s && i < SVC_MAX; i++)
		n += s->job[i].name[0] ? ROWLEN : 0;
	cbor_enc_init(&e, buf, cap);
	cbor_put_head(&e, CBOR_ARRAY, n);
	put_vals(&e, r->v, r->name, keys);
	for (int i = 0; s && i < SVC_MAX; i++)
		if (s->job[i].name[0])
			put_vals(&e, s->job[i].v, s->job[i].name, ROW);
	return keys && r->v[JK_TYPE] < 16 ? cbor_enc_result(&e) : -EINVAL;
}

/* The values of the keys in mask into v and name. */
static int get_vals(struct cbor_dec *d, uint32_t *v, char *name, uint32_t mask)
{
	uint32_t x;
	unsigned mt;
	const char *str;
	for (unsigned k = 0; k < JK_N; k++) {
		if (!(mask & JK(k)))
			continue;
		if (cbor_get_head(d, &mt, &x))
			return -EBADMSG;
		if (k == JK_NAME) {
			if (mt != CBOR_TSTR || !x || x >= SVC_NAME_MAX || cbor_get_str_body(d, x, &str))
				return -EBADMSG;
			memcpy(name, str, x);
			name[x] = '\0';
		} else if (mt > CBOR_NINT || (mt && k != JK_EXIT) ||
			   x > (k == JK_EXIT ? INT32_MAX : jk_max[k] ? jk_max[k] : UINT32_MAX) ||
			   (k == JK_JOB && !x)) {
			return -EBADMSG;
		} else {
			v[k] = mt ? ~x : x;   /* a negative int is -1 - x */
		}
	}
	return 0;
}

int jrec_decode(const uint8_t *buf, uint32_t len, struct jrec *r, struct jstate *snap)
{
	struct cbor_dec d;
	unsigned mt;
	uint32_t n, keys, rows = 0, last = 0;
	cbor_dec_init(&d, buf, len);
	memset(r, 0, sizeof *r);
	/* The type is one byte (a uint 1..15) if the payload is valid at all:
	 * its keys are those of buf[off] & 15, and get_vals checks the type. */
	if (cbor_get_head(&d, &mt, &n) || mt != CBOR_ARRAY || d.off >= len ||
	    !(keys = jt_keys[buf[d.off] & 15]) || get_vals(&d, r->v, r->name, keys))
		return -EBADMSG;
	if (r->v[JK_TYPE] == JREC_SNAPSHOT) {
		if (!snap)
			return -EBADMSG;
		jstate_init(snap);
		for (; d.off < d.len; rows++) {   /* 8 values per bound job, ids ascending */
			struct jjob j = { 0 };
			if (get_vals(&d, j.v, j.name, ROW) || j.v[JK_JOB] <= last)
				return -EBADMSG;
			snap->job[(last = j.v[JK_JOB]) - 1] = j;
		}
	}
	return n != count(keys) + ROWLEN * rows ? -EBADMSG : cbor_dec_end(&d);
}

void jstate_init(struct jstate *s)
{
	memset(s, 0, sizeof *s);
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
		const uint32_t *v = s->job[i].v;
		if (!s->job[i].name[0])
			return i + 1;
		if (!v[JK_ON] && i + 1 != (int)s->v[JK_LSTART] && i + 1 != (int)s->v[JK_PSTART] &&
		    (!best || v[JK_BOOT] < s->job[best - 1].v[JK_BOOT]))
			best = i + 1;   /* the least recently changed: the oldest boot, first of those */
	}
	return best;
}

/* to[k] = v[k] for the keys in mask; whether anything but t changed. */
static bool set(uint32_t *to, const uint32_t *v, uint32_t mask, bool dry)
{
	bool changed = false;
	for (int k = 0; k < JK_N; k++) {
		if (!(mask & JK(k)))
			continue;
		changed |= to[k] != v[k] && k != JK_T;
		if (!dry)
			to[k] = v[k];
	}
	return changed;
}

bool jstate_apply(struct jstate *s, const struct jrec *r, bool dry)
{
	uint32_t type = r->v[JK_TYPE] & 15, id = r->v[JK_JOB], keys = jt_keys[type];
	struct jjob *j = id ? &s->job[id - 1] : NULL;   /* 1..SVC_MAX: decoded or from jcore_put */
	if (!dry && j && type == JREC_BIND)   /* a name for id, and its whole row */
		memcpy(j->name, r->name, sizeof j->name);
	bool changed = set(s->v, r->v, keys & (JK_BOOTVIEW | (j ? 0 : JK(JK_BOOT))), dry);
	return (j && set(j->v, r->v, keys & (JK_JOBKEYS | JK(JK_JOB)), dry)) || changed;
}
