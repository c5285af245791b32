/* SPDX-License-Identifier: MIT */
/* The re-exec hand-over state: see init/reexec_state.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/reexec_state.h"
#include "init/rt/lines.h"
#include "svc/conf/conf_val.h"
#include "svc/run/jobstate.h"

/* ---- writing ---- */

struct out {
	char *buf;
	size_t len;
	size_t n;
	int err;
	int fd;        /* >= 0: each whole line goes there and buf is reused */
};

/* The end of a line: to fd, if there is one, and buf is free again. */
static void flush(struct out *o)
{
	if (o->err || o->fd < 0)
		return;
	for (size_t off = 0; off < o->n;) {
		ssize_t k = write(o->fd, o->buf + off, o->n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			o->err = k < 0 ? -errno : -EIO;
			return;
		}
		off += (size_t)k;
	}
	o->n = 0;
}

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	if (o->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(o->buf + o->n, o->len - o->n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= o->len - o->n) {
		o->err = -ENOSPC;
		return;
	}
	o->n += (size_t)k;
}

/* " LEN:ESCAPED" of src[0..n). */
static void put_text(struct out *o, const char *src, size_t n)
{
	char e[JOB_WHY_MAX * ESC_BYTE_MAX + 1];
	if (n >= JOB_WHY_MAX) {   /* longer than any text field */
		o->err = -EINVAL;
		return;
	}
	size_t k = esc_text(e, sizeof e, src, n);
	put(o, " %zu:%s", k, e);
}

/* The job line's FLAGS. */
enum { F_WANT = 1, F_HELD = 2, F_STOP_PENDING = 4, F_IN_PRE = 8, F_PRE_OK = 16, F_HOOK_LATE = 32,
       F_FORK_WAIT = 64, F_V4_ALL = 7, F_V5_ALL = 63, F_ALL = 127 };

static unsigned job_flags(const struct reexec_job *j)
{
	return (j->want ? F_WANT : 0) | (j->held ? F_HELD : 0) | (j->stop_pending ? F_STOP_PENDING : 0) |
	       (j->in_pre ? F_IN_PRE : 0) | (j->pre_ok ? F_PRE_OK : 0) | (j->hook_late ? F_HOOK_LATE : 0) |
	       (j->fork_wait ? F_FORK_WAIT : 0);
}

static void put_job(struct out *o, const struct reexec_job *j)
{
	put(o, "job %u %u %d %u %u %d %llu %llu %llu %d %llu %d %u %u %u %u %llu", (unsigned)j->id,
	    (unsigned)j->state, (int)j->pid, job_flags(j), (unsigned)j->restart_count, (int)j->last_exit,
	    (unsigned long long)j->started_ms, (unsigned long long)j->since_ms,
	    (unsigned long long)j->deadline_ms, (int)j->post_pid, (unsigned long long)j->post_deadline_ms,
	    (int)j->sid, (unsigned)j->rs.head, (unsigned)j->rs.count,
	    (unsigned)j->rs.quick, (unsigned)j->rs.delay_ms, (unsigned long long)j->rs.next_ms);
	for (int k = 0; k < RESTART_LIMIT_MAX; k++)
		put(o, " %llu", (unsigned long long)restart_at(&j->rs, (unsigned)k));
	put_text(o, j->name, j->name_len);
	put_text(o, j->why, j->why_len);
	put(o, "\n");
	flush(o);
}

static int write_lines(const struct reexec_state *s, struct out *o)
{
	if (o->len == 0)
		return -ENOSPC;
	put(o, "keel-state %d\nctl %d\nclient %d\nwatchdog %d\nnotify %d\nlogring %d\nids %u\nreexec",
	    REEXEC_STATE_VERSION, s->ctl_fd, s->client_fd, s->watchdog_fd, s->notify_fd, s->log_fd, s->last_id);
	for (int i = 0; i < REEXEC_MAX; i++)
		put(o, " %llu", (unsigned long long)s->history[i]);
	put(o, "\n");
	flush(o);
	for (int i = 0; i < s->njobs; i++)
		put_job(o, &s->jobs[i]);
	for (int i = 0; i < s->nboothooks; i++) {
		put(o, "boothook %u %d %llu\n", (unsigned)s->boothooks[i].hook, (int)s->boothooks[i].pid,
		    (unsigned long long)s->boothooks[i].deadline_ms);
		flush(o);
	}
	for (int i = 0; i < s->npipes; i++) {
		put(o, "pipe %u %d %d\n", (unsigned)s->pipes[i].id, s->pipes[i].rfd, s->pipes[i].wfd);
		flush(o);
	}
	put(o, "end %d\n", s->njobs);
	flush(o);
	return o->err ? o->err : (int)o->n;
}

