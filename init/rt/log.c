/* SPDX-License-Identifier: MIT */
/*
 * Bounded, allocation-free logging.  Lines are formatted with vsnprintf
 * into a stack buffer (musl's does not allocate), cut at LOG_LINE_MAX, and
 * written with one write per sink that never waits.  The console fd that
 * services inherit keeps its blocking file status flags: PID 1 writes
 * through its own open file description of the same pipe, tty or device,
 * opened with O_NONBLOCK (a regular file never blocks: it is used as it
 * is; a socket gets send(MSG_DONTWAIT)).  A short or failed write counts
 * as a drop; the count is reported by the next line that gets through.
 * errno is preserved for the caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/rt/log.h"

#define LOG_LINE_MAX 512

enum how { HOW_WRITE, HOW_SEND, HOW_POLL };

static int log_fd = 2;
static int own_fd = -1;          /* PID 1's own non-blocking description */
static enum how log_how = HOW_WRITE;
static int kmsg_fd = -1;
static uint32_t dropped;         /* since boot */
static uint32_t unreported;      /* since the last "lines dropped" note */
static int cut;                  /* the last console write got through in part */

/* A description of fd's file of our own, non-blocking; -errno if none. */
static int reopen(int fd)
{
	char path[32];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int r = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	return r < 0 ? -errno : r;
}

void log_setup(int fd, int kmsg)
{
	if (own_fd >= 0)
		close(own_fd);
	own_fd = -1;
	log_fd = fd;
	log_how = HOW_WRITE;
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		if (S_ISSOCK(st.st_mode))
			log_how = HOW_SEND;
		else if ((own_fd = reopen(fd)) >= 0)
			log_fd = own_fd;
		else
			log_how = HOW_POLL;   /* no /proc, or a FIFO without reader */
	}
	if (kmsg && kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
}

/* One write that does not wait; 1 if all of buf went out. */
static int put(int fd, enum how how, const char *buf, size_t len, int *part)
{
	ssize_t n;
	if (how == HOW_SEND) {
		n = send(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	} else {
		/* The fallback: writable now; a race with a service filling the
		 * same pipe can still block, so it is only the last resort. */
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		if (how == HOW_POLL && (poll(&p, 1, 0) != 1 || !(p.revents & POLLOUT)))
			return 0;
		n = write(fd, buf, len);
	}
	if (n > 0 && (size_t)n < len)
		*part = 1;
	return n == (ssize_t)len;
}

static void to_console(const char *buf, size_t len)
{
	if (log_fd < 0)
		return;
	if (unreported) {
		char note[80];
		int k = snprintf(note, sizeof note, "%skeel: warning: %u lines dropped: the console was not writable\n",
				 cut ? "\n" : "", (unsigned)unreported);
		int was_cut = cut;
		cut = 0;
		if (!put(log_fd, log_how, note, (size_t)k, &cut)) {
			cut |= was_cut;
			unreported++;
			dropped++;
			return;
		}
		unreported = 0;
	}
	if (!put(log_fd, log_how, buf, len, &cut)) {
		unreported++;
		dropped++;
	}
}

void logm(int level, const char *fmt, ...)
{
	int saved = errno;
	char buf[LOG_LINE_MAX];
	const char *tag = level <= LOG_ERR ? "keel: error: " : level == LOG_WARN ? "keel: warning: " : "keel: ";
	size_t n = strlen(tag);
	memcpy(buf, tag, n);
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
	va_end(ap);
	if (r < 0)
		r = 0;
	n += (size_t)r < sizeof buf - n - 1 ? (size_t)r : sizeof buf - n - 2;
	buf[n++] = '\n';
	to_console(buf, n);
	if (kmsg_fd >= 0) {
		/* kmsg takes "<level>text"; the console already shows the line,
		 * so kmsg gets it for dmesg and persistent logs only. */
		char kb[LOG_LINE_MAX + 4];
		int k = snprintf(kb, sizeof kb, "<%d>%.*s", level, (int)n, buf);
		int part = 0;
		if (k > 0 && !put(kmsg_fd, HOW_WRITE, kb, (size_t)k < sizeof kb ? (size_t)k : sizeof kb - 1, &part))
			dropped++;
	}
	errno = saved;
}

uint32_t log_dropped(void)
{
	return dropped;
}
