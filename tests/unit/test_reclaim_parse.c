/* SPDX-License-Identifier: MIT */
/*
 * Hostile input for the reclaim parsers (issue 11 point 1): process names
 * with newlines, ')' and blanks in /proc/PID/stat, a second "Uid:" line in
 * /proc/PID/status, near-miss and forged /proc/net/tcp lines, over-long
 * lines, unix_diag answers with lying lengths, a socket name that holds a
 * whole fake /proc/net/unix line, and a comm that would break a log line.
 * The real unix_diag dump is checked against a socket bound here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "svc/reclaim/reclaim.h"
#include "svc/reclaim/reclaim_diag.h"
#include "svc/reclaim/reclaim_proc.h"
#include "tests/unit/t.h"

static const char stat_tail[] = " S 77 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 4567 1000 1 0\n";

static void test_stat(void)
{
	struct rproc_stat st;
	char text[512];

	snprintf(text, sizeof text, "123 (a\n124 (b) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9)%s", stat_tail);
	is_int(rproc_stat_parse(text, &st), 0, "stat: comm holding a newline and a whole fake stat");
	ok(st.pid == 123 && st.ppid == 77 && st.state == 'S' && st.start == 4567,
	   "stat: the fields after the last ')' (got pid %d ppid %d %c start %llu)", st.pid, st.ppid, st.state,
	   (unsigned long long)st.start);
	ok(memcmp(st.comm, "a\n124 (b) R 1 1", 15) == 0 && st.comm[15] == 0, "stat: comm cut at 15 bytes, raw");
	is_int(rproc_stat_parse("9 (x) S 77 55 66 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4567\n", &st), 0, "stat: pgrp and session apart");
	ok(st.ppid == 77 && st.sid == 66 && st.start == 4567, "stat: session is field 6 (got ppid %d sid %d)",
	   st.ppid, st.sid);
	snprintf(text, sizeof text, "9 () ) ) S 1)%s", stat_tail);
	is_int(rproc_stat_parse(text, &st), 0, "stat: comm of ')' and blanks");
	is_int(st.ppid, 77, "stat: ppid from after the last ')'");
	snprintf(text, sizeof text, "9 ()%s", stat_tail);
	is_int(rproc_stat_parse(text, &st), 0, "stat: empty comm");
	is_str(st.comm, "", "stat: empty comm kept empty");
	snprintf(text, sizeof text, " 9 (x)%s", stat_tail);
	is_int(rproc_stat_parse(text, &st), -EINVAL, "stat: leading blank rejected");
	snprintf(text, sizeof text, "9x (x)%s", stat_tail);
	is_int(rproc_stat_parse(text, &st), -EINVAL, "stat: pid with junk rejected");
	snprintf(text, sizeof text, "9  (x)%s", stat_tail);
	is_int(rproc_stat_parse(text, &st), -EINVAL, "stat: two blanks before '(' rejected");
	is_int(rproc_stat_parse("9 (x)S 77 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4567\n", &st), -EINVAL,
	       "stat: no blank after ')' rejected");
	is_int(rproc_stat_parse("9 (x) SS 77 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4567\n", &st), -EINVAL,
	       "stat: two-letter state rejected");
	is_int(rproc_stat_parse("9 (x) S -77 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4567\n", &st), -EINVAL,
	       "stat: negative ppid rejected");
	is_int(rproc_stat_parse("9 (x) S 77 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 45x67\n", &st), -EINVAL,
	       "stat: junk in starttime rejected");
	is_int(rproc_stat_parse("9 (x) S 77 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0\n4567\n", &st), -EINVAL,
	       "stat: starttime on the next line rejected");
	is_int(rproc_stat_parse("0 (x)", &st), -EINVAL, "stat: pid 0 rejected");
	is_int(rproc_stat_parse("4294967296 (x)", &st), -EINVAL, "stat: pid overflow rejected");
}

static void test_status(void)
{
	uid_t u[4];

	is_int(rproc_status_uids("Name:\tsh\nUmask:\t0022\nUid:\t1000\t1000\t0\t1000\nGid:\t0\t0\t0\t0\n", u), 0,
	       "status: Uid line read");
	ok(u[0] == 1000 && u[1] == 1000 && u[2] == 0 && u[3] == 1000, "status: real, effective, saved, fs uid");
	is_int(rproc_status_uids("Name:\tx\nUid:\t0\t0\t0\t0\nUid:\t65534\t65534\t65534\t65534\n", u), -EINVAL,
	       "status: a second Uid line (a forged name) rejected");
	is_int(rproc_status_uids("Name:\tx\nUid:\t0\t0\t0\n", u), -EINVAL, "status: three uids rejected");
	is_int(rproc_status_uids("Name:\tx\nUid:\t0\t0\t0\t4294967296\n", u), -EINVAL, "status: uid overflow rejected");
	is_int(rproc_status_uids("Name:\tx\nUid:\t0\t0\t0\t0 junk\n", u), -EINVAL, "status: junk after uids rejected");
	is_int(rproc_status_uids("Uid:\t0\t0\t0\t0\n", u), -EINVAL, "status: a Uid line that is not after a line end");
	is_int(rproc_status_uids("Name:\tx\nGid:\t0\t0\t0\t0\n", u), -EINVAL, "status: no Uid line rejected");
}

static void test_inet(void)
{
	struct rproc_inet in;
	static const char good[] = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
				   "00000000     0        0 12345 1 0000000000000000 100 0 0 10 0";

	is_int(rproc_inet_line(good, &in), 0, "tcp: a good line");
	is_int(rproc_inet_line("   0: 0100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 "
			       "00:00000000 00000000 0 0 12345", &in), -EINVAL, "tcp: v4 local, v6 remote rejected");
	is_int(rproc_inet_line("   0: 0x00007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
			       &in), -EINVAL, "tcp: 0x in an address rejected");
	is_int(rproc_inet_line("   0: 0100007F:1F90 00000000:0000 0A0 00000000:00000000 00:00000000 00000000 0 0 1",
			       &in), -EINVAL, "tcp: three-digit state rejected");
	is_int(rproc_inet_line("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 -1",
			       &in), -EINVAL, "tcp: negative inode rejected");
	is_int(rproc_inet_line("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 12x",
			       &in), -EINVAL, "tcp: junk in the inode rejected");
	is_int(rproc_inet_line("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0\n12",
			       &in), -EINVAL, "tcp: inode on the next line rejected");
	is_int(rproc_inet_line("   0: 0100007F:1F90\t00000000:0000 0A 0000000:00000000 00:00000000 00000000 0 0 7",
			       &in), 0, "tcp: a tab between fields is a blank");
	is_int(rproc_inet_line("x  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 7",
			       &in), -EINVAL, "tcp: junk before sl rejected");
}

struct lines_arg { int n; bool long_seen; char last[64]; };

static void count_line(const char *line, void *arg)
{
	struct lines_arg *a = arg;
	a->n++;
	if (strlen(line) >= RPROC_LINE_MAX)
		a->long_seen = true;
	snprintf(a->last, sizeof a->last, "%s", line);
}

/* An over-long line is skipped whole: no piece of it becomes a record. */
static void test_long_lines(void)
{
	char dir[] = "/tmp/keel-rparse.XXXXXX", path[64];
	static char text[RPROC_LINE_MAX * 10];
	struct lines_arg a = { 0, false, "" };

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/t", dir);
	memset(text, 'x', sizeof text);
	size_t at = RPROC_LINE_MAX * 9;
	memcpy(text + at - 20, " 0: 1 2 3", 9);   /* one long line with a record-like tail */
	text[at] = '\n';
	memcpy(text + at + 1, "short\n", 6);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ok(fd >= 0 && write(fd, text, at + 7) == (ssize_t)(at + 7), "wrote a long line and a short one");
	if (fd >= 0)
		close(fd);
	rproc_set_root(dir);
	is_int(rproc_lines("t", count_line, &a), 0, "lines: read");
	rproc_set_root(NULL);
	is_int(a.n, 1, "lines: only the short line is a line");
	is_str(a.last, "short", "lines: it is the short one");
	ok(!a.long_seen, "lines: nothing of the long line reached the parser");
	unlink(path);
	rmdir(dir);
}

