/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of svc/reclaim*.c on a fake /proc tree: the /proc/net line
 * parsers (unix, tcp, tcp6, udp, udp6), /proc/PID/stat, holder lookup and
 * dedup, protection of PID 1, keel and keel jobs (and their children),
 * pidfile verdicts (stale, no pid, reused: other program or started after
 * the pidfile, same program), dry scans and the formatter.  The real
 * /proc cases are in test_reclaim_live.c.
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

#include "svc/conf/conf_store.h"
#include "svc/reclaim/reclaim.h"
#include "svc/reclaim/reclaim_proc.h"
#include "tests/unit/t.h"

#define BTIME 1700000000ull

static char dir[64], proc[96];
static pid_t job_pid;
static unsigned fake_uid;   /* the uids of the next fake_pid() */

static bool is_job(pid_t p)
{
	return p == job_pid;
}

static void put(const char *rel, const char *text)
{
	t_put(dir, rel, text);
}

static void mk(const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	(void)mkdir(path, 0755);   /* exists already: fine */
}

static void link_to(const char *target, const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	(void)unlink(path);
	if (symlink(target, path) < 0)
		printf("# cannot link %s\n", path);
}

/* A fake process: /proc/PID/{stat,exe,fd/N -> socket:[inode]...}. */
static void fake_pid(int pid, const char *comm, char state, int ppid, unsigned long start_ticks,
		     const char *exe, const unsigned long *inodes, int n)
{
	char rel[64], text[256];
	snprintf(rel, sizeof rel, "proc/%d", pid);
	mk(rel);
	snprintf(rel, sizeof rel, "proc/%d/fd", pid);
	mk(rel);
	snprintf(rel, sizeof rel, "proc/%d/stat", pid);
	snprintf(text, sizeof text, "%d (%s) %c %d %d %d 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 %lu "
		 "1000000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0\n",
		 pid, comm, state, ppid, pid, pid, start_ticks);
	put(rel, text);
	snprintf(rel, sizeof rel, "proc/%d/status", pid);
	snprintf(text, sizeof text, "Name:\t%s\nUmask:\t0022\nState:\t%c (sleeping)\nTgid:\t%d\nNgid:\t0\n"
		 "Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t0\t0\t0\t0\n",
		 comm, state, pid, pid, ppid, fake_uid, fake_uid, fake_uid, fake_uid);
	put(rel, text);
	snprintf(rel, sizeof rel, "proc/%d/exe", pid);
	link_to(exe, rel);
	snprintf(rel, sizeof rel, "proc/%d/fd/0", pid);
	link_to("/dev/null", rel);
	for (int i = 0; i < n; i++) {
		snprintf(rel, sizeof rel, "proc/%d/fd/%d", pid, i + 3);
		snprintf(text, sizeof text, "socket:[%lu]", inodes[i]);
		link_to(text, rel);
	}
}

static const char tcp_head[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
/* A real listening socket at rel (kept open: unix_diag is the kernel's,
 * not the fake tree's); its socket inode, 0 on failure. */
static unsigned long sock_file(const char *rel, char *path, size_t len)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct stat sb;
	snprintf(path, len, "%s/%s", dir, rel);
	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1) < 0 || fstat(fd, &sb) < 0) {
		printf("# cannot listen on %s\n", path);
		return 0;
	}
	return (unsigned long)sb.st_ino;
}

static char sock_path[128];

/* The whole fake tree: sockets held by 4242 (fakesrv) and 4343 (nc, a
 * child of 4242), a zombie 4444, one port nobody visible holds. */
