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

#define BASE (JK(JK_TYPE) | JK(JK_BOOT) | JK(JK_T) | JK(JK_MS))
#define ROW  (JK_JOBKEYS | JK(JK_JOB) | JK(JK_NAME))   /* a snapshot row: keys 1..8 and 16 */
/* What versions before 4 did not have: the ENABLE record and key. */
#define SINCE_V4 JK(JK_ENABLE)

static const uint32_t jt_keys[16] = {
	[JREC_BOOT] = BASE | JK_BOOTVIEW,
	[JREC_HEALTHY] = BASE | JK(JK_HEALTHY),
	[JREC_JOB] = BASE | JK(JK_JOB) | JK(JK_STATE) | JK(JK_RC) | JK(JK_EXIT),
	[JREC_START] = BASE | JK(JK_JOB) | JK(JK_LSTART),
	[JREC_BIND] = JK(JK_TYPE) | ROW | JK(JK_MS),
	[JREC_QUAR] = BASE | JK(JK_JOB) | JK(JK_ON),
	[JREC_SHUTDOWN] = BASE | JK(JK_CLEAN),
	[JREC_ENABLE] = BASE | JK(JK_JOB) | JK(JK_ENABLE),
	[JREC_HOOK] = BASE | JK(JK_JOB) | JK(JK_STATE) | JK(JK_EXIT),
	[JREC_SNAPSHOT] = BASE | JK_BOOTVIEW | JK(JK_LAYOUT),
};

static const uint16_t jk_max[JK_N] = {
	[JK_TYPE] = 15, [JK_JOB] = SVC_MAX, [JK_STATE] = JOURNAL_STATE_MAX, [JK_ON] = 1, [JK_LSTART] = SVC_MAX,
	[JK_PSTART] = SVC_MAX, [JK_MS] = 999, [JK_ENABLE] = JOURNAL_DISABLED,
};

/* The values a record's keys must repeat (docs/journal.md: "(= boot)",
 * "(= job)"), and the hooks a HOOK names. */
static bool same_ok(const uint32_t *v)
{
	switch (v[JK_TYPE]) {
	case JREC_HEALTHY:
		return v[JK_HEALTHY] == v[JK_BOOT];
	case JREC_SHUTDOWN:
		return v[JK_CLEAN] == v[JK_BOOT];
	case JREC_START:
		return v[JK_LSTART] == v[JK_JOB];
	case JREC_HOOK:
		return v[JK_STATE] == JOURNAL_HOOK_PRE || v[JK_STATE] == JOURNAL_HOOK_POST;
	default:
		return true;
	}
}

/* Keys in a key mask. */
static uint32_t key_count(uint32_t mask)
{
	return (uint32_t)__builtin_popcount(mask);
}

/* The keys a record of type carries, 0 for no type keel writes. */
static uint32_t keys_of(uint32_t type)
{
	return type < 16 ? jt_keys[type] : 0;
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
	uint32_t keys = keys_of(r->v[JK_TYPE]);
	if (!keys)
		return -EINVAL;
	if (r->v[JK_TYPE] != JREC_SNAPSHOT)
		s = NULL;   /* only a SNAPSHOT has rows */
	uint32_t items = key_count(keys);
	for (int i = 0; s && i < SVC_MAX; i++)
		if (s->job[i].name[0])
			items += key_count(ROW);
	struct cbor_enc e;
	cbor_enc_init(&e, buf, cap);
	cbor_put_head(&e, CBOR_ARRAY, items);
	put_vals(&e, r->v, r->name, keys);
	for (int i = 0; s && i < SVC_MAX; i++)
		if (s->job[i].name[0])
			put_vals(&e, s->job[i].v, s->job[i].name, ROW);
	return cbor_enc_result(&e);
}

/* Whether a head of major type mt and argument arg is a valid value of
 * key k (not the name): a uint within jk_max[k], or for exit any int32. */
static bool value_ok(unsigned k, unsigned mt, uint32_t arg)
{
	if (k == JK_EXIT)
		return (mt == CBOR_UINT || mt == CBOR_NINT) && arg <= INT32_MAX;
	if (mt != CBOR_UINT)
		return false;
	if (k == JK_JOB && arg == 0)
		return false;   /* job ids start at 1 */
	return jk_max[k] == 0 || arg <= jk_max[k];
}

/* A name: a text string of 1..SVC_NAME_MAX-1 printable bytes. */
static int get_name(struct cbor_dec *d, unsigned mt, uint32_t len, char *name)
{
	const char *text;
	if (mt != CBOR_TSTR || len == 0 || len >= SVC_NAME_MAX || cbor_get_str_body(d, len, &text))
		return -EBADMSG;
	memcpy(name, text, len);
	name[len] = '\0';
	return 0;
}

/* The values of the keys in mask into v and name. */
static int get_vals(struct cbor_dec *d, uint32_t *v, char *name, uint32_t mask)
{
	uint32_t arg;
	unsigned mt;
	for (unsigned k = 0; k < JK_N; k++) {
		if (!(mask & JK(k)))
			continue;
		if (cbor_get_head(d, &mt, &arg))
			return -EBADMSG;
		if (k == JK_NAME) {
			if (get_name(d, mt, arg, name))
				return -EBADMSG;
			continue;
		}
		if (!value_ok(k, mt, arg))
			return -EBADMSG;
		v[k] = mt == CBOR_NINT ? ~arg : arg;   /* a negative int is -1 - arg */
	}
	return 0;
}