/* A netlink buffer under construction. */
struct nlbuf { unsigned char b[1024]; size_t len; };

/* Append a message of type with payload (n bytes); its header's length
 * is n + 16 + lie. */
static void msg(struct nlbuf *m, uint16_t type, const void *payload, size_t n, int lie)
{
	struct nlmsghdr h = { .nlmsg_len = (uint32_t)((int)(sizeof h + n) + lie), .nlmsg_type = type };
	memcpy(m->b + m->len, &h, sizeof h);
	memcpy(m->b + m->len + sizeof h, payload, n);
	m->len += (sizeof h + n + 3) & ~(size_t)3;
}

/* A unix_diag record: the fixed part, a NAME attribute holding name (its
 * own length), and a VFS attribute of vfs_len bytes. */
static size_t record(unsigned char *out, uint32_t ino, const char *name, size_t name_len, size_t vfs_len)
{
	struct unix_diag_msg d = { .udiag_family = AF_UNIX, .udiag_type = SOCK_STREAM, .udiag_state = 10,
				   .udiag_ino = ino };
	struct unix_diag_vfs v = { .udiag_vfs_ino = 4321, .udiag_vfs_dev = 0x800001 };
	size_t n = 0;
	memcpy(out, &d, sizeof d);
	n += sizeof d;
	uint16_t a[2] = { (uint16_t)(4 + name_len), UNIX_DIAG_NAME };
	memcpy(out + n, a, 4);
	memcpy(out + n + 4, name, name_len);
	n += (4 + name_len + 3) & ~(size_t)3;
	a[0] = (uint16_t)(4 + vfs_len);
	a[1] = UNIX_DIAG_VFS;
	memcpy(out + n, a, 4);
	memcpy(out + n + 4, &v, sizeof v);
	return n + 4 + sizeof v;
}

