/* SPDX-License-Identifier: MIT */
/*
 * The one event loop: epoll over fds that each carry a handler (a
 * function and its argument, kept by whoever registered the fd), one
 * timerfd armed to the earliest deadline of anything in the system.  The
 * loop knows no one: it calls handlers and the tick.  It never returns.
 */
#ifndef KEEL_LOOP_H
#define KEEL_LOOP_H

#include <stdint.h>

/* What the loop calls when an fd is ready: fn(arg).  The caller keeps
 * it (static, or in its own table) for as long as the fd is watched. */
struct loop_handler {
	void (*fn)(void *arg);
	void *arg;
};

/* Create the epoll set and the timerfd.  Returns 0 or -errno. */
int loop_init(void);
/* Watch fd for input; returns 0 or -errno. */
int loop_add(int fd, const struct loop_handler *h);
/* Watch fd for EPOLLPRI only (a cgroup.events file: it changed). */
int loop_add_pri(int fd, const struct loop_handler *h);
void loop_del(int fd);
/* Run forever: tick(now) after every batch of events returns the earliest
 * deadline it wants a wake-up for (0: none). */
void loop_run(uint64_t (*tick)(uint64_t now_ms)) __attribute__((noreturn));

#endif
