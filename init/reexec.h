/* SPDX-License-Identifier: MIT */
/*
 * `initctl reexec`: PID 1 executes its binary again and hands its state
 * over, so no service is stopped or restarted and every job keeps its id,
 * pid, counters and pending timers.  The new binary is first run with
 * --check; if that fails, or execve fails, the old image keeps running.
 * At most REEXEC_MAX re-execs in any REEXEC_WINDOW_MS.
 */
#ifndef KEEL_REEXEC_H
#define KEEL_REEXEC_H

#include <stddef.h>
#include <stdint.h>

#define REEXEC_MAX 3
#define REEXEC_WINDOW_MS 60000

/* Remember how we were started (binary path from /proc/self/exe, the
 * init.ini path).  Call once at boot. */
void reexec_setup(const char *init_ini);

/* The open fds a re-exec hands over (-1: none): the control socket, the
 * client that asked for the re-exec (the new image answers it), the
 * watchdog. */
struct reexec_fds {
	int ctl;
	int client;
	int watchdog;
	int notify;   /* svc/run/notify.h */
};

/* Try to re-exec now, handing fds over.  Returns only on failure or
 * refusal, with msg set: -EBUSY refused (too many re-execs, shutting
 * down), else another -errno. */
int reexec_now(const struct reexec_fds *fds, char *msg, size_t len);

/* In the new image: read the state from fd (given as --reexec FD), after
 * the services were loaded into jobs; restores ids, pids, states,
 * counters and deadlines, and sets fds to the fds handed over.  Returns
 * the number of jobs handed over, or -1 (fds all -1).  Never fatal: a
 * bad state file is logged and ignored. */
int reexec_restore(int fd, struct reexec_fds *fds);

#endif
