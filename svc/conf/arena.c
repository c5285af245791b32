/* SPDX-License-Identifier: MIT */
/*
 * The two halves of the configuration arena (svc/conf/arena.h): each a
 * bump allocator, page-aligned so that emptying one gives its pages back.
 */
#include <stdint.h>
#include <string.h>

#include "init/rt/pages.h"
#include "svc/conf/arena.h"

struct half {
	char bytes[CONF_ARENA_BYTES];
	size_t used;
};

static struct half halves[2] __attribute__((aligned(PAGE_MIN)));
static int live;   /* index of the live half; 1 - live is the spare one */

static void empty(struct half *h)
{
	if (h->used)
		pages_release(h->bytes, sizeof h->bytes);
	h->used = 0;
}

void arena_load_begin(void)
{
	empty(&halves[1 - live]);
}

void arena_load_drop(void)
{
	arena_load_begin();   /* the same emptying, said as what the caller means */
}

static const char *put(struct half *h, const char *s, size_t len)
{
	if (len >= sizeof h->bytes - h->used)
		return NULL;
	char *at = h->bytes + h->used;
	memcpy(at, s, len);
	at[len] = '\0';
	h->used += len + 1;
	return at;
}

const char *arena_put(const char *s, size_t len)
{
	return put(&halves[1 - live], s, len);
}

const char *arena_put_live(const char *s, size_t len)
{
	return put(&halves[live], s, len);
}

size_t arena_spare_free(void)
{
	return sizeof halves[0].bytes - halves[1 - live].used;
}

bool arena_in_live(const char *p)
{
	uintptr_t at = (uintptr_t)p, b = (uintptr_t)halves[live].bytes;
	return at >= b && at - b < sizeof halves[live].bytes;
}

void arena_swap(void)
{
	empty(&halves[live]);
	live = 1 - live;
}

size_t arena_live_used(void)
{
	return halves[live].used;
}
