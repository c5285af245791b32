/* SPDX-License-Identifier: MIT */
/*
 * The INI mapping: one service file or init.ini, read a line at a time
 * through a small buffer (svc/conf/conf_src.h: the file, or bytes in
 * memory for tests and the fuzzer, the same way), handed to inih one line
 * at a time by our own reader (which counts lines, rejects over-long ones
 * and NUL bytes), and mapped onto the struct through the X-macro key
 * tables of svc/conf/keys.h (the setters are in svc/conf/conf_set.c).  No
 * whole file is held: the source hashes and counts the bytes as they
 * pass, and the one message that needs a line again (syntax_err()) reads
 * it again.  Invariants: no allocation; only the first error (lowest
 * line) is kept, as "path:line: what"; a struct is fully defaulted before
 * any key is applied.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <ini.h>
#include "svc/conf/arena.h"
#include "svc/conf/conf_int.h"
#include "svc/conf/conf_store.h"
#include "svc/conf/conf_val.h"

#define JOURNAL_SIZE_DEFAULT (1u << 20)

static const struct key svc_keys[] = { SVC_KEYS(SVC_ROW) };
static const struct key init_keys[] = { INIT_KEYS(INIT_ROW) };

void conf_perr(struct pctx *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (p->has_err && p->err_line <= line)
		return;
	p->has_err = true;
	p->err_line = line;
	va_start(ap, fmt);
	val_vmsg(p->err, sizeof p->err, p->path, line, fmt, ap);
	va_end(ap);
}

/* True if inih's section name s (untrimmed) is want. */
static bool section_is(const char *s, size_t len, const char *want)
{
	size_t wl = strlen(want);

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len == wl && memcmp(s, want, wl) == 0;
}

/* A header line "[name]" at the left margin: remember it, check the name. */
static void reader_section(struct pctx *p, const char *l, size_t n)
{
	const char *end = memchr(l, ']', n);

	if (!end)
		return;   /* inih reports the syntax error */
	p->sect_line = p->line;
	p->last_key = -1;          /* inih forgets the previous key here too */
	if (section_is(l + 1, (size_t)(end - l - 1), p->want)) {
		if (!p->want_line)
			p->want_line = p->line;
	} else
		conf_perr(p, p->line, "unknown section [%.*s]", (int)(end - l - 1) > 40 ? 40 :
		     (int)(end - l - 1), l + 1);
}

/* The rest of a line longer than the small buffer, after its first n
 * bytes (the last of them last): read, so it is counted and hashed, but
 * not kept.  Returns the whole line's length, less a '\r' at its end. */
static size_t rest_of_line(struct pctx *p, size_t n, char last)
{
	char *piece;
	size_t k;
	bool cut = true;

	while (cut && conf_src_next(&p->src, &piece, &k, &cut) > 0) {
		n += k;
		if (k)
			last = piece[k - 1];
	}
	return last == '\r' ? n - 1 : n;
}

/* inih's reader: the next line of the file into str (num bytes), counted. */
static char *reader(char *str, int num, void *stream)
{
	struct pctx *p = stream;
	char *l;
	size_t n, take;
	bool cut;

	if (num < 2 || conf_src_next(&p->src, &l, &n, &cut) <= 0)
		return NULL;
	p->line++;
	take = n && l[n - 1] == '\r' ? n - 1 : n;
	p->indented = take && (l[0] == ' ' || l[0] == '\t');
	if (cut)
		take = rest_of_line(p, n, l[n - 1]);   /* l is overwritten: unused, the line is too long */
	if (take > SVC_LINE_MAX || take + 2 > (size_t)num) {
		conf_perr(p, p->line, "line too long (%zu > %d characters)", take, SVC_LINE_MAX);
		take = 0;
	} else if (memchr(l, '\0', take)) {
		conf_perr(p, p->line, "NUL byte in line");
		take = 0;
	}
	if (take && l[0] == '[')
		reader_section(p, l, take);
	memcpy(str, l, take);
	str[take] = '\n';
	str[take + 1] = '\0';
	return str;
}

/* Debian's inih keeps " ; comment" on continuation lines; cut it as it does
 * on key lines (a ';' at the start or after a blank), copying into buf. */
