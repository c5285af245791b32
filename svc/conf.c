/* SPDX-License-Identifier: MIT */
/*
 * The INI mapping: one service file or init.ini, read with read(2) into a
 * fixed buffer, handed to inih one line at a time by our own reader (which
 * counts lines, rejects over-long ones and NUL bytes), and mapped onto the
 * struct through the X-macro key tables of svc/keys.h.  Invariants: no
 * allocation; only the first error (lowest line) is kept, as "path:line:
 * what"; a struct is fully defaulted before any key is applied.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <ini.h>
#include "svc/argv.h"
#include "svc/conf.h"
#include "svc/conf_val.h"
#include "svc/keys.h"

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

static const struct key svc_keys[] = { SVC_KEYS(SVC_ROW) };
static const struct key init_keys[] = { INIT_KEYS(INIT_ROW) };

enum { SVC_KEYS(SVC_ENUM) };
enum { INIT_KEYS(INIT_ENUM) };
enum { NSVC_KEYS = 0 SVC_KEYS(COUNT_ROW), NINIT_KEYS = 0 INIT_KEYS(COUNT_ROW) };
#define NKEYS_MAX (NSVC_KEYS > NINIT_KEYS ? NSVC_KEYS : NINIT_KEYS)

static const char *const type_names[] = { "simple", "oneshot", "notify" };
static const char *const restart_names[] = { "always", "on-failure", "no" };
static const char *const onlimit_names[] = { "stop", "reboot", "safe-mode" };

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

/* Record "path:line: what" unless an error on an earlier line is kept. */
__attribute__((format(printf, 3, 4)))
static void perr(struct pctx *p, int line, const char *fmt, ...)
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
	if (section_is(l + 1, (size_t)(end - l - 1), p->want)) {
		if (!p->want_line)
			p->want_line = p->line;
	} else
		perr(p, p->line, "unknown section [%.*s]", (int)(end - l - 1) > 40 ? 40 :
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
		perr(p, p->line, "line too long (%zu > %d characters)", take, SVC_LINE_MAX);
		take = 0;
	} else if (memchr(l, '\0', take)) {
		perr(p, p->line, "NUL byte in line");
		take = 0;
	}
	if (take && l[0] == '[')
		reader_section(p, l, take);
	memcpy(str, l, take);
	str[take] = '\n';
	str[take + 1] = '\0';
	return str;
}

static int set_list(struct pctx *p, const struct key *k, char *f, uint8_t *cnt, const char *v);
static int set_exec(struct pctx *p, struct svc_conf *c, const char *v, bool cont);
static int set_env(struct pctx *p, struct svc_conf *c, const char *v);
static int set_scalar(struct pctx *p, const struct key *k, char *f, const char *v);

static int set_value(struct pctx *p, const struct key *k, const char *v, bool cont)
{
	char *f = (char *)p->obj + k->off;
	uint8_t *cnt = (uint8_t *)p->obj + k->cnt_off;

	switch (k->type) {
	case T_ARGV:
		return set_exec(p, p->obj, v, cont);
	case T_ENV:
		return set_env(p, p->obj, v);
	case T_NAMES:
	case T_SOCKETS:
	case T_PORTS:
		return set_list(p, k, f, cnt, v);
	default:
		return set_scalar(p, k, f, v);
	}
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct pctx *p = user;
	int k;
	bool cont;

	if (!section_is(section, strlen(section), p->want)) {
		if (!*section)
			perr(p, p->line, "key '%.40s' outside [%s]", name, p->want);
		else
			perr(p, p->sect_line, "unknown section [%.40s]", section);
		return 0;
	}
	for (k = 0; k < p->nkeys && strcmp(p->keys[k].name, name); k++)
		;
	cont = p->indented && p->last_key == k;
	p->last_key = k < p->nkeys ? k : -1;
	if (k == p->nkeys) {
		perr(p, p->line, "unknown key '%.40s'", name);
		return 0;
	}
	if (cont && !(p->keys[k].flags & K_CONT)) {
		perr(p, p->line, "%s: takes one line (an indented line continues it)", name);
		return 0;
	}
	if (!cont && p->key_line[k] && !(p->keys[k].flags & K_MULTI)) {
		perr(p, p->line, "duplicate key '%s' (first at line %d)", name, p->key_line[k]);
		return 0;
	}
	if (!p->key_line[k])
		p->key_line[k] = (uint16_t)p->line;
	return set_value(p, &p->keys[k], value, cont) == 0;
}

