/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of svc/reclaim*.c against the real /proc with real
 * processes: a forked child holding a TCP and a UDP port on 127.0.0.1 and
 * unix stream and datagram sockets is found, refused, protected, or
 * stopped through a pidfd (TERM, and KILL when TERM is ignored); a stale
 * socket file is removed; pidfiles naming a live process of another
 * program, or one started after the pidfile, are removed and the process
 * left alone.  Every wait is a poll with a bound.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "svc/conf/conf_store.h"
#include "svc/reclaim/reclaim.h"
#include "tests/unit/t.h"

#define WAIT_MS 5000

static char dir[64], stream_path[128], dgram_path[128], self_exe[256], self_comm[32];
static pid_t job_pid;

static bool is_job(pid_t p)
{
	return p == job_pid;
}

struct child {
	pid_t pid;
	uint16_t tcp, udp;
};

/* Bind fd to 127.0.0.1 on an ephemeral port; the port, 0 on failure. */
static uint16_t bind_lo(int fd)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t n = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || getsockname(fd, (struct sockaddr *)&a, &n) < 0)
		return 0;
	return ntohs(a.sin_port);
}

static int bind_unix(int type, const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	int fd = socket(AF_UNIX, type, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0)
		return -1;
	return fd;
}

/* The holder: listens, reports its ports on the pipe, waits for a signal. */
static void holder_main(int out, bool ignore_term)
{
	uint16_t ports[2];
	int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);

	if (ignore_term)
		signal(SIGTERM, SIG_IGN);
	ports[0] = bind_lo(t);
	ports[1] = bind_lo(u);
	int s = bind_unix(SOCK_STREAM, stream_path), d = bind_unix(SOCK_DGRAM, dgram_path);
	if (!ports[0] || !ports[1] || listen(t, 4) < 0 || s < 0 || listen(s, 4) < 0 || d < 0)
		_exit(3);
	if (write(out, ports, sizeof ports) != sizeof ports)
		_exit(4);
	for (;;)
		pause();
}

static struct child spawn_holder(bool ignore_term)
{
	struct child c = { 0, 0, 0 };
	int p[2];
	uint16_t ports[2];

	unlink(stream_path);
	unlink(dgram_path);
	if (pipe(p) < 0)
		return c;
	c.pid = fork();
	if (c.pid == 0) {
		close(p[0]);
		holder_main(p[1], ignore_term);
	}
	close(p[1]);
	struct pollfd q = { .fd = p[0], .events = POLLIN };
	if (c.pid > 0 && poll(&q, 1, WAIT_MS) == 1 && read(p[0], ports, sizeof ports) == sizeof ports) {
		c.tcp = ports[0];
		c.udp = ports[1];
	}
	close(p[0]);
	return c;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static struct svc_conf holder_conf(const struct child *ch, bool singleton)
{
	struct svc_conf c;
	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	c.name = t_str("live");
	c.args = t_str("%s", self_exe);
	c.argc = 1;
	c.singleton = singleton;
	c.ports[0] = (struct svc_port){ PROTO_TCP, ch->tcp };
	c.ports[1] = (struct svc_port){ PROTO_UDP, ch->udp };
	c.nports = 2;
	c.sockets[0] = t_str("%s", stream_path);
	c.sockets[1] = t_str("%s", dgram_path);
	c.nsockets = 2;
	return c;
}

/* Holds of r by pid with verdict v. */
static int count(const struct reclaim_result *r, pid_t pid, unsigned v)
{
	int n = 0;
	for (int i = 0; i < r->n; i++)
		n += r->h[i].pid == pid && r->h[i].verdict == v;
	return n;
}

static bool alive(pid_t pid)
{
	return waitpid(pid, NULL, WNOHANG) == 0;
}

static void test_refuse_and_protect(void)
{
	struct child ch = spawn_holder(false);
	struct reclaim_result r;
	char line[256], want[256];

	ok(ch.pid > 0 && ch.tcp && ch.udp, "holder listening on tcp:%u udp:%u", ch.tcp, ch.udp);
	struct svc_conf c = holder_conf(&ch, false);
	job_pid = 0;
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_CONFLICT, "held, singleton=no: conflict");
	is_int(r.n, 4, "four holds: two ports, two sockets");
	is_int(count(&r, ch.pid, RV_REFUSE), 4, "each held by the child: refuse");
	is_str(r.h[0].comm, self_comm, "holder's comm from /proc");
	for (int i = 0; i < r.n; i++) {
		if (r.h[i].kind != RK_PORT || r.h[i].index != 0)
			continue;
		reclaim_fmt(&r, i, line, sizeof line);
		snprintf(want, sizeof want, "port tcp:%u held by pid %d (%s): refusing, singleton=no", ch.tcp,
			 (int)ch.pid, self_comm);
		is_str(line, want, "refuse line names pid and command");
	}
	struct stat sb;
	ok(lstat(stream_path, &sb) == 0 && lstat(dgram_path, &sb) == 0, "live socket files kept");
	ok(alive(ch.pid), "holder untouched");

