/* SPDX-License-Identifier: MIT */
/*
 * Logging for PID 1: format into a fixed stack buffer, write to the console
 * (and /dev/kmsg when PID 1 of a real system), never block, never allocate,
 * preserve errno.  Every line starts with "keel: ".  A message that cannot
 * be written at once is dropped and counted; the next line that gets
 * through is preceded by "keel: warning: N lines dropped: ...".
 */
#ifndef KEEL_LOG_H
#define KEEL_LOG_H

#include <stdint.h>

enum log_level { LOG_ERR = 3, LOG_WARN = 4, LOG_INFO = 6, LOG_DEBUG = 7 };

/* Where log lines go: fd (console, usually 2); kmsg nonzero also copies
 * them to /dev/kmsg.  Unless fd is a regular file or a socket, PID 1
 * writes through its own non-blocking description of fd's file, so fd's
 * own flags (which services inherit) stay as they are.  Safe to call
 * again (e.g. after the console moved). */
void log_setup(int fd, int kmsg);

/* Log one line (a trailing newline is added). */
void logm(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...)  logm(LOG_ERR, __VA_ARGS__)
#define log_warn(...) logm(LOG_WARN, __VA_ARGS__)
#define log_info(...) logm(LOG_INFO, __VA_ARGS__)

/* Lines dropped because the sink was full or failing. */
uint32_t log_dropped(void);

#endif
