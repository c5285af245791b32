/* SPDX-License-Identifier: MIT */
/*
 * PID 1's supervision glue: the signal routes (reap, reload, shutdown),
 * the per-pass tick (its order: system_tick() in system.c) and the system-wide
 * operations the control commands call.
 */
#ifndef KEEL_SYSTEM_H
#define KEEL_SYSTEM_H

#include <stddef.h>
#include <stdint.h>
#include "init/rt/loop.h"
#include "svc/conf/conf.h"

/* Take the init.ini settings and its path; load the services, create
 * the jobs.  Returns 0, or -errno when svc_dir cannot be read (then no
 * service runs but PID 1 still does, with the boot-health hooks in place
 * and the boot not healthy before boot_ok_after, as on any boot). */
int system_setup(const char *init_ini, const struct init_conf *ic, int sigfd);

const struct init_conf *system_conf(void);

/* The loop's handler of the signalfd given to system_setup(). */
extern const struct loop_handler system_signal_handler;
/* The per-pass tick; returns the earliest deadline it needs (0: none).
 * The order of its steps is written down once, at its definition in
 * system.c. */
uint64_t system_tick(uint64_t now_ms);

/* Re-read svc_dir and apply the diff now; msg gets the summary.  Returns 0,
 * -EBUSY when shutting down, or the -errno of reading svc_dir. */
int system_reload(char *msg, size_t len);

/* Begin shutdown (enum shutdown_how); a second request only upgrades
 * the final action. */
void system_shutdown(int how);

#endif