static void build_tree(void)
{
	char text[1024];
	mk("proc");
	mk("proc/net");
	snprintf(text, sizeof text, "cpu  1 2 3 4\nintr 0\nctxt 5\nbtime %llu\nprocesses 9\n", BTIME);
	put("proc/stat", text);
	snprintf(text, sizeof text, "%s"
		 "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0\n"
		 "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1\n"
		 "   2: 0100007F:1F90 0100007F:D432 06 00000000:00000000 03:00000F3C 00000000     0        0 0 3 0000000000000000\n"
		 "   3: 00000000:08AE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1009 1 0000000000000000 100 0 0 10 0\n",
		 tcp_head);
	put("proc/net/tcp", text);
	snprintf(text, sizeof text, "%s"
		 "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 100 0 0 10 0\n",
		 tcp_head);
	put("proc/net/tcp6", text);
	snprintf(text, sizeof text, "%s"
		 "  123: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1004 2 0000000000000000 0\n"
		 "  124: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1006 2 0000000000000000 0\n",
		 tcp_head);
	put("proc/net/udp", text);
	put("proc/net/udp6", tcp_head);
	unsigned long listener = sock_file("fake.sock", sock_path, sizeof sock_path);
	/* The forged /proc/net/unix line of issue 11: a name with a newline
	 * giving inode 1009 (PID 1's) to the socket path.  Never read. */
	snprintf(text, sizeof text, "Num       RefCount Protocol Flags    Type St Inode Path\n"
		 "0000000000000000: 00000002 00000000 00010000 0001 01 1010 @x\n"
		 "0000000000000000: 00000002 00000000 00010000 0001 01 1009 %s\n", sock_path);
	put("proc/net/unix", text);
	const unsigned long srv[] = { 1001, 1002, 1003, listener }, nc[] = { 1004 }, init[] = { 1009 };
	fake_pid(1, "init", 'S', 0, 1, "/sbin/init", init, 1);
	fake_pid(4242, "fakesrv", 'S', 1, 1000, "/bin/sh", srv, 4);
	fake_pid(4343, "nc", 'S', 4242, 2000, "/bin/sh", nc, 1);
	fake_pid(4444, "zombie", 'Z', 1, 3000, "/bin/sh", NULL, 0);
}

static void test_parsers(void)
{
	struct rproc_inet in;
	struct rproc_stat st;

	is_int(rproc_inet_line(tcp_head, &in), -EINVAL, "tcp header line rejected");
	is_int(rproc_inet_line("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
			       "00000000     0        0 12345 1 0000000000000000 100 0 0 10 0", &in), 0,
	       "tcp listener line parsed");
	ok(in.port == 8080 && in.state == RPROC_TCP_LISTEN && in.inode == 12345,
	   "tcp: port 8080, LISTEN, inode 12345 (got %u %u %llu)", in.port, in.state,
	   (unsigned long long)in.inode);
	is_int(rproc_inet_line("   3: 000080FE00000000FF005452C7A3A2FE:0016 00000000000000000000000000000000:0000 "
			       "0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0 100 0 0 10 0", &in),
	       0, "tcp6 line parsed");
	ok(in.port == 22 && in.inode == 777, "tcp6: port 22, inode 777");
	is_int(rproc_inet_line("  9: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 "
			       "00000000   101        0 4242 2 0000000000000000 0", &in), 0, "udp line parsed");
	ok(in.port == 53 && in.state == RPROC_TCP_CLOSE && in.inode == 4242, "udp: port 53, inode 4242");
	is_int(rproc_inet_line("  9: 00000000000000000000000000000000:0223 00000000000000000000000000000000:0000 "
			       "07 00000000:00000000 00:00000000 00000000     0        0 99 2 0 0", &in), 0,
	       "udp6 line parsed");
	ok(in.port == 547 && in.inode == 99, "udp6: port 547, inode 99");
	is_int(rproc_inet_line("   0: 0100:1F90 00000000:0000 0A 0:0 0:0 0 0 0 1", &in), -EINVAL,
	       "short address rejected");
	is_int(rproc_inet_line("   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000", &in), -EINVAL,
	       "cut line rejected");
	is_int(rproc_inet_line("   0: 0100007F:1FFFF 00000000:0000 0A 0:0 0:0 0 0 0 1", &in), -EINVAL,
	       "port over 65535 rejected");
	is_int(rproc_inet_line("", &in), -EINVAL, "empty line rejected");

	is_int(rproc_stat_parse("123 (my (odd) comm) x) S 77 123 123 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 "
				"4567 1000 1 0\n", &st), 0, "stat with ')' in comm parsed");
	ok(st.pid == 123 && st.ppid == 77 && st.state == 'S' && st.start == 4567,
	   "stat: pid 123, ppid 77, S, start 4567 (got %d %d %c %llu)", st.pid, st.ppid, st.state,
	   (unsigned long long)st.start);
	is_str(st.comm, "my (odd) comm) ", "comm cut at 15 bytes");
	is_int(rproc_stat_parse("123 (x) S 1 2 3", &st), -EINVAL, "cut stat rejected");
	is_int(rproc_stat_parse("garbage", &st), -EINVAL, "garbage stat rejected");
}

