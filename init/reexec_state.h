/* SPDX-License-Identifier: MIT */
/*
 * The re-exec hand-over state as text, and its strict reader.  One line per
 * record, every number decimal, every text field (job name, why) written
 * as LEN:ESCAPED (init/rt/esc.h: printable ASCII, no newline, exact inverse;
 * LEN is the length of the escaped form), so no field content can end a
 * line or shift a field:
 *   keel-state 4
 *   ctl FD | client FD | watchdog FD | notify FD   (four lines; -1 = none)
 *   logring FD                            (svc/out/: the output ring's memfd; -1 = none)
 *   ids LAST_ID
 *   reexec T1 T2 T3
 *   job ID STATE PID WANT RC EXIT STARTED SINCE DEADLINE RS_HEAD RS_COUNT
 *       RS_QUICK RS_DELAY RS_NEXT AT0..AT31 NAME WHY            (one line)
 *   pipe ID RFD WFD                       (after the jobs: a job's output pipe)
 *   end NJOBS
 * The reader takes the lines in exactly this order and refuses the whole
 * state on the first thing out of place (reexec_state_read).  Nothing
 * allocates; host-buildable (unit test, fuzz target).
 */
#ifndef KEEL_REEXEC_STATE_H
#define KEEL_REEXEC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "init/rt/esc.h"
#include "init/reexec.h"
#include "svc/run/job.h"

#define REEXEC_STATE_VERSION 4
#define REEXEC_FD_MAX 65535            /* highest fd number a state may name */
#define REEXEC_PID_MAX 4194304         /* the kernel's PID_MAX_LIMIT */

struct reexec_job {
	uint16_t id;
	uint8_t state;                  /* enum job_state */
	bool want;
	bool held, stop_pending;        /* requires= propagation (svc/run/propagate.h) */
	int32_t pid;
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

struct reexec_state {
	int ctl_fd, client_fd, watchdog_fd, notify_fd;    /* -1: none */
	int log_fd;                            /* the output ring's memfd, -1: none */
	unsigned last_id;
	uint64_t history[REEXEC_MAX];
	int njobs;
	struct reexec_job jobs[SVC_MAX];
	int npipes;
	struct reexec_pipe pipes[SVC_MAX];
};

/* The longest job line (numbers plus both text fields escaped whole). */
#define REEXEC_LINE_MAX (64 + 48 * 21 + (SVC_NAME_MAX + JOB_WHY_MAX) * ESC_BYTE_MAX)
/* The longest state. */
#define REEXEC_STATE_MAX (256 + SVC_MAX * (REEXEC_LINE_MAX + 32))

/* Write s as text into buf (size len): the encoding only (any bytes in
 * the text fields; reexec_state_check() is the caller's).  Returns the
 * length, or -ENOSPC, or -EINVAL for a text longer than any field. */
int reexec_state_write(const struct reexec_state *s, char *buf, size_t len);

/* Read buf[0..n) into *s: the structure (line order, field count, number
 * syntax and ranges, text escapes and lengths) only.  Returns 0, or
 * -EINVAL with *bad_line set to the 1-based line that failed. */
int reexec_state_decode(struct reexec_state *s, const char *buf, size_t n, unsigned *bad_line);

/* The meaning: fds -1 or >= 3 and distinct (pipes too), pipes of known
 * job ids, one each, states known, pids not 1,
 * valid and distinct job names, distinct ids <= last_id, restart ring
 * in range.  Returns 0 or -EINVAL with why filled. */
int reexec_state_check(const struct reexec_state *s, char *why, size_t len);

/* decode, then check: 0 or -EINVAL with why filled. */
int reexec_state_read(struct reexec_state *s, const char *buf, size_t n, char *why, size_t len);

#endif
