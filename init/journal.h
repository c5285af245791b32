/* SPDX-License-Identifier: MIT */
/*
 * The persistent job journal: what PID 1 calls.  Records are absolute
 * (idempotent), CBOR in CRC-32C frames, in erase-block segments on a file,
 * block device or MTD device (docs/journal.md).  Every call is safe to make
 * with no journal open (then it only updates the in-RAM state), and no
 * call ever fails the boot: a broken, missing or foreign journal gives empty
 * history and a fresh journal.  No malloc after journal_open().
 */
#ifndef KEEL_JOURNAL_H
#define KEEL_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "svc/svc.h"

#define JOURNAL_EXIT_NONE INT32_MIN   /* "no exit status yet" */

/* What recovery found and what the boot-loop logic needs. */
struct journal_info {
	bool open;                  /* a backing store is in use */
	bool fresh;                 /* nothing usable was found: new journal */
	uint32_t boot;              /* this boot's number (1 on a fresh journal) */
	uint32_t unhealthy_streak;  /* boots in a row before this one that never wrote HEALTHY or SHUTDOWN */
	uint32_t last_healthy_boot;
	char prev_last_start[SVC_NAME_MAX];   /* last START of the previous boot if it was unhealthy, else "" */
	char prev2_last_start[SVC_NAME_MAX];  /* same for the boot before that */
	char quarantined[SVC_MAX][SVC_NAME_MAX];
	int nquarantined;
	uint32_t torn_tails, crc_errors, resyncs, io_errors;
	uint32_t records;           /* valid records replayed */
	int err;                    /* why the journal is not open (-errno), 0 if it is */
	uint32_t seg_size, segments;   /* layout in use */
};

/* One record as read back, for history output. */
struct journal_rec {
	uint32_t seq;
	uint8_t type;               /* JREC_* below */
	uint32_t boot;
	uint32_t t;                 /* seconds since boot */
	char name[SVC_NAME_MAX];    /* job name, "" for boot-level records */
	uint8_t state;              /* enum job_state */
	uint32_t restart_count;
	int32_t exit;               /* >=0 exit code, <0 -signal, JOURNAL_EXIT_NONE */
};

enum { JREC_BOOT = 1, JREC_HEALTHY = 2, JREC_JOB = 3, JREC_START = 4, JREC_BIND = 5,
       JREC_QUAR = 6, JREC_SHUTDOWN = 7, JREC_SNAPSHOT = 15 };

/* Open path (regular file: created and preallocated to size with 0xFF;
 * block device; MTD char device), recover, and write the BOOT record.
 * Returns 0, or -errno (the journal then runs RAM-only; info says why). */
int journal_open(const char *path, uint32_t size);

/* Re-exec: open and recover like journal_open(), but this is the same
 * boot: no BOOT record is written and the boot number stays. */
int journal_resume(const char *path, uint32_t size);

const struct journal_info *journal_get_info(void);

/* A job changed state.  Written before the next fork of that job. */
void journal_job(const char *name, uint8_t state, uint32_t restart_count, int32_t exit);
/* Suspect boots: the job is about to be started. */
void journal_start(const char *name);
void journal_healthy(void);
void journal_shutdown(void);
void journal_quarantine(const char *name, bool on);

/* The journal's view of job name (state, restart_count, exit, boot and t
 * of its last change, as recovered or since): 0, or -ENOENT if unknown. */
int journal_job_last(const char *name, struct journal_rec *out);

/* Call cb for the last n records, oldest first.  Returns the count. */
int journal_history(int n, void (*cb)(void *u, const struct journal_rec *r), void *u);

/* Flush and close (shutdown, reexec hand-over closes nothing). */
void journal_close(void);

#endif
