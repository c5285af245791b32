/* SPDX-License-Identifier: MIT */
/*
 * Storing configurations in the arena (svc/conf/conf_store.h).  One table
 * lists the string fields of struct svc_conf (a plain string, a packed
 * list of a known number of words, or a list of strings); string i of a
 * configuration is found through it.  A load keeps back room for the
 * name, path and error message of every service not stored yet and for
 * the error message of every service (the checks across files mark
 * services bad after they were stored), so that a service that does not
 * fit, or turns out bad, can always say so; its other strings never take
 * that room.  Invariant: a stored string is whole or not stored at all.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "svc/conf/arena.h"
#include "svc/conf/conf_int.h"
#include "svc/conf/conf_store.h"

/* The string fields of struct svc_conf: where the pointer is, where the
 * parse text keeps the string (struct svc_text), how many pointers in a
 * row (a list like after[]: stride bytes between its texts) and, for a
 * packed list, where its word count is (-1: a plain string). */
struct field {
	uint16_t conf, text, stride;
	uint8_t n;
	int16_t words;
};

#define ONE(f) { offsetof(struct svc_conf, f), offsetof(struct svc_text, f), 0, 1, -1 }
#define PACKED(f, count) \
	{ offsetof(struct svc_conf, f), offsetof(struct svc_text, f), 0, 1, offsetof(struct svc_conf, count) }
#define LIST(f, count) \
	{ offsetof(struct svc_conf, f), offsetof(struct svc_text, f), sizeof(((struct svc_text *)0)->f[0]), count, -1 }

static const struct field fields[] = {
	ONE(name), ONE(path), ONE(error),
	PACKED(args, argc), PACKED(env, envc), PACKED(pre, prec), PACKED(post, postc), PACKED(groups, ngroups),
	PACKED(after, nafter), PACKED(requires, nrequires),
	ONE(user), ONE(group), ONE(workdir), ONE(cond_path), ONE(cond_nonempty), ONE(cond_cmdline),
	ONE(env_file), ONE(pidfile), ONE(log_path),
	LIST(sockets, SVC_SOCK_MAX),
};

/* Strings of a struct svc_conf, counting each element of a list. */
#define NREFS (19 + SVC_SOCK_MAX)
_Static_assert(sizeof fields / sizeof fields[0] == 19 + 1, "NREFS: 19 fields of one string, 1 list");
#define ID_BYTES (SVC_NAME_MAX + SVC_PATH_MAX)   /* a name and a path, NULs included */

static unsigned stored, errors;   /* services and error messages stored by this load */

/* The field of string i (0 <= i < NREFS); *k: its element in a list. */
static const struct field *field_of(int i, int *k)
{
	const struct field *f = fields;
	while (i >= f->n)
		i -= f++->n;
	*k = i;
	return f;
}

/* Where string i of c points. */
static const char **ref(struct svc_conf *c, int i)
{
	int k;
	const struct field *f = field_of(i, &k);
	return (const char **)((char *)c + f->conf) + k;
}

/* String i of c, read-only. */
static const char *get(const struct svc_conf *c, int i)
{
	int k;
	const struct field *f = field_of(i, &k);
	return ((const char *const *)((const char *)c + f->conf))[k];
}

/* Bytes of string i of c without the final NUL (a packed list: its
 * words with their NULs). */
static size_t ref_len(const struct svc_conf *c, int i)
{
	int k;
	const struct field *f = field_of(i, &k);
	const char *s = get(c, i);
	if (f->words < 0)
		return strlen(s);
	size_t len = 0;
	for (int w = *((const uint8_t *)c + f->words); w > 0; w--)
		len += strlen(s + len) + 1;
	return len;
}

void conf_store_bind(struct svc_text *t)
{
	for (int i = 0; i < NREFS; i++) {
		int k;
		const struct field *f = field_of(i, &k);
		*ref(&t->conf, i) = (const char *)t + f->text + (size_t)k * f->stride;
	}
}

void conf_store_empty(struct svc_conf *c)
{
	for (int i = 0; i < NREFS; i++)
		*ref(c, i) = "";
}

