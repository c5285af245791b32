/* SPDX-License-Identifier: MIT */
/*
 * epoll + one timerfd.  Handlers only record what happened (or do the
 * small bounded work of a control request); the tick does the rest and
 * names the next deadline, which re-arms the single timerfd.  Errors in
 * here are logged and retried on the next pass; nothing exits.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/ctl/ctl.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "svc/run/state.h"

static int ep = -1, tfd = -1;

int loop_init(void)
{
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -errno;
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (tfd < 0)
		return -errno;
	return loop_add(tfd, LOOP_TAG_TIMER);
}

int loop_add(int fd, int tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)tag };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int loop_add_pri(int fd, int tag)
{
	struct epoll_event ev = { .events = EPOLLPRI, .data.u64 = (uint64_t)tag };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

void loop_del(int fd)
{
	(void)epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);   /* gone already is fine */
}

static void arm(uint64_t deadline)
{
	struct itimerspec its;
	memset(&its, 0, sizeof its);
	if (deadline) {
		/* An absolute time of 0 would disarm: keep it at least 1 ns. */
		its.it_value.tv_sec = (time_t)(deadline / 1000);
		its.it_value.tv_nsec = (long)(deadline % 1000) * 1000000L + 1;
	}
	if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
		log_err("timerfd_settime: %s", strerror(errno));
}

void loop_run(const struct loop_ops *ops)
{
	struct epoll_event evs[16];
	for (;;) {
		uint64_t now = clock_ms();
		uint64_t next = ops->tick(now);
		uint64_t c = ctl_expire(now);
		if (c && (!next || c < next))
			next = c;
		arm(next);
		int n = epoll_wait(ep, evs, 16, -1);
		if (n < 0) {
			if (errno != EINTR)
				log_err("epoll_wait: %s", strerror(errno));
			continue;
		}
		for (int i = 0; i < n; i++) {
			int tag = (int)evs[i].data.u64;
			if (tag == LOOP_TAG_SIGNAL) {
				ops->on_signal_fd(-1);
			} else if (tag == LOOP_TAG_TIMER) {
				uint64_t exp;
				(void)!read(tfd, &exp, sizeof exp);   /* EAGAIN is fine */
			} else if (tag == LOOP_TAG_CTL) {
				ctl_accept(ctl_listen_fd());
			} else if (tag >= LOOP_TAG_CGROUP) {
				state_cgroup_ready(tag - LOOP_TAG_CGROUP);
			} else if (tag >= LOOP_TAG_PIDFD) {
				state_reclaim_ready((tag - LOOP_TAG_PIDFD) / RECLAIM_MAX);
			} else if (tag >= LOOP_TAG_CLIENT) {
				ctl_client_ready(tag - LOOP_TAG_CLIENT);
			}
		}
	}
}