/* A conf for the fake tree. */
static struct svc_conf conf(const char *exe)
{
	struct svc_conf c;
	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	c.name = t_str("fake");
	c.args = t_str("%s", exe);
	c.argc = 1;
	return c;
}

static int find(const struct reclaim_result *r, unsigned kind, const char *what, pid_t pid)
{
	for (int i = 0; i < r->n; i++)
		if (r->h[i].kind == kind && strcmp(r->h[i].what, what) == 0 && r->h[i].pid == pid)
			return i;
	return -1;
}

static void test_fake_holders(void)
{
	struct svc_conf c = conf("/bin/sh");
	struct reclaim_result r;
	char line[256];

	c.ports[0] = (struct svc_port){ PROTO_TCP, 8080 };
	c.ports[1] = (struct svc_port){ PROTO_UDP, 53 };
	c.ports[2] = (struct svc_port){ PROTO_TCP6, 9999 };
	c.nports = 3;
	c.sockets[0] = t_str("%s", sock_path);
	c.nsockets = 1;
	job_pid = 0;
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_CONFLICT, "fake: conflict");
	is_int(r.n, 3, "three holds: tcp:8080, udp:53, the socket (nothing on tcp6:9999)");
	int i = find(&r, RK_PORT, "tcp:8080", 4242);
	ok(i >= 0 && r.h[i].verdict == RV_REFUSE, "tcp:8080 (v4 and v6 listeners) held once by 4242: refuse");
	if (i >= 0) {
		is_str(r.h[i].comm, "fakesrv", "holder comm");
		reclaim_fmt(&r, i, line, sizeof line);
		is_str(line, "port tcp:8080 held by pid 4242 (fakesrv): refusing, singleton=no", "refuse line");
	}
	i = find(&r, RK_PORT, "udp:53", 4343);
	ok(i >= 0 && r.h[i].verdict == RV_REFUSE, "udp:53 held by 4343 (nc): refuse");
	i = find(&r, RK_SOCKET, sock_path, 4242);
	ok(i >= 0 && r.h[i].verdict == RV_REFUSE, "socket held by 4242 (listener only, not the accepted one)");
	struct stat sb;
	ok(lstat(sock_path, &sb) == 0, "dry scan: socket file untouched");

	c.singleton = true;
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_STOP, "singleton: stop");
	reclaim_fmt(&r, 0, line, sizeof line);
	ok(strstr(line, ": stopping, singleton=yes") != NULL, "stop line: %s", line);
	c.singleton = false;
	c.kill_others = true;
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_STOP, "kill_others: stop");
	reclaim_fmt(&r, 0, line, sizeof line);
	ok(strstr(line, ": stopping, kill_others=yes") != NULL, "stop line: %s", line);

	job_pid = 4242;
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_CONFLICT, "keel job holds: conflict");
	i = find(&r, RK_PORT, "udp:53", 4343);
	ok(i >= 0 && r.h[i].verdict == RV_PROTECTED && r.h[i].detail == RD_JOB && r.h[i].job_pid == 4242,
	   "a child of a keel job is protected");
	if (i >= 0) {
		reclaim_fmt(&r, i, line, sizeof line);
		is_str(line, "port udp:53 held by pid 4343 (nc), child of a keel job (pid 4242)",
		       "protected line of a dry scan (status)");
	}
	is_int(reclaim_stop(&r, 15, NULL, 0), -EBUSY, "a conflict stops nothing");
	job_pid = 0;
	reclaim_scan(&c, is_job, 4343, RECLAIM_DRY, &r);
	i = find(&r, RK_PORT, "udp:53", 4343);
	ok(i >= 0 && r.h[i].verdict == RV_PROTECTED && r.h[i].detail == RD_SELF, "keel itself is protected");
	is_int(r.status, RECLAIM_CONFLICT, "keel holding it: conflict even with kill_others");
	reclaim_why(&r, line, sizeof line);
	ok(strstr(line, "keel itself") && !strstr(line, "(+"), "why names the one conflict: %s", line);
	c.kill_others = false;
	reclaim_scan(&c, is_job, 4343, RECLAIM_DRY, &r);
	reclaim_why(&r, line, sizeof line);
	ok(strstr(line, "(+2 more)") != NULL, "why names the first conflict and counts the rest: %s", line);

	c.nports = 1;
	c.nsockets = 0;
	c.ports[0] = (struct svc_port){ PROTO_UDP, 5353 };
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_CONFLICT, "invisible holder: conflict");
	ok(r.n == 1 && r.h[0].verdict == RV_UNKNOWN && r.h[0].pid == 0, "udp:5353: unknown holder");
	reclaim_fmt(&r, 0, line, sizeof line);
	is_str(line, "port udp:5353 held, holder not visible in /proc: refusing", "unknown line");
	c.ports[0] = (struct svc_port){ PROTO_TCP6, 8080 };
	reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r);
	ok(r.n == 1 && r.h[0].pid == 4242, "tcp6:8080 also finds the holder (both tables)");
	c.ports[0] = (struct svc_port){ PROTO_TCP, 2222 };
	c.kill_others = true;
	is_int(reclaim_scan(&c, is_job, 999, 0, &r), RECLAIM_CONFLICT, "PID 1 holds it: conflict");
	ok(r.n == 1 && r.h[0].verdict == RV_PROTECTED && r.h[0].detail == RD_INIT, "PID 1 is protected");
	reclaim_fmt(&r, 0, line, sizeof line);
	is_str(line, "port tcp:2222 held by pid 1 (init), PID 1: conflict, never signalled", "PID 1 line");
}