/* A SNAPSHOT's rows, to the end of the payload: the values of the keys
 * in row per bound job, ids ascending, into snap (NULL: checked only).
 * The number of rows, or -EBADMSG. */
static int get_rows(struct cbor_dec *d, struct jstate *snap, uint32_t row)
{
	uint32_t last_id = 0;
	int rows = 0;
	if (snap)
		jstate_init(snap);
	while (d->off < d->len) {
		struct jjob j = { 0 };
		if (get_vals(d, j.v, j.name, row) || j.v[JK_JOB] <= last_id)
			return -EBADMSG;
		last_id = j.v[JK_JOB];
		if (snap)
			snap->job[last_id - 1] = j;
		rows++;
	}
	return rows;
}

int jrec_decode(const uint8_t *buf, uint32_t len, unsigned version, struct jrec *r, struct jstate *snap)
{
	struct cbor_dec d;
	unsigned mt;
	uint32_t items;
	cbor_dec_init(&d, buf, len);
	memset(r, 0, sizeof *r);
	if (cbor_get_head(&d, &mt, &items) || mt != CBOR_ARRAY || d.off >= len)
		return -EBADMSG;
	/* The type is one byte (a uint 1..15) if the payload is valid at all:
	 * its keys are those of that byte's low bits, and get_vals checks the
	 * type itself. */
	uint32_t type = buf[d.off] & 15;
	uint32_t keys = keys_of(type);
	uint32_t row = ROW;
	if (version < JF_VERSION && type == JREC_HOOK)
		keys = 0;     /* no HOOK record before version 5 */
	if (version < JF_VERSION_4) {   /* older records: no ENABLE, and enable 0 */
		keys = type == JREC_ENABLE ? 0 : keys & ~SINCE_V4;
		row &= ~SINCE_V4;
	}
	if (version == JF_VERSION_2)
		keys &= ~JK(JK_MS);   /* the same records without ms */
	if (!keys || get_vals(&d, r->v, r->name, keys) || !same_ok(r->v))
		return -EBADMSG;
	int rows = 0;
	if (r->v[JK_TYPE] == JREC_SNAPSHOT) {
		if (!snap)
			return -EBADMSG;
		struct cbor_dec rows_at = d;   /* check the rows first: a refused snapshot changes nothing */
		rows = get_rows(&d, NULL, row);
		if (rows < 0 || items != key_count(keys) + key_count(row) * (uint32_t)rows || cbor_dec_end(&d))
			return -EBADMSG;
		get_rows(&rows_at, snap, row);
	}
	if (items != key_count(keys) + key_count(row) * (uint32_t)rows)
		return -EBADMSG;
	return cbor_dec_end(&d);
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

/* Whether row a changed before row b (boot, then t). */
static bool older(const struct jjob *a, const struct jjob *b)
{
	if (a->v[JK_BOOT] != b->v[JK_BOOT])
		return a->v[JK_BOOT] < b->v[JK_BOOT];
	return a->v[JK_T] < b->v[JK_T];
}

/* Whether the row of id is kept from a new name while another can go. */
static bool kept(const struct jstate *s, uint32_t id)
{
	const struct jjob *j = &s->job[id - 1];
	return j->v[JK_ON] || j->v[JK_ENABLE] || id == s->v[JK_LSTART] || id == s->v[JK_PSTART];
}

int jstate_pick(const struct jstate *s, jid_busy_fn *busy)
{
	int best = 0;
	for (int i = 0; i < SVC_MAX; i++) {
		uint32_t id = (uint32_t)i + 1;
		if (busy && busy(id))
			continue;   /* a job has it now */
		if (!s->job[i].name[0])
			return (int)id;   /* a free id */
		if (kept(s, id))
			continue;
		if (!best || older(&s->job[i], &s->job[best - 1]))
			best = (int)id;
	}
	return best;
}


/* to[k] = v[k] for the keys in mask (with dry, nothing is set);
 * whether anything but t changed. */
static bool set(uint32_t *to, const uint32_t *v, uint32_t mask, bool dry)
{
	bool changed = false;
	for (int k = 0; k < JK_N; k++) {
		if (!(mask & JK(k)))
			continue;
		if (k != JK_T && to[k] != v[k])
			changed = true;
		if (!dry)
			to[k] = v[k];
	}
	return changed;
}

bool jstate_apply(struct jstate *s, const struct jrec *r, bool dry)
{
	uint32_t type = r->v[JK_TYPE] & 15;
	uint32_t id = r->v[JK_JOB];   /* 0, or 1..SVC_MAX: decoded or from jcore_put */
	uint32_t keys = jt_keys[type];
	uint32_t state_keys = keys & JK_BOOTVIEW;
	if (!id) {   /* a boot-level record: the state's boot too */
		state_keys |= keys & JK(JK_BOOT);
		return set(s->v, r->v, state_keys, dry);
	}
	if (type == JREC_HOOK)
		return false;   /* history only: no state of the job changes */
	struct jjob *j = &s->job[id - 1];
	if (!dry && type == JREC_BIND)   /* a name for id, and its whole row */
		memcpy(j->name, r->name, sizeof j->name);
	bool changed = set(s->v, r->v, state_keys, dry);
	if (set(j->v, r->v, keys & (JK_JOBKEYS | JK(JK_JOB)), dry))
		changed = true;
	return changed;
}
