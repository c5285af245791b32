/* SPDX-License-Identifier: MIT */
/*
 * The job lifecycle: every event (control request, process exit, timer,
 * reload, shutdown) goes through here, and job_set_state() in state.c is
 * the only writer of a job's state.  All functions return at once; waits
 * are deadlines that the loop turns into one timerfd.
 */
#ifndef KEEL_STATE_H
#define KEEL_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/run/job.h"

/* What the rest of PID 1 (boot health, journal) plugs into the state
 * machine.  Every member may be NULL. */
struct state_hooks {
	/* May this job start this boot (safe mode, quarantine)?  False with
	 * why filled keeps it from starting. */
	bool (*gate)(const struct job *j, char *why, size_t len);
	/* Right before a process is spawned (START records). */
	void (*prespawn)(const struct job *j);
	/* After every state change, before it is logged: init/ writes the
	 * journal record here. */
	void (*watch)(const struct job *j, unsigned old_state);
	/* The restart limit tripped: run the job's on_limit action. */
	void (*on_limit)(struct job *j);
	/* initctl enable/disable kept for this service name (JOB_ENABLE_*),
	 * asked when its job is created. */
	uint8_t (*enable_of)(const char *name);
};
void state_set_hooks(const struct state_hooks *h);

/* Create the jobs of a freshly loaded table: good services want up, bad
 * ones are shown as failed with their config error. */
void state_load(const struct svc_conf *tab, int n);

/* initctl enable/disable (JOB_ENABLE_*): the job's setting.  A disabled
 * job that waits to start stops waiting; nothing is started or stopped. */
void state_set_enable(struct job *j, uint8_t enable);

/* Control requests.  msg gets a one-line answer for the user.  Return 0
 * (done, or nothing to do), -EBUSY (not now: stopping, shutting down,
 * quarantined), -EINVAL (bad service file) or -EIO (spawn failed). */
int state_start(struct job *j, char *msg, size_t len);
int state_stop(struct job *j, char *msg, size_t len);
int state_restart(struct job *j, char *msg, size_t len);
/* Restart every running job once, dependencies first. */
int state_restart_all(char *msg, size_t len);

/* The restart policy of j's service file. */
struct restart_policy state_policy(const struct job *j);

/* After boot or re-exec: find each job's cgroup again, watch it, remove
 * empty ones, stop processes no run of the job accounts for. */
void state_cgroup_adopt(void);
/* How many processes the job has (its cgroup's members). */
int state_job_procs(const struct job *j);
/* Is pid a job's main process or in a job's cgroup? */
bool state_is_job_pid(pid_t pid);

/* A child was reaped (any pid; unknown ones are ignored). */
void state_exited(pid_t pid, int wstatus);

/* Deadlines that passed at now_ms. */
void state_timers(uint64_t now_ms);
/* The earliest pending deadline, 0 if none. */
uint64_t state_next_deadline(void);

/* Start what can start and, when shutting down, stop what can stop.
 * Call after every batch of events. */
void state_pump(void);

/* Begin stopping every job in reverse dependency order. */
void state_shutdown(void);
/* True when shutting down and no job has a process any more. */
bool state_all_down(void);
bool state_shutting_down(void);

/* Re-exec hand-over only: put a job back in the state the old image had
 * it in, without a journal record (nothing changed). */
void state_restore(struct job *j, unsigned state, uint64_t since_ms);

#endif
