/* SPDX-License-Identifier: MIT */
/*
 * Private interface between the state machine (svc/run/state.c), its start
 * path (svc/run/start.c, svc/run/propagate.c), its hooks (svc/run/hook.c)
 * and its control requests (svc/run/state_req.c).  Nothing else includes
 * this.
 */
#ifndef KEEL_STATE_INT_H
#define KEEL_STATE_INT_H

#include <stdbool.h>
#include "svc/run/job.h"

/* The one writer of job->state: time stamp, watch hook (the journal record), log. */
void job_set_state(struct job *j, unsigned s, const char *why);
/* May j start now, as far as the gate hook (boot health) goes?  False
 * with why set. */
bool state_gate(struct job *j, char *why, size_t len);
/* Run the on_limit hook. */
void state_limit_hit(struct job *j);
/* Start a stopped/backoff job: reclaim gate, then spawn. */
void state_do_spawn(struct job *j);
/* Signal a job to stop; false if it had no process (stopped at once). */
bool state_send_stop(struct job *j);

/* svc/run/start.c */
void state_start_blocked(struct job *j, const char *why);
/* A failed start attempt (why: the reason): backoff under the restart
 * limiter, blocked when it trips. */
void state_start_failed(struct job *j, const char *why);
void state_reclaim_end(struct job *j);
bool state_reclaim_gate(struct job *j);
void state_reclaim_progress(struct job *j, bool timed_out);

/* The job's last process is gone (main pid reaped, cgroup empty). */
void state_drained(struct job *j);

/* svc/run/state_cg.c: the job's processes (svc/run/cgroup.h) */
/* Before a spawn: the cgroup exists and is watched.  An fd of its
 * cgroup.procs for the child, -ENOSYS without cgroups, or -errno. */
int state_cg_prepare(struct job *j);
/* No process left: stop watching, remove the cgroup. */
void state_cg_release(struct job *j);
/* Does the job still have a process? */
bool state_cg_busy(const struct job *j);
void state_cg_signal(struct job *j, int sig);
void state_cg_kill(struct job *j);
/* Signal what the job has left; stopping until it is empty. */
void state_cg_stop_rest(struct job *j, const char *what);
/* A child was reaped: without cgroups, see whether a job is empty now. */
void state_cg_reaped(void);

#endif
