/* SPDX-License-Identifier: MIT */
/*
 * The journal's write side (init/jcore.h): layout, opening a segment
 * (zero the old header on bit-writeable flash, erase, header, read back,
 * snapshot), appending a frame (encode, pad to P, program, read back), the
 * record calls, and the boot-loop view in journal_info.  A failed write is
 * never retried in place: the record is already in the RAM state, so the
 * next segment's snapshot carries it.  After repeated failures the context
 * goes RAM-only (writable false) and says so in info.
 */
#include <errno.h>
#include <string.h>

#include "init/jcore.h"

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

int jcore_geometry(struct jcore *c, struct store *st)
{
	const struct store_geom *gm = &st->geom;
	uint32_t g = 1u << JSEG_MIN_LOG2;
	if (!pow2(gm->erase) || !pow2(gm->prog) || gm->prog > JF_MAX)
		return -EINVAL;
	if (gm->erase > g)
		g = gm->erase;
	while (gm->size / g > JCORE_SEGS_MAX)
		g <<= 1;
	if (g > 1u << JSEG_MAX_LOG2 || gm->size / g < 2 || jalign(JSEG_AREA, gm->prog) + JF_MAX > g)
		return -EINVAL;
	c->st = st;
	c->g = g;
	c->n = gm->size / g;
	c->p = gm->prog;
	c->data0 = jalign(JSEG_AREA, c->p);
	c->log2g = (uint8_t)__builtin_ctz(g);
	c->log2p = (uint8_t)__builtin_ctz(c->p);
	return 0;
}

/* Program c->buf[0..len) at off and read it back. */
static int write_at(struct jcore *c, uint32_t off, uint32_t len)
{
	uint8_t chk[64];
	jwin_drop(&c->win);
	int r = c->st->ops->prog(c->st, off, c->buf, len);
	for (uint32_t o = 0; !r && o < len; o += sizeof chk) {
		uint32_t n = len - o < sizeof chk ? len - o : (uint32_t)sizeof chk;
		r = c->st->ops->read(c->st, off + o, chk, n);
		if (!r && memcmp(chk, c->buf + o, n))
			r = -EIO;
	}
	return r;
}

/* Frame r into c->buf, padded with 0xFF to P.  Length or -errno. */
static int build(struct jcore *c, const struct jrec *r)
{
	int n = jrec_encode(r, &c->s, c->buf + JF_HDR, JF_PAYLOAD_MAX);
	if (n <= 0)
		return n < 0 ? n : -EINVAL;
	uint32_t len = jframe_seal(c->buf, c->seq, (uint32_t)n), pad = jalign(len, c->p);
	memset(c->buf + len, 0xff, pad - len);
	return (int)pad;
}

static void count_io(struct jcore *c)
{
	c->info.io_errors++;
	c->s.health[JH_IO]++;
}

int jcore_open_seg(struct jcore *c, uint32_t x, uint8_t flags, uint32_t t)
{
	struct store *st = c->st;
	uint32_t base = x * c->g, ec = c->max_ec ? c->max_ec : 1;   /* unknown: as worn as the most worn */
	struct jseg h;
	jwin_drop(&c->win);
	if (!st->ops->read(st, base, c->buf, JSEG_AREA) && jseg_unpack(c->buf, &h) >= 0 && h.id == c->id)
		ec = h.ec + 1;
	if (st->geom.flags & STORE_BITWRITE) {
		memset(c->buf, 0, JSEG_AREA);   /* "erase pending" (UBI's nor_erase_prepare) */
		(void)st->ops->prog(st, base, c->buf, JSEG_AREA);   /* the erase decides */
	}
	int r = st->ops->erase(st, base, c->g);
	if (r)
		return r;
	h = (struct jseg){ .log2g = c->log2g, .log2p = c->log2p, .flags = flags, .id = c->id,
			   .seq = c->seg_seq + 1, .ec = ec };
	memset(c->buf, 0xff, c->data0);
	jseg_pack(c->buf, &h);
	r = write_at(c, base, c->data0);
	if (r)
		return r;
	c->seg_seq = h.seq;
	if (ec > c->max_ec)
		c->max_ec = ec;
	struct jrec snap = { .type = JREC_SNAPSHOT, .t = t };
	int len = build(c, &snap);
	if (len < 0)
		return len;
	r = write_at(c, base + c->data0, (uint32_t)len);
	c->seq++;
	if (r)
		return r;
	c->cur = x;
	c->off = c->data0 + (uint32_t)len;
	return 0;
}