void conf_store_begin(void)
{
	arena_load_begin();
	stored = errors = 0;
}

/* The room the load keeps back once `services` services and `msgs`
 * error messages are stored. */
static size_t kept_back(unsigned services, unsigned msgs)
{
	size_t ids = services < SVC_MAX ? (size_t)(SVC_MAX - services) * ID_BYTES : 0;
	size_t errs = msgs < SVC_MAX ? (size_t)(SVC_MAX - msgs) * SVC_ERR_MAX : 0;
	return ids + errs;
}

/* s into the spare half, or "" if empty; NULL when it does not fit. */
static const char *put(const char *s, size_t len)
{
	return len ? arena_put(s, len) : "";
}

void conf_store_error(struct svc_conf *c, const char *msg)
{
	if (c->bad)
		return;
	c->bad = true;
	c->error = put(msg, strlen(msg));
	if (!c->error)   /* only past SVC_MAX services without a new load (tests) */
		c->error = "configuration arena full (the error message did not fit)";
	errors++;
}

/* Store every string of c (pointing into the parse text); 0 or -ENOSPC
 * when they do not fit beside the room kept back. */
static int store_all(struct svc_conf *c)
{
	size_t need = 0, len[NREFS];
	for (int i = 0; i < NREFS; i++) {
		len[i] = ref_len(c, i);
		need += len[i] ? len[i] + 1 : 0;
	}
	size_t room = arena_spare_free();
	if (need > room || room - need < kept_back(stored + 1, errors + c->bad))
		return -ENOSPC;
	for (int i = 0; i < NREFS; i++)
		*ref(c, i) = put(*ref(c, i), len[i]);   /* fits: checked above */
	return 0;
}

int conf_store(struct svc_conf *c, int line)
{
	const char *name = c->name, *path = c->path;
	int r = store_all(c);
	if (r < 0) {
		char msg[SVC_ERR_MAX];
		if (c->bad)   /* its own error says more */
			snprintf(msg, sizeof msg, "%s", c->error);
		else
			snprintf(msg, sizeof msg, "%s:%d: configuration arena full (%zu bytes free of %zu; "
				 "KEEL_CONF_AVG, docs/design.md)", path, line, arena_spare_free(),
				 (size_t)CONF_ARENA_BYTES);
		conf_store_empty(c);
		c->argc = c->envc = c->prec = c->postc = c->ngroups = 0;
		c->nafter = c->nrequires = c->nsockets = c->nports = 0;
		c->bad = false;
		c->name = put(name, strlen(name));
		c->path = put(path, strlen(path));
		if (!c->name || !c->path)   /* only past SVC_MAX services without a new load (tests) */
			c->name = c->path = "";
		conf_store_error(c, msg);
	} else if (c->bad) {
		errors++;
	}
	stored++;
	return r;
}

/* True if string i of c and of other hold the same bytes (len: c's). */
static bool same(const struct svc_conf *c, const struct svc_conf *other, int i, size_t len)
{
	return len == ref_len(other, i) && memcmp(get(c, i), get(other, i), len) == 0;
}

size_t conf_live_bytes(const struct svc_conf *c, const struct svc_conf *like)
{
	size_t need = 0;
	for (int i = 0; i < NREFS; i++) {
		if (!arena_in_live(get(c, i)))
			continue;
		size_t len = ref_len(c, i);
		if (!like || !same(c, like, i, len))
			need += len + 1;
	}
	return need;
}

int conf_keep(struct svc_conf *c)
{
	if (conf_live_bytes(c, NULL) > arena_spare_free())
		return -ENOSPC;
	for (int i = 0; i < NREFS; i++)
		if (arena_in_live(*ref(c, i)))
			*ref(c, i) = arena_put(*ref(c, i), ref_len(c, i));
	return 0;
}

void conf_adopt(struct svc_conf *c, const struct svc_conf *from)
{
	for (int i = 0; i < NREFS; i++)
		if (same(c, from, i, ref_len(c, i)))
			*ref(c, i) = get(from, i);
}

const char *conf_store_live(const char *s)
{
	size_t len = strlen(s);
	return len ? arena_put_live(s, len) : "";
}
