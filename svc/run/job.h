/* SPDX-License-Identifier: MIT */
/*
 * Jobs: one per service per boot, in a fixed table.  A job keeps its id
 * for the whole boot (restarts bump restart_count, never the id).  The
 * table is read through these accessors; only svc/run/state.c changes state.
 */
#ifndef KEEL_JOB_H
#define KEEL_JOB_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/run/jobstate.h"
#include "svc/conf/svc.h"
#include "svc/run/restart.h"
#include "svc/reclaim/reclaim.h"

#define JOB_WHY_MAX 160
#define JOB_EXIT_NONE INT32_MIN     /* no exit status yet (the journal's JOURNAL_EXIT_NONE) */
#define JOB_STATUS_MAX 96           /* STATUS= of a notify service, escaped, incl. NUL */

struct job {
	bool used;
	uint16_t id;                /* stable for the boot, 1.. */
	uint8_t state;              /* enum job_state: written only by state.c */
	bool want;                  /* desired up */
	uint8_t enable;             /* initctl enable/disable: JOB_ENABLE_FILE, _ON, _OFF */
	bool restart_req;           /* start again once stopped (restart, changed conf) */
	bool remove;                /* gone from svc_dir: free the slot once stopped */
	bool has_next;              /* job_next() holds a changed conf to switch to once
				     * stopped; with remove: a new service that takes the
				     * slot then */
	bool killed;                /* SIGKILL already sent in this stop */
	bool held;                  /* stopped because a job it requires went down
				     * (svc/run/propagate.h); why keeps the reason */
	bool stop_pending;          /* stop asked: sent once no live job requires it */
	pid_t pid;                  /* 0 when no process */
	pid_t sid;                  /* session of the last run (the fallback's tracking) */
	bool leftover;              /* stopping what the main process left: then as after an exit */
	int cg_fd;                  /* cgroup.events watched by the loop, -1 none */
	uint32_t restart_count;     /* automatic restarts this boot */
	int32_t last_exit;          /* >=0 code, <0 -signal, JOB_EXIT_NONE */
	uint64_t since_ms;          /* when the current state began */
	uint64_t started_ms;        /* when the current process started */
	uint64_t deadline_ms;       /* 0: none; backoff: restart time; stopping: kill time */
	/* Beside the table like conf (below): read for slots in use only. */
	struct restart_state *rs;   /* the restart limiter's history */
	/* Reclaim phase (state starting, pid 0): holders being stopped. */
	struct reclaim_pidfd *rp;   /* [RECLAIM_MAX] of a shared table (svc/run/start.c); NULL outside */
	uint8_t nrp;
	uint8_t reclaim_rounds;     /* stop rounds in this start attempt */
	/* Readiness (svc/run/ready.c): starting with a pid until ready. */
	bool not_ready;             /* stopped for not being ready in time: ends as a failure */
	int64_t ready_ms;           /* ms from spawn to ready this run, -1 not (yet) */
	uint64_t check_ms;          /* next readiness probe (pidfile, port, socket), 0 none */
	uint32_t check_step_ms;     /* the probe's back-off */
	/* type = forking (svc/run/forking.h): the run's phase; while it is
	 * FORK_WAIT the job is starting with pid 0. */
	uint8_t fork_phase;         /* enum fork_phase */
	uint8_t fork_err;           /* enum fork_err: why no main pid (yet) */
	bool fork_probe_failed;     /* the start failed at a probe, not at ready_timeout */
	uint64_t fork_ticks;        /* the spawned process's start (/proc ticks), 0 unknown */
	/* Hooks (svc/run/hook.c): while exec_start_pre runs, pid is its pid
	 * and the state starting; exec_stop_post runs beside the job. */
	bool in_pre;                /* pid is the exec_start_pre hook */
	bool pre_ok;                /* it succeeded: the next spawn is the service */
	bool hook_late;             /* the running hook was killed at hook_timeout */
	pid_t post_pid;             /* exec_stop_post running, 0 none */
	uint64_t post_deadline_ms;  /* its kill time */
	char status[JOB_STATUS_MAX];/* last STATUS= (escaped), "" none */
	char why[JOB_WHY_MAX];      /* why blocked/failed/waiting, "" if nothing to say */
	/* The service's configuration, in a slot of its own beside the table
	 * (svc/run/job.c): a scan of the table reads these fields only, not
	 * 4 KB of configuration per slot.  conf, rs and rp are never NULL in
	 * a job from job_at(), the lookups or job_new(). */
	struct svc_conf *conf;
};

/* initctl enable/disable of a job (the journal's enable key has the same
 * numbers): none (the service file's `enabled` decides), enabled, disabled. */
enum { JOB_ENABLE_FILE = 0, JOB_ENABLE_ON = 1, JOB_ENABLE_OFF = 2 };

/* Not started at boot nor pulled in by dependents: disabled by initctl,
 * or by `enabled = no` unless initctl enabled it. */
static inline bool job_disabled(const struct job *j)
{
	return j->enable ? j->enable == JOB_ENABLE_OFF : !j->conf->enabled;
}

/* The state as status shows it: a disabled job that is stopped and not
 * asked to start is "disabled" (a flag, not a state of its own). */
static inline const char *job_shown_state(const struct job *j)
{
	if (j->state == JOB_STOPPED && !j->want && job_disabled(j))
		return "disabled";
	return job_state_name(j->state);
}

/* Slot i (0 <= i < SVC_MAX); check ->used. */
struct job *job_at(int i);

/* How far a scan of the slots must go: 1 + the highest slot ever used
 * (job_new() takes the lowest free slot).  Every slot past it was never
 * used, so a scan reads only the pages of slots a board has had, not
 * the whole table (the resident memory of PID 1, docs/design.md). */
int job_slots(void);
struct job *job_by_name(const char *name);
struct job *job_by_pid(pid_t pid);
struct job *job_by_id(unsigned id);

/* The conf staged for j (meaningful while j->has_next).  Staged confs
 * live beside the table, not in it: their pages are touched only by a
 * reload that stages one, not by every job. */
struct svc_conf *job_next(struct job *j);

/* A free slot with a fresh id and conf copied in, state stopped; NULL if full. */
struct job *job_new(const struct svc_conf *c);
/* Free the slot and the job's output pipe (svc/out/).  Its id may go to
 * another name later (the id source's rule). */
void job_free(struct job *j);

/* Where job ids come from: source(name) gives the id of a new job (the
 * journal's binding, init/system.c; docs/journal.md, "Job ids"), or
 * <= 0.  An id no job has is taken; otherwise (or with no source) the
 * job gets the next id of a counter, above SVC_MAX when a source is set. */
void job_set_id_source(int (*source)(const char *name));

/* After a load was applied: the strings the configurations in use (every
 * job's, and the staged ones) still have in the arena's live half are
 * copied into the spare half beside the load's, and the halves swap
 * (svc/conf/arena.h).  0, or -ENOSPC when there was no room (nothing
 * moved; reload_fits() checks before a reload is applied). */
int job_conf_swap(void);

/* Highest id handed out so far (ids are 1..job_last_id()). */
unsigned job_last_id(void);
/* For re-exec hand-over: restore the id counter. */
void job_set_last_id(unsigned id);

#endif