/* Move to the next segment after a full or failed one; two tries. */
static int next_seg(struct jcore *c, uint8_t flags, uint32_t t)
{
	uint32_t x = (c->cur + 1) % c->n;
	int r = jcore_open_seg(c, x, flags, t);
	if (r && c->n > 2 && (x + 1) % c->n != c->cur) {
		count_io(c);
		r = jcore_open_seg(c, (x + 1) % c->n, JSEG_FLAG_RECOVERY, t);
	}
	if (r) {
		count_io(c);
		c->writable = false;
		c->info.open = false;
		c->info.err = r;
	}
	return r;
}

int jcore_append(struct jcore *c, const struct jrec *r)
{
	if (!c->writable)
		return -EROFS;
	int len = build(c, r);
	if (len < 0)
		return len;
	if (c->off + (uint32_t)len > c->g) {
		int e = next_seg(c, 0, r->t);
		if (e)
			return e;
		len = build(c, r);   /* the snapshot used the buffer */
	}
	int e = write_at(c, c->cur * c->g + c->off, (uint32_t)len);
	c->seq++;
	if (!e) {
		c->off += (uint32_t)len;
		return 0;
	}
	count_io(c);   /* the record is in c->s: the new segment's snapshot has it */
	return next_seg(c, JSEG_FLAG_RECOVERY, r->t);
}

