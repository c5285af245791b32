/* SPDX-License-Identifier: MIT */
/*
 * type = forking (docs/service.md): a classic daemon.  A run goes through
 * three phases (job->fork_phase):
 *   FORK_PARENT  pid is the spawned process, the job is starting; its
 *                exit 0 ends the phase, any other exit is the run's
 *                failure (the usual exit path of svc/run/state.c);
 *   FORK_WAIT    pid 0, still starting: the main pid is looked for on the
 *                readiness probe's timer (svc/run/ready.h, 10 ms doubling
 *                to 1 s), bounded by ready_timeout: the pid in `pidfile`,
 *                or without one the only process left in the job's cgroup;
 *   FORK_MAIN    pid is the daemon, the job is running: its exit is the
 *                job's exit, as for simple.
 * The pid found must be a live process of this job: in the job's cgroup
 * (without cgroup v2: started after the spawn), a child of keel (an
 * orphan reparented to PID 1 or to keel as subreaper, so its exit status
 * comes from the loop's reap), not PID 1, not keel, not another job's.
 * The pure parts (parse, judge, phase steps) are here for the unit test;
 * the rest reads /proc and the job's cgroup without ever blocking.
 */
#ifndef KEEL_FORKING_H
#define KEEL_FORKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/run/job.h"

enum fork_phase { FORK_NONE, FORK_PARENT, FORK_WAIT, FORK_MAIN };

/* X(id, text): why the main pid is not known (yet), for why and logs. */
#define FORK_ERRS(X)                                                          \
	X(FE_NONE,      "")                                                   \
	X(FE_NOFILE,    "no pidfile")                                         \
	X(FE_UNSAFE,    "the pidfile is not a regular file")                  \
	X(FE_GARBAGE,   "the pidfile holds no pid")                           \
	X(FE_DEAD,      "the pidfile names no live process")                  \
	X(FE_SELF,      "the pidfile names PID 1 or keel")                    \
	X(FE_OTHER_JOB, "the pidfile names another job's process")            \
	X(FE_FOREIGN,   "the pidfile names a process not of this job")        \
	X(FE_NOT_CHILD, "the daemon is not a child of keel")                  \
	X(FE_EMPTY,     "no process left after the parent exited")            \
	X(FE_MANY,      "no pidfile and more than one process left")          \
	X(FE_NO_CGROUP, "no pidfile and no cgroup v2: the main pid cannot be found")

enum fork_err {
#define FORK_ERR_ENUM(id, s) id,
	FORK_ERRS(FORK_ERR_ENUM)
#undef FORK_ERR_ENUM
	FE_COUNT
};

/* What /proc says about a candidate main pid. */
struct fork_facts {
	bool alive;       /* exists and is not a zombie */
	bool self;        /* PID 1 or keel */
	bool in_job;      /* in the job's cgroup (fallback: started after the spawn) */
	bool other_job;   /* a main pid or cgroup member of another job */
	bool child;       /* its parent is keel */
};

/* What the state machine does next. */
enum fork_act {
	FA_EXIT,   /* not the forking start's business: the usual exit path */
	FA_WAIT,   /* look again at the next probe */
	FA_MAIN,   /* the main pid is known: running */
	FA_FAIL,   /* the start failed (the reason in err) */
};

/* The verdict on a candidate: FE_NONE (it is the main pid) or why not. */
uint8_t fork_judge(const struct fork_facts *f);
/* The spawned process ended with code (>= 0 exit code, < 0 -signal) in
 * *phase: FA_WAIT (exit 0 of the parent: phase FORK_WAIT) or FA_EXIT. */
int fork_parent_exit(uint8_t *phase, int32_t code);
/* A probe in FORK_WAIT found err (FE_NONE: a main pid); busy: the job
 * still has a process (tracked: cgroup v2 only).  FA_MAIN (phase
 * FORK_MAIN), FA_FAIL (err final) or FA_WAIT. */
int fork_probe_step(uint8_t *phase, uint8_t err, bool tracked, bool busy);
/* The words of an err ("" for FE_NONE, "?" for an unknown number). */
const char *fork_err_text(unsigned err);

/* The job's side (svc/run/forking.c). */
/* At spawn: the run's phase starts over (pid: the spawned process). */
void forking_spawned(struct job *j);
/* Is j in FORK_WAIT (starting, no pid, processes maybe)? */
bool forking_waiting(const struct job *j);
/* The spawned process of j exited with code (pid already 0): true when
 * that was the parent's exit 0 and the start goes on. */
bool forking_parent_done(struct job *j, int32_t code);
/* A probe on the timer: 1 the main pid is known (j->pid set), 0 look
 * again, -1 the start failed (handled: stopping or ended). */
int forking_probe(struct job *j);
/* Why the start did not find a main pid, for j->why (after ms). */
void forking_why(const struct job *j, uint32_t ms, char *buf, size_t len);

#endif
