/* SPDX-License-Identifier: MIT */
/*
 * reclaim_scan(): who holds a service's pidfile, unix sockets and ports,
 * and what to do about each (docs/reclaim.md has the order and rules).
 * Invariants: bounded and non-blocking (one pass over each /proc/net
 * table, at most one /proc/PID/fd walk, non-blocking connect probes); no
 * signal is ever sent here; nothing but a stale pidfile or a stale socket
 * file is ever removed, and nothing at all under RECLAIM_DRY; the answer
 * lives in the caller's fixed-size struct.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "svc/reclaim.h"
#include "svc/reclaim_proc.h"

#define TARGET_MAX   32   /* socket inodes one scan maps to pids */
#define ANCESTRY_MAX 64   /* parent links climbed looking for a keel job */

struct target {
	uint64_t inode;
	uint8_t kind, index;
	bool found;
};

struct scan {
	const struct svc_conf *c;
	struct reclaim_result *r;
	reclaim_job_fn *is_job;
	pid_t self;
	bool dry;
	uint8_t kind, index;   /* the resource being listed (table callbacks) */
	struct target t[TARGET_MAX];
	int nt;
};

void reclaim_set_proc_root(const char *root)
{
	rproc_set_root(root);
}

/* A new hold for resource (kind, index) called what; NULL when full. */
static struct reclaim_hold *add(struct scan *s, uint8_t kind, uint8_t index, const char *what)
{
	struct reclaim_result *r = s->r;

	if (r->n == RECLAIM_MAX) {
		r->truncated = true;
		return NULL;
	}
	struct reclaim_hold *h = &r->h[r->n++];
	memset(h, 0, sizeof *h);
	h->kind = kind;
	h->index = index;
	snprintf(h->what, sizeof h->what, "%s", what);
	return h;
}

static void set(struct reclaim_hold *h, uint8_t verdict, uint8_t detail, int err)
{
	if (!h)
		return;
	h->verdict = verdict;
	h->detail = detail;
	h->err = err;
}

/* The keel job pid is, or is an ancestor of, pid; 0 when none. */
static pid_t job_of(const struct scan *s, pid_t pid)
{
	for (int depth = 0; s->is_job && depth < ANCESTRY_MAX; depth++) {
		struct rproc_stat st;
		if (s->is_job(pid))
			return pid;
		if (rproc_pid_stat(pid, &st) < 0 || st.ppid <= 1 || st.ppid == s->self)
			return 0;
		pid = st.ppid;
	}
	return 0;
}

/* The verdict for a live holder: protected, ours to stop, or refused. */
static void judge(const struct scan *s, struct reclaim_hold *h, const struct rproc_stat *st)
{
	h->pid = st->pid;
	h->start = st->start;
	snprintf(h->comm, sizeof h->comm, "%s", st->comm);
	if (st->pid == s->self)
		set(h, RV_PROTECTED, RD_SELF, 0);
	else if (st->pid == 1)
		set(h, RV_PROTECTED, RD_INIT, 0);
	else if ((h->job_pid = job_of(s, st->pid)))
		set(h, RV_PROTECTED, RD_JOB, 0);
	else if (s->c->singleton || s->c->kill_others)
		set(h, RV_STOP, RD_NONE, 0);
	else
		set(h, RV_REFUSE, RD_NONE, 0);
}

/* Remove a stale file and say so in h (RV_ERROR when it stays). */
static void remove_stale(const struct scan *s, struct reclaim_hold *h, const char *path, uint8_t verdict,
			 uint8_t detail)
{
	if (!s->dry && unlink(path) < 0 && errno != ENOENT)
		set(h, RV_ERROR, RD_ERRNO, errno);
	else
		set(h, verdict, detail, 0);
}

/* The pid in a pidfile's text; 0 when there is none. */
static pid_t pidfile_pid(const char *text)
{
	long v = 0;
	const char *p = text;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > 0x7fffffff)
			return 0;
	}
	return *p && !strchr(" \t\r\n", *p) ? 0 : (pid_t)v;
}

