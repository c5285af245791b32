/* SPDX-License-Identifier: MIT */
/*
 * A job's members (svc/run/cgroup.h): counted, signalled and killed from the
 * kernel's list in cgroup.procs, read in chunks by length.  A pid is
 * signalled only through a pidfd opened first and after its membership
 * was read again from /proc/PID/cgroup, so a pid reused in between is
 * never hit.  Without cgroup v2: the job's session and the descendants of
 * its members, by a /proc scan (weaker: see svc/run/cgroup.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init/rt/kdir.h"
#include "svc/run/cgroup.h"
#include "svc/conf/svc.h"
#include "svc/reclaim/reclaim_proc.h"
#include "init/rt/num.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

#define PID_LIMIT 4194304L     /* the kernel's PID_MAX_LIMIT */
#define ANCESTRY_MAX 32        /* fallback: parent links followed at most */

void cgroup_pids_begin(struct cgroup_pidscan *s)
{
	s->cur = -1;
	s->bad = false;
	s->count = 0;
}

static int word_end(struct cgroup_pidscan *s, cgroup_pid_fn *fn, void *arg)
{
	int r = 0;
	if (s->cur > 0 && !s->bad) {
		s->count++;
		r = fn((pid_t)s->cur, arg);
	}
	s->cur = -1;
	s->bad = false;
	if (r == 0 && s->count >= CGROUP_PIDS_MAX)
		r = 1;
	return r;
}

int cgroup_pids_feed(struct cgroup_pidscan *s, const char *buf, size_t len, cgroup_pid_fn *fn, void *arg)
{
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '\n') {
			int r = word_end(s, fn, arg);
			if (r)
				return r;
		} else if (c >= '0' && c <= '9' && !s->bad) {
			s->cur = (s->cur < 0 ? 0 : s->cur * 10) + (c - '0');
			if (s->cur > PID_LIMIT)
				s->bad = true;
		} else {
			s->bad = true;
		}
	}
	return 0;
}

int cgroup_pids_end(struct cgroup_pidscan *s, cgroup_pid_fn *fn, void *arg)
{
	return word_end(s, fn, arg);
}

/* fn for every pid in the job's cgroup.procs; 0 or -errno (or fn's stop). */
static int each_member(const char *name, cgroup_pid_fn *fn, void *arg)
{
	char p[CGROUP_PATH_MAX], buf[4096];
	if ((size_t)snprintf(p, sizeof p, "%s/svc-%s/cgroup.procs", cgroup_base(), name) >= sizeof p)
		return -ENAMETOOLONG;
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;   /* no cgroup: no member */
	struct cgroup_pidscan s;
	cgroup_pids_begin(&s);
	int r = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = -errno;
		if (n <= 0 || (r = cgroup_pids_feed(&s, buf, (size_t)n, fn, arg)) != 0)
			break;
	}
	if (r == 0)
		r = cgroup_pids_end(&s, fn, arg);
	close(fd);
	return r < 0 ? r : 0;
}

/* Read /proc/PID/<file> whole; length or -errno. */
static long proc_text(pid_t pid, const char *file, char *buf, size_t len)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/%d/%s", (int)pid, file);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n;
	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	return (size_t)n == len ? -EFBIG : n;
}

int cgroup_job_of(pid_t pid, char *name, size_t len)
{
	char buf[2048], path[CGROUP_PATH_MAX];
	if (!cgroup_active())
		return 0;
	long n = proc_text(pid, "cgroup", buf, sizeof buf);
	if (n < 0)
		return (int)n;
	int r = cgroup_parse_self(buf, (size_t)n, path, sizeof path);
	if (r < 0)
		return r == -ENAMETOOLONG ? 0 : r;
	return cgroup_name_of(cgroup_own(), path, name, len);
}

struct sigjob {
	const char *name;
	int sig;
	int sent;
};

static int count_one(pid_t pid, void *arg)
{
	(void)pid;
	if (arg)
		++*(int *)arg;
	return 0;
}

/* A member from cgroup.procs: pidfd first, then proof it is still the
 * job's, then the signal through the pidfd. */
static int signal_one(pid_t pid, void *arg)
{
	struct sigjob *a = arg;
	char name[SVC_NAME_MAX];
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd < 0 && errno != ENOSYS)
		return 0;   /* gone already */
	if (cgroup_job_of(pid, name, sizeof name) != 1 || strcmp(name, a->name) != 0) {
		if (pfd >= 0)
			close(pfd);
		return 0;
	}
	if (pfd < 0) {
		/* A kernel before 5.3 (init warns at start): kill() after the
		 * proof, with the small reuse race pidfds close. */
		if (kill(pid, a->sig) == 0)
			a->sent++;
		return 0;
	}
	if (syscall(SYS_pidfd_send_signal, pfd, a->sig, NULL, 0) == 0)
		a->sent++;
	close(pfd);
	return 0;
}