int reexec_state_write(const struct reexec_state *s, char *buf, size_t len)
{
	struct out o = { buf, len, 0, 0, -1 };
	return write_lines(s, &o);
}

int reexec_state_write_fd(const struct reexec_state *s, int fd, char *buf, size_t len)
{
	struct out o = { buf, len, 0, 0, fd };
	return write_lines(s, &o);
}

/* ---- reading: a cursor over one line, without its newline ---- */

struct cur {
	const char *p;
	const char *end;
	int bad;
};

/* The word w followed by one space (or the end of the line if last). */
static void word(struct cur *c, const char *w)
{
	size_t n = strlen(w);
	if (c->bad || (size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
		c->bad = 1;
	else
		c->p += n;
}

static void space(struct cur *c)
{
	if (c->bad || c->p >= c->end || *c->p != ' ')
		c->bad = 1;
	else
		c->p++;
}

/* Decimal digits (no sign, no leading zero, no overflow) up to max. */
static uint64_t digits(struct cur *c, uint64_t max)
{
	uint64_t v = 0;
	const char *start = c->p;
	while (!c->bad && c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		unsigned d = (unsigned)(*c->p - '0');
		if (d > max || v > (max - d) / 10)
			c->bad = 1;
		else
			v = v * 10 + d;
		c->p++;
	}
	if (c->p == start || (c->p - start > 1 && *start == '0'))
		c->bad = 1;
	return c->bad ? 0 : v;
}

/* " N" with 0 <= N <= max. */
static uint64_t unum(struct cur *c, uint64_t max)
{
	space(c);
	return digits(c, max);
}

/* " N" with min <= N <= max (min < 0 allows a '-'; never "-0"). */
static int64_t snum(struct cur *c, int64_t min, int64_t max)
{
	space(c);
	if (c->bad || c->p >= c->end || *c->p != '-')
		return (int64_t)digits(c, (uint64_t)max);
	c->p++;
	uint64_t v = digits(c, (uint64_t)-(min + 1) + 1);
	if (v == 0)
		c->bad = 1;
	return c->bad ? 0 : (int64_t)(0 - v);
}

/* " LEN:ESCAPED" into dst (cap bytes, one kept for the NUL); its length. */
static size_t text(struct cur *c, char *dst, size_t cap)
{
	size_t len = (size_t)unum(c, (cap - 1) * ESC_BYTE_MAX);
	if (c->bad || c->p >= c->end || *c->p != ':' || (size_t)(c->end - c->p - 1) < len) {
		c->bad = 1;
		return 0;
	}
	c->p++;
	int k = esc_unescape(dst, cap - 1, c->p, len);
	if (k < 0) {
		c->bad = 1;
		return 0;
	}
	c->p += len;
	dst[k] = 0;
	return (size_t)k;
}

static int line_end(const struct cur *c)
{
	return c->bad || c->p != c->end ? -EINVAL : 0;
}

/* A job line of a state of version v (REEXEC_STATE_OLDEST..). */
static int decode_job(struct reexec_job *j, struct cur *c, unsigned v)
{
	word(c, "job");
	j->id = (uint16_t)unum(c, UINT16_MAX);
	j->state = (uint8_t)unum(c, UINT8_MAX);
	j->pid = (int32_t)unum(c, REEXEC_PID_MAX);
	unsigned flags = (unsigned)unum(c, v >= 6 ? F_ALL : v == 5 ? F_V5_ALL : F_V4_ALL);
	j->want = flags & F_WANT;
	j->held = flags & F_HELD;
	j->stop_pending = flags & F_STOP_PENDING;
	j->in_pre = flags & F_IN_PRE;
	j->pre_ok = flags & F_PRE_OK;
	j->hook_late = flags & F_HOOK_LATE;
	j->fork_wait = flags & F_FORK_WAIT;
	j->restart_count = (uint32_t)unum(c, UINT32_MAX);
	j->last_exit = (int32_t)snum(c, INT32_MIN, INT32_MAX);
	j->started_ms = unum(c, UINT64_MAX);
	j->since_ms = unum(c, UINT64_MAX);
	j->deadline_ms = unum(c, UINT64_MAX);
	if (v >= 5) {
		j->post_pid = (int32_t)unum(c, REEXEC_PID_MAX);
		j->post_deadline_ms = unum(c, UINT64_MAX);
	}
	if (v >= 6)
		j->sid = (int32_t)unum(c, REEXEC_PID_MAX);
	j->rs.head = (uint8_t)unum(c, RESTART_LIMIT_MAX - 1);
	j->rs.count = (uint8_t)unum(c, RESTART_LIMIT_MAX);
	j->rs.quick = (uint8_t)unum(c, UINT8_MAX);
	j->rs.delay_ms = (uint32_t)unum(c, UINT32_MAX);
	j->rs.next_ms = unum(c, UINT64_MAX);
	uint64_t at[RESTART_LIMIT_MAX];
	for (int k = 0; k < RESTART_LIMIT_MAX; k++)
		at[k] = unum(c, UINT64_MAX);
	restart_set_times(&j->rs, at);   /* any 64-bit times, after count */
	j->name_len = text(c, j->name, sizeof j->name);
	j->why_len = text(c, j->why, sizeof j->why);
	return line_end(c);
}

/* " FD" of a handed-over fd: -1 or 0..REEXEC_FD_MAX (check() wants >= 3). */
static int fd_line(struct cur *c, const char *w)
{
	word(c, w);
	return (int)snum(c, -1, REEXEC_FD_MAX);
}

static int decode_boothook(struct reexec_boothook *h, struct cur *c)
{
	word(c, "boothook");
	h->hook = (uint8_t)unum(c, BOOTHOOK_COUNT - 1);
	h->pid = (int32_t)unum(c, REEXEC_PID_MAX);
	h->deadline_ms = unum(c, UINT64_MAX);
	return line_end(c);
}

static int decode_pipe(struct reexec_pipe *p, struct cur *c)
{
	word(c, "pipe");
	p->id = (uint16_t)unum(c, UINT16_MAX);
	p->rfd = (int)unum(c, REEXEC_FD_MAX);
	p->wfd = (int)unum(c, REEXEC_FD_MAX);
	return line_end(c);
}

/* Line number no (1-based) of the fixed header into s. */
static int decode_head(struct reexec_state *s, struct cur *c, unsigned no)
{
	switch (no) {
	case 1:
		word(c, "keel-state");
		s->version = (unsigned)unum(c, REEXEC_STATE_VERSION);
		if (s->version < REEXEC_STATE_OLDEST)
			c->bad = 1;
		break;
	case 2:
		s->ctl_fd = fd_line(c, "ctl");
		break;
	case 3:
		s->client_fd = fd_line(c, "client");
		break;
	case 4:
		s->watchdog_fd = fd_line(c, "watchdog");
		break;
	case 5:
		s->notify_fd = fd_line(c, "notify");
		break;
	case 6:
		s->log_fd = fd_line(c, "logring");
		break;
	case 7:
		word(c, "ids");
		s->last_id = (unsigned)unum(c, UINT16_MAX);
		break;
	default:
		word(c, "reexec");
		for (int i = 0; i < REEXEC_MAX; i++)
			s->history[i] = unum(c, UINT64_MAX);
	}
	return line_end(c);
}

#define HEAD_LINES 8

/* Line number no (1-based) of a state, without its newline, into s;
 * *ended once the "end" line is read (nothing may follow it). */
static int decode_line(struct reexec_state *s, struct cur *c, unsigned no, bool *ended)
{
	if (*ended)
		return -EINVAL;   /* text after "end" */
	if (no <= HEAD_LINES)
		return decode_head(s, c, no);
	if (c->end - c->p >= 4 && memcmp(c->p, "end ", 4) == 0) {
		word(c, "end");
		if ((int)unum(c, SVC_MAX) != s->njobs || line_end(c) < 0)
			return -EINVAL;
		*ended = true;
		return 0;
	}
	if (c->end - c->p >= 5 && memcmp(c->p, "pipe ", 5) == 0) {
		if (s->npipes >= SVC_MAX + BOOTHOOK_COUNT)
			return -EINVAL;
		return decode_pipe(&s->pipes[s->npipes++], c);
	}
	if (c->end - c->p >= 9 && memcmp(c->p, "boothook ", 9) == 0) {
		if (s->version < 5 || s->npipes || s->nboothooks >= BOOTHOOK_COUNT)
			return -EINVAL;   /* after the pipes, too many */
		return decode_boothook(&s->boothooks[s->nboothooks++], c);
	}
	if (s->npipes || s->nboothooks || s->njobs >= SVC_MAX)
		return -EINVAL;   /* a job after the pipes or boot hooks, or too many */
	return decode_job(&s->jobs[s->njobs++], c, s->version);
}

/* The whole lines of buf[0..n) from line *no on: the bytes taken (up to
 * and with the last newline), or -EINVAL with *no the line that failed. */
static ssize_t decode_lines(struct reexec_state *s, const char *buf, size_t n, unsigned *no, bool *ended)
{
	const char *p = buf, *end = buf + n, *nl;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		struct cur c = { p, nl, 0 };
		++*no;
		if (decode_line(s, &c, *no, ended) < 0)
			return -EINVAL;
		p = nl + 1;
	}
	return p - buf;
}

int reexec_state_decode(struct reexec_state *s, const char *buf, size_t n, unsigned *bad_line)
{
	unsigned no = 0;
	bool ended = false;
	memset(s, 0, sizeof *s);
	ssize_t took = decode_lines(s, buf, n, &no, &ended);
	*bad_line = no + (took >= 0);   /* the failed line, or the one after the last */
	if (took < 0 || (size_t)took < n || !ended)
		return -EINVAL;   /* malformed, a last line without newline, or no "end" */
	return 0;
}

/* decode from fd a line at a time through buf (init/rt/lines.h): a line
 * cut for being longer than buf, or a last line without its newline, is
 * malformed.  0, -EINVAL with why filled, or the -errno of a failed read. */
static int decode_fd(struct reexec_state *s, int fd, char *buf, size_t len, char *why, size_t wlen)
{
	struct lines l;
	char *line;
	size_t n, total = 0;
	bool cut, ended = false;
	unsigned no = 0;
	int r;
	memset(s, 0, sizeof *s);
	lines_init(&l, fd, buf, len);
	while ((r = lines_next(&l, &line, &n, &cut)) > 0) {
		struct cur c = { line, line + n, 0 };
		total += n + 1;
		if (total > REEXEC_STATE_MAX) {
			snprintf(why, wlen, "longer than %d bytes", (int)REEXEC_STATE_MAX);
			return -EINVAL;
		}
		if (l.unended || decode_line(s, &c, ++no, &ended) < 0) {
			snprintf(why, wlen, "malformed state line %u", l.unended ? no + 1 : no);
			return -EINVAL;
		}
	}
	if (r < 0) {
		snprintf(why, wlen, "cannot read it: %s", strerror(-r));
		return r;
	}
	if (!ended) {
		snprintf(why, wlen, "malformed state line %u", no + 1);
		return -EINVAL;
	}
	return 0;
}

/* ---- meaning ---- */

static int check_fds(const struct reexec_state *s, char *why, size_t len)
{
	int fds[5 + 2 * (SVC_MAX + BOOTHOOK_COUNT)] = { s->ctl_fd, s->client_fd, s->watchdog_fd, s->notify_fd,
							s->log_fd };
	int n = 5;
	for (int i = 0; i < s->npipes && i < SVC_MAX + BOOTHOOK_COUNT; i++) {
		fds[n++] = s->pipes[i].rfd;
		fds[n++] = s->pipes[i].wfd;
	}
	for (int i = 0; i < n; i++) {
		if (fds[i] != -1 && (fds[i] < 3 || fds[i] > REEXEC_FD_MAX)) {
			snprintf(why, len, "fd %d is not one PID 1 can hand over", fds[i]);
			return -EINVAL;
		}
		for (int k = 0; k < i; k++)
			if (fds[i] != -1 && fds[i] == fds[k]) {
				snprintf(why, len, "fd %d handed over twice", fds[i]);
				return -EINVAL;
			}
	}
	return 0;
}

static int check_job(const struct reexec_state *s, int i, char *why, size_t len)
{
	const struct reexec_job *j = &s->jobs[i];
	if (!val_svc_name(j->name, j->name_len) || j->name[j->name_len] != 0) {
		snprintf(why, len, "job %d: bad service name", i + 1);
		return -EINVAL;
	}
	if (j->id == 0 || j->id > s->last_id || j->id >= OUT_ID_OWN || j->state >= JOB_STATE_COUNT || j->pid < 0 ||
	    j->pid == 1 || j->pid > REEXEC_PID_MAX || j->rs.head >= RESTART_LIMIT_MAX ||
	    j->rs.count > RESTART_LIMIT_MAX || j->why_len >= JOB_WHY_MAX || j->why[j->why_len] != 0 ||
	    j->post_pid < 0 || j->post_pid == 1 || (j->post_pid && j->post_pid == j->pid) ||
	    (j->in_pre && (j->state != JOB_STARTING || !j->pid)) || j->sid == 1 ||
	    (j->fork_wait && (j->state != JOB_STARTING || j->pid || j->in_pre))) {
		snprintf(why, len, "job %s: a field out of range", j->name);
		return -EINVAL;
	}
	for (int k = 0; k < i; k++)
		if (s->jobs[k].id == j->id || strcmp(s->jobs[k].name, j->name) == 0) {
			snprintf(why, len, "job %s: id or name given twice", j->name);
			return -EINVAL;
		}
	return 0;
}

/* Each boot hook once, with a pid that is not 0 or 1. */
static int check_boothooks(const struct reexec_state *s, char *why, size_t len)
{
	for (int i = 0; i < s->nboothooks; i++) {
		const struct reexec_boothook *h = &s->boothooks[i];
		bool twice = false;
		for (int k = 0; k < i; k++)
			twice |= s->boothooks[k].hook == h->hook;
		if (twice || h->hook >= BOOTHOOK_COUNT || h->pid <= 1 || h->pid > REEXEC_PID_MAX) {
			snprintf(why, len, "boot hook %d: given twice or a field out of range", i + 1);
			return -EINVAL;
		}
	}
	return 0;
}

/* Each pipe belongs to a job or boot hook of the state, one pipe each. */
static int check_pipes(const struct reexec_state *s, char *why, size_t len)
{
	for (int i = 0; i < s->npipes; i++) {
		bool known = false;
		for (int k = 0; k < s->njobs; k++)
			known |= s->jobs[k].id == s->pipes[i].id;
		for (int k = 0; k < s->nboothooks; k++)
			known |= BOOTHOOK_ID(s->boothooks[k].hook) == s->pipes[i].id;
		for (int k = 0; k < i; k++)
			if (s->pipes[k].id == s->pipes[i].id)
				known = false;
		if (!known) {
			snprintf(why, len, "pipe %d: no job %u, or its second pipe", i + 1, (unsigned)s->pipes[i].id);
			return -EINVAL;
		}
	}
	return 0;
}

int reexec_state_check(const struct reexec_state *s, char *why, size_t len)
{
	if (s->njobs < 0 || s->njobs > SVC_MAX || s->npipes < 0 || s->npipes > SVC_MAX + BOOTHOOK_COUNT ||
	    s->nboothooks < 0 || s->nboothooks > BOOTHOOK_COUNT || s->last_id >= OUT_ID_OWN) {
		snprintf(why, len, "job count or id counter out of range");
		return -EINVAL;
	}
	if (check_fds(s, why, len) < 0 || check_boothooks(s, why, len) < 0 || check_pipes(s, why, len) < 0)
		return -EINVAL;
	for (int i = 0; i < s->njobs; i++)
		if (check_job(s, i, why, len) < 0)
			return -EINVAL;
	return 0;
}

int reexec_state_read_fd(struct reexec_state *s, int fd, char *buf, size_t len, char *why, size_t wlen)
{
	int r = decode_fd(s, fd, buf, len, why, wlen);
	return r < 0 ? r : reexec_state_check(s, why, wlen);
}

int reexec_state_read(struct reexec_state *s, const char *buf, size_t n, char *why, size_t len)
{
	unsigned bad = 0;
	if (reexec_state_decode(s, buf, n, &bad) < 0) {
		snprintf(why, len, "malformed state line %u", bad);
		return -EINVAL;
	}
	return reexec_state_check(s, why, len);
}
