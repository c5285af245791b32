/* SPDX-License-Identifier: MIT */
/* The RAM ring of service output: see svc/out/ring.h. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "svc/out/ring.h"

size_t ring_mem_bytes(uint32_t size)
{
	return sizeof(struct ring_hdr) + size;
}

int ring_init(struct ring *r, void *mem, size_t memlen, uint32_t size)
{
	if (size < RING_SIZE_MIN || size > RING_SIZE_MAX || memlen < ring_mem_bytes(size))
		return -EINVAL;
	r->h = mem;
	r->data = (uint8_t *)mem + sizeof(struct ring_hdr);
	memset(r->h, 0, sizeof *r->h);
	r->h->magic = RING_MAGIC;
	r->h->version = RING_VERSION;
	r->h->size = size;
	r->h->next_seq = 1;
	return 0;
}

/* Copy n bytes out of the ring from offset off (wrapping). */
static void copy_out(const struct ring *r, uint32_t off, void *dst, uint32_t n)
{
	uint32_t first = r->h->size - off < n ? r->h->size - off : n;
	memcpy(dst, r->data + off, first);
	memcpy((uint8_t *)dst + first, r->data, n - first);
}

static void copy_in(struct ring *r, uint32_t off, const void *src, uint32_t n)
{
	uint32_t first = r->h->size - off < n ? r->h->size - off : n;
	memcpy(r->data + off, src, first);
	memcpy(r->data, (const uint8_t *)src + first, n - first);
}

static void pack(uint8_t *b, const struct ring_line *l)
{
	memcpy(b, &l->seq, 8);
	memcpy(b + 8, &l->ms, 8);
	memcpy(b + 16, &l->run, 4);
	memcpy(b + 20, &l->id, 2);
	b[22] = l->kind;
	b[23] = 0;
	memcpy(b + 24, &l->len, 2);
}

static void unpack(const uint8_t *b, struct ring_line *l)
{
	memcpy(&l->seq, b, 8);
	memcpy(&l->ms, b + 8, 8);
	memcpy(&l->run, b + 16, 4);
	memcpy(&l->id, b + 20, 2);
	l->kind = b[22];
	memcpy(&l->len, b + 24, 2);
}

static uint32_t wrap(const struct ring *r, uint64_t off)
{
	return (uint32_t)(off % r->h->size);
}

static void count_drop(struct ring *r, uint16_t id)
{
	struct ring_drop *d = r->h->drops, *pick = NULL;
	for (int i = 0; i < RING_DROP_SLOTS; i++) {
		if (d[i].id == id) {
			d[i].count++;
			return;
		}
		if (!pick || d[i].id < pick->id)
			pick = &d[i];   /* a free slot (id 0) or the oldest job */
	}
	if (pick->id > id)
		return;   /* every slot holds a newer job */
	pick->id = id;
	pick->count = 1;
}

/* Drop the oldest record. */
static void drop_oldest(struct ring *r)
{
	uint8_t b[RING_REC_HDR];
	struct ring_line l;
	copy_out(r, r->h->head, b, RING_REC_HDR);
	unpack(b, &l);
	uint32_t n = RING_REC_HDR + l.len;
	r->h->head = wrap(r, (uint64_t)r->h->head + n);
	r->h->used -= n;
	r->h->count--;
	if (l.kind == RING_OUT)
		count_drop(r, l.id);
}

uint64_t ring_put(struct ring *r, struct ring_line *l, const char *text)
{
	if (l->len > RING_LINE_MAX)
		l->len = RING_LINE_MAX;
	uint32_t n = RING_REC_HDR + l->len;   /* at most RING_SIZE_MIN / 4 */
	while (r->h->used + n > r->h->size)
		drop_oldest(r);
	l->seq = r->h->next_seq++;
	uint8_t b[RING_REC_HDR];
	pack(b, l);
	uint32_t at = wrap(r, (uint64_t)r->h->head + r->h->used);
	copy_in(r, at, b, RING_REC_HDR);
	copy_in(r, wrap(r, (uint64_t)at + RING_REC_HDR), text, l->len);
	r->h->used += n;
	r->h->count++;
	return l->seq;
}

void ring_iter_start(const struct ring *r, struct ring_iter *it)
{
	it->off = r->h->head;
	it->left = r->h->count;
}

int ring_iter_next(const struct ring *r, struct ring_iter *it, struct ring_line *l, char *text, size_t cap)
{
	if (!it->left)
		return 0;
	uint8_t b[RING_REC_HDR];
	copy_out(r, it->off, b, RING_REC_HDR);
	unpack(b, l);
	uint32_t take = l->len < cap ? l->len : (uint32_t)cap;
	if (take)
		copy_out(r, wrap(r, (uint64_t)it->off + RING_REC_HDR), text, take);
	it->off = wrap(r, (uint64_t)it->off + RING_REC_HDR + l->len);
	it->left--;
	return 1;
}

void ring_feed(struct ring_part *p, const char *buf, size_t n,
	       void (*emit)(void *arg, const char *text, size_t len), void *arg)
{
	while (n) {
		const char *nl = memchr(buf, '\n', n);
		size_t seg = nl ? (size_t)(nl - buf) : n;
		size_t room = RING_LINE_MAX - p->len;
		size_t take = seg < room ? seg : room;
		memcpy(p->buf + p->len, buf, take);
		p->len = (uint16_t)(p->len + take);
		buf += take;
		n -= take;
		bool ended = nl && take == seg;
		if (ended) {
			buf++;
			n--;
		}
		if (ended || p->len == RING_LINE_MAX) {
			emit(arg, p->buf, p->len);
			p->len = 0;
		}
	}
}

uint32_t ring_dropped(const struct ring *r, unsigned id)
{
	for (int i = 0; i < RING_DROP_SLOTS; i++)
		if (id && r->h->drops[i].id == id)
			return r->h->drops[i].count;
	return 0;
}

uint64_t ring_last_seq(const struct ring *r)
{
	return r->h->next_seq - 1;
}

/* Every record of an attached ring: lengths add up to used, sequence
 * numbers grow and stay below next_seq, kinds are known. */
static int walk_check(const struct ring *r)
{
	struct ring_iter it;
	struct ring_line l;
	uint64_t bytes = 0, last = 0;
	ring_iter_start(r, &it);
	while (it.left) {
		uint8_t b[RING_REC_HDR];
		if (bytes + RING_REC_HDR > r->h->used)
			return -EINVAL;
		copy_out(r, it.off, b, RING_REC_HDR);
		unpack(b, &l);
		if (l.len > RING_LINE_MAX || l.kind > RING_END || l.seq <= last || l.seq >= r->h->next_seq)
			return -EINVAL;
		bytes += RING_REC_HDR + l.len;
		if (bytes > r->h->used)
			return -EINVAL;
		last = l.seq;
		ring_iter_next(r, &it, &l, NULL, 0);
	}
	return bytes == r->h->used ? 0 : -EINVAL;
}

int ring_attach(struct ring *r, void *mem, size_t memlen)
{
	const struct ring_hdr *h = mem;
	if (memlen < sizeof *h || h->magic != RING_MAGIC || h->version != RING_VERSION ||
	    h->size < RING_SIZE_MIN || h->size > RING_SIZE_MAX || memlen < ring_mem_bytes(h->size) ||
	    h->head >= h->size || h->used > h->size || h->count > h->size / RING_REC_HDR || h->next_seq == 0)
		return -EINVAL;
	struct ring t = { mem, (uint8_t *)mem + sizeof(struct ring_hdr) };
	if (walk_check(&t) < 0)
		return -EINVAL;
	*r = t;
	return 0;
}
