/* SPDX-License-Identifier: MIT */
/*
 * The one event loop: epoll over fixed, tagged slots (signalfd, timerfd,
 * control socket, parked control clients), one timerfd armed to the
 * earliest deadline of anything in the system.  It never returns.
 */
#ifndef KEEL_LOOP_H
#define KEEL_LOOP_H

#include <stdint.h>

enum {
	LOOP_TAG_SIGNAL = 1,
	LOOP_TAG_TIMER = 2,
	LOOP_TAG_CTL = 3,
	LOOP_TAG_CLIENT = 16,   /* + slot */
	LOOP_TAG_PIDFD = 1024,  /* + job slot * RECLAIM_MAX + index: reclaim pidfds */
	LOOP_TAG_CGROUP = 1 << 20, /* + job slot: the job's cgroup.events */
};

/* What the loop drives; set before loop_run(). */
struct loop_ops {
	void (*on_signal_fd)(int fd);
	/* Called after every batch of events with the monotonic time; returns
	 * the earliest deadline it wants a wake-up for (0: none). */
	uint64_t (*tick)(uint64_t now_ms);
};

/* Create the epoll set and the timerfd.  Returns 0 or -errno. */
int loop_init(void);
int loop_add(int fd, int tag);
/* Watch fd for EPOLLPRI only (a cgroup.events file: it changed). */
int loop_add_pri(int fd, int tag);
void loop_del(int fd);
/* Run forever. */
void loop_run(const struct loop_ops *ops) __attribute__((noreturn));

#endif
