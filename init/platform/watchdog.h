/* SPDX-License-Identifier: MIT */
/*
 * The hardware watchdog: PID 1 opens it, sets the timeout, kicks it from
 * the loop's timer at a third of the timeout, and does the magic close
 * ("V") only on a planned shutdown.  The device may appear late (a module
 * loaded by a service): opening is retried every second for a minute.
 * The fd survives re-exec.
 */
#ifndef KEEL_WATCHDOG_H
#define KEEL_WATCHDOG_H

#include <stdint.h>
#include "init/rt/reply.h"

/* Start using path with timeout_ms (0: the driver's default).  A fd >= 0
 * is one handed over by re-exec. */
void watchdog_setup(const char *path, uint32_t timeout_ms, int fd);

/* Kick (or open) when due; returns the next deadline (0: none). */
uint64_t watchdog_tick(uint64_t now_ms);

/* Planned shutdown: magic close, the watchdog stops. */
void watchdog_disarm(void);

/* For re-exec: the open fd (-1 if none). */
int watchdog_fd(void);

/* `initctl watchdog [test]`: state, or stop kicking so the board resets
 * (proves the watchdog works).  Returns 0, or -ENODEV for a
 * test with no open watchdog. */
int watchdog_ctl(struct reply *r, int test);

#endif
