/* SPDX-License-Identifier: MIT */
/*
 * The re-exec hand-over state as text, and its strict reader.  One line per
 * record, every number decimal, every text field (job name, why) written
 * as LEN:ESCAPED (init/rt/esc.h: printable ASCII, no newline, exact inverse;
 * LEN is the length of the escaped form), so no field content can end a
 * line or shift a field:
 *   keel-state 6
 *   ctl FD | client FD | watchdog FD | notify FD   (four lines; -1 = none)
 *   logring FD                            (svc/out/: the output ring's memfd; -1 = none)
 *   ids LAST_ID
 *   reexec T1 T2 T3
 *   job ID STATE PID FLAGS RC EXIT STARTED SINCE DEADLINE POST_PID
 *       POST_DEADLINE SID RS_HEAD RS_COUNT RS_QUICK RS_DELAY RS_NEXT AT0..AT31
 *       NAME WHY                                                (one line)
 *   boothook H PID DEADLINE               (after the jobs: a running boot hook)
 *   pipe ID RFD WFD                       (then: a job's or boot hook's output pipe)
 *   end NJOBS
 * FLAGS: want 1, held 2, stop_pending 4, in_pre 8 (PID is the running
 * exec_start_pre, DEADLINE its kill time), pre_ok 16, hook_late 32,
 * fork_wait 64 (type = forking: starting with PID 0 while the main pid
 * is looked for).  POST_PID: the running exec_stop_post (0 none),
 * POST_DEADLINE its kill time.  SID: the session the job's processes are
 * tracked by without cgroup v2 (a forking daemon's own), 0 none.  A
 * version 5 state is read too: no SID, FLAGS up to 63.  A version 4 state (keel before the hooks were handed over) is
 * read too: its job lines have no POST_PID and POST_DEADLINE, FLAGS up
 * to 7, and no boothook lines.
 * The reader takes the lines in exactly this order and refuses the whole
 * state on the first thing out of place (reexec_state_read).  Nothing
 * allocates; host-buildable (unit test, fuzz target).
 */
#ifndef KEEL_REEXEC_STATE_H
#define KEEL_REEXEC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "init/health/boothook.h"
#include "init/rt/esc.h"
#include "init/reexec.h"
#include "svc/run/job.h"

#define REEXEC_STATE_VERSION 6
#define REEXEC_STATE_OLDEST 4          /* the oldest version still read */
#define REEXEC_FD_MAX 65535            /* highest fd number a state may name */
#define REEXEC_PID_MAX 4194304         /* the kernel's PID_MAX_LIMIT */

struct reexec_job {
	uint16_t id;
	uint8_t state;                  /* enum job_state */
	bool want;
	bool held, stop_pending;        /* requires= propagation (svc/run/propagate.h) */
	bool in_pre, pre_ok, hook_late; /* exec_start_pre (svc/run/job.h) */
	bool fork_wait;                 /* type = forking, main pid not known yet */
	int32_t pid;
	int32_t sid;                    /* the fallback's session, 0 none */
	int32_t post_pid;               /* exec_stop_post running, 0 none */
	uint64_t post_deadline_ms;
	uint32_t restart_count;
	int32_t last_exit;
	uint64_t started_ms, since_ms, deadline_ms;
	struct restart_state rs;
	char name[SVC_NAME_MAX];        /* name_len bytes, then a NUL */
	size_t name_len;
	char why[JOB_WHY_MAX];          /* why_len bytes, then a NUL */
	size_t why_len;
};

/* A job's output pipe (svc/out/output.h), both ends. */
struct reexec_pipe {
	uint16_t id;
	int rfd, wfd;
};

/* A running boot hook (init/health/boothook.h). */
struct reexec_boothook {
	uint8_t hook;                   /* enum boothook */
	int32_t pid;
	uint64_t deadline_ms;           /* its kill time, 0: already killed */
};

struct reexec_state {
	unsigned version;               /* as read; written: REEXEC_STATE_VERSION */
	int ctl_fd, client_fd, watchdog_fd, notify_fd;    /* -1: none */
	int log_fd;                            /* the output ring's memfd, -1: none */
	unsigned last_id;
	uint64_t history[REEXEC_MAX];
	int njobs;
	struct reexec_job jobs[SVC_MAX];
	int nboothooks;
	struct reexec_boothook boothooks[BOOTHOOK_COUNT];
	int npipes;
	struct reexec_pipe pipes[SVC_MAX + BOOTHOOK_COUNT];
};

/* The longest job line (numbers plus both text fields escaped whole). */
#define REEXEC_LINE_MAX (64 + 50 * 21 + (SVC_NAME_MAX + JOB_WHY_MAX) * ESC_BYTE_MAX)
/* The longest state. */
#define REEXEC_STATE_MAX (256 + SVC_MAX * (REEXEC_LINE_MAX + 32) + BOOTHOOK_COUNT * 96)

/* Write s as text into buf (size len): the encoding only (any bytes in
 * the text fields; reexec_state_check() is the caller's).  Returns the
 * length, or -ENOSPC, or -EINVAL for a text longer than any field. */
int reexec_state_write(const struct reexec_state *s, char *buf, size_t len);

/* The same text written to fd a line at a time through buf (len >=
 * REEXEC_STATE_BUF holds the longest line): the state never needs a
 * buffer of its whole size.  0, or -ENOSPC, -EINVAL as above, or the
 * -errno of a failed write. */
int reexec_state_write_fd(const struct reexec_state *s, int fd, char *buf, size_t len);

/* Buffer size for the _fd functions: the longest line, its newline, and
 * the start of the next. */
#define REEXEC_STATE_BUF (REEXEC_LINE_MAX + 256)

/* Read buf[0..n) into *s: the structure (line order, field count, number
 * syntax and ranges, text escapes and lengths) only.  Returns 0, or
 * -EINVAL with *bad_line set to the 1-based line that failed. */
int reexec_state_decode(struct reexec_state *s, const char *buf, size_t n, unsigned *bad_line);

/* The meaning: fds -1 or >= 3 and distinct (pipes too), pipes of known
 * job or boot hook ids, one each, states known, pids not 1 (a hook's
 * pid also not 0, in_pre only on a starting job with a pid), each boot
 * hook once,
 * valid and distinct job names, distinct ids <= last_id < OUT_ID_OWN, restart ring
 * in range.  Returns 0 or -EINVAL with why filled. */
int reexec_state_check(const struct reexec_state *s, char *why, size_t len);

/* decode, then check: 0 or -EINVAL with why filled. */
int reexec_state_read(struct reexec_state *s, const char *buf, size_t n, char *why, size_t len);

/* decode then check as above, the text read from fd (to its end) through
 * buf of len bytes, a line at a time (init/rt/lines.h): a line longer than
 * len - 2 bytes or a state
 * past REEXEC_STATE_MAX bytes is refused.  0, -EINVAL with why filled,
 * or the -errno of a failed read. */
int reexec_state_read_fd(struct reexec_state *s, int fd, char *buf, size_t len, char *why, size_t wlen);

#endif