/* A pidfile with text and mtime (seconds since the epoch). */
static void pidfile(const char *path, const char *text, uint64_t mtime)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		printf("# cannot write %s\n", path);
	struct timespec ts[2] = { { (time_t)mtime, 0 }, { (time_t)mtime, 0 } };
	if (fd >= 0 && futimens(fd, ts) < 0)
		printf("# cannot set mtime of %s\n", path);
	if (fd >= 0)
		close(fd);
}

/* Scan a conf with only a pidfile; the single hold's verdict and detail,
 * and whether the pidfile survived. */
static void pid_case(const char *exe, const char *text, uint64_t mtime, bool singleton, int flags,
		     int want_status, int want_verdict, int want_detail, bool want_kept, const char *name)
{
	struct svc_conf c = conf(exe);
	struct reclaim_result r;
	struct stat sb;

	c.pidfile = t_str("%s/x.pid", dir);
	c.singleton = singleton;
	pidfile(c.pidfile, text, mtime);
	is_int(reclaim_scan(&c, is_job, 999, flags, &r), want_status, "%s: status", name);
	ok(r.n == 1 && r.h[0].verdict == want_verdict && r.h[0].detail == want_detail,
	   "%s: verdict %s/%d (got %s/%d)", name, reclaim_verdict_name((unsigned)want_verdict), want_detail,
	   r.n ? reclaim_verdict_name(r.h[0].verdict) : "none", r.n ? r.h[0].detail : -1);
	is_int(lstat(c.pidfile, &sb) == 0, want_kept, "%s: pidfile %s", name, want_kept ? "kept" : "removed");
}

