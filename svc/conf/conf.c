/* SPDX-License-Identifier: MIT */
/*
 * The INI mapping: one service file or init.ini, read with read(2) into a
 * fixed buffer, handed to inih one line at a time by our own reader (which
 * counts lines, rejects over-long ones and NUL bytes), and mapped onto the
 * struct through the X-macro key tables of svc/conf/keys.h (the setters are in
 * svc/conf/conf_set.c).  Invariants: no
 * allocation; only the first error (lowest line) is kept, as "path:line:
 * what"; a struct is fully defaulted before any key is applied.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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

/* inih's reader: the next line of p->buf into str (num bytes), counted. */
static char *reader(char *str, int num, void *stream)
{
	struct pctx *p = stream;
	const char *l = p->buf + p->pos, *nl;
	size_t n, take;

	if (p->pos >= p->len || num < 2)
		return NULL;
	nl = memchr(l, '\n', p->len - p->pos);
	n = nl ? (size_t)(nl - l) : p->len - p->pos;
	p->pos += n + (nl != NULL);
	p->line++;
	take = n && l[n - 1] == '\r' ? n - 1 : n;
	p->indented = take && (l[0] == ' ' || l[0] == '\t');
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

/* inih returned an error line that no handler check explains: say why. */
static void syntax_err(struct pctx *p, int line)
{
	const char *l = p->buf;
	size_t left = p->len;

	for (int i = 1; i < line && left; i++) {
		const char *nl = memchr(l, '\n', left);
		if (!nl)
			break;
		left -= (size_t)(nl + 1 - l);
		l = nl + 1;
	}
	while (left && (*l == ' ' || *l == '\t'))
		l++, left--;
	conf_perr(p, line, left && *l == '[' ? "section header without ']'" :
	     "expected 'key = value'");
}

/* Run inih over p->buf[0..p->len). */
static void run(struct pctx *p)
{
	int r;

	p->last_key = -1;
	r = ini_parse_stream(reader, p, handler, p);
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

static uint64_t fnv1a(const char *buf, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)buf[i];
		h *= 0x100000001b3ull;
	}
	return h;
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

/* Parse a service from buf (NULL: the file could not be read, rerr is the
 * -errno) into t; the common part of conf_parse_svc*(). */
static void svc_parse_text(struct pctx *p, const char *buf, size_t len, int rerr, struct svc_text *t)
{
	const char *path = p->path;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t bl = strlen(base);

	memset(t, 0, sizeof *t);
	svc_defaults(&t->conf);
	if (p->lines)
		memset(p->lines, 0, sizeof *p->lines);
	if (bl > 4 && strcmp(base + bl - 4, ".ini") == 0)
		bl -= 4;
	snprintf(t->name, sizeof t->name, "%.*s", (int)bl, base);
	snprintf(t->path, sizeof t->path, "%s", path);
	if (strlen(path) >= sizeof t->path)
		conf_perr(p, 0, "path too long (max %zu characters)", sizeof t->path - 1);
	else if (!val_svc_name(base, bl))
		conf_perr(p, 0, "bad service name '%.*s'", (int)(bl > 40 ? 40 : bl), base);
	else if (!buf)
		conf_perr(p, 0, "%s", rerr == -EFBIG ? "file too large" : strerror(-rerr));
	else if (len > CONF_FILE_MAX)
		conf_perr(p, 0, "file too large (%zu > %d bytes)", len, CONF_FILE_MAX);
	else {
		t->conf.hash = fnv1a(buf, len);
		run(p);
		svc_finish(p, t);
	}
	if (p->has_err) {
		t->conf.bad = true;
		snprintf(t->error, sizeof t->error, "%s", p->err);
	}
	pack_names(t->after, t->conf.nafter);
	pack_names(t->requires, t->conf.nrequires);
	conf_store_bind(t);
}

/* Parse a service and store it in c; the common tail of conf_parse_svc*(). */
static int svc_parse(const char *path, const char *buf, size_t len, int rerr, struct svc_conf *c,
		     struct conf_lines *lines, struct conf_work *w, char *err, size_t errlen)
{
	struct svc_text *t = &w->text;
	struct pctx p = { .path = path, .buf = buf, .len = len, .want = "service",
			  .keys = svc_keys, .nkeys = NSVC_KEYS, .obj = t, .lines = lines };

	svc_parse_text(&p, buf, len, rerr, t);
	*c = t->conf;
	conf_store(c, p.want_line ? p.want_line : 1);
	if (!c->bad)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "%s", c->error);
	return -1;
}

int conf_parse_svc_buf(const char *path, const char *buf, size_t len, struct svc_conf *c,
		       struct conf_lines *lines, struct conf_work *w, char *err, size_t errlen)
{
	return svc_parse(path, buf, len, 0, c, lines, w, err, errlen);
}

/* Read path into w->file; returns the length or -errno (-EFBIG: too big). */
static ssize_t read_file(const char *path, struct conf_work *w)
{
	struct stat st;
	size_t len = 0;
	ssize_t r = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		r = S_ISREG(st.st_mode) ? -errno : -EINVAL;
		close(fd);
		return r;
	}
	while (len < sizeof w->file) {
		r = read(fd, w->file + len, sizeof w->file - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	r = r < 0 ? -errno : len > CONF_FILE_MAX ? -EFBIG : (ssize_t)len;
	close(fd);
	return r;
}

int conf_parse_svc_lines(const char *path, struct svc_conf *c, struct conf_lines *lines,
			 struct conf_work *w, char *err, size_t errlen)
{
	ssize_t n = read_file(path, w);

	if (n < 0)
		return svc_parse(path, NULL, 0, (int)n, c, lines, w, err, errlen);
	return svc_parse(path, w->file, (size_t)n, 0, c, lines, w, err, errlen);
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

int conf_parse_init_buf(const char *path, const char *buf, size_t len, struct init_conf *ic,
			char *err, size_t errlen)
{
	struct pctx p = { .path = path, .buf = buf, .len = len, .want = "init",
			  .keys = init_keys, .nkeys = NINIT_KEYS, .obj = ic };

	conf_init_defaults(ic);
	if (len > CONF_FILE_MAX)
		conf_perr(&p, 0, "file too large (%zu > %d bytes)", len, CONF_FILE_MAX);
	else
		run(&p);
	init_finish(&p, ic);
	if (!p.has_err)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "%s", p.err);
	return -EINVAL;
}

int conf_parse_init(const char *path, struct init_conf *ic, struct conf_work *w, char *err,
		    size_t errlen)
{
	ssize_t n = read_file(path, w);

	if (n < 0) {
		conf_init_defaults(ic);
		if (err && errlen)
			snprintf(err, errlen, "%s:0: %s", path,
				 n == -EFBIG ? "file too large" : strerror((int)-n));
		return (int)n;
	}
	return conf_parse_init_buf(path, w->file, (size_t)n, ic, err, errlen);
}