/* The lines[] slot array for list key k, or NULL. */
static uint16_t *list_lines(struct pctx *p, const struct key *k)
{
	if (!p->lines)
		return NULL;
	switch (k->off) {
	case offsetof(struct svc_conf, after): return p->lines->after;
	case offsetof(struct svc_conf, requires): return p->lines->requires;
	case offsetof(struct svc_conf, sockets): return p->lines->sockets;
	case offsetof(struct svc_conf, ports): return p->lines->ports;
	default: return NULL;
	}
}

/* One list item w[0..n) into elem (esz bytes, zeroed); 0 or -1 (reported). */
static int list_item(struct pctx *p, const struct key *k, const char *w, size_t n, char *elem)
{
	struct svc_port port;

	switch (k->type) {
	case T_NAMES:
		if (!val_svc_name(w, n))
			break;
		memcpy(elem, w, n);
		return 0;
	case T_SOCKETS:
		if (w[0] != '/')
			break;
		if (n > SOCK_PATH_MAX) {
			perr(p, p->line, "%s: path too long (%zu > %d characters)", k->name, n,
			     SOCK_PATH_MAX);
			return -1;
		}
		memcpy(elem, w, n);
		return 0;
	default:
		if (val_port(w, n, &port) < 0)
			break;
		memcpy(elem, &port, sizeof port);
		return 0;
	}
	perr(p, p->line, "%s: bad %s '%.*s'", k->name,
	     k->type == T_NAMES ? "service name" : k->type == T_SOCKETS ?
	     "socket path (want an absolute path)" : "port (want tcp:N, udp:N, tcp6:N or udp6:N)",
	     (int)(n > 40 ? 40 : n), w);
	return -1;
}

static int set_list(struct pctx *p, const struct key *k, char *f, uint8_t *cnt, const char *v)
{
	size_t esz = k->type == T_NAMES ? SVC_NAME_MAX : k->type == T_SOCKETS ?
		     SVC_PATH_MAX : sizeof(struct svc_port);
	int max = (int)(k->size / esz), i;
	uint16_t *lines = list_lines(p, k);
	char elem[SVC_PATH_MAX];
	const char *w;
	size_t n;

	while ((n = val_next_item(&v, &w))) {
		memset(elem, 0, sizeof elem);
		if (list_item(p, k, w, n, elem) < 0)
			return -1;
		for (i = 0; i < *cnt && memcmp(f + (size_t)i * esz, elem, esz); i++)
			;
		if (i < *cnt)
			continue;   /* listed twice: once is enough */
		if (*cnt >= max) {
			perr(p, p->line, "%s: too many entries (max %d)", k->name, max);
			return -1;
		}
		memcpy(f + (size_t)i * esz, elem, esz);
		if (lines)
			lines[i] = (uint16_t)p->line;
		(*cnt)++;
	}
	return 0;
}

static int set_exec(struct pctx *p, struct svc_conf *c, const char *v, bool cont)
{
	char tmp[SVC_ARGS_BYTES], why[SVC_ERR_MAX / 2];
	size_t used = 0, l0;
	uint8_t n = 0;
	const char *w;

	if (cont) {
		if (!c->argc)
			return -1;   /* the first line failed and was reported */
		used = argv_packed_len(c->args, sizeof c->args, c->argc);
		if (argv_split(v, c->args, sizeof c->args, &used, &c->argc, SVC_ARGS_MAX, &w) < 0)
			goto bad;
		return 0;
	}
	if (argv_split(v, tmp, sizeof tmp, &used, &n, SVC_ARGS_MAX, &w) < 0)
		goto bad;
	w = "empty command";
	if (!n)
		goto bad;
	if (argv_resolve(tmp, c->args, SVC_PATH_MAX, why, sizeof why) < 0) {
		perr(p, p->line, "exec: %s", why);
		return -1;
	}
	l0 = strlen(tmp) + 1;
	w = "command line too long";
	if (strlen(c->args) + 1 + used - l0 > sizeof c->args) {
		memset(c->args, 0, sizeof c->args);
		goto bad;
	}
	memcpy(c->args + strlen(c->args) + 1, tmp + l0, used - l0);
	c->argc = n;
	return 0;
bad:
	perr(p, p->line, "exec: %s", w);
	return -1;
}