	is_int(reclaim_scan(&c, is_job, getpid(), RECLAIM_DRY, &r), RECLAIM_CONFLICT, "dry scan agrees");
	is_int(count(&r, ch.pid, RV_REFUSE), 4, "dry: same four holds");

	job_pid = ch.pid;
	c.kill_others = true;
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_CONFLICT, "a keel job holds: conflict");
	is_int(count(&r, ch.pid, RV_PROTECTED), 4, "keel job: protected");
	struct reclaim_pidfd p[4];
	is_int(reclaim_stop(&r, SIGTERM, p, 4), -EBUSY, "reclaim_stop refuses a conflict");
	job_pid = 0;
	is_int(reclaim_scan(&c, is_job, ch.pid, 0, &r), RECLAIM_CONFLICT, "keel itself holds: conflict");
	ok(r.n && r.h[0].verdict == RV_PROTECTED && r.h[0].detail == RD_SELF, "keel itself: protected");
	ok(alive(ch.pid), "protected holder never signalled");
	reap(ch.pid);
}

/* Wait for a pidfd to become readable; true when it did within ms. */
static bool exited_within(int fd, int ms)
{
	struct pollfd q = { .fd = fd, .events = POLLIN };
	return poll(&q, 1, ms) == 1;
}

static void test_stop(void)
{
	struct child ch = spawn_holder(false);
	struct reclaim_result r, wrong;
	struct reclaim_pidfd p[4];
	struct stat sb;
	int st = 0;

	struct svc_conf c = holder_conf(&ch, true);
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_STOP, "singleton=yes: stop");
	is_int(count(&r, ch.pid, RV_STOP), 4, "four holds to stop, one process");
	wrong = r;
	for (int i = 0; i < wrong.n; i++)
		wrong.h[i].start += 1;
	is_int(reclaim_stop(&wrong, SIGTERM, p, 4), 0, "a pid whose start time changed is not signalled");
	ok(alive(ch.pid), "so the holder lives");
	is_int(reclaim_stop(&r, SIGTERM, p, 4), 1, "one pidfd for one process");
	ok(p[0].fd >= 0 && p[0].pid == ch.pid, "pidfd of the holder");
	ok(exited_within(p[0].fd, WAIT_MS), "pidfd readable once TERM took effect");
	ok(reclaim_exited(&p[0]), "reclaim_exited agrees");
	is_int(reclaim_kill(p, 1), 0, "nothing left to KILL");
	ok(waitpid(ch.pid, &st, 0) == ch.pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "died of SIGTERM");
	reclaim_close(p, 1);
	is_int(p[0].fd, -1, "closed");
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_FREE, "rescan: free");
	is_int(r.n, 2, "two stale socket files");
	ok(r.n == 2 && r.h[0].verdict == RV_STALE && r.h[1].verdict == RV_STALE, "both stale");
	ok(lstat(stream_path, &sb) < 0 && lstat(dgram_path, &sb) < 0, "and removed");
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_FREE, "third scan: free");
	is_int(r.n, 0, "nothing at all");
}

static void test_kill(void)
{
	struct child ch = spawn_holder(true);
	struct reclaim_result r;
	struct reclaim_pidfd p[4];
	int st = 0;

	struct svc_conf c = holder_conf(&ch, false);
	c.kill_others = true;
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_STOP, "kill_others=yes: stop");
	is_int(reclaim_stop(&r, SIGTERM, p, 4), 1, "TERM sent");
	ok(!exited_within(p[0].fd, 300), "TERM ignored: still there after 300 ms");
	ok(!reclaim_exited(&p[0]), "reclaim_exited: no");
	is_int(reclaim_kill(p, 1), 1, "KILL sent");
	ok(exited_within(p[0].fd, WAIT_MS), "gone after KILL");
	ok(waitpid(ch.pid, &st, 0) == ch.pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "died of SIGKILL");
	reclaim_close(p, 1);
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_FREE, "rescan after KILL: free");
}

