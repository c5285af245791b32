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
#include "svc/conf/keys.h"

/* Longest unix socket path (sun_path less its NUL). */
#define SOCK_PATH_MAX ((int)sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

struct key {
	const char *name;
	uint8_t type, flags;
	uint16_t off, size, cnt_off;
};

#define SVC_ROW(name, type, field, cnt, flags) \
	{ #name, type, flags, offsetof(struct svc_conf, field), \
	  sizeof(((struct svc_conf *)0)->field), offsetof(struct svc_conf, cnt) },
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
	const char *buf;
	size_t len, pos;
	int line;                   /* line last handed to inih */
	bool indented;              /* that line starts with a blank */
	int sect_line;              /* line of the last section header */
	int want_line;              /* line of the first wanted header, or 0 */
	const char *want;           /* "service" or "init" */
	const struct key *keys;
	int nkeys;
	void *obj;                  /* struct svc_conf or struct init_conf */
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

#endif
