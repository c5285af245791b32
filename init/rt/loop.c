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
#include "init/rt/log.h"
#include "init/rt/loop.h"

static int ep = -1, tfd = -1;

/* The timer only wakes the loop: the tick finds what is due. */
static void timer_ready(void *unused)
{
	uint64_t expirations;
	(void)unused;
	(void)!read(tfd, &expirations, sizeof expirations);   /* EAGAIN is fine */
}

static const struct loop_handler timer_handler = { timer_ready, NULL };

static int watch(int fd, uint32_t events, const struct loop_handler *h)
{
	struct epoll_event ev = { .events = events, .data.ptr = (void *)h };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int loop_init(void)
{
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -errno;
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (tfd < 0)
		return -errno;
	return loop_add(tfd, &timer_handler);
}

int loop_add(int fd, const struct loop_handler *h)
{
	return watch(fd, EPOLLIN, h);
}

int loop_add_pri(int fd, const struct loop_handler *h)
{
	return watch(fd, EPOLLPRI, h);
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

void loop_run(uint64_t (*tick)(uint64_t now_ms))
{
	struct epoll_event evs[16];
	for (;;) {
		arm(tick(clock_ms()));
		int n = epoll_wait(ep, evs, 16, -1);
		if (n < 0) {
			if (errno != EINTR)
				log_err("epoll_wait: %s", strerror(errno));
			continue;
		}
		for (int i = 0; i < n; i++) {
			const struct loop_handler *h = evs[i].data.ptr;
			h->fn(h->arg);
		}
	}
}
