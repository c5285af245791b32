/* SPDX-License-Identifier: MIT */
/*
 * A service's exec_start_pre and exec_stop_post hooks (svc/run/hook.c):
 * short children spawned like the service, reaped by the SIGCHLD path,
 * killed at hook_timeout.  Called by the state machine only.
 */
#ifndef KEEL_HOOK_H
#define KEEL_HOOK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/run/job.h"

/* Which hook ended, for the report below (the journal's JOURNAL_HOOK_*). */
enum { HOOK_PRE = 1, HOOK_POST = 2 };

/* Called when a hook ends with its exit (>= 0 code, < 0 -signal): init/
 * journals it.  NULL (the default): nothing is reported. */
void hook_set_report(void (*ended)(const struct job *j, unsigned which, int32_t exit));

/* Before the service is spawned: start its exec_start_pre (cgroup_fd: the
 * job's cgroup.procs or -1) unless it has none or it already succeeded
 * for this start.  True: the hook runs (or failed to spawn: the failure
 * is handled); the service is spawned when it exits 0. */
bool hook_pre_start(struct job *j, int cgroup_fd);
/* A failed start attempt (why: the reason shown): failed, backoff or
 * blocked as the restart policy says. */
void hook_pre_failed(struct job *j, const char *why);
/* The job's processes are gone: start its exec_stop_post if it has one. */
void hook_post_start(struct job *j);
/* A reaped child: true if it was a hook and is handled. */
bool hook_exited(pid_t pid, int wstatus);
/* Deadlines at now: kill a late post hook; true if j's pre hook deadline
 * was due (handled: the hook is killed, its exit fails the start). */
bool hook_timer(struct job *j, uint64_t now);

#endif
