/* SPDX-License-Identifier: MIT */
/*
 * A tiny TAP harness for host unit tests: ok(), is_int(), is_str(), done().
 * Output is TAP for prove; the exit status is the failure count (max 255).
 */
#ifndef KEEL_T_H
#define KEEL_T_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int t_run, t_fail;

#define ok(cond, ...) do {                                              \
	int ok_c_ = !!(cond);                                           \
	t_run++;                                                        \
	if (!ok_c_) t_fail++;                                           \
	printf("%s %d - ", ok_c_ ? "ok" : "not ok", t_run);             \
	printf(__VA_ARGS__);                                            \
	printf("\n");                                                   \
	if (!ok_c_) printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
} while (0)

#define is_int(got, want, ...) do {                                     \
	long long is_g_ = (long long)(got), is_w_ = (long long)(want);  \
	ok(is_g_ == is_w_, __VA_ARGS__);                                \
	if (is_g_ != is_w_) printf("#   got %lld, want %lld\n", is_g_, is_w_); \
} while (0)

#define is_str(got, want, ...) do {                                     \
	const char *is_g_ = (got), *is_w_ = (want);                     \
	int is_e_ = is_g_ && is_w_ && strcmp(is_g_, is_w_) == 0;        \
	ok(is_e_, __VA_ARGS__);                                         \
	if (!is_e_) printf("#   got \"%s\", want \"%s\"\n", is_g_ ? is_g_ : "(null)", is_w_ ? is_w_ : "(null)"); \
} while (0)

static inline int done(void)
{
	printf("1..%d\n", t_run);
	return t_fail > 255 ? 255 : t_fail;
}

/* A string formatted into the next of 64 static buffers (reused in turn):
 * for the string fields of a struct svc_conf made by hand, which point to
 * their strings (svc/conf/svc.h). */
__attribute__((format(printf, 1, 2), unused))
static const char *t_str(const char *fmt, ...)
{
	static char pool[64][512];
	static unsigned next;
	char *s = pool[next++ % 64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s, sizeof pool[0], fmt, ap);
	va_end(ap);
	return s;
}

/* Write text to DIR/NAME (created or truncated); a failure is a TAP comment
 * (the checks that read the file fail on their own). */
__attribute__((unused))
static void t_put(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		printf("# cannot write %s\n", path);
	if (fd >= 0)
		close(fd);
}

#endif