/* Whether st started after mtime: then it cannot have written the
 * pidfile.  btime has whole seconds, so the start estimate may be up to
 * 1 s early; a start that is later even so is certainly later. */
static bool started_after(const struct rproc_stat *st, const struct timespec *mtime)
{
	uint64_t btime;
	long hz = sysconf(_SC_CLK_TCK);   /* USER_HZ, the unit of starttime */

	if (rproc_btime(&btime) < 0 || hz <= 0)
		return false;   /* cannot tell: trust the pidfile */
	uint64_t start_ms = btime * 1000 + st->start * 1000 / (uint64_t)hz;
	uint64_t m_ms = (uint64_t)mtime->tv_sec * 1000 + (uint64_t)mtime->tv_nsec / 1000000;
	return start_ms > m_ms;
}

/* Classify a pidfile that names pid (read from the file behind fd). */
static void pidfile_verdict(struct scan *s, struct reclaim_hold *h, pid_t pid, const struct stat *sb)
{
	const char *path = s->c->pidfile;
	struct rproc_stat st;
	int r = rproc_pid_stat(pid, &st);

	h->pid = pid;
	if (r == -ENOENT || (r == 0 && (st.state == 'Z' || st.state == 'X'))) {
		remove_stale(s, h, path, RV_STALE, RD_DEAD);
		return;
	}
	if (r < 0) {
		set(h, RV_ERROR, RD_ERRNO, -r);
		return;
	}
	snprintf(h->comm, sizeof h->comm, "%s", st.comm);
	int same = rproc_same_exe(pid, s->c->args);
	if (same == -ENOENT) {
		remove_stale(s, h, path, RV_STALE, RD_DEAD);
	} else if (same < 0) {
		set(h, RV_ERROR, RD_ERRNO, -same);
	} else if (!same) {
		remove_stale(s, h, path, RV_REUSED, RD_OTHER_EXE);
	} else if (started_after(&st, &sb->st_mtim)) {
		remove_stale(s, h, path, RV_REUSED, RD_LATER);
	} else {
		judge(s, h, &st);
	}
}

/* Step 1 of a scan: the pidfile. */
static void scan_pidfile(struct scan *s)
{
	const char *path = s->c->pidfile;
	char text[32];
	struct stat sb;

	if (!path[0])
		return;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return;
	struct reclaim_hold *h = add(s, RK_PIDFILE, 0, path);
	if (!h) {
		if (fd >= 0)
			close(fd);
		return;
	}
	if (fd < 0) {
		set(h, RV_ERROR, RD_ERRNO, errno);
		return;
	}
	ssize_t n = fstat(fd, &sb) < 0 ? -1 : read(fd, text, sizeof text - 1);
	int e = errno;
	close(fd);
	if (n < 0) {
		set(h, RV_ERROR, RD_ERRNO, e);
		return;
	}
	text[n] = 0;
	pid_t pid = pidfile_pid(text);
	if (pid <= 0)
		remove_stale(s, h, path, RV_STALE, RD_NOPID);
	else
		pidfile_verdict(s, h, pid, &sb);
}

/* Remember a socket inode of resource (s->kind, s->index). */
static void want(struct scan *s, uint64_t inode)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].inode == inode && s->t[i].kind == s->kind && s->t[i].index == s->index)
			return;
	if (s->nt == TARGET_MAX) {
		s->r->truncated = true;
		return;
	}
	s->t[s->nt++] = (struct target){ inode, s->kind, s->index, false };
}

static bool has_target(const struct scan *s, uint8_t kind, uint8_t index)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].kind == kind && s->t[i].index == index)
			return true;
	return false;
}

/* /proc/net/unix: listening (or datagram) sockets bound to the path. */
static void unix_line(const char *line, void *arg)
{
	struct scan *s = arg;
	struct rproc_unix u;
	const char *path = s->c->sockets[s->index];

	if (rproc_unix_line(line, &u) < 0 || !u.inode || u.pathlen != strlen(path) ||
	    memcmp(u.path, path, u.pathlen) != 0)
		return;
	if ((u.flags & RPROC_UNIX_ACCEPTCON) || u.type == SOCK_DGRAM)
		want(s, u.inode);
}