static const char *strip_comment(const char *v, char *buf, size_t size)
{
	size_t n = 0;

	for (; v[n] && n + 1 < size; n++)
		if (v[n] == ';' && (n == 0 || v[n - 1] == ' ' || v[n - 1] == '\t'))
			break;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct pctx *p = user;
	char vbuf[SVC_LINE_MAX + 2];
	int k;
	bool cont;

	if (!section_is(section, strlen(section), p->want)) {
		if (!*section)
			conf_perr(p, p->line, "key '%.40s' outside [%s]", name, p->want);
		else
			conf_perr(p, p->sect_line, "unknown section [%.40s]", section);
		return 0;
	}
	for (k = 0; k < p->nkeys && strcmp(p->keys[k].name, name); k++)
		;
	cont = p->indented && p->last_key == k;
	p->last_key = k < p->nkeys ? k : -1;
	if (k == p->nkeys) {
		conf_perr(p, p->line, "unknown key '%.40s'", name);
		return 0;
	}
	if (cont && !(p->keys[k].flags & K_CONT)) {
		conf_perr(p, p->line, "%s: takes one line (an indented line continues it)", name);
		return 0;
	}
	if (!cont && p->key_line[k] && !(p->keys[k].flags & K_MULTI)) {
		conf_perr(p, p->line, "duplicate key '%s' (first at line %d)", name, p->key_line[k]);
		return 0;
	}
	if (!p->key_line[k])
		p->key_line[k] = (uint16_t)p->line;
	if (p->indented)
		value = strip_comment(value, vbuf, sizeof vbuf);
	return conf_set_value(p, &p->keys[k], value, cont) == 0;
}

/* inih returned an error line that no handler check explains: say why,
 * from whether the line starts with '[' (after blanks).  The line has
 * left the small buffer by now, so it is read again from the file's start
 * (conf_src_line()): simpler than remembering something about every
 * line, and it only costs a file with a syntax error. */
static void syntax_err(struct pctx *p, int line)
{
	char *l;
	size_t n, at = 0;

	if (conf_src_line(&p->src, line, &l, &n) <= 0)
		n = 0;
	while (at < n && (l[at] == ' ' || l[at] == '\t'))
		at++;
	conf_perr(p, line, at < n && l[at] == '[' ? "section header without ']'" :
	     "expected 'key = value'");
}

/* Run inih over the file (p->src); when reading it failed, whatever was
 * parsed does not count (the caller says why), so nothing is checked. */
static void run(struct pctx *p)
{
	int r;

	p->last_key = -1;
	r = ini_parse_stream(reader, p, handler, p);
	if (p->src.err)
		return;
	if (r > 0 && (!p->has_err || r < p->err_line))
		syntax_err(p, r);
	else if (r < 0)
		conf_perr(p, 0, "parser failed (%d)", r);
}

static void svc_defaults(struct svc_conf *c)
{
	memset(c, 0, sizeof *c);
	conf_store_empty(c);
	c->type = SVC_SIMPLE;
	c->on_limit = ONLIMIT_STOP;
	c->stop_signal = SIGTERM;
	c->restart_delay_ms = SVC_RESTART_DELAY_MS;
	c->restart_window_ms = 60000;
	c->stop_timeout_ms = SVC_STOP_TIMEOUT_MS;
	c->hook_timeout_ms = SVC_HOOK_TIMEOUT_MS;
	c->ready_timeout_ms = SVC_READY_TIMEOUT_MS;
	c->restart_limit = 5;
	c->caps = SVC_CAPS_KEEP;
	c->limit_nofile = SVC_LIMIT_KEEP;
	c->limit_core = SVC_LIMIT_KEEP;
	c->limit_as = SVC_LIMIT_KEEP;
	c->limit_nproc = SVC_LIMIT_KEEP;
	c->umask = 0022;
	c->oom_score_adj = SVC_OOM_KEEP;
	c->nice = SVC_NICE_KEEP;
	c->no_new_privs = true;
	c->enabled = true;
}

/* ready = ... needs what it watches, and not with a type that has its own. */
static void svc_finish_ready(struct pctx *p, const struct svc_text *t)
{
	const struct svc_conf *c = &t->conf;
	static const char *const needs[] = { [READY_PIDFILE] = "pidfile", [READY_PORT] = "ports",
					     [READY_SOCKET] = "sockets" };
	bool missing = (c->ready == READY_PIDFILE && !t->pidfile[0]) ||
		       (c->ready == READY_PORT && !c->nports) || (c->ready == READY_SOCKET && !c->nsockets);

	if (c->ready == READY_SPAWN || p->has_err)
		return;
	if (c->type != SVC_SIMPLE)
		conf_perr(p, p->key_line[SK_ready], "ready: only for type = simple (notify has READY=1, forking its main pid)");
	else if (missing)
		conf_perr(p, p->key_line[SK_ready], "ready: needs %s", needs[c->ready]);
}

/* Checks and defaults that need the whole file. */
static void svc_finish(struct pctx *p, struct svc_text *t)
{
	struct svc_conf *c = &t->conf;
	if (!p->key_line[SK_exec] && !p->has_err)
		conf_perr(p, p->want_line, "missing exec");
	else if (!c->argc && !p->has_err)
		conf_perr(p, p->key_line[SK_exec], "exec: empty command");
	svc_finish_ready(p, t);
	if (!p->key_line[SK_restart])
		c->restart = c->type == SVC_ONESHOT ? RESTART_NO : RESTART_ALWAYS;
	if (!p->key_line[SK_restart_delay_max])
		c->restart_delay_max_ms = c->restart_delay_ms;
	if (!p->key_line[SK_stable_after])
		c->stable_after_ms = c->restart_window_ms;
	if (p->lines)
		p->lines->section = (uint16_t)p->want_line;
}

