/* SPDX-License-Identifier: MIT */
/*
 * Journal records: the payload schema (docs/journal.md, "Records"), the
 * in-RAM state records rebuild, and how one record changes that state.
 * A payload is one CBOR map with unsigned keys in ascending order; key 0
 * (type) comes first.  Records are absolute: applying one sets fields and
 * never adds to them, so replaying a record twice changes nothing.
 * Encoding is a pure function of the record (and, for SNAPSHOT, the
 * state), and the decoder accepts exactly what the encoder can produce
 * plus keys >= 16 it skips (r->unknown), so decode + encode gives back
 * the same bytes whenever unknown is false.  Job ids are 1..SVC_MAX.
 */
#ifndef KEEL_JREC_H
#define KEEL_JREC_H

#include <stdbool.h>
#include <stdint.h>

#include "init/cbor.h"
#include "init/journal.h"
#include "svc/svc.h"

/* Keys (never renumber, never reuse; docs/journal.md keeps the registry). */
enum {
	JK_TYPE = 0, JK_BOOT = 1, JK_T = 2, JK_RT = 3, JK_JOB = 4, JK_STATE = 5, JK_RC = 6,
	JK_EXIT = 7, JK_TOTAL = 8, JK_NAME = 9, JK_JOBS = 10, JK_BOOTSTATE = 11,
	JK_QUARANTINED = 12, JK_HEALTH = 13, JK_STARTS = 14, JK_ON = 15,
};

enum { JH_TORN, JH_CORRUPT, JH_GAPS, JH_IO, JH_COUNT };   /* health[] */

struct jjob {
	char name[SVC_NAME_MAX];    /* "" = id unused */
	uint8_t state;              /* enum job_state */
	bool quar;
	uint32_t rc;                /* restart_count */
	uint32_t boot, t;           /* boot and time of the last change */
	int32_t exit;               /* JOURNAL_EXIT_NONE if none */
};

/* Everything a snapshot holds. */
struct jstate {
	struct jjob job[SVC_MAX];   /* job id = index + 1 */
	uint32_t boot;              /* newest boot number seen */
	uint32_t streak;            /* unhealthy boots in a row before boot */
	uint32_t last_healthy;      /* newest boot with HEALTHY */
	uint32_t last_clean;        /* newest boot with SHUTDOWN */
	uint8_t last_start;         /* job id of the last START in boot, 0 none */
	uint8_t prev_start;         /* last START of boot-1 if that boot was unhealthy */
	uint32_t health[JH_COUNT];  /* lifetime journal counters */
};

/* One decoded record (SNAPSHOT contents go to a struct jstate). */
struct jrec {
	uint8_t type;               /* JREC_* */
	uint32_t boot, t;
	uint8_t job;                /* JOB START BIND QUAR */
	uint8_t state;              /* JOB */
	uint32_t rc;                /* JOB */
	int32_t exit;               /* JOB; JOURNAL_EXIT_NONE: key absent */
	bool on;                    /* QUAR */
	char name[SVC_NAME_MAX];    /* BIND */
	uint32_t bs[3];             /* BOOT: streak, last_healthy, last_clean */
	uint8_t starts[2];          /* BOOT: last_start, prev_start */
	bool unknown;               /* decode skipped keys >= 16 */
};

/* Payload of r (for SNAPSHOT: of s, with r->t) into buf[0..cap).
 * Returns the length, or -ENOSPC. */
int jrec_encode(const struct jrec *r, const struct jstate *s, uint8_t *buf, uint32_t cap);

/* Decode and validate one payload.  A SNAPSHOT is decoded into *snap
 * (cleared first; garbage if this fails).  Returns 0 or -EBADMSG. */
int jrec_decode(const uint8_t *buf, uint32_t len, struct jrec *r, struct jstate *snap);

/* Empty state: no jobs, boot 0, every exit JOURNAL_EXIT_NONE. */
void jstate_init(struct jstate *s);
/* Apply one non-SNAPSHOT record. */
void jstate_apply(struct jstate *s, const struct jrec *r);
/* Id of name, 0 if it has none. */
int jstate_find(const struct jstate *s, const char *name);
/* An id for a new name: a free one, else the least recently changed job
 * that is neither quarantined nor a recorded last START; 0 if none. */
int jstate_pick(const struct jstate *s);

#endif
