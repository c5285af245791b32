/* SPDX-License-Identifier: MIT */
/*
 * reclaim_scan(): who holds a service's pidfile, unix sockets and ports,
 * and what to do about each (docs/reclaim.md has the order and rules).
 * Invariants: bounded and non-blocking (one pass over each /proc/net
 * table, one unix_diag dump, at most one /proc/PID/fd walk, non-blocking
 * connect probes); no signal is ever sent here; nothing but a stale
 * pidfile or a stale socket file is ever removed, and nothing at all
 * under RECLAIM_DRY; no text a user controls (names, untrusted pidfiles)
 * decides who is a holder; the answer lives in the caller's struct.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "init/rt/file.h"
#include "init/rt/num.h"
#include "svc/conf/conf_val.h"
#include "svc/conf/passwd.h"
#include "svc/reclaim/reclaim.h"
#include "svc/reclaim/reclaim_diag.h"
#include "svc/reclaim/reclaim_proc.h"

#define TARGET_MAX   32   /* socket inodes one scan maps to pids */
#define ANCESTRY_MAX 64   /* parent links climbed looking for a keel job */
#define RDIAG_LISTEN 10   /* a listening unix socket's state (TCP_LISTEN) */

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
	int user;              /* service uid: 0 not looked up, 1 in uid, -1 unknown */
	uid_t uid;
	struct {               /* a declared socket that answers: its file */
		bool on;
		uint32_t dev, ino;   /* as unix_diag reports them */
	} live[SVC_SOCK_MAX];
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

/* The uid the service runs as (its user name, or a number; root when it
 * names none).  0, or -ENOENT. */
static int service_uid(struct scan *s, uid_t *uid)
{
	static char buf[1024];   /* a line of /etc/passwd (svc/conf/passwd.h); scans never nest */
	gid_t gid;

	if (!s->user) {
		s->uid = 0;
		s->user = 1;
		if (s->c->user[0] && passwd_user(s->c->user, &s->uid, &gid, buf, sizeof buf) < 0)
			s->user = -1;
	}
	*uid = s->uid;
	return s->user > 0 ? 0 : -ENOENT;
}

/* May the service stop this holder (singleton or kill_others set, not
 * protected)?  Only when every uid of the holder (real, effective, saved,
 * fs) is the service's own, and, for singleton, it runs the service's
 * program (same_exe: already checked, as for a pidfile's holder). */
static void may_stop(struct scan *s, struct reclaim_hold *h, bool same_exe)
{
	uid_t svc, uids[4];

	if (service_uid(s, &svc) < 0) {
		set(h, RV_REFUSE, RD_NOUSER, 0);
		return;
	}
	int r = rproc_pid_uids(h->pid, uids);
	if (r < 0) {
		set(h, RV_ERROR, RD_ERRNO, -r);
		return;
	}
	for (int i = 0; i < 4; i++) {
		if (uids[i] != svc) {
			h->uid = uids[i];
			set(h, RV_REFUSE, RD_OTHER_UID, 0);
			return;
		}
	}
	int same = same_exe || s->c->kill_others ? 1 : rproc_same_exe(h->pid, s->c->args);
	if (same == 1)
		set(h, RV_STOP, RD_NONE, 0);
	else if (same == 0 || same == -ENOENT)
		set(h, RV_REFUSE, RD_OTHER_EXE, 0);
	else
		set(h, RV_ERROR, RD_ERRNO, -same);
}

/* The verdict for a live holder: protected, ours to stop, or refused. */
static void judge(struct scan *s, struct reclaim_hold *h, const struct rproc_stat *st, bool same_exe)
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
		may_stop(s, h, same_exe);
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

/* Whether st started after mtime: then it cannot have written the
 * pidfile.  btime has whole seconds, so the start estimate may be up to
 * 1 s early; a start that is later even so is certainly later. */
static bool started_after(const struct rproc_stat *st, const struct timespec *mtime)
{
	uint64_t btime;
	unsigned long hz = getauxval(AT_CLKTCK);   /* USER_HZ, the unit of starttime */

	if (rproc_btime(&btime) < 0 || hz == 0)
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
		judge(s, h, &st, true);
	}
}

/* Whether a mode and group let users other than the owner write: the
 * group bit counts unless the group is root's. */
static bool others_write(const struct stat *sb)
{
	return (sb->st_mode & S_IWOTH) || ((sb->st_mode & S_IWGRP) && sb->st_gid != 0);
}

/* Whether the pidfile (file: its fstat) may be believed: only root and
 * the service's user can have written it.  Its directory must be owned
 * by one of them and not writable by others, unless it is sticky (then
 * nobody else can replace a file there, and the file's own owner and
 * mode decide).  RD_NONE when trusted, or RD_DIR_OPEN / RD_FILE_OPEN
 * with *who the owner at fault (-1: any user). */
static uint8_t pidfile_trust(struct scan *s, const struct stat *file, uid_t *who)
{
	char dir[SVC_PATH_MAX];
	struct stat d;
	uid_t svc;

	if (service_uid(s, &svc) < 0)
		svc = 0;   /* unknown user: trust root's files only */
	snprintf(dir, sizeof dir, "%s", s->c->pidfile);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = 0;              /* "/x.pid": the root */
	else if (slash)
		*slash = 0;
	*who = (uid_t)-1;
	if (stat(slash ? dir : ".", &d) < 0)
		return RD_DIR_OPEN;
	if (d.st_uid != 0 && d.st_uid != svc) {
		*who = d.st_uid;
		return RD_DIR_OPEN;
	}
	if (others_write(&d) && !(d.st_mode & S_ISVTX))
		return RD_DIR_OPEN;
	if (file->st_uid != 0 && file->st_uid != svc) {
		*who = file->st_uid;
		return RD_FILE_OPEN;
	}
	return others_write(file) ? RD_FILE_OPEN : RD_NONE;
}

