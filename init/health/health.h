/* SPDX-License-Identifier: MIT */
/*
 * Boot health: the glue between the journal, the boot-loop policy
 * (init/health/bootcount.c) and the state machine.  It decides this boot's plan
 * (safe mode, quarantines), gates starts, writes START records in suspect
 * boots, writes HEALTHY once the boot is good, runs on_limit actions, and
 * answers the system part of `initctl status`.
 */
#ifndef KEEL_HEALTH_H
#define KEEL_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "init/rt/reply.h"
#include "svc/conf/conf.h"
#include "svc/run/state.h"

/* After journal_open() and the first service load: make the plan, write
 * the QUAR records it asks for, and fill in the state hooks boot health
 * plugs in (gate, prespawn, on_limit); the caller installs them. */
void health_setup(const struct init_conf *ic, const struct svc_conf *tab, int n, struct state_hooks *hooks);

/* Called every loop pass: writes HEALTHY when the boot became good.
 * Returns the next deadline it needs (0: none). */
uint64_t health_tick(uint64_t now_ms);

/* initctl unquarantine NAME: returns 0 or
 * state_start()'s -errno, msg filled. */
int health_unquarantine(const char *name, char *msg, size_t len);

/* The system lines of `initctl status` (text) or a JSON object body. */
void health_render(struct reply *r, int json);

/* True once after a job with on_limit = reboot hit its restart limit:
 * the tick then shuts the system down with a reboot. */
bool health_reboot_wanted(void);

/* True while a shutdown was caused by on_limit = reboot: that shutdown
 * writes no SHUTDOWN record, so the boot still counts as unhealthy. */
bool health_limit_reboot(void);

#endif