/* The n names of after= or requires= (one a row) packed in place as
 * "a\0b\0", the form struct svc_conf keeps them in. */
static void pack_names(char (*names)[SVC_NAME_MAX], int n)
{
	char *to = names[0];

	for (int i = 0; i < n; i++) {
		size_t len = strnlen(names[i], SVC_NAME_MAX - 1) + 1;
		memmove(to, names[i], len - 1);
		to[len - 1] = '\0';
		to += len;
	}
}

/* t as for a file that sets nothing: the defaults, the name (base, bl
 * bytes) and p's path; no lines known. */
static void svc_text_init(struct pctx *p, struct svc_text *t, const char *base, size_t bl)
{
	memset(t, 0, sizeof *t);
	svc_defaults(&t->conf);
	if (p->lines)
		memset(p->lines, 0, sizeof *p->lines);
	snprintf(t->name, sizeof t->name, "%.*s", (int)bl, base);
	snprintf(t->path, sizeof t->path, "%s", p->path);
}

/* Parse a service from p->src into t; the common part of conf_parse_svc*(). */
static void svc_parse_text(struct pctx *p, struct svc_text *t)
{
	const char *path = p->path;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t bl = strlen(base);
	char why[64];

	if (bl > 4 && strcmp(base + bl - 4, ".ini") == 0)
		bl -= 4;
	svc_text_init(p, t, base, bl);
	if (strlen(path) >= sizeof t->path)
		conf_perr(p, 0, "path too long (max %zu characters)", sizeof t->path - 1);
	else if (!val_svc_name(base, bl))
		conf_perr(p, 0, "bad service name '%.*s'", (int)(bl > 40 ? 40 : bl), base);
	else {
		if (!p->src.err)
			run(p);
		if (p->src.err) {   /* unreadable or too large, maybe part way: none of it counts */
			svc_text_init(p, t, base, bl);
			p->want_line = 0;
			conf_perr(p, 0, "%s", conf_src_why(&p->src, why, sizeof why));
		} else {
			t->conf.hash = p->src.hash;
			svc_finish(p, t);
		}
	}
	if (p->has_err) {
		t->conf.bad = true;
		snprintf(t->error, sizeof t->error, "%s", p->err);
	}
	pack_names(t->after, t->conf.nafter);
	pack_names(t->requires, t->conf.nrequires);
	conf_store_bind(t);
}

/* The parse of a service file at path, into w's text (the source is set
 * next, by the caller). */
static void svc_ctx(struct pctx *p, const char *path, struct conf_lines *lines, struct conf_work *w)
{
	*p = (struct pctx){ .path = path, .want = "service", .keys = svc_keys, .nkeys = NSVC_KEYS,
			    .obj = &w->text, .lines = lines };
}

/* Parse a service from p->src (closed after) and store it in c; the
 * common tail of conf_parse_svc*(). */
static int svc_parse(struct pctx *p, struct svc_conf *c, struct conf_work *w, char *err, size_t errlen)
{
	struct svc_text *t = &w->text;

	svc_parse_text(p, t);
	conf_src_close(&p->src);
	*c = t->conf;
	conf_store(c, p->want_line ? p->want_line : 1);
	if (!c->bad)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "%s", c->error);
	return -1;
}

int conf_parse_svc_buf(const char *path, const char *buf, size_t len, struct svc_conf *c,
		       struct conf_lines *lines, struct conf_work *w, char *err, size_t errlen)
{
	struct pctx p;

	svc_ctx(&p, path, lines, w);
	conf_src_mem(&p.src, buf, len, w->line, sizeof w->line);
	return svc_parse(&p, c, w, err, errlen);
}

int conf_parse_svc_lines(const char *path, struct svc_conf *c, struct conf_lines *lines,
			 struct conf_work *w, char *err, size_t errlen)
{
	struct pctx p;

	svc_ctx(&p, path, lines, w);
	conf_src_file(&p.src, path, w->line, sizeof w->line);
	return svc_parse(&p, c, w, err, errlen);
}

void conf_svc_defaults(struct svc_conf *c)
{
	svc_defaults(c);
}

