/* SPDX-License-Identifier: MIT */
/*
 * Bounded, allocation-free logging.  Lines are formatted with vsnprintf
 * into a stack buffer (musl's does not allocate), cut at LOG_LINE_MAX, and
 * written with one non-blocking write per sink; a short or failed write
 * counts as a drop.  errno is preserved for the caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/log.h"

#define LOG_LINE_MAX 512

static int log_fd = 2;
static int kmsg_fd = -1;
static uint32_t dropped;

void log_setup(int fd, int kmsg)
{
	log_fd = fd;
	if (kmsg && kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
}

static void sink(int fd, const char *buf, size_t len)
{
	if (fd < 0)
		return;
	ssize_t n = write(fd, buf, len);
	if (n != (ssize_t)len)
		dropped++;
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
	sink(log_fd, buf, n);
	if (kmsg_fd >= 0) {
		/* kmsg takes "<level>text"; the console already shows the line,
		 * so kmsg gets it for dmesg and persistent logs only. */
		char kb[LOG_LINE_MAX + 4];
		int k = snprintf(kb, sizeof kb, "<%d>%.*s", level, (int)n, buf);
		if (k > 0)
			sink(kmsg_fd, kb, (size_t)k < sizeof kb ? (size_t)k : sizeof kb - 1);
	}
	errno = saved;
}

uint32_t log_dropped(void)
{
	return dropped;
}