static void test_fake_pidfile(void)
{
	uint64_t start = BTIME + 10;   /* 4242 started 1000 ticks after boot */
	struct svc_conf c = conf("/bin/sh");
	struct reclaim_result r;
	char line[256];

	job_pid = 0;
	c.pidfile = t_str("%s/none.pid", dir);
	is_int(reclaim_scan(&c, is_job, 999, 0, &r), RECLAIM_FREE, "no pidfile: free");
	is_int(r.n, 0, "no pidfile: no hold");

	pid_case("/bin/sh", "4242\n", start + 5, false, 0, RECLAIM_CONFLICT, RV_REFUSE, RD_NONE, true,
		 "same program, started before the pidfile");
	pid_case("/bin/sh", "4242", start + 5, true, 0, RECLAIM_STOP, RV_STOP, RD_NONE, true,
		 "same program, singleton");
	pid_case("/bin/sh", "4242\n", start, false, 0, RECLAIM_CONFLICT, RV_REFUSE, RD_NONE, true,
		 "same second as the start (btime rounding): same");
	pid_case("/bin/sh", "4242\n", start - 5, true, 0, RECLAIM_FREE, RV_REUSED, RD_LATER, false,
		 "started after the pidfile: reused");
	pid_case("/bin/true", "4242\n", start + 5, true, 0, RECLAIM_FREE, RV_REUSED, RD_OTHER_EXE, false,
		 "another program: reused");
	pid_case("/bin/sh", "4999\n", start, true, 0, RECLAIM_FREE, RV_STALE, RD_DEAD, false, "dead pid: stale");
	pid_case("/bin/sh", "4444\n", start, true, 0, RECLAIM_FREE, RV_STALE, RD_DEAD, false, "zombie: stale");
	pid_case("/bin/sh", "garbage\n", start, true, 0, RECLAIM_FREE, RV_STALE, RD_NOPID, false,
		 "no pid: stale");
	pid_case("/bin/sh", "", start, true, 0, RECLAIM_FREE, RV_STALE, RD_NOPID, false, "empty: stale");
	pid_case("/bin/sh", "42x\n", start, true, 0, RECLAIM_FREE, RV_STALE, RD_NOPID, false, "trailing junk: stale");
	pid_case("/bin/sh", "4242 junk\n", start + 5, true, 0, RECLAIM_FREE, RV_STALE, RD_NOPID, false,
		 "a word after the pid: stale");
	pid_case("/bin/sh", "4242                                    \n", start + 5, true, 0, RECLAIM_FREE, RV_STALE,
		 RD_NOPID, false, "24 bytes or more: stale");
	pid_case("/bin/sh", "4999\n", start, true, RECLAIM_DRY, RECLAIM_FREE, RV_STALE, RD_DEAD, true,
		 "dry: stale pidfile kept");
	job_pid = 4242;
	pid_case("/bin/sh", "4242\n", start + 5, true, 0, RECLAIM_CONFLICT, RV_PROTECTED, RD_JOB, true,
		 "pidfile of a keel job: protected");
	job_pid = 0;

	fake_pid(4545, "upgraded", 'S', 1, 1000, "/usr/sbin/upgraded (deleted)", NULL, 0);
	pid_case("/usr/sbin/upgraded", "4545\n", start + 5, false, 0, RECLAIM_CONFLICT, RV_REFUSE, RD_NONE, true,
		 "deleted (upgraded) binary still the same program");

	c.pidfile = t_str("%s/x.pid", dir);
	pidfile(c.pidfile, "4242\n", start - 5);
	reclaim_scan(&c, is_job, 999, 0, &r);
	reclaim_fmt(&r, 0, line, sizeof line);
	char want[256];
	snprintf(want, sizeof want, "pidfile %s: pid 4242 (fakesrv) started after the pidfile was written: "
		 "pid reused, pidfile removed, process left alone", c.pidfile);
	is_str(line, want, "reused line");
	pidfile(c.pidfile, "4999\n", start);
	reclaim_scan(&c, is_job, 999, 0, &r);
	reclaim_fmt(&r, 0, line, sizeof line);
	snprintf(want, sizeof want, "pidfile %s: pid 4999 not running: stale, removed", c.pidfile);
	is_str(line, want, "stale pidfile line");
	is_int(reclaim_why(&r, line, sizeof line), 0, "free: no why");
}

/* A hold's verdict and detail, for messages. */
static bool verdict_is(const struct reclaim_result *r, int verdict, int detail)
{
	return r->n == 1 && r->h[0].verdict == verdict && r->h[0].detail == detail;
}

/* The holder rule beyond the flags: the holder's uids and program. */
static void test_fake_owner(void)
{
	uint64_t start = BTIME + 10;
	struct svc_conf c = conf("/bin/sh");
	struct reclaim_result r;
	char line[256];

	job_pid = 0;
	fake_uid = 65534;
	fake_pid(4646, "nobodysrv", 'S', 1, 1000, "/bin/sh", NULL, 0);
	fake_uid = 0;
	c.pidfile = t_str("%s/o.pid", dir);
	c.singleton = true;
	pidfile(c.pidfile, "4646\n", start + 5);
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_CONFLICT, "root service, nobody's holder: conflict");
	ok(verdict_is(&r, RV_REFUSE, RD_OTHER_UID) && r.h[0].uid == 65534, "refused: another user (65534)");
	c.user = t_str("65534");
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_STOP, "service as 65534, holder 65534: stop");
	pidfile(c.pidfile, "4242\n", start + 5);
	is_int(reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r), RECLAIM_CONFLICT, "service as 65534, root holder: conflict");
	ok(verdict_is(&r, RV_REFUSE, RD_OTHER_UID) && r.h[0].uid == 0, "refused: root is not the service's user");
	reclaim_fmt(&r, 0, line, sizeof line);
	ok(strstr(line, "held by pid 4242 (fakesrv): refusing, it runs as uid 0, not as the service's user") != NULL,
	   "the line says why: %s", line);
	c.user = t_str("no-such-user-here");
	reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r);
	ok(verdict_is(&r, RV_REFUSE, RD_NOUSER), "unknown service user: refused");
	c.user = "";
	unlink(c.pidfile);

	c.pidfile = "";
	c.ports[0] = (struct svc_port){ PROTO_TCP, 8080 };
	c.nports = 1;
	c.args = t_str("/bin/true");
	reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r);
	ok(verdict_is(&r, RV_REFUSE, RD_OTHER_EXE), "singleton: a port holder running another program is refused");
	c.singleton = false;
	c.kill_others = true;
	reclaim_scan(&c, is_job, 999, RECLAIM_DRY, &r);
	ok(verdict_is(&r, RV_STOP, RD_NONE), "kill_others: whatever program it runs, stopped");
}