/* Try to connect to a unix socket path without waiting.  1: someone
 * answers; 0: refused (stale); 2: the path is gone; -errno. */
static int probe(const char *path)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int e = EPROTOTYPE;

	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	for (unsigned i = 0; i < sizeof types / sizeof types[0] && e == EPROTOTYPE; i++) {
		int fd = socket(AF_UNIX, types[i] | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		e = connect(fd, (struct sockaddr *)&a, sizeof a) == 0 ? 0 : errno;
		close(fd);
	}
	if (e == 0 || e == EAGAIN || e == EINPROGRESS)
		return 1;
	if (e == ECONNREFUSED)
		return 0;
	return e == ENOENT ? 2 : -e;
}

/* Step 2 of a scan: the unix sockets.  Stale files go now; live ones
 * become targets for the fd walk. */
static void scan_sockets(struct scan *s)
{
	for (int i = 0; i < s->c->nsockets; i++) {
		const char *path = s->c->sockets[i];
		struct stat sb;
		if (lstat(path, &sb) < 0) {
			if (errno != ENOENT)
				set(add(s, RK_SOCKET, (uint8_t)i, path), RV_ERROR, RD_ERRNO, errno);
			continue;
		}
		if (!S_ISSOCK(sb.st_mode)) {
			set(add(s, RK_SOCKET, (uint8_t)i, path), RV_ERROR, RD_NOTSOCK, ENOTSOCK);
			continue;
		}
		int alive = s->dry ? 1 : probe(path);
		if (alive == 2)
			continue;
		if (alive < 0) {
			set(add(s, RK_SOCKET, (uint8_t)i, path), RV_ERROR, RD_ERRNO, -alive);
			continue;
		}
		if (alive == 0) {
			struct reclaim_hold *h = add(s, RK_SOCKET, (uint8_t)i, path);
			if (h)
				remove_stale(s, h, path, RV_STALE, RD_REFUSED);
			continue;
		}
		s->kind = RK_SOCKET;
		s->index = (uint8_t)i;
		int r = rproc_lines("net/unix", unix_line, s);
		if (r < 0)
			set(add(s, RK_SOCKET, (uint8_t)i, path), RV_ERROR, RD_ERRNO, -r);
		else if (!has_target(s, RK_SOCKET, (uint8_t)i))
			set(add(s, RK_SOCKET, (uint8_t)i, path), s->dry ? RV_STALE : RV_UNKNOWN,
			    s->dry ? RD_UNBOUND : RD_HIDDEN, 0);
	}
}

static bool is_udp(uint8_t proto)
{
	return proto == PROTO_UDP || proto == PROTO_UDP6;
}

/* "tcp:8080" for port i of c. */
static void port_name(const struct svc_conf *c, int i, char *buf, size_t len)
{
	static const char *const names[] = { "tcp", "udp", "tcp6", "udp6" };
	unsigned p = c->ports[i].proto;

	snprintf(buf, len, "%s:%u", p < 4 ? names[p] : "?", (unsigned)c->ports[i].port);
}

/* /proc/net/{tcp,udp}{,6}: listeners and bound sockets on the port. */
static void inet_line(const char *line, void *arg)
{
	struct scan *s = arg;
	const struct svc_port *p = &s->c->ports[s->index];
	struct rproc_inet in;

	if (rproc_inet_line(line, &in) < 0 || !in.inode || in.port != p->port)
		return;
	if (is_udp(p->proto) || in.state == RPROC_TCP_LISTEN || in.state == RPROC_TCP_CLOSE)
		want(s, in.inode);
}

/* Step 3 of a scan: the ports.  A port is looked up in both the IPv4 and
 * the IPv6 table of its protocol: a dual-stack [::] listener appears
 * only in tcp6 yet blocks tcp:N, and 0.0.0.0:N blocks a dual-stack bind. */
