/* SPDX-License-Identifier: MIT */
/*
 * Signals: the whole set is blocked first thing (except the synchronous
 * kernel signals) and read through one signalfd.  Children get the mask
 * and dispositions reset before exec.
 */
#ifndef KEEL_SIG_H
#define KEEL_SIG_H

#include <stddef.h>

/* Block every asynchronous signal.  Returns 0 or -errno. */
int sig_block(void);

/* Create the signalfd (non-blocking, close-on-exec).  Returns fd or -errno. */
int sig_open(void);

/* Drain the signalfd: for each signal, call on_signal(signo, pid of sender).
 * Signals coalesce, so SIGCHLD means "reap until empty". */
void sig_drain(int fd, void (*on_signal)(int signo, int from_pid));

/* In a child before exec: default dispositions, then an empty mask.  Safe
 * in a child that shares PID 1's memory (svc/run/spawn.c): musl's
 * sigaction() records a handler only for one that is not SIG_DFL, and
 * locks only for SIGABRT, which is a no-op in a process that never made a
 * thread; sigprocmask() is one system call.  The only write to PID 1's
 * memory is errno (EINVAL for musl's own signals 32 to 34). */
void sig_child_reset(void);

/* "TERM" for SIGTERM; "" when unknown. */
const char *sig_name(int signo);

/* Parse "TERM", "SIGTERM" or "15". Returns the number or -1. */
int sig_parse(const char *s);

/* How a process ended, as text (the one place for it): status >= 0 is an
 * exit code, < 0 a signal (-signo).  Short (a table cell): "exit 1",
 * "signal TERM"; else (a why): "exited with code 1", "killed by signal
 * TERM".  Returns buf. */
const char *sig_exit_text(int status, int short_form, char *buf, size_t len);

#endif