/* A pidfile others could write is not trusted: ignored, never removed. */
static void trust_case(const char *sub, mode_t dmode, uid_t downer, gid_t dgroup, uid_t fowner, int want_verdict,
		       int want_detail, const char *name)
{
	struct svc_conf c = conf("/bin/sh");
	struct reclaim_result r;
	struct stat sb;
	char d[128];

	snprintf(d, sizeof d, "%s/%s", dir, sub);
	mkdir(d, 0755);
	c.pidfile = t_str("%s/t.pid", d);
	c.singleton = true;
	pidfile(c.pidfile, "4242\n", BTIME + 15);
	if (chown(c.pidfile, fowner, 0) < 0 || chown(d, downer, dgroup) < 0 || chmod(d, dmode) < 0)
		printf("# cannot set owner or mode of %s\n", d);
	reclaim_scan(&c, is_job, 999, 0, &r);
	ok(verdict_is(&r, want_verdict, want_detail), "%s: %s/%d (got %s/%d)", name,
	   reclaim_verdict_name((unsigned)want_verdict), want_detail,
	   r.n ? reclaim_verdict_name(r.h[0].verdict) : "none", r.n ? r.h[0].detail : -1);
	ok(lstat(c.pidfile, &sb) == 0, "%s: pidfile kept", name);
	is_int(r.status, want_verdict == RV_IGNORED ? RECLAIM_FREE : RECLAIM_STOP, "%s: status", name);
}

static void test_fake_trust(void)
{
	struct svc_conf c = conf("/bin/sh");
	struct reclaim_result r;
	char line[256], want[256];

	if (geteuid() != 0) {
		printf("# not root: pidfile trust cases skipped\n");
		return;
	}
	job_pid = 0;
	trust_case("root", 0755, 0, 0, 0, RV_STOP, RD_NONE, "root's directory");
	trust_case("open", 0777, 0, 0, 0, RV_IGNORED, RD_DIR_OPEN, "world-writable directory");
	trust_case("grp0", 0775, 0, 0, 0, RV_STOP, RD_NONE, "writable by root's group");
	trust_case("grp1", 0775, 0, 1, 0, RV_IGNORED, RD_DIR_OPEN, "writable by another group");
	trust_case("daemon", 0755, 1, 1, 0, RV_IGNORED, RD_DIR_OPEN, "another user's directory");
	trust_case("sticky", 01777, 0, 0, 0, RV_STOP, RD_NONE, "sticky directory, root's file");
	trust_case("sticky2", 01777, 0, 0, 1, RV_IGNORED, RD_FILE_OPEN, "sticky directory, another user's file");
	c.pidfile = t_str("%s/daemon/t.pid", dir);
	reclaim_scan(&c, is_job, 999, 0, &r);
	reclaim_fmt(&r, 0, line, sizeof line);
	snprintf(want, sizeof want, "pidfile %s: in a directory other users can write (owner uid 1): not trusted, "
		 "ignored (nothing read, removed or signalled)", c.pidfile);
	is_str(line, want, "the untrusted pidfile line");
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/keel-reclaim.XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(proc, sizeof proc, "%s/proc", dir);
	build_tree();
	reclaim_set_proc_root(proc);
	test_parsers();
	test_fake_holders();
	test_fake_pidfile();
	test_fake_owner();
	test_fake_trust();
	reclaim_set_proc_root(NULL);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# cleanup of %s failed\n", dir);
	return done();
}
