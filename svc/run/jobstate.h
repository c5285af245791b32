/* SPDX-License-Identifier: MIT */
/*
 * Job states, one X-macro list so the enum, the names and the journal's
 * numeric codes cannot drift.  The numbers are stored in the journal:
 * never renumber, only append.
 */
#ifndef KEEL_JOBSTATE_H
#define KEEL_JOBSTATE_H

#define JOB_STATES(X)                 \
	X(STOPPED, 0, "stopped")      \
	X(STARTING, 1, "starting")    \
	X(RUNNING, 2, "running")      \
	X(STOPPING, 3, "stopping")    \
	X(BACKOFF, 4, "backoff")      \
	X(FAILED, 5, "failed")        \
	X(BLOCKED, 6, "blocked")      \
	X(DONE, 7, "done")            \
	X(QUARANTINED, 8, "quarantined") \
	X(SKIPPED, 9, "skipped")

enum job_state {
#define JOB_STATE_ENUM(id, n, s) JOB_##id = n,
	JOB_STATES(JOB_STATE_ENUM)
#undef JOB_STATE_ENUM
	JOB_STATE_COUNT
};

/* "running" etc.; "?" for an unknown number. */
static inline const char *job_state_name(unsigned s)
{
	static const char *const names[] = {
#define JOB_STATE_NAME(id, n, s) [n] = s,
		JOB_STATES(JOB_STATE_NAME)
#undef JOB_STATE_NAME
	};
	return s < JOB_STATE_COUNT && names[s] ? names[s] : "?";
}

#endif
