/* SPDX-License-Identifier: MIT */
/*
 * Setters of the config loader: one per value type of svc/conf/keys.h, writing a
 * parsed value into its field of struct svc_text or struct init_conf
 * (located by offset and size from the key table).  Invariants: a field is
 * written only after its whole value parsed; lists never exceed their
 * arrays; every failure records "path:line: key: what" through conf_perr().
 */
#include <string.h>
#include "svc/conf/argv.h"
#include "svc/conf/conf_int.h"
#include "svc/conf/conf_val.h"

_Static_assert(RESTART_LIMIT_MAX == 32, "update the restart_limit message and docs/service.md");

static const char *const type_names[] = { "simple", "oneshot", "notify", "forking" };
static const char *const restart_names[] = { "always", "on-failure", "no" };
static const char *const onlimit_names[] = { "stop", "reboot", "safe-mode" };

/* The lines[] slot array for list key k, or NULL. */
static uint16_t *list_lines(struct pctx *p, const struct key *k)
{
	if (!p->lines)
		return NULL;
	switch (k->off) {
	case offsetof(struct svc_text, after): return p->lines->after;
	case offsetof(struct svc_text, requires): return p->lines->requires;
	case offsetof(struct svc_text, sockets): return p->lines->sockets;
	case offsetof(struct svc_text, conf.ports): return p->lines->ports;
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
			conf_perr(p, p->line, "%s: path too long (%zu > %d characters)", k->name, n,
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
	conf_perr(p, p->line, "%s: bad %s '%.*s'", k->name,
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
			conf_perr(p, p->line, "%s: too many entries (max %d)", k->name, max);
			return -1;
		}
		memcpy(f + (size_t)i * esz, elem, esz);
		if (lines)
			lines[i] = (uint16_t)p->line;
		(*cnt)++;
	}
	return 0;
}

/* One command line (exec, exec_start_pre, ...) into the packed buffer
 * args[0..size) with its word count in *argc: argv[0] resolved. */
static int set_cmd(struct pctx *p, const char *key, char *args, size_t size, uint8_t *argc,
		   const char *v)
{
	char tmp[SVC_ARGS_BYTES], why[SVC_ERR_MAX / 2];
	size_t used = 0, l0;
	uint8_t n = 0;
	const char *w;

	if (argv_split(v, tmp, sizeof tmp, &used, &n, SVC_ARGS_MAX, &w) < 0)
		goto bad;
	if (!n)
		return 0;    /* "exec =" alone: the words may follow indented */
	if (argv_resolve(tmp, args, size < SVC_PATH_MAX ? size : SVC_PATH_MAX, why, sizeof why) < 0) {
		conf_perr(p, p->line, "%s: %s", key, why);
		return -1;
	}
	l0 = strlen(tmp) + 1;
	w = "command line too long";
	if (strlen(args) + 1 + used - l0 > size) {
		memset(args, 0, size);
		goto bad;
	}
	memcpy(args + strlen(args) + 1, tmp + l0, used - l0);
	*argc = n;
	return 0;
bad:
	conf_perr(p, p->line, "%s: %s", key, w);
	return -1;
}

static int set_exec(struct pctx *p, struct svc_text *c, const char *v, bool cont)
{
	size_t used;
	const char *w;

	if (cont && c->conf.argc) {
		used = argv_packed_len(c->args, sizeof c->args, c->conf.argc);
		if (argv_split(v, c->args, sizeof c->args, &used, &c->conf.argc, SVC_ARGS_MAX, &w) < 0) {
			conf_perr(p, p->line, "exec: %s", w);
			return -1;
		}
		return 0;
	}
	return set_cmd(p, "exec", c->args, sizeof c->args, &c->conf.argc, v);
}

static int set_env(struct pctx *p, struct svc_text *c, const char *v)
{
	size_t kl = strcspn(v, "="), used = argv_packed_len(c->env, sizeof c->env, c->conf.envc);
	size_t vl = strlen(v);
	const char *e = c->env;

	for (size_t i = 0; i < kl; i++)
		if (!(v[i] == '_' || (v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z') ||
		      (i && v[i] >= '0' && v[i] <= '9')))
			kl = 0;
	if (!kl || !v[kl]) {
		conf_perr(p, p->line, "env: bad entry '%.40s' (want NAME=value)", v);
		return -1;
	}
	for (int i = 0; i < c->conf.envc; i++, e += strlen(e) + 1)
		if (strncmp(e, v, kl + 1) == 0) {
			conf_perr(p, p->line, "env: '%.*s' set twice", (int)(kl > 40 ? 40 : kl), v);
			return -1;
		}
	if (c->conf.envc >= SVC_ENV_MAX || used + vl + 1 > sizeof c->env) {
		conf_perr(p, p->line, "env: too many (max %d entries, %zu bytes)", SVC_ENV_MAX,
		     sizeof c->env);
		return -1;
	}
	memcpy(c->env + used, v, vl + 1);
	c->conf.envc++;
	return 0;
}

/* An integer into a field of 1, 2, 4 or 8 bytes (signed fields take the
 * two's complement truncation of a value already range-checked). */
static void store_uint(char *f, size_t size, uint64_t v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	if (size == 1)
		memcpy(f, &u8, 1);
	else if (size == 2)
		memcpy(f, &u16, 2);
	else if (size == 4)
		memcpy(f, &u32, 4);
	else
		memcpy(f, &v, sizeof v);
}

/* A user or group name, or a number that fits a uid_t/gid_t other than -1.
 * Returns 0, or -1 after reporting. */
static int check_id(struct pctx *p, const struct key *k, const char *v, size_t n)
{
	char name[SVC_USER_MAX];
	uint32_t id;

	if (n >= sizeof name) {
		conf_perr(p, p->line, "%s: name too long '%.*s' (max %d characters)", k->name,
			  (int)(n > 40 ? 40 : n), v, SVC_USER_MAX - 1);
		return -1;
	}
	memcpy(name, v, n);
	name[n] = '\0';
	if (!val_user(name)) {
		conf_perr(p, p->line, "%s: bad name '%.40s'", k->name, name);
		return -1;
	}
	if (val_is_id(name) && val_uint(name, UINT32_MAX - 1, &id) < 0) {
		conf_perr(p, p->line, "%s: id %s out of range (0..%u)", k->name, name, UINT32_MAX - 1);
		return -1;
	}
	return 0;
}

/* supplementary_groups: names packed NUL-separated, duplicates dropped. */
static int set_groups(struct pctx *p, const struct key *k, struct svc_text *c, const char *v)
{
	const char *w;
	size_t n, used = argv_packed_len(c->groups, sizeof c->groups, c->conf.ngroups);

	while ((n = val_next_item(&v, &w))) {
		const char *g = c->groups;
		int i = 0;

		if (check_id(p, k, w, n) < 0)
			return -1;
		for (; i < c->conf.ngroups; i++, g += strlen(g) + 1)
			if (strlen(g) == n && memcmp(g, w, n) == 0)
				break;
		if (i < c->conf.ngroups)
			continue;   /* listed twice: once is enough */
		if (c->conf.ngroups >= SVC_GROUPS_MAX || used + n + 1 > sizeof c->groups) {
			conf_perr(p, p->line, "%s: too many entries (max %d, %zu bytes)", k->name,
				  SVC_GROUPS_MAX, sizeof c->groups);
			return -1;
		}
		memcpy(c->groups + used, w, n);
		c->groups[used + n] = '\0';
		used += n + 1;
		c->conf.ngroups++;
	}
	return 0;
}

/* capabilities: the keep list as a bit mask (an empty value keeps none). */
static int set_caps(struct pctx *p, const struct key *k, struct svc_text *c, const char *v)
{
	uint64_t mask = 0;
	const char *w;
	size_t n;
	int cap;

	while ((n = val_next_item(&v, &w))) {
		cap = val_cap(w, n);
		if (cap < 0) {
			conf_perr(p, p->line, "%s: unknown capability '%.*s' (e.g. cap_net_bind_service)",
				  k->name, (int)(n > 40 ? 40 : n), w);
			return -1;
		}
		mask |= UINT64_C(1) << cap;
	}
	c->conf.caps = mask;
	return 0;
}

/* The least-privilege numbers: limits, umask, oom_score_adj, nice. */
static int set_number(struct pctx *p, const struct key *k, char *f, const char *v)
{
	uint64_t wide = 0;
	uint32_t u = 0;
	int32_t i = 0;
	int e;
	const char *want;

	switch (k->type) {
	case T_LIMIT:
	case T_LIMIT_SIZE:
		e = val_limit(v, k->type == T_LIMIT_SIZE, &wide);
		want = k->type == T_LIMIT ? " (a number or infinity)" :
		       " (a size: 0, 4096, 512K, 1G, or infinity)";
		break;
	case T_UMASK:
		e = val_octal(v, 0777, &u), wide = u, want = " (octal 0..0777, e.g. 022)";
		break;
	case T_OOM:
		e = val_int(v, -1000, 1000, &i), wide = (uint64_t)(int64_t)i, want = " (-1000..1000)";
		break;
	default:
		e = val_int(v, -20, 19, &i), wide = (uint64_t)(int64_t)i, want = " (-20..19)";
		break;
	}
	if (e < 0) {
		conf_perr(p, p->line, "%s: bad value '%.40s'%s", k->name, v, want);
		return -1;
	}
	store_uint(f, k->size, wide);
	return 0;
}

/* condition_kernel_cmdline: [!]WORD[=VALUE], printable without blanks
 * or quotes (it is compared with words of /proc/cmdline). */
static int set_cmdword(struct pctx *p, const struct key *k, char *f, const char *v)
{
	size_t n = strlen(v), skip = v[0] == '!';
	bool ok = n > skip && n - skip < SVC_CMDWORD_MAX && v[skip] != '=';
	for (size_t i = 0; ok && i < n; i++)
		ok = v[i] > ' ' && v[i] < 0x7f && v[i] != '"' && v[i] != '\'';
	if (!ok) {
		conf_perr(p, p->line, "%s: bad value '%.40s' ([!]WORD or [!]WORD=VALUE, at most %d characters, "
			  "no blank or quote)", k->name, v, SVC_CMDWORD_MAX - 1);
		return -1;
	}
	memcpy(f, v, n + 1);
	return 0;
}

/* A path value: absolute (or empty when allowed) and short enough; for
 * T_PATH_NOT and T_PATH_DASH after an optional '!' or '-', kept. */
static int set_path(struct pctx *p, const struct key *k, char *f, const char *v)
{
	size_t n = strlen(v), max = k->type == T_SOCKPATH ? SOCK_PATH_MAX : k->size - 1u;
	char prefix = k->type == T_PATH_NOT ? '!' : k->type == T_PATH_DASH ? '-' : '\0';

	if (!n && k->type == T_PATH_OPT) {
		f[0] = '\0';
		return 0;
	}
	size_t skip = prefix && v[0] == prefix;
	if (prefix)
		max = SVC_PATH_MAX - 1u;   /* the field has room for the prefix too */
	if (v[skip] != '/') {
		conf_perr(p, p->line, "%s: '%.40s' is not an absolute path", k->name, v);
		return -1;
	}
	n -= skip;
	if (n > max) {
		conf_perr(p, p->line, "%s: path too long (%zu > %zu characters)", k->name, n, max);
		return -1;
	}
	memcpy(f, v, skip + n + 1);
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
		e = val_enum(v, type_names, 4), u = (uint32_t)e, want = " (simple, oneshot, notify, forking)";
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
	case T_RLIMIT:
		e = val_uint(v, RESTART_LIMIT_MAX, &u), want = " (0..32)";
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
		if (check_id(p, k, v, strlen(v)) < 0)
			return -1;
		memcpy(f, v, strlen(v) + 1);
		return 0;
	default:
		return set_path(p, k, f, v);
	}
	if (e < 0) {
		conf_perr(p, p->line, "%s: bad value '%.40s'%s", k->name, v, want);
		return -1;
	}
	store_uint(f, k->size, u);
	return 0;
}

/* ready: fd:N (SVC_READY_FD_MIN..SVC_READY_FD_MAX), pidfile, port, socket. */
static int set_ready(struct pctx *p, const struct key *k, struct svc_text *c, const char *v)
{
	static const char *const names[] = { "", "", "pidfile", "port", "socket" };
	uint32_t fd = 0;
	int e = val_enum(v, names, 5);

	if (e < READY_PIDFILE && strncmp(v, "fd:", 3) == 0 &&
	    val_uint(v + 3, SVC_READY_FD_MAX, &fd) == 0 && fd >= SVC_READY_FD_MIN)
		e = READY_FD;
	else if (e < READY_PIDFILE) {
		conf_perr(p, p->line, "%s: bad value '%.40s' (fd:N with N %d..%d, pidfile, port, socket)",
			  k->name, v, SVC_READY_FD_MIN, SVC_READY_FD_MAX);
		return -1;
	}
	c->conf.ready = (uint8_t)e;
	c->conf.ready_fd = (uint8_t)fd;
	return 0;
}

/* log = ring | file:PATH | console | kmsg | null. */
static int set_log(struct pctx *p, struct svc_text *c, const char *v)
{
	static const char *const names[] = { "ring", "file", "console", "kmsg", "null" };
	int e = val_enum(v, names, 5);
	if (e >= 0 && e != SVC_LOG_FILE) {
		c->conf.log_mode = (uint8_t)e;
		c->log_path[0] = '\0';
		return 0;
	}
	if (strncmp(v, "file:", 5) != 0) {
		conf_perr(p, p->line, "log: bad value '%.40s' (ring, file:PATH, console, kmsg, null)", v);
		return -1;
	}
	size_t n = strlen(v + 5);
	if (v[5] != '/' || n > sizeof c->log_path - 5) {
		conf_perr(p, p->line, "log: file:PATH wants an absolute path of at most %zu characters",
			  sizeof c->log_path - 5);
		return -1;
	}
	memcpy(c->log_path, v + 5, n + 1);
	c->conf.log_mode = SVC_LOG_FILE;
	return 0;
}

int conf_set_value(struct pctx *p, const struct key *k, const char *v, bool cont)
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
	case T_GROUPS:
		return set_groups(p, k, p->obj, v);
	case T_CAPS:
		return set_caps(p, k, p->obj, v);
	case T_READY:
		return set_ready(p, k, p->obj, v);
	case T_LOG:
		return set_log(p, p->obj, v);
	case T_CMDWORD:
		return set_cmdword(p, k, f, v);
	case T_HOOK:
		return set_cmd(p, k->name, f, k->size, cnt, v);
	case T_LIMIT:
	case T_LIMIT_SIZE:
	case T_UMASK:
	case T_OOM:
	case T_NICE:
		return set_number(p, k, f, v);
	default:
		return set_scalar(p, k, f, v);
	}
}