/* Fallback: session and parent of pid from /proc/PID/stat. */
static int stat_ids(pid_t pid, pid_t *ppid, pid_t *sid)
{
	struct rproc_stat st;
	int r = rproc_pid_stat(pid, &st);
	if (r < 0)
		return r;
	*ppid = st.ppid;
	*sid = st.sid;
	return 0;
}

/* Fallback membership: pid or one of its ancestors is in session sid. */
static bool in_session_tree(pid_t pid, pid_t sid)
{
	pid_t self = getpid();
	for (int depth = 0; depth < ANCESTRY_MAX && pid > 1 && pid != self; depth++) {
		pid_t ppid = 0, s = 0;
		if (stat_ids(pid, &ppid, &s) < 0)
			return false;
		if (s == sid)
			return true;
		pid = ppid;
	}
	return false;
}

/* Fallback: fn for each process of session sid or below one of them. */
static int each_session_member(pid_t sid, cgroup_pid_fn *fn, void *arg)
{
	char buf[4096] __attribute__((aligned(8)));
	if (sid <= 1)
		return 0;
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int seen = 0;
	long n;
	while ((n = kdir_read(fd, buf, sizeof buf)) > 0 && seen < CGROUP_PIDS_MAX) {
		for (long off = 0; off < n;) {
			const struct kdirent *d = (const void *)(buf + off);
			off += d->reclen;
			uint64_t pid;
			if (num_whole(d->name, PID_LIMIT, &pid) < 0 || pid <= 1 || !in_session_tree((pid_t)pid, sid))
				continue;
			seen++;
			if (fn((pid_t)pid, arg))
				break;
		}
	}
	close(fd);
	return seen;
}

static int fallback_signal(pid_t pid, void *arg)
{
	struct sigjob *a = arg;
	if (kill(pid, a->sig) == 0)
		a->sent++;
	return 0;
}

int cgroup_count(const char *name, pid_t sid)
{
	if (!cgroup_active())
		return each_session_member(sid, count_one, NULL);
	int count = 0;
	int r = each_member(name, count_one, &count);
	return r < 0 ? r : count;
}

struct only {
	int count;
	pid_t pid;
};

static int note_one(pid_t pid, void *arg)
{
	struct only *o = arg;
	o->count++;
	o->pid = pid;
	return 0;
}

int cgroup_one_member(const char *name, pid_t *pid)
{
	struct only o = { 0, 0 };
	*pid = 0;
	if (!cgroup_active())
		return -ENOSYS;
	int r = each_member(name, note_one, &o);
	if (r < 0)
		return r;
	if (o.count == 1)
		*pid = o.pid;
	return o.count;
}

int cgroup_populated(const char *name, pid_t sid)
{
	if (!cgroup_active()) {
		int n = each_session_member(sid, count_one, NULL);
		return n < 0 ? n : n > 0;
	}
	char p[CGROUP_PATH_MAX], buf[256];
	if ((size_t)snprintf(p, sizeof p, "%s/svc-%s/cgroup.events", cgroup_base(), name) >= sizeof p)
		return -ENAMETOOLONG;
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	ssize_t n;
	do
		n = read(fd, buf, sizeof buf);
	while (n < 0 && errno == EINTR);
	int e = errno;
	close(fd);
	return n < 0 ? -e : cgroup_parse_events(buf, (size_t)n);
}

int cgroup_signal(const char *name, pid_t sid, int sig)
{
	struct sigjob a = { name, sig, 0 };
	if (!cgroup_active()) {
		if (sid > 1)
			(void)kill(-sid, sig);   /* the session leader's group first */
		int r = each_session_member(sid, fallback_signal, &a);
		return r < 0 ? r : a.sent;
	}
	int r = each_member(name, signal_one, &a);
	return r < 0 ? r : a.sent;
}

int cgroup_kill(const char *name, pid_t sid)
{
	if (cgroup_active()) {
		char p[CGROUP_PATH_MAX];
		if ((size_t)snprintf(p, sizeof p, "%s/svc-%s/cgroup.kill", cgroup_base(), name) >= sizeof p)
			return -ENAMETOOLONG;
		int fd = open(p, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			ssize_t n = write(fd, "1", 1);
			close(fd);
			if (n == 1)
				return 0;
		}
	}
	int r = cgroup_signal(name, sid, SIGKILL);
	return r < 0 ? r : 0;
}
