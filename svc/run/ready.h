/* SPDX-License-Identifier: MIT */
/*
 * Readiness: a job whose service waits for it (type = notify, ready =
 * fd:N|pidfile|port|socket) is starting from spawn until it is ready, then
 * running; dependents wait for running (svc/run/order_live.c).  Messages
 * (READY=1, a newline on fd N) come through the notify socket
 * (svc/run/notify.h) and count only from the job's own processes;
 * pidfile, port and socket are probed on the job's timer, 10 ms doubling
 * to 1 s.  The ready_timeout deadline is the state machine's
 * (svc/run/state.c).  The job's state changes only through
 * job_set_state() (svc/run/state_int.h).
 */
#ifndef KEEL_READY_H
#define KEEL_READY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/run/job.h"
#include "svc/run/spawn.h"

#define READY_STEP_MIN_MS 10
#define READY_STEP_MAX_MS 1000

/* Does a service of c wait to be ready after its spawn? */
bool ready_awaited(const struct svc_conf *c);
/* Is j starting, with a process, waiting to be ready? */
bool ready_waiting(const struct job *j);
/* Before a spawn: what the child gets (sr->fd: close it after the
 * spawn).  0, or -errno (no notify socket for ready = fd:N). */
int ready_prepare(const struct job *j, struct spawn_ready *sr);
/* Right after a spawn at now: the run's readiness starts over (timeout,
 * first probe); returns the state the job is in now (starting or running). */
unsigned ready_spawned(struct job *j, uint64_t now);
/* j->check_ms passed: probe again, ready or a later probe. */
void ready_probe(struct job *j, uint64_t now);
/* A datagram from pid (0: unknown) on the notify socket. */
void ready_message(pid_t pid, const char *buf, size_t len);
/* The job whose process pid is: its main pid, in its cgroup, or without
 * cgroups in its session.  NULL when none. */
struct job *ready_job_of(pid_t pid);

#endif
