/* SPDX-License-Identifier: MIT */
/*
 * Internal interface of the config loader, shared by svc/conf/conf.c (reader,
 * handler, files) and svc/conf/conf_set.c (one setter per value type): the key
 * table row, the parse context and the error recorder.  Not for use
 * outside svc/conf*.c.
 */
#ifndef KEEL_CONF_INT_H
#define KEEL_CONF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>
#include "svc/conf/conf.h"
#include "svc/conf/conf_src.h"
#include "svc/conf/conf_work.h"
#include "svc/conf/keys.h"

/* Longest unix socket path (sun_path less its NUL). */
#define SOCK_PATH_MAX ((int)sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

struct key {
	const char *name;
	uint8_t type, flags;
	uint16_t off, size, cnt_off;
};


#define SVC_ROW(name, type, field, cnt, flags) \
	{ #name, type, flags, offsetof(struct svc_text, field), \
	  sizeof(((struct svc_text *)0)->field), offsetof(struct svc_text, cnt) },
#define INIT_ROW(name, type, field, cnt, flags) \
	{ #name, type, flags, offsetof(struct init_conf, field), \
	  sizeof(((struct init_conf *)0)->field), offsetof(struct init_conf, cnt) },
#define COUNT_ROW(...) + 1
#define SVC_ENUM(name, ...) SK_##name,
#define INIT_ENUM(name, ...) IK_##name,

enum { SVC_KEYS(SVC_ENUM) };
enum { INIT_KEYS(INIT_ENUM) };
enum { NSVC_KEYS = 0 SVC_KEYS(COUNT_ROW), NINIT_KEYS = 0 INIT_KEYS(COUNT_ROW) };
#define NKEYS_MAX (NSVC_KEYS > NINIT_KEYS ? NSVC_KEYS : NINIT_KEYS)

/* One parse in progress. */
struct pctx {
	const char *path;
	struct conf_src src;        /* the file's bytes, a line at a time */
	int line;                   /* line last handed to inih */
	bool indented;              /* that line starts with a blank */
	int sect_line;              /* line of the last section header */
	int want_line;              /* line of the first wanted header, or 0 */
	const char *want;           /* "service" or "init" */
	const struct key *keys;
	int nkeys;
	void *obj;                  /* struct svc_text or struct init_conf */
	struct conf_lines *lines;   /* where list items were declared, or NULL */
	int last_key;               /* key of the previous handler call, or -1 */
	uint16_t key_line[NKEYS_MAX];
	bool has_err;
	int err_line;
	char err[SVC_ERR_MAX];
};

/* Record "path:line: what" in p unless an error on an earlier line is kept. */
void conf_perr(struct pctx *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Apply value v of key k (cont: an indented continuation line) to p->obj.
 * Returns 0, or -1 after recording the error. */
int conf_set_value(struct pctx *p, const struct key *k, const char *v, bool cont);

/* Point t->conf's strings at t's own text fields (before conf_store()). */
void conf_store_bind(struct svc_text *t);

/* c (a copy of a struct svc_text's conf, its strings pointing into that
 * text) with its strings moved into the arena's spare half (the room is
 * checked first).  When they do not fit, c keeps only its name and path
 * and is bad: "path:line: configuration arena full" (line: its [service]
 * header).  Returns 0 or -ENOSPC. */
int conf_store(struct svc_conf *c, int line);

#endif