void conf_init_defaults(struct init_conf *ic)
{
	memset(ic, 0, sizeof *ic);
	snprintf(ic->svc_dir, sizeof ic->svc_dir, "/etc/svc.d");
	snprintf(ic->control, sizeof ic->control, "%s", INIT_CONTROL_DEFAULT);
	ic->journal_size = JOURNAL_SIZE_DEFAULT;
	ic->boot_ok_after_ms = 30000;
	ic->boot_loop_limit = 3;
	ic->shutdown_timeout_ms = 10000;
	ic->watchdog_timeout_ms = INIT_WATCHDOG_TIMEOUT_MS;
	ic->log_ring = CONF_LOG_RING_DEFAULT;
	ic->log_size = CONF_LOG_SIZE_DEFAULT;
	ic->log_keep = CONF_LOG_KEEP_DEFAULT;
}

/* The service output keys of init.ini within their bounds, else their
 * defaults (with a message). */
static void init_finish_log(struct pctx *p, struct init_conf *ic)
{
	if (ic->log_ring < CONF_LOG_RING_MIN || ic->log_ring > CONF_LOG_RING_MAX) {
		conf_perr(p, p->key_line[IK_log_ring], "log_ring: %" PRIu32 " bytes is out of range (%uK..%uM)",
			  ic->log_ring, CONF_LOG_RING_MIN >> 10, CONF_LOG_RING_MAX >> 20);
		ic->log_ring = CONF_LOG_RING_DEFAULT;
	}
	if (ic->log_size < CONF_LOG_SIZE_MIN) {
		conf_perr(p, p->key_line[IK_log_size], "log_size: %" PRIu32 " bytes is below %uK", ic->log_size,
			  CONF_LOG_SIZE_MIN >> 10);
		ic->log_size = CONF_LOG_SIZE_DEFAULT;
	}
	if (ic->log_keep > CONF_LOG_KEEP_MAX) {
		conf_perr(p, p->key_line[IK_log_keep], "log_keep: %" PRIu32 " is more than %u", ic->log_keep,
			  CONF_LOG_KEEP_MAX);
		ic->log_keep = CONF_LOG_KEEP_DEFAULT;
	}
}

/* Checks of [init] values that need more than their type: a journal_size
 * the journal can lay out (svc/conf/conf.h), else the default. */
static void init_finish(struct pctx *p, struct init_conf *ic)
{
	init_finish_log(p, ic);
	if (ic->journal_size >= CONF_JOURNAL_SIZE_MIN && ic->journal_size <= CONF_JOURNAL_SIZE_MAX)
		return;
	conf_perr(p, p->key_line[IK_journal_size], "journal_size: %" PRIu32 " bytes is out of range "
		  "(%uK..%uM: 2 to 16 segments of 8K to 16M)", ic->journal_size, CONF_JOURNAL_SIZE_MIN >> 10,
		  CONF_JOURNAL_SIZE_MAX >> 20);
	ic->journal_size = JOURNAL_SIZE_DEFAULT;
}

/* The parse of init.ini at path into ic (the source is set next). */
static void init_ctx(struct pctx *p, const char *path, struct init_conf *ic)
{
	*p = (struct pctx){ .path = path, .want = "init", .keys = init_keys, .nkeys = NINIT_KEYS,
			    .obj = ic };
}

/* Parse init.ini from p->src (closed after) into ic; the common part of
 * conf_parse_init*().  A file that cannot be read (or is too large, found
 * part way) counts for nothing: ic keeps its defaults, the -errno is
 * returned.  Bytes in memory too large are an error like a bad value. */
static int init_parse(struct pctx *p, struct init_conf *ic, char *err, size_t errlen)
{
	char why[64];

	conf_init_defaults(ic);
	if (!p->src.err)
		run(p);
	conf_src_close(&p->src);
	if (p->src.err && p->src.file) {
		conf_init_defaults(ic);
		if (err && errlen)
			snprintf(err, errlen, "%s:0: %s", p->path, conf_src_why(&p->src, why, sizeof why));
		return p->src.err;
	}
	if (p->src.err)
		conf_perr(p, 0, "%s", conf_src_why(&p->src, why, sizeof why));
	init_finish(p, ic);
	if (!p->has_err)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "%s", p->err);
	return -EINVAL;
}

int conf_parse_init_buf(const char *path, const char *buf, size_t len, struct init_conf *ic,
			char *err, size_t errlen)
{
	char line[CONF_LINE_BUF];   /* the tests' and fuzzer's entry: no conf_work here */
	struct pctx p;

	init_ctx(&p, path, ic);
	conf_src_mem(&p.src, buf, len, line, sizeof line);
	return init_parse(&p, ic, err, errlen);
}

int conf_parse_init(const char *path, struct init_conf *ic, struct conf_work *w, char *err,
		    size_t errlen)
{
	struct pctx p;

	init_ctx(&p, path, ic);
	conf_src_file(&p.src, path, w->line, sizeof w->line);
	return init_parse(&p, ic, err, errlen);
}
