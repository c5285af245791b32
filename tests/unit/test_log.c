/* SPDX-License-Identifier: MIT */
/*
 * init/rt/log.c: a full console never blocks the caller, and the file status
 * flags of the console fd (which services inherit) stay as they were;
 * dropped lines are counted and reported by the next line that gets
 * through.  An alarm turns a blocked write into a failure, not a hang.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "init/rt/log.h"
#include "tests/unit/t.h"

static void on_alarm(int signo)
{
	(void)signo;
	static const char msg[] = "not ok - a log write blocked (alarm)\n";
	(void)!write(1, msg, sizeof msg - 1);
	_exit(1);
}

/* Fill fd's pipe or socket through a non-blocking description of our own
 * (fd's flags stay untouched).  Returns the bytes written. */
static long fill(int fd)
{
	char path[32];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int own = open(path, O_WRONLY | O_NONBLOCK);
	int sock = own < 0;
	if (sock)
		own = fd;
	char page[4096];
	memset(page, '\n', sizeof page);
	long total = 0;
	for (size_t size = sizeof page; size; size = size > 1 ? 1 : 0) {
		for (;;) {
			ssize_t n = sock ? send(own, page, size, MSG_DONTWAIT) : write(own, page, size);
			if (n <= 0)
				break;
			total += n;
		}
	}
	if (!sock)
		close(own);
	return total;
}

/* Read what is in fd now, without waiting. */
static size_t drain(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	for (;;) {
		ssize_t k = recv(fd, buf + n, cap - n - 1, MSG_DONTWAIT);
		if (k < 0 && errno == ENOTSOCK) {
			int fl = fcntl(fd, F_GETFL);
			fcntl(fd, F_SETFL, fl | O_NONBLOCK);
			k = read(fd, buf + n, cap - n - 1);
			fcntl(fd, F_SETFL, fl);
		}
		if (k <= 0)
			break;
		n += (size_t)k;
		if (n + 1 >= cap)
			n = 0;   /* only the tail matters here */
	}
	buf[n] = 0;
	return n;
}

static void full_sink(const char *what, int rd, int wr)
{
	uint32_t before = log_dropped();
	int flags = fcntl(wr, F_GETFL);
	log_setup(wr, 0);
	is_int(fcntl(wr, F_GETFL), flags, "%s: log_setup leaves the console fd's flags alone", what);
	ok(fill(wr) > 0, "%s: filled", what);
	alarm(10);
	for (int i = 0; i < 37; i++)
		logm(LOG_INFO, "line %d", i);
	alarm(0);
	is_int(log_dropped() - before, 37, "%s: 37 lines into a full sink return at once, counted", what);
	static char buf[1 << 20];
	drain(rd, buf, sizeof buf);
	logm(LOG_INFO, "after the drain");
	drain(rd, buf, sizeof buf);
	is_str(buf, "keel: warning: 37 lines dropped: the console was not writable\nkeel: after the drain\n",
	       "%s: the next line is preceded by the count", what);
	logm(LOG_INFO, "once");
	drain(rd, buf, sizeof buf);
	is_str(buf, "keel: once\n", "%s: the count is reported once", what);
	is_int(fcntl(wr, F_GETFL), flags, "%s: the console fd's flags are still the same", what);
}

static void regular_file(void)
{
	char path[] = "/tmp/keel-test-log.XXXXXX";
	int fd = mkstemp(path);
	unlink(path);
	(void)!write(fd, "service said hi\n", 16);
	log_setup(fd, 0);
	logm(LOG_WARN, "from keel");
	(void)!write(fd, "service again\n", 14);
	char buf[128] = "";
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	is_str(buf, "service said hi\nkeel: warning: from keel\nservice again\n",
	       "a regular file is written through the fd itself: one offset, nothing overwritten");
	close(fd);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	int p[2];
	if (pipe(p) == 0)
		full_sink("pipe", p[0], p[1]);
	int s[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0)
		full_sink("socket", s[0], s[1]);
	regular_file();
	log_setup(2, 0);
	return done();
}