static bool name_ok(const char *name)
{
	size_t n = strnlen(name, SVC_NAME_MAX);
	if (!n || n >= SVC_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return false;
	return true;
}

/* The id of name, binding one (BIND record) if it has none.  id or -errno. */
static int job_id(struct jcore *c, const char *name, uint32_t t)
{
	if (!name_ok(name))
		return -EINVAL;
	int id = jstate_find(&c->s, name);
	if (id)
		return id;
	id = jstate_pick(&c->s);
	if (!id)
		return -ENOSPC;
	struct jrec b = { .type = JREC_BIND, .boot = c->s.boot, .t = t, .job = (uint8_t)id };
	memcpy(b.name, name, strlen(name) + 1);
	jstate_apply(&c->s, &b);
	(void)jcore_append(c, &b);   /* on failure the state still holds it */
	return id;
}

int jcore_job(struct jcore *c, const char *name, uint8_t state, uint32_t rc, int32_t exit,
	      uint32_t t)
{
	int id = job_id(c, name, t);
	if (id < 0)
		return id;
	const struct jjob *j = &c->s.job[id - 1];
	if (j->state == state && j->rc == rc && j->exit == exit && j->boot == c->s.boot)
		return 0;   /* nothing changed: no write */
	struct jrec r = { .type = JREC_JOB, .boot = c->s.boot, .t = t, .job = (uint8_t)id,
			  .state = state, .rc = rc, .exit = exit };
	jstate_apply(&c->s, &r);
	return jcore_append(c, &r);
}

int jcore_start(struct jcore *c, const char *name, uint32_t t)
{
	int id = job_id(c, name, t);
	if (id < 0)
		return id;
	struct jrec r = { .type = JREC_START, .boot = c->s.boot, .t = t, .job = (uint8_t)id };
	jstate_apply(&c->s, &r);
	return jcore_append(c, &r);
}

int jcore_mark(struct jcore *c, uint8_t type, uint32_t t)
{
	if (type != JREC_HEALTHY && type != JREC_SHUTDOWN)
		return -EINVAL;
	struct jrec r = { .type = type, .boot = c->s.boot, .t = t };
	jstate_apply(&c->s, &r);
	if (type == JREC_HEALTHY)
		c->info.last_healthy_boot = c->s.last_healthy;
	return jcore_append(c, &r);
}

int jcore_quar(struct jcore *c, const char *name, bool on, uint32_t t)
{
	int id = job_id(c, name, t);
	if (id < 0)
		return id;
	if (c->s.job[id - 1].quar == on)
		return 0;
	struct jrec r = { .type = JREC_QUAR, .boot = c->s.boot, .t = t, .job = (uint8_t)id, .on = on };
	jstate_apply(&c->s, &r);
	jcore_fill_info(c);
	return jcore_append(c, &r);
}

static void copy_name(char *dst, const struct jstate *s, unsigned id)
{
	dst[0] = '\0';
	if (id >= 1 && id <= SVC_MAX)
		memcpy(dst, s->job[id - 1].name, SVC_NAME_MAX);
}

void jcore_fill_info(struct jcore *c)
{
	struct journal_info *ji = &c->info;
	ji->nquarantined = 0;
	for (int i = 0; i < SVC_MAX; i++)
		if (c->s.job[i].name[0] && c->s.job[i].quar)
			copy_name(ji->quarantined[ji->nquarantined++], &c->s, (unsigned)i + 1);
}

/* This boot's number and boot-loop view from the recovered state, as a
 * BOOT record (applied to c->s). */
static void new_boot(struct jcore *c, struct jrec *b, uint32_t t)
{
	struct jstate *s = &c->s;
	struct journal_info *ji = &c->info;
	uint32_t prev = s->boot;
	bool ok = !prev || s->last_healthy == prev || s->last_clean == prev;
	*b = (struct jrec){ .type = JREC_BOOT, .boot = prev + 1, .t = t };
	b->bs[0] = ok ? 0 : s->streak + 1;
	b->bs[1] = s->last_healthy;
	b->bs[2] = s->last_clean;
	b->starts[1] = ok ? 0 : s->last_start;
	ji->boot = b->boot;
	ji->unhealthy_streak = b->bs[0];
	ji->last_healthy_boot = s->last_healthy;
	copy_name(ji->prev_last_start, s, b->starts[1]);
	copy_name(ji->prev2_last_start, s, s->prev_start);
	jstate_apply(s, b);
}

/* Re-exec: the same boot goes on; the view is what the BOOT record said. */
static void same_boot(struct jcore *c)
{
	struct jstate *s = &c->s;
	struct journal_info *ji = &c->info;
	ji->boot = s->boot;
	ji->unhealthy_streak = s->streak;
	ji->last_healthy_boot = s->last_healthy;
	copy_name(ji->prev_last_start, s, s->prev_start);
	ji->prev2_last_start[0] = '\0';
}

int jcore_open(struct jcore *c, struct store *st, uint64_t new_id, uint32_t t, bool resume)
{
	struct jrec b;
	int r = -ENODEV;
	if (st)
		r = jcore_recover(c, st);
	else
		memset(c, 0, sizeof *c), jstate_init(&c->s), c->info.fresh = true;
	int32_t x = c->reopen;
	if (c->info.fresh)
		c->id = new_id;
	resume = resume && c->s.boot;
	if (resume)
		same_boot(c);
	else
		new_boot(c, &b, t);
	jcore_fill_info(c);
	c->writable = !r && !(st->geom.flags & STORE_RDONLY);
	if (!c->writable) {
		c->info.err = r ? r : -EROFS;
		return c->info.err;
	}
	if (x >= 0 && (r = jcore_open_seg(c, (uint32_t)x, c->info.fresh ? 0 : JSEG_FLAG_RECOVERY, t))) {
		count_io(c);
		c->writable = false;
		c->info.err = r;
		return r;
	}
	c->info.open = true;
	r = resume ? 0 : jcore_append(c, &b);
	if (r)
		c->info.err = r;
	return r;
}
