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
#include "svc/conf/svc.h"

#define JOURNAL_EXIT_NONE INT32_MIN   /* "no exit status yet" */
/* The highest job state a record carries (svc/run/jobstate.h: 0 stopped
 * .. 9 skipped; init/system.c checks they agree). */
#define JOURNAL_STATE_MAX 9
/* journal_size bounds: at least two segments of 8 KiB, at most 16 of
 * 16 MiB (the largest layout the format and tools/journal-dump read);
 * every store is used up to JOURNAL_SIZE_MAX at most. */
#define JOURNAL_SIZE_MIN (16u << 10)
#define JOURNAL_SIZE_MAX (256u << 20)

/* What recovery found and what the boot-loop logic needs. */
struct journal_info {
	bool open;                  /* a backing store is in use */
	bool fresh;                 /* nothing usable was found: new journal */
	uint32_t boot;              /* this boot's number (1 on a fresh journal) */
	uint32_t unhealthy_streak;  /* boots in a row before this one that never wrote HEALTHY or SHUTDOWN */
	uint32_t last_healthy_boot;
	/* The damage on the store at boot (docs/journal.md, "Damage"), as
	 * journal-dump counts it, and I/O errors since: */
	uint32_t torn_tails, crc_errors, refused, stale, seq_gaps, io_errors;
	uint32_t records;           /* frames taken by a walk of the whole store */
	uint32_t max_seq;           /* the highest seq of any valid frame on the store (the floor) */
	int err;                    /* why the journal is not open (-errno), 0 if it is */
	int nquarantined;
	/* Names (never NULL, "" for none), valid until the next journal call: */
	const char *prev_last_start;    /* last START of the previous boot if it was unhealthy */
	const char *prev2_last_start;   /* same for the boot before that */
	const char *const *quarantined;  /* [nquarantined] */
};

/* One record as read back, for history output.  The first eight fields
 * are the record's values in the order of its keys (init/journal/jrec.h). */
struct journal_rec {
	uint32_t type;              /* JREC_* below */
	uint32_t job;               /* job id in the journal, 0 for boot-level records */
	uint32_t boot;
	uint32_t t;                 /* seconds since boot */
	uint32_t state;             /* JOB: enum job_state */
	uint32_t restart_count;     /* JOB */
	int32_t exit;               /* JOB, HOOK: >=0 exit code, <0 -signal, JOURNAL_EXIT_NONE */
	uint32_t on;                /* QUAR: 1 quarantine set, 0 lifted */
	uint32_t seq;
	char name[SVC_NAME_MAX];    /* job name, "" for boot-level records */
	uint32_t enable;            /* ENABLE: JOURNAL_ENABLED or JOURNAL_DISABLED (journal_job_last: 0 none) */
};

enum { JREC_BOOT = 1, JREC_HEALTHY = 2, JREC_JOB = 3, JREC_START = 4, JREC_BIND = 5,
       JREC_QUAR = 6, JREC_SHUTDOWN = 7, JREC_ENABLE = 8, JREC_HOOK = 9, JREC_SNAPSHOT = 15 };
/* HOOK: which of a service's hooks ran (the record's state key). */
enum { JOURNAL_HOOK_PRE = 1, JOURNAL_HOOK_POST = 2 };
/* initctl enable/disable as recorded (0: never, the service file decides). */
enum { JOURNAL_ENABLED = 1, JOURNAL_DISABLED = 2 };

/* Recovery and history walks need a second state (struct jstate,
 * init/journal/jrec.h: the names as of each record, a snapshot being
 * probed).  The journal keeps none: the caller lends one as work for the
 * one call (PID 1 lends its scratch area, init/scratch.h), and it holds
 * nothing of value after the call.  A NULL work is refused with -EINVAL. */
struct jstate;

/* Open path (regular file: created and preallocated to size with 0xFF;
 * block device; MTD char device), recover, and write the BOOT record.
 * Returns 0, or -errno (the journal then runs RAM-only; info says why;
 * with no work the store is not opened: -EINVAL). */
int journal_open(const char *path, uint32_t size, struct jstate *work);

/* Re-exec: open and recover like journal_open(), but this is the same
 * boot: no BOOT record is written and the boot number stays. */
int journal_resume(const char *path, uint32_t size, struct jstate *work);

const struct journal_info *journal_get_info(void);

/* Record one event; every call is one of the macros below.  a is the
 * state (JOB), on (QUAR) or enable (ENABLE); rc and exit belong to JOB.
 * 0 when durable (or nothing to write), -EROFS RAM-only, -errno. */
int journal_record(uint32_t type, const char *name, uint8_t a, uint32_t rc, int32_t exit);
/* A job changed state.  Written before the next fork of that job. */
#define journal_job(name, state, restart_count, exit) \
	journal_record(JREC_JOB, name, state, restart_count, exit)
/* Suspect boots: the job is about to be started. */
#define journal_start(name) journal_record(JREC_START, name, 0, 0, 0)
#define journal_healthy() journal_record(JREC_HEALTHY, NULL, 0, 0, 0)
#define journal_shutdown() journal_record(JREC_SHUTDOWN, NULL, 0, 0, 0)
#define journal_quarantine(name, on) journal_record(JREC_QUAR, name, on, 0, 0)
/* initctl enable (JOURNAL_ENABLED) or disable (JOURNAL_DISABLED). */
#define journal_enable(name, enable) journal_record(JREC_ENABLE, name, enable, 0, 0)
/* A service's exec_start_pre or exec_stop_post (JOURNAL_HOOK_*) ended
 * with exit (as JOB's).  Changes nothing in the job's recovered state. */
#define journal_hook(name, which, exit) journal_record(JREC_HOOK, name, which, 0, exit)

/* The job id of name (1..SVC_MAX): its binding in the journal, made now
 * (a BIND record) if it has none, never an id busy() says a job has
 * (journal_set_busy).  This is the id PID 1 gives the job, so `initctl
 * status` and the history agree (docs/journal.md, "Job ids").  The id,
 * or -EINVAL (a name the journal cannot hold), -ENOSPC (no id left). */
int journal_bind(const char *name);
/* busy(id): a job has id now.  Kept across journal_open/resume. */
void journal_set_busy(bool (*busy)(unsigned id));

/* The journal's view of job name (state, restart_count, exit, on, enable,
 * boot and t of its last change, as recovered or since): 0, or -ENOENT
 * if unknown. */
int journal_job_last(const char *name, struct journal_rec *out);

/* Call cb for the last n records, oldest first, walking the store with
 * work (lent for the call, above).  Returns the count, or -errno (-EINVAL:
 * no work; nothing is called then). */
int journal_history(int n, void (*cb)(void *u, const struct journal_rec *r), void *u, struct jstate *work);

/* The damage counts as one line of text (docs/journal.md, "Damage"; the
 * words journal-dump's summary uses) into buf[size]; whether any is
 * nonzero. */
bool journal_damage_text(const struct journal_info *ji, char *buf, unsigned size);

/* Flush and close (shutdown, reexec hand-over closes nothing). */
void journal_close(void);

#endif