static int set_env(struct pctx *p, struct svc_conf *c, const char *v)
{
	size_t kl = strcspn(v, "="), used = argv_packed_len(c->env, sizeof c->env, c->envc);
	size_t vl = strlen(v);
	const char *e = c->env;

	for (size_t i = 0; i < kl; i++)
		if (!(v[i] == '_' || (v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z') ||
		      (i && v[i] >= '0' && v[i] <= '9')))
			kl = 0;
	if (!kl || !v[kl]) {
		perr(p, p->line, "env: bad entry '%.40s' (want NAME=value)", v);
		return -1;
	}
	for (int i = 0; i < c->envc; i++, e += strlen(e) + 1)
		if (strncmp(e, v, kl + 1) == 0) {
			perr(p, p->line, "env: '%.*s' set twice", (int)(kl > 40 ? 40 : kl), v);
			return -1;
		}
	if (c->envc >= SVC_ENV_MAX || used + vl + 1 > sizeof c->env) {
		perr(p, p->line, "env: too many (max %d entries, %zu bytes)", SVC_ENV_MAX,
		     sizeof c->env);
		return -1;
	}
	memcpy(c->env + used, v, vl + 1);
	c->envc++;
	return 0;
}

/* An unsigned integer into a field of 1, 2 or 4 bytes. */
static void store_uint(char *f, size_t size, uint32_t v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;

	if (size == 1)
		memcpy(f, &u8, 1);
	else if (size == 2)
		memcpy(f, &u16, 2);
	else
		memcpy(f, &v, sizeof v);
}

/* A path value: absolute (or empty when allowed) and short enough. */
static int set_path(struct pctx *p, const struct key *k, char *f, const char *v)
{
	size_t n = strlen(v), max = k->type == T_SOCKPATH ? SOCK_PATH_MAX : k->size - 1u;

	if (!n && k->type == T_PATH_OPT) {
		f[0] = '\0';
		return 0;
	}
	if (v[0] != '/') {
		perr(p, p->line, "%s: '%.40s' is not an absolute path", k->name, v);
		return -1;
	}
	if (n > max) {
		perr(p, p->line, "%s: path too long (%zu > %zu characters)", k->name, n, max);
		return -1;
	}
	memcpy(f, v, n + 1);
	return 0;
}

static int set_scalar(struct pctx *p, const struct key *k, char *f, const char *v)
{
	uint32_t u = 0;
	uint8_t sig = 0;
	bool b = false;
	int e = 0;
	const char *want = "";

	switch (k->type) {
	case T_TYPE:
		e = val_enum(v, type_names, 3), u = (uint32_t)e, want = " (simple, oneshot, notify)";
		break;
	case T_RESTART:
		e = val_enum(v, restart_names, 3), u = (uint32_t)e, want = " (always, on-failure, no)";
		break;
	case T_ONLIMIT:
		e = val_enum(v, onlimit_names, 3), u = (uint32_t)e, want = " (stop, reboot, safe-mode)";
		break;
	case T_DURATION:
		e = conf_duration_ms(v, &u), want = " (e.g. 500ms, 2s, 1m, 1h; at most 49 days)";
		break;
	case T_SIZE:
		e = conf_size(v, &u), want = " (e.g. 4096, 4K, 1M; under 4G)";
		break;
	case T_U16:
		e = val_uint(v, UINT16_MAX, &u), want = " (0..65535)";
		break;
	case T_U32:
		e = val_uint(v, UINT32_MAX, &u), want = " (a number)";
		break;
	case T_BOOL:
		e = val_bool(v, &b), u = b, want = " (yes, no, true, false, 1, 0)";
		break;
	case T_SIGNAL:
		e = val_signal(v, &sig), u = sig, want = " (e.g. TERM, SIGINT, 9)";
		break;
	case T_USER:
		if (!val_user(v)) {
			perr(p, p->line, "%s: bad name '%.40s'", k->name, v);
			return -1;
		}
		memcpy(f, v, strlen(v) + 1);
		return 0;
	default:
		return set_path(p, k, f, v);
	}
	if (e < 0) {
		perr(p, p->line, "%s: bad value '%.40s'%s", k->name, v, want);
		return -1;
	}
	store_uint(f, k->size, u);
	return 0;
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
	perr(p, line, left && *l == '[' ? "section header without ']'" :
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
		perr(p, 0, "parser failed (%d)", r);
}

static void svc_defaults(struct svc_conf *c)
{
	memset(c, 0, sizeof *c);
	c->type = SVC_SIMPLE;
	c->on_limit = ONLIMIT_STOP;
	c->stop_signal = SIGTERM;
	c->restart_delay_ms = 1000;
	c->restart_window_ms = 60000;
	c->stop_timeout_ms = 5000;
	c->restart_limit = 5;
}

/* Checks and defaults that need the whole file. */
static void svc_finish(struct pctx *p, struct svc_conf *c)
{
	if (!p->key_line[SK_exec] && !p->has_err)
		perr(p, p->want_line, "missing exec");
	if (!p->key_line[SK_restart])
		c->restart = c->type == SVC_ONESHOT ? RESTART_NO : RESTART_ALWAYS;
	if (!p->key_line[SK_restart_delay_max])
		c->restart_delay_max_ms = c->restart_delay_ms;
	else if (c->restart_delay_max_ms < c->restart_delay_ms)
		perr(p, p->key_line[SK_restart_delay_max],
		     "restart_delay_max: %ums is less than restart_delay (%ums)",
		     (unsigned)c->restart_delay_max_ms, (unsigned)c->restart_delay_ms);
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

/* Parse a service from buf (NULL: the file could not be read, rerr is the
 * -errno); the common tail of conf_parse_svc*(). */
static int svc_parse(const char *path, const char *buf, size_t len, int rerr,
		     struct svc_conf *c, struct conf_lines *lines, char *err, size_t errlen)
{
	struct pctx p = { .path = path, .buf = buf, .len = len, .want = "service",
			  .keys = svc_keys, .nkeys = NSVC_KEYS, .obj = c, .lines = lines };
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t bl = strlen(base);

	svc_defaults(c);
	if (lines)
		memset(lines, 0, sizeof *lines);
	if (bl > 4 && strcmp(base + bl - 4, ".ini") == 0)
		bl -= 4;
	snprintf(c->name, sizeof c->name, "%.*s", (int)bl, base);
	snprintf(c->path, sizeof c->path, "%s", path);
	if (strlen(path) >= sizeof c->path)
		perr(&p, 0, "path too long (max %zu characters)", sizeof c->path - 1);
	else if (!val_svc_name(base, bl))
		perr(&p, 0, "bad service name '%.*s'", (int)(bl > 40 ? 40 : bl), base);
	else if (!buf)
		perr(&p, 0, "%s", rerr == -EFBIG ? "file too large" : strerror(-rerr));
	else if (len > CONF_FILE_MAX)
		perr(&p, 0, "file too large (%zu > %d bytes)", len, CONF_FILE_MAX);
	else {
		c->hash = fnv1a(buf, len);
		run(&p);
		svc_finish(&p, c);
	}
	if (!p.has_err)
		return 0;
	c->bad = true;
	snprintf(c->error, sizeof c->error, "%s", p.err);
	if (err && errlen)
		snprintf(err, errlen, "%s", p.err);
	return -1;
}

int conf_parse_svc_buf(const char *path, const char *buf, size_t len, struct svc_conf *c,
		       struct conf_lines *lines, char *err, size_t errlen)
{
	return svc_parse(path, buf, len, 0, c, lines, err, errlen);
}

static char filebuf[CONF_FILE_MAX + 1];

/* Read path into filebuf; returns the length or -errno (-EFBIG: too big). */
static ssize_t read_file(const char *path)
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
	while (len < sizeof filebuf) {
		r = read(fd, filebuf + len, sizeof filebuf - len);
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
			 char *err, size_t errlen)
{
	ssize_t n = read_file(path);

	if (n < 0)
		return svc_parse(path, NULL, 0, (int)n, c, lines, err, errlen);
	return svc_parse(path, filebuf, (size_t)n, 0, c, lines, err, errlen);
}

int conf_parse_svc(const char *path, struct svc_conf *c, char *err, size_t errlen)
{
	return conf_parse_svc_lines(path, c, NULL, err, errlen);
}

void conf_init_defaults(struct init_conf *ic)
{
	memset(ic, 0, sizeof *ic);
	snprintf(ic->svc_dir, sizeof ic->svc_dir, "/etc/svc.d");
	snprintf(ic->control, sizeof ic->control, "/run/keel.sock");
	ic->journal_size = 1u << 20;
	ic->boot_ok_after_ms = 30000;
	ic->boot_loop_limit = 3;
	ic->shutdown_timeout_ms = 10000;
	ic->watchdog_timeout_ms = 30000;
}

int conf_parse_init_buf(const char *path, const char *buf, size_t len, struct init_conf *ic,
			char *err, size_t errlen)
{
	struct pctx p = { .path = path, .buf = buf, .len = len, .want = "init",
			  .keys = init_keys, .nkeys = NINIT_KEYS, .obj = ic };

	conf_init_defaults(ic);
	if (len > CONF_FILE_MAX)
		perr(&p, 0, "file too large (%zu > %d bytes)", len, CONF_FILE_MAX);
	else
		run(&p);
	if (!p.has_err)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "%s", p.err);
	return -1;
}

int conf_parse_init(const char *path, struct init_conf *ic, char *err, size_t errlen)
{
	ssize_t n = read_file(path);

	if (n == -ENOENT) {
		conf_init_defaults(ic);
		return 0;
	}
	if (n < 0) {
		conf_init_defaults(ic);
		if (err && errlen)
			snprintf(err, errlen, "%s:0: %s", path,
				 n == -EFBIG ? "file too large" : strerror((int)-n));
		return -1;
	}
	return conf_parse_init_buf(path, filebuf, (size_t)n, ic, err, errlen);
}