struct seen { int n; uint32_t ino, vfs_ino, vfs_dev; bool bound; };

static void on_sock(const struct rdiag_unix *u, void *arg)
{
	struct seen *s = arg;
	s->n++;
	s->ino = u->ino;
	s->bound = u->bound;
	s->vfs_ino = u->vfs_ino;
	s->vfs_dev = u->vfs_dev;
}

static void test_diag_parse(void)
{
	static const char forged[] = "\0x\n0000000000000000: 00000002 00000000 00010000 0001 01 1 /run/app.sock";
	unsigned char rec[256];
	struct nlbuf m = { .len = 0 };
	struct seen s = { 0 };

	size_t n = record(rec, 777, forged, sizeof forged - 1, sizeof(struct unix_diag_vfs));
	msg(&m, SOCK_DIAG_BY_FAMILY, rec, n, 0);
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), 0, "diag: one record, more to come");
	ok(s.n == 1 && s.ino == 777 && s.bound && s.vfs_ino == 4321 && s.vfs_dev == 0x800001,
	   "diag: a name holding a fake line is one record: inode 777, bound file 4321");
	int32_t done_code = 0;
	msg(&m, NLMSG_DONE, &done_code, sizeof done_code, 0);
	s.n = 0;
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), 1, "diag: done seen");
	is_int(s.n, 1, "diag: still one record");

	m.len = 0;
	msg(&m, SOCK_DIAG_BY_FAMILY, rec, n, 64);
	s.n = 0;
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), -EBADMSG, "diag: message longer than the buffer rejected");
	m.len = 0;
	msg(&m, SOCK_DIAG_BY_FAMILY, rec, n, -(int)n - 8);
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), -EBADMSG, "diag: message shorter than its header rejected");
	m.len = 0;
	n = record(rec, 778, "abc", 3, 4);
	msg(&m, SOCK_DIAG_BY_FAMILY, rec, n, 0);
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), -EBADMSG, "diag: VFS attribute of a wrong size rejected");
	m.len = 0;
	n = record(rec, 779, "abc", 3, sizeof(struct unix_diag_vfs));
	msg(&m, SOCK_DIAG_BY_FAMILY, rec, n - 4, 0);
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), -EBADMSG, "diag: attribute past its record rejected");
	is_int(s.n, 0, "diag: no record reported from a broken answer");
	m.len = 0;
	rec[0] = AF_INET;
	msg(&m, SOCK_DIAG_BY_FAMILY, rec, n, 0);
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), -EBADMSG, "diag: another family rejected");
	m.len = 0;
	struct nlmsgerr e = { .error = -ENOENT };
	msg(&m, NLMSG_ERROR, &e, sizeof e, 0);
	is_int(rdiag_parse(m.b, m.len, on_sock, &s), -ENOENT, "diag: an error answer (no unix_diag) is its errno");
	is_int(rdiag_parse(m.b, 3, on_sock, &s), -EBADMSG, "diag: a cut header rejected");
}