static void test_stale_socket(void)
{
	struct svc_conf c;
	struct reclaim_result r;
	struct stat sb;
	char line[256], want[256];

	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	c.sockets[0] = t_str("%s", stream_path);
	c.sockets[1] = t_str("%s", dgram_path);
	c.nsockets = 2;
	unlink(stream_path);
	unlink(dgram_path);
	int s = bind_unix(SOCK_STREAM, stream_path), d = bind_unix(SOCK_DGRAM, dgram_path);
	ok(s >= 0 && listen(s, 1) == 0 && d >= 0, "bound a stream listener and a datagram socket");
	close(s);
	close(d);
	ok(lstat(stream_path, &sb) == 0 && S_ISSOCK(sb.st_mode), "socket file left behind");
	is_int(reclaim_scan(&c, is_job, getpid(), RECLAIM_DRY, &r), RECLAIM_FREE, "dry: free");
	ok(r.n == 2 && r.h[0].detail == RD_UNBOUND && lstat(stream_path, &sb) == 0, "dry: stale, unbound, kept");
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_FREE, "stale: free");
	ok(r.n == 2 && r.h[0].verdict == RV_STALE && r.h[0].detail == RD_REFUSED && r.h[1].verdict == RV_STALE,
	   "both stale (connection refused)");
	ok(lstat(stream_path, &sb) < 0 && errno == ENOENT && lstat(dgram_path, &sb) < 0, "both removed");
	reclaim_fmt(&r, 0, line, sizeof line);
	snprintf(want, sizeof want, "socket %s: stale (connection refused), removed", stream_path);
	is_str(line, want, "stale socket line");

	int f = open(stream_path, O_WRONLY | O_CREAT, 0644);
	close(f);
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_CONFLICT, "a regular file at the path: conflict");
	ok(r.n == 1 && r.h[0].verdict == RV_ERROR && r.h[0].detail == RD_NOTSOCK, "not a socket");
	ok(lstat(stream_path, &sb) == 0, "a non-socket file is never removed");
	unlink(stream_path);
}

/* Write pid to path with mtime now + shift seconds. */
static void pidfile(const char *path, pid_t pid, long shift)
{
	char text[32];
	int n = snprintf(text, sizeof text, "%d\n", (int)pid);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec += shift;
	ts[1] = ts[0];
	if (fd < 0 || write(fd, text, (size_t)n) != n || futimens(fd, ts) < 0)
		printf("# cannot write %s\n", path);
	if (fd >= 0)
		close(fd);
}

static void test_pidfile(void)
{
	struct child ch = spawn_holder(false);
	struct svc_conf c;
	struct reclaim_result r;
	struct stat sb;

	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	c.args = t_str("%s", self_exe);
	c.pidfile = t_str("%s/live.pid", dir);
	pidfile(c.pidfile, ch.pid, 1);
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_CONFLICT, "pidfile of a live same program");
	ok(r.n == 1 && r.h[0].pid == ch.pid && r.h[0].verdict == RV_REFUSE, "refused, holder named");
	ok(lstat(c.pidfile, &sb) == 0, "pidfile kept");

	c.args = t_str("/bin/sleep");
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_FREE, "another program: free");
	ok(r.n == 1 && r.h[0].verdict == RV_REUSED && r.h[0].detail == RD_OTHER_EXE, "reused (other program)");
	ok(lstat(c.pidfile, &sb) < 0, "pidfile removed");
	ok(alive(ch.pid), "innocent process untouched");

	c.args = t_str("%s", self_exe);
	pidfile(c.pidfile, ch.pid, -3600);
	c.singleton = true;
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_FREE, "pidfile older than the process: free");
	ok(r.n == 1 && r.h[0].verdict == RV_REUSED && r.h[0].detail == RD_LATER, "reused (started later)");
	ok(lstat(c.pidfile, &sb) < 0, "pidfile removed");
	ok(alive(ch.pid), "innocent process untouched, even with singleton");

	reap(ch.pid);
	pidfile(c.pidfile, ch.pid, 0);
	is_int(reclaim_scan(&c, is_job, getpid(), 0, &r), RECLAIM_FREE, "dead pid: free");
	ok(r.n == 1 && r.h[0].verdict == RV_STALE && r.h[0].detail == RD_DEAD, "stale (not running)");
	ok(lstat(c.pidfile, &sb) < 0, "pidfile removed");
}

/* Not pass/fail: how long one scan of a busy port takes here. */
static void measure(void)
{
	struct child ch = spawn_holder(false);
	struct svc_conf c = holder_conf(&ch, false);
	struct reclaim_result r;
	struct timespec a, b;
	int procs = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 20; i++)
		reclaim_scan(&c, is_job, getpid(), RECLAIM_DRY, &r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	DIR *d = opendir("/proc");
	for (struct dirent *e; d && (e = readdir(d));)
		procs += e->d_name[0] >= '1' && e->d_name[0] <= '9';
	if (d)
		closedir(d);
	long us = ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec)) / 20000;
	printf("# one scan (2 ports, 2 sockets, all held): %ld us with %d processes\n", us, procs);
	reap(ch.pid);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/keel-reclaim.XXXXXX");
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(stream_path, sizeof stream_path, "%s/stream.sock", dir);
	snprintf(dgram_path, sizeof dgram_path, "%s/dgram.sock", dir);
	ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	self_exe[n > 0 ? n : 0] = 0;
	int fd = open("/proc/self/comm", O_RDONLY);
	n = fd >= 0 ? read(fd, self_comm, sizeof self_comm - 1) : 0;
	self_comm[n > 0 ? n - 1 : 0] = 0;   /* drop the newline */
	if (fd >= 0)
		close(fd);
	reclaim_set_proc_root(NULL);
	test_refuse_and_protect();
	test_stop();
	test_kill();
	test_stale_socket();
	test_pidfile();
	measure();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# cleanup of %s failed\n", dir);
	return done();
}
