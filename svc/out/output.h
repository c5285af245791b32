/* SPDX-License-Identifier: MIT */
/*
 * Service output: where a job's stdout and stderr go (svc_conf.log_mode).
 * For ring, file and kmsg, PID 1 owns one pipe per job, made when the job
 * first starts and kept across its restarts (and handed over on re-exec),
 * so the service never writes into a closed pipe and no line is lost
 * between two runs.  Both streams share that pipe: lines are recorded as
 * stream "out".  The read end is non-blocking and watched by the loop;
 * each pass reads at most OUT_BUDGET bytes of one job, so a flooding
 * service is slowed by its own full pipe and nothing else.  Lines longer
 * than RING_LINE_MAX are split; a partial line waits per job (in the
 * shared memory, so a re-exec keeps it) for its newline.
 *
 * The ring (svc/out/ring.h) and the per-job partial lines live in one
 * memfd mapped MAP_SHARED at boot: nothing is allocated afterwards.
 */
#ifndef KEEL_OUTPUT_H
#define KEEL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "svc/conf/svc.h"
#include "svc/out/ring.h"

#define OUT_BUDGET      16384        /* bytes read from one job's pipe per loop pass */
#define OUT_RING_DEFAULT (64u << 10) /* log_ring */
#define OUT_SIZE_DEFAULT (64u << 10) /* log_size */
#define OUT_SIZE_MIN    (4u << 10)
#define OUT_KEEP_DEFAULT 3           /* log_keep */
#define OUT_ID_OWN      0xfff0u      /* ids from here on are PID 1's own children
				      * (init/health/boothook.h), never a job's */

/* At boot: the ring of ring_bytes (RING_SIZE_MIN..RING_SIZE_MAX) in a new
 * memfd, and the file limits.  0 or -errno (then ring output is lost,
 * everything else works). */
int out_setup(uint32_t ring_bytes, uint32_t file_size, uint32_t keep);

/* Right before job id spawns run `run` of c (run = its restart_count):
 * drain what the last run left in the pipe, make the pipe if there is
 * none, record the start, rotate and open the log file.  Never fails:
 * problems are logged, and the run's output goes to the console. */
void out_run_start(uint16_t id, const struct svc_conf *c, uint32_t run);

/* Job id's run ended with exit (>= 0 code, < 0 -signal, INT32_MIN: it
 * never started, the spawn failed): drain the pipe, flush a partial
 * line, record the end. */
void out_run_end(uint16_t id, int32_t exit);

/* Job id is gone for good: drain, close its pipe. */
void out_job_gone(uint16_t id);

/* In the spawn child of service name: its fds 1 and 2 (console: left as
 * they are).  0 or -errno. */
int out_child_stdio(const char *name);

/* The ring for readers (initctl log); NULL when there is none. */
const struct ring *out_ring(void);

/* Re-exec hand-over: the ring's memfd and every job's pipe. */
struct out_pipe {
	uint16_t id;
	int rfd, wfd;
};
/* The fds to hand over: *ring_fd (-1: none) and up to max pipes; the
 * number of pipes. */
int out_handover(int *ring_fd, struct out_pipe *pipes, int max);
/* Keep those fds open across execve (keep) or close them on exec again. */
void out_inherit(bool keep);
/* In the new image, after out_setup(): take the old ring over (checked:
 * a memfd of the right size, a ring that walks).  0 or -EINVAL. */
int out_adopt_ring(int fd);
/* ... and job id's pipe (checked: both ends of one pipe).  0 or -EINVAL. */
int out_adopt_pipe(uint16_t id, const struct svc_conf *c, uint32_t run, int rfd, int wfd);

#endif