static void scan_ports(struct scan *s)
{
	for (int i = 0; i < s->c->nports; i++) {
		bool udp = is_udp(s->c->ports[i].proto);
		const char *files[2] = { udp ? "net/udp" : "net/tcp", udp ? "net/udp6" : "net/tcp6" };
		char what[16];
		port_name(s->c, i, what, sizeof what);
		s->kind = RK_PORT;
		s->index = (uint8_t)i;
		for (int f = 0; f < 2; f++) {
			int r = rproc_lines(files[f], inet_line, s);
			if (r < 0 && r != -ENOENT)   /* no IPv6 in this kernel: fine */
				set(add(s, RK_PORT, (uint8_t)i, what), RV_ERROR, RD_ERRNO, -r);
		}
	}
}

/* The walk found fd inode in pid: a hold per (resource, pid). */
static void holder(pid_t pid, uint64_t inode, void *arg)
{
	struct scan *s = arg;

	for (int i = 0; i < s->nt; i++) {
		struct target *t = &s->t[i];
		if (t->inode != inode)
			continue;
		t->found = true;
		bool dup = false;
		for (int k = 0; k < s->r->n && !dup; k++)
			dup = s->r->h[k].kind == t->kind && s->r->h[k].index == t->index &&
			      s->r->h[k].pid == pid;
		struct rproc_stat st;
		if (dup || rproc_pid_stat(pid, &st) < 0)
			continue;
		char what[16];
		if (t->kind == RK_PORT)
			port_name(s->c, t->index, what, sizeof what);
		struct reclaim_hold *h = add(s, t->kind, t->index,
					     t->kind == RK_PORT ? what : s->c->sockets[t->index]);
		if (h)
			judge(s, h, &st);
	}
}

/* Map the targets to pids; a target nobody holds in sight is a hold of
 * unknown owner (once per resource). */
static void find_holders(struct scan *s)
{
	if (!s->nt)
		return;
	if (rproc_socket_fds(holder, s) != 0)
		s->r->truncated = true;
	for (int i = 0; i < s->nt; i++) {
		const struct target *t = &s->t[i];
		bool seen = false;
		for (int k = 0; k < s->r->n && !seen; k++)
			seen = s->r->h[k].kind == t->kind && s->r->h[k].index == t->index &&
			       s->r->h[k].verdict == RV_UNKNOWN;
		if (t->found || seen)
			continue;
		char what[16];
		if (t->kind == RK_PORT)
			port_name(s->c, t->index, what, sizeof what);
		set(add(s, t->kind, t->index, t->kind == RK_PORT ? what : s->c->sockets[t->index]),
		    RV_UNKNOWN, RD_HIDDEN, 0);
	}
}

static uint8_t status_of(const struct reclaim_result *r)
{
	bool stop = false;

	for (int i = 0; i < r->n; i++) {
		switch (r->h[i].verdict) {
		case RV_STALE:
		case RV_REUSED:
			break;
		case RV_STOP:
			stop = true;
			break;
		default:
			return RECLAIM_CONFLICT;
		}
	}
	return stop ? RECLAIM_STOP : RECLAIM_FREE;
}

int reclaim_scan(const struct svc_conf *c, reclaim_job_fn *is_job, pid_t self,
		 int flags, struct reclaim_result *r)
{
	static struct scan s;   /* ~1 KB of targets: off PID 1's stack; scans never nest */

	memset(r, 0, sizeof *r);
	r->dry = flags & RECLAIM_DRY;
	r->singleton = c->singleton;
	r->kill_others = c->kill_others;
	snprintf(r->name, sizeof r->name, "%s", c->name);
	memset(&s, 0, sizeof s);
	s.c = c;
	s.r = r;
	s.is_job = is_job;
	s.self = self;
	s.dry = r->dry;
	scan_pidfile(&s);
	scan_sockets(&s);
	scan_ports(&s);
	find_holders(&s);
	r->status = status_of(r);
	return r->status;
}