int reclaim_pidfile_read(const char *path)
{
	char text[24];   /* a pidfile longer than this names no pid (docs/service.md) */
	int fd = file_open_regular(path, O_NOFOLLOW);
	if (fd < 0)
		return fd;
	ssize_t n = read(fd, text, sizeof text);
	close(fd);
	return n > 0 && (size_t)n < sizeof text ? num_pidfile(text, (size_t)n) : 0;
}

/* Step 1 of a scan: the pidfile. */
static void scan_pidfile(struct scan *s)
{
	const char *path = s->c->pidfile;
	char text[24];   /* a pidfile longer than this names no pid (docs/service.md) */
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
	ssize_t n = fstat(fd, &sb) < 0 ? -1 : read(fd, text, sizeof text);
	int e = errno;
	close(fd);
	if (n < 0) {
		set(h, RV_ERROR, RD_ERRNO, e);
		return;
	}
	uint8_t trust = pidfile_trust(s, &sb, &h->uid);
	if (trust != RD_NONE) {
		set(h, RV_IGNORED, trust, 0);   /* never read, never removed */
		return;
	}
	pid_t pid = (size_t)n < sizeof text ? num_pidfile(text, (size_t)n) : 0;   /* longer: no plain pid */
	if (pid <= 0)
		remove_stale(s, h, path, RV_STALE, RD_NOPID);
	else
		pidfile_verdict(s, h, pid, &sb);
}

/* Remember a socket inode of resource (kind, index). */
static void want(struct scan *s, uint8_t kind, uint8_t index, uint64_t inode)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].inode == inode && s->t[i].kind == kind && s->t[i].index == index)
			return;
	if (s->nt == TARGET_MAX) {
		s->r->truncated = true;
		return;
	}
	s->t[s->nt++] = (struct target){ inode, kind, index, false };
}

static bool has_target(const struct scan *s, uint8_t kind, uint8_t index)
{
	for (int i = 0; i < s->nt; i++)
		if (s->t[i].kind == kind && s->t[i].index == index)
			return true;
	return false;
}

/* unix_diag: a listening (or datagram) socket bound to the very file of
 * a declared path that answers (device and inode, never the name). */
static void unix_sock(const struct rdiag_unix *u, void *arg)
{
	struct scan *s = arg;

	if (!u->bound || !u->ino || (u->state != RDIAG_LISTEN && u->type != SOCK_DGRAM))
		return;
	for (int i = 0; i < s->c->nsockets; i++)
		if (s->live[i].on && s->live[i].ino == u->vfs_ino && s->live[i].dev == u->vfs_dev)
			want(s, RK_SOCKET, (uint8_t)i, u->ino);
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

/* One declared socket path: stale files go now; a live one is marked in
 * s->live for the unix_diag lookup. */
static void check_socket(struct scan *s, int i)
{
	const char *path = s->c->sockets[i];
	struct stat sb;

	if (lstat(path, &sb) < 0) {
		if (errno != ENOENT)
			set(add(s, RK_SOCKET, (uint8_t)i, path), RV_ERROR, RD_ERRNO, errno);
		return;
	}
	if (!S_ISSOCK(sb.st_mode)) {
		set(add(s, RK_SOCKET, (uint8_t)i, path), RV_ERROR, RD_NOTSOCK, ENOTSOCK);
		return;
	}
	int alive = s->dry ? 1 : probe(path);
	if (alive == 2)
		return;
	if (alive < 0) {
		set(add(s, RK_SOCKET, (uint8_t)i, path), RV_ERROR, RD_ERRNO, -alive);
		return;
	}
	if (alive == 0) {
		struct reclaim_hold *h = add(s, RK_SOCKET, (uint8_t)i, path);
		if (h)
			remove_stale(s, h, path, RV_STALE, RD_REFUSED);
		return;
	}
	s->live[i].on = true;
	s->live[i].dev = rdiag_kdev(sb.st_dev);
	s->live[i].ino = (uint32_t)sb.st_ino;
}

/* Step 2 of a scan: the unix sockets.  The socket bound to each live
 * path comes from one unix_diag dump; without unix_diag nobody is named
 * (and so nobody signalled): /proc/net/unix prints names raw and any user
 * can forge a line of it. */
static void scan_sockets(struct scan *s)
{
	bool any = false;

	for (int i = 0; i < s->c->nsockets; i++) {
		check_socket(s, i);
		any = any || s->live[i].on;
	}
	if (!any)
		return;
	int r = rdiag_unix_dump(unix_sock, s);
	for (int i = 0; i < s->c->nsockets; i++) {
		const char *path = s->c->sockets[i];
		if (!s->live[i].on)
			continue;
		if (r < 0 && (r == -ENOENT || r == -EPROTONOSUPPORT))
			set(add(s, RK_SOCKET, (uint8_t)i, path), RV_UNKNOWN, RD_NODIAG, 0);
		else if (r < 0)
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
	snprintf(buf, len, "%s:%u", val_proto_name(c->ports[i].proto), (unsigned)c->ports[i].port);
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
		want(s, s->kind, s->index, in.inode);
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
			judge(s, h, &st, false);
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
		case RV_IGNORED:
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
