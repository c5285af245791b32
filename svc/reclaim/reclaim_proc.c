/* SPDX-License-Identifier: MIT */
/*
 * /proc readers for the reclaim module: parsers for the socket tables and
 * /proc/PID/stat, the boot time, the /proc/PID/exe test and the bounded
 * socket-fd walk.  Invariants: no allocation (read(2) and getdents64 into
 * stack buffers), every loop bounded (RPROC_PIDS_MAX, RPROC_LINKS_MAX, the
 * buffer sizes), every path built under the module's root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/rt/kdir.h"
#include "svc/reclaim/reclaim_proc.h"
#include "init/rt/num.h"

static char root[RPROC_ROOT_MAX] = "/proc";

void rproc_set_root(const char *r)
{
	snprintf(root, sizeof root, "%s", r && *r ? r : "/proc");
}

const char *rproc_root(void)
{
	return root;
}

/* Skip blanks; NULL stays NULL. */
static const char *skip_blank(const char *s)
{
	while (s && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* Parse an unsigned number in base at s (after blanks) into *v; the end,
 * or NULL when there is no digit or it overflows.  A "0x" is refused: no
 * /proc field keel reads has one. */
static const char *num(const char *s, int base, uint64_t *v)
{
	s = skip_blank(s);
	if (!s || (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x'))
		return NULL;
	int n = num_prefix(s, (unsigned)base, UINT64_MAX, v);
	return n < 0 ? NULL : s + n;
}

/* Skip one blank-separated word; NULL when there is none. */
static const char *word(const char *s)
{
	s = skip_blank(s);
	if (!s || !*s)
		return NULL;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	return s;
}

/* After blanks, a run of lo..hi hex digits into *v (only the low 64 bits
 * of a longer run matter to nobody: *v is set for runs of 16 or less);
 * the end, or NULL. */
static const char *hex_run(const char *s, size_t lo, size_t hi, uint64_t *v)
{
	s = skip_blank(s);
	if (!s)
		return NULL;
	size_t n = strspn(s, "0123456789abcdefABCDEF");
	if (n < lo || n > hi)
		return NULL;
	*v = 0;
	for (size_t i = 0; i < n && n <= 16; i++)
		*v = *v * 16 + (uint64_t)(s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
	return s + n;
}

/* "ADDR:PORT" with an address of alen hex digits; the end, or NULL. */
static const char *addr_port(const char *s, size_t alen, uint64_t *port)
{
	uint64_t v;

	s = hex_run(s, alen, alen, &v);
	if (!s || *s != ':')
		return NULL;
	return hex_run(s + 1, 4, 4, port);
}

/* "HEX:HEX" (tx_queue:rx_queue, tr:tm->when); the end, or NULL. */
static const char *hex_pair(const char *s)
{
	uint64_t v;

	s = hex_run(s, 1, 16, &v);
	return s && *s == ':' ? hex_run(s + 1, 1, 16, &v) : NULL;
}

int rproc_inet_line(const char *line, struct rproc_inet *out)
{
	uint64_t v, port;
	const char *s = num(line, 10, &v);         /* sl */

	if (!s || *s != ':')
		return -EINVAL;
	s = skip_blank(s + 1);
	size_t alen = strspn(s, "0123456789abcdefABCDEF");
	if (alen != 8 && alen != 32)
		return -EINVAL;
	s = addr_port(s, alen, &port);             /* local address:port */
	s = s && (*s == ' ' || *s == '\t') ? addr_port(s, alen, &v) : NULL;   /* remote */
	s = s ? hex_run(s, 2, 2, &v) : NULL;       /* st */
	if (!s)
		return -EINVAL;
	out->port = (uint16_t)port;
	out->state = (uint8_t)v;
	s = hex_pair(s);                           /* tx_queue:rx_queue */
	s = s ? hex_pair(s) : NULL;                /* tr:tm->when */
	s = s ? hex_run(s, 1, 16, &v) : NULL;      /* retrnsmt */
	s = num(s, 10, &v);                        /* uid */
	s = num(s, 10, &v);                        /* timeout */
	s = num(s, 10, &v);                        /* inode */
	if (!s || (*s && *s != ' ' && *s != '\t'))
		return -EINVAL;
	out->inode = v;
	return 0;
}

int rproc_stat_parse(const char *text, struct rproc_stat *out)
{
	uint64_t v;
	const char *s = num(text, 10, &v);          /* pid, then " (" */
	const char *close = strrchr(text, ')');     /* comm may hold ')', blanks, newlines */

	if (!s || s != text + strspn(text, "0123456789") || v == 0 || v > 0x7fffffff || s[0] != ' ' ||
	    s[1] != '(' || !close || close < s + 1)
		return -EINVAL;
	out->pid = (pid_t)v;
	size_t n = (size_t)(close - (s + 2));
	if (n >= RPROC_COMM_MAX)
		n = RPROC_COMM_MAX - 1;
	memcpy(out->comm, s + 2, n);
	out->comm[n] = 0;
	s = close + 1;                              /* ") S ppid ..." */
	if (s[0] != ' ' || !s[1] || s[1] == ' ' || s[2] != ' ')
		return -EINVAL;
	out->state = s[1];
	s = num(s + 2, 10, &v);                     /* field 4: ppid */
	if (!s || v > 0x7fffffff)
		return -EINVAL;
	out->ppid = (pid_t)v;
	s = word(s);                                /* field 5: pgrp */
	s = num(s, 10, &v);                         /* field 6: session */
	if (!s || v > 0x7fffffff)
		return -EINVAL;
	out->sid = (pid_t)v;
	for (int f = 7; f < 22 && s; f++)           /* up to field 21 */
		s = word(s);
	s = num(s, 10, &v);                         /* field 22: starttime */
	if (!s || (*s && *s != ' ' && *s != '\n'))
		return -EINVAL;
	out->start = v;
	return 0;
}

/* The first line of text after from that starts with key (key starts
 * with '\n'); NULL if none. */
static const char *line_with(const char *from, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = strchr(from, '\n'); p; p = strchr(p + 1, '\n'))
		if (strncmp(p, key, klen) == 0)
			return p;
	return NULL;
}

int rproc_status_uids(const char *text, uid_t uids[4])
{
	static const char key[] = "\nUid:";
	const char *at = line_with(text, key);
	uint64_t v;

	if (!at || line_with(at + 1, key))          /* none, or a second one: not trusted */
		return -EINVAL;
	const char *s = at + sizeof key - 1;
	for (int i = 0; i < 4; i++) {
		if (*s != '\t' && *s != ' ')
			return -EINVAL;
		s = num(s, 10, &v);
		if (!s || v > 0xffffffffu)
			return -EINVAL;
		uids[i] = (uid_t)v;
	}
	return *s == '\n' ? 0 : -EINVAL;
}

/* Open <root>/rel for reading: the fd, or -errno. */
static int open_rel(const char *rel)
{
	char path[RPROC_ROOT_MAX + 64];

	snprintf(path, sizeof path, "%s/%s", root, rel);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* read(2) that retries on EINTR. */
static ssize_t read_retry(int fd, char *buf, size_t n)
{
	ssize_t r;

	while ((r = read(fd, buf, n)) < 0 && errno == EINTR)
		;
	return r;
}

/* Read at most len-1 bytes of <root>/rel into buf, NUL-terminated.
 * Byte count, or -errno. */
static int slurp(const char *rel, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t r = 1;
	int fd = open_rel(rel);

	if (fd < 0)
		return fd;
	while (got < len - 1 && (r = read_retry(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)r;
	int e = r < 0 ? -errno : 0;
	close(fd);
	buf[got] = 0;
	return e ? e : (int)got;
}

/* Read <root>/PID/name like slurp(); -ENOENT when the process is gone. */
static int pid_file(pid_t pid, const char *name, char *buf, size_t len)
{
	char rel[32];

	if (pid <= 0)
		return -ENOENT;
	snprintf(rel, sizeof rel, "%d/%s", (int)pid, name);
	int r = slurp(rel, buf, len);
	return r == -ESRCH ? -ENOENT : r;
}

int rproc_pid_stat(pid_t pid, struct rproc_stat *out)
{
	char buf[512];
	int r = pid_file(pid, "stat", buf, sizeof buf);

	return r < 0 ? r : rproc_stat_parse(buf, out);
}

int rproc_pid_uids(pid_t pid, uid_t uids[4])
{
	char buf[1024];
	int r = pid_file(pid, "status", buf, sizeof buf);

	return r < 0 ? r : rproc_status_uids(buf, uids);
}

struct btime_arg { bool found; uint64_t sec; };

static void btime_line(const char *line, void *arg)
{
	struct btime_arg *b = arg;
	uint64_t v;

	if (!b->found && strncmp(line, "btime ", 6) == 0 && num(line + 6, 10, &v)) {
		b->found = true;
		b->sec = v;
	}
}

int rproc_btime(uint64_t *sec)
{
	struct btime_arg b = { false, 0 };
	int r = rproc_lines("stat", btime_line, &b);

	if (r < 0)
		return r;
	if (!b.found)
		return -EINVAL;
	*sec = b.sec;
	return 0;
}

int rproc_same_exe(pid_t pid, const char *path)
{
	char exe[RPROC_ROOT_MAX + 32], link[256];
	struct stat a, b;

	snprintf(exe, sizeof exe, "%s/%d/exe", root, (int)pid);
	if (stat(exe, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return 1;
	ssize_t n = readlink(exe, link, sizeof link - 1);
	if (n < 0)
		return errno == ESRCH ? -ENOENT : -errno;
	link[n] = 0;
	static const char deleted[] = " (deleted)";
	size_t dl = sizeof deleted - 1;
	if ((size_t)n > dl && strcmp(link + n - dl, deleted) == 0)
		link[n - dl] = 0;
	return strcmp(link, path) == 0;
}

int rproc_lines(const char *rel, rproc_line_fn *fn, void *arg)
{
	char buf[RPROC_LINE_MAX * 4];
	size_t len = 0;
	bool skipping = false;    /* inside an over-long line */
	int fd = open_rel(rel);

	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t r = read_retry(fd, buf + len, sizeof buf - 1 - len);
		if (r < 0) {
			int e = -errno;
			close(fd);
			return e;
		}
		len += (size_t)r;
		buf[len] = 0;
		char *start = buf, *nl;
		while ((nl = memchr(start, '\n', len - (size_t)(start - buf)))) {
			*nl = 0;
			if (!skipping && nl - start < RPROC_LINE_MAX)
				fn(start, arg);
			skipping = false;
			start = nl + 1;
		}
		len -= (size_t)(start - buf);
		memmove(buf, start, len);
		if (r == 0)
			break;
		if (len >= RPROC_LINE_MAX) {   /* no end in sight: drop this line */
			skipping = true;
			len = 0;
		}
	}
	close(fd);
	buf[len] = 0;
	if (len && !skipping && len < RPROC_LINE_MAX)
		fn(buf, arg);              /* a last line without '\n' */
	return 0;
}

/* A decimal pid from a directory entry name; 0 when it is not one. */
static pid_t name_pid(const char *s)
{
	long v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 0x7fffffff / 10)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return (pid_t)v;
}

/* The socket fds of one process (dirfd: <root>/PID/fd).  Counts links
 * read into *links; false when the bound was reached. */
static bool walk_fds(int dirfd, pid_t pid, rproc_sock_fn *fn, void *arg, long *links)
{
	char dents[2048] __attribute__((aligned(8)));
	char link[64];
	long got;

	while ((got = kdir_read(dirfd, dents, sizeof dents)) > 0) {
		for (long off = 0; off < got;) {
			const struct kdirent *d = (const void *)(dents + off);
			off += d->reclen;
			if (d->name[0] == '.')
				continue;
			if (++*links > RPROC_LINKS_MAX)
				return false;
			ssize_t n = readlinkat(dirfd, d->name, link, sizeof link - 1);
			if (n <= 8 || memcmp(link, "socket:[", 8) != 0)
				continue;
			link[n] = 0;
			uint64_t ino;
			const char *e = num(link + 8, 10, &ino);
			if (e && *e == ']')
				fn(pid, ino, arg);
		}
	}
	return true;
}

int rproc_socket_fds(rproc_sock_fn *fn, void *arg)
{
	char dents[2048] __attribute__((aligned(8)));
	long got, pids = 0, links = 0;
	int truncated = 0;

	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -errno;
	while (!truncated && (got = kdir_read(rootfd, dents, sizeof dents)) > 0) {
		for (long off = 0; off < got && !truncated;) {
			const struct kdirent *d = (const void *)(dents + off);
			off += d->reclen;
			pid_t pid = name_pid(d->name);
			if (!pid)
				continue;
			if (++pids > RPROC_PIDS_MAX) {
				truncated = 1;
				break;
			}
			char rel[32];
			snprintf(rel, sizeof rel, "%d/fd", (int)pid);
			int fdd = openat(rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fdd < 0)
				continue;   /* gone, or a kernel thread we may not read */
			if (!walk_fds(fdd, pid, fn, arg, &links))
				truncated = 1;
			close(fdd);
		}
	}
	close(rootfd);
	return truncated;
}