static void on_live(const struct rdiag_unix *u, void *arg)
{
	struct seen *s = arg;
	if (u->ino == s->ino) {
		s->n++;
		s->bound = u->bound;
		s->vfs_ino = u->vfs_ino;
		s->vfs_dev = u->vfs_dev;
	}
}

/* The real kernel: a socket bound here is reported with its file. */
static void test_diag_live(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct stat sock_st, file_st;
	struct seen s = { 0 };

	snprintf(a.sun_path, sizeof a.sun_path, "/tmp/keel-rdiag.%d", (int)getpid());
	unlink(a.sun_path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ok(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 1) == 0 &&
	   fstat(fd, &sock_st) == 0 && stat(a.sun_path, &file_st) == 0, "bound and listening");
	s.ino = (uint32_t)sock_st.st_ino;
	int r = rdiag_unix_dump(on_live, &s);
	if (r == -ENOENT || r == -EPROTONOSUPPORT) {
		printf("# no unix_diag in this kernel: live check skipped\n");
	} else {
		is_int(r, 0, "diag: the dump worked");
		is_int(s.n, 1, "diag: our socket reported once");
		ok(s.bound && s.vfs_ino == (uint32_t)file_st.st_ino && s.vfs_dev == rdiag_kdev(file_st.st_dev),
		   "diag: its bound file is the path's device and inode (dev %#x vs %#x)", s.vfs_dev,
		   rdiag_kdev(file_st.st_dev));
	}
	close(fd);
	unlink(a.sun_path);
}

/* Any user names a process: its comm reaches a log line escaped. */
static void test_fmt_escape(void)
{
	static struct reclaim_result r;
	char line[256];

	memset(&r, 0, sizeof r);
	r.n = 1;
	r.status = RECLAIM_CONFLICT;
	r.h[0] = (struct reclaim_hold){ .kind = RK_PORT, .verdict = RV_REFUSE, .pid = 42 };
	memcpy(r.h[0].comm, "x\nctl 2\n\\\x7f\xff", 11);
	snprintf(r.h[0].what, sizeof r.h[0].what, "tcp:80");
	reclaim_fmt(&r, 0, line, sizeof line);
	is_str(line, "port tcp:80 held by pid 42 (x\\x0actl 2\\x0a\\\\\\x7f\\xff): refusing, singleton=no",
	       "fmt: comm escaped, one line");
	reclaim_why(&r, line, sizeof line);
	ok(!strchr(line, '\n'), "why: one line");
	r.h[0].verdict = RV_REFUSE;
	r.h[0].detail = RD_OTHER_UID;
	r.h[0].uid = 0;
	memcpy(r.h[0].comm, "sleep", 6);
	reclaim_fmt(&r, 0, line, sizeof line);
	is_str(line, "port tcp:80 held by pid 42 (sleep): refusing, it runs as uid 0, not as the service's user",
	       "fmt: another user's holder");
}

int main(void)
{
	test_diag_parse();
	test_diag_live();
	test_fmt_escape();
	test_stat();
	test_status();
	test_inet();
	test_long_lines();
	return done();
}
