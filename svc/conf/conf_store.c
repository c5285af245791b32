/* SPDX-License-Identifier: MIT */
/*
 * Storing configurations in the arena (svc/conf/conf_store.h).  Every
 * string field of struct svc_conf is one "ref": a plain string, or a
 * packed list of a known number of words.  A load keeps back room for the
 * name, path and error message of every service not stored yet and for
 * the error message of every service (the checks across files mark
 * services bad after they were stored), so that a service that does not
 * fit, or turns out bad, can always say so; its other strings never take
 * that room.  Invariant: a stored string is whole or not stored at all.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "svc/conf/arena.h"
#include "svc/conf/conf_int.h"
#include "svc/conf/conf_store.h"

/* One string field of a struct svc_conf: where its pointer is, and its
 * word count for a packed list (-1: a plain string). */
struct ref {
	const char **at;
	int words;
};

#define NREFS (16 + 2 * SVC_DEPS_MAX + SVC_SOCK_MAX)
#define ID_BYTES (SVC_NAME_MAX + SVC_PATH_MAX)   /* a name and a path, NULs included */

static unsigned stored, errors;   /* services and error messages stored by this load */

static int refs_of(struct svc_conf *c, struct ref *r)
{
	int n = 0;
	r[n++] = (struct ref){ &c->name, -1 };
	r[n++] = (struct ref){ &c->path, -1 };
	r[n++] = (struct ref){ &c->error, -1 };
	r[n++] = (struct ref){ &c->args, c->argc };
	r[n++] = (struct ref){ &c->env, c->envc };
	r[n++] = (struct ref){ &c->pre, c->prec };
	r[n++] = (struct ref){ &c->post, c->postc };
	r[n++] = (struct ref){ &c->groups, c->ngroups };
	r[n++] = (struct ref){ &c->user, -1 };
	r[n++] = (struct ref){ &c->group, -1 };
	r[n++] = (struct ref){ &c->workdir, -1 };
	r[n++] = (struct ref){ &c->cond_path, -1 };
	r[n++] = (struct ref){ &c->cond_nonempty, -1 };
	r[n++] = (struct ref){ &c->cond_cmdline, -1 };
	r[n++] = (struct ref){ &c->env_file, -1 };
	r[n++] = (struct ref){ &c->pidfile, -1 };
	r[n++] = (struct ref){ &c->log_path, -1 };
	for (int i = 0; i < SVC_DEPS_MAX; i++) {
		r[n++] = (struct ref){ &c->after[i], -1 };
		r[n++] = (struct ref){ &c->requires[i], -1 };
	}
	for (int i = 0; i < SVC_SOCK_MAX; i++)
		r[n++] = (struct ref){ &c->sockets[i], -1 };
	return n;
}
_Static_assert(NREFS == 17 - 1 + 2 * SVC_DEPS_MAX + SVC_SOCK_MAX, "NREFS: count the refs of refs_of()");

/* Bytes of the string a ref points to, without the final NUL. */
static size_t ref_len(const struct ref *r)
{
	const char *s = *r->at;
	if (r->words < 0)
		return strlen(s);
	size_t len = 0;
	for (int i = 0; i < r->words; i++)
		len += strlen(s + len) + 1;
	return len;
}

void conf_store_empty(struct svc_conf *c)
{
	struct ref r[NREFS + 1];
	int n = refs_of(c, r);
	for (int i = 0; i < n; i++)
		*r[i].at = "";
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
	struct ref r[NREFS + 1];
	int n = refs_of(c, r);
	size_t need = 0, len[NREFS + 1];
	for (int i = 0; i < n; i++) {
		len[i] = ref_len(&r[i]);
		need += len[i] ? len[i] + 1 : 0;
	}
	size_t room = arena_spare_free();
	if (need > room || room - need < kept_back(stored + 1, errors + c->bad))
		return -ENOSPC;
	for (int i = 0; i < n; i++)
		*r[i].at = put(*r[i].at, len[i]);   /* fits: checked above */
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

/* True if refs a and b hold the same bytes (len: a's length). */
static bool same(const struct ref *a, const struct ref *b, size_t len)
{
	return len == ref_len(b) && memcmp(*a->at, *b->at, len) == 0;
}

size_t conf_live_bytes(const struct svc_conf *c, const struct svc_conf *like)
{
	struct svc_conf copy = *c, other;
	struct ref r[NREFS + 1], o[NREFS + 1];
	int n = refs_of(&copy, r);
	if (like) {
		other = *like;
		refs_of(&other, o);
	}
	size_t need = 0;
	for (int i = 0; i < n; i++) {
		if (!arena_in_live(*r[i].at))
			continue;
		size_t len = ref_len(&r[i]);
		if (!like || !same(&r[i], &o[i], len))
			need += len + 1;
	}
	return need;
}

int conf_keep(struct svc_conf *c)
{
	if (conf_live_bytes(c, NULL) > arena_spare_free())
		return -ENOSPC;
	struct ref r[NREFS + 1];
	int n = refs_of(c, r);
	for (int i = 0; i < n; i++)
		if (arena_in_live(*r[i].at))
			*r[i].at = arena_put(*r[i].at, ref_len(&r[i]));
	return 0;
}

void conf_adopt(struct svc_conf *c, const struct svc_conf *from)
{
	struct svc_conf other = *from;
	struct ref mine[NREFS + 1], theirs[NREFS + 1];
	int n = refs_of(c, mine);
	refs_of(&other, theirs);
	for (int i = 0; i < n; i++)
		if (same(&mine[i], &theirs[i], ref_len(&mine[i])))
			*mine[i].at = *theirs[i].at;
}

const char *conf_store_live(const char *s)
{
	size_t len = strlen(s);
	return len ? arena_put_live(s, len) : "";
}
