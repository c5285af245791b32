/* SPDX-License-Identifier: MIT */
/*
 * /dev/watchdog handling.  Kicks are WDIOC_KEEPALIVE ioctls from the one
 * timer of the loop; nothing else in PID 1 knows the watchdog exists.  If
 * PID 1 hangs, the kicks stop and the hardware resets the board: that is
 * the point.  A failed kick is logged once and retried at the next due time.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/watchdog.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/log.h"
#include "init/platform/watchdog.h"
#include "svc/conf/conf.h"
#include "svc/run/state.h"

#define OPEN_RETRY_MS 1000
#define OPEN_GIVE_UP_MS 60000

static char dev[128];
static int wfd = -1;
static uint32_t timeout_ms, kick_ms;
static uint64_t next_ms, first_try_ms;
static bool testing, gave_up, kick_failed;

static void configure(void)
{
	int t = timeout_ms ? (int)((timeout_ms + 999) / 1000) : 0;
	if (t && ioctl(wfd, WDIOC_SETTIMEOUT, &t) < 0)
		log_warn("watchdog %s: cannot set timeout %d s: %s", dev, t, strerror(errno));
	if (ioctl(wfd, WDIOC_GETTIMEOUT, &t) == 0 && t > 0)
		timeout_ms = (uint32_t)t * 1000;
	if (!timeout_ms)
		timeout_ms = INIT_WATCHDOG_TIMEOUT_MS;
	kick_ms = timeout_ms / 3 ? timeout_ms / 3 : 1;
	int status = 0;
	if (ioctl(wfd, WDIOC_GETBOOTSTATUS, &status) == 0 && (status & WDIOF_CARDRESET))
		log_warn("watchdog %s: the last reset was caused by the watchdog", dev);
	log_info("watchdog %s: timeout %u ms, kicked every %u ms", dev, (unsigned)timeout_ms, (unsigned)kick_ms);
}

void watchdog_setup(const char *path, uint32_t t_ms, int fd)
{
	snprintf(dev, sizeof dev, "%s", path ? path : "");
	timeout_ms = t_ms;
	wfd = fd;
	if (wfd >= 0) {
		configure();
		fcntl(wfd, F_SETFD, FD_CLOEXEC);
	}
	next_ms = clock_ms();
	first_try_ms = next_ms;
}

int watchdog_fd(void)
{
	return wfd;
}

uint64_t watchdog_tick(uint64_t now)
{
	if (!dev[0] || gave_up || testing)
		return 0;
	if (now < next_ms)
		return next_ms;
	if (wfd < 0) {
		wfd = open(dev, O_WRONLY | O_CLOEXEC);
		if (wfd < 0) {
			if (now - first_try_ms >= OPEN_GIVE_UP_MS) {
				log_err("watchdog %s: %s; giving up", dev, strerror(errno));
				gave_up = true;
				return 0;
			}
			next_ms = now + OPEN_RETRY_MS;
			return next_ms;
		}
		configure();
	}
	if (ioctl(wfd, WDIOC_KEEPALIVE, 0) < 0) {
		if (!kick_failed)
			log_err("watchdog %s: kick failed: %s", dev, strerror(errno));
		kick_failed = true;
	} else {
		kick_failed = false;
	}
	next_ms = now + kick_ms;
	return next_ms;
}

void watchdog_disarm(void)
{
	if (wfd < 0)
		return;
	if (write(wfd, "V", 1) != 1)
		log_warn("watchdog %s: magic close failed: %s", dev, strerror(errno));
	close(wfd);
	wfd = -1;
	dev[0] = 0;
}

int watchdog_ctl(struct reply *r, int test)
{
	if (!dev[0] || (wfd < 0 && !test)) {
		reply_out(r, "watchdog: %s\n", dev[0] ? "not open yet" : "none configured");
		if (!test)
			return 0;
	}
	if (test) {
		if (wfd < 0) {
			reply_err(r, "watchdog: no open watchdog to test\n");
			return -ENODEV;
		}
		testing = true;
		log_warn("watchdog %s: test: no more kicks; the board resets in about %u ms",
			 dev, (unsigned)timeout_ms);
		reply_out(r, "watchdog %s: kicks stopped; expect a reset within %u ms\n", dev, (unsigned)timeout_ms);
		return 0;
	}
	reply_out(r, "watchdog %s: timeout %u ms, kicked every %u ms%s\n", dev, (unsigned)timeout_ms,
		(unsigned)kick_ms, kick_failed ? " (last kick failed)" : "");
	return 0;
}
