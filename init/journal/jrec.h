/* SPDX-License-Identifier: MIT */
/*
 * Journal records: the payload schema (docs/journal.md, "Records"), the
 * in-RAM state records rebuild, and how one record changes that state.
 * A payload is one CBOR array: the values of its type's keys in key
 * order, the type first.  Every value is an unsigned integer except exit
 * (an int; JOURNAL_EXIT_NONE when there is none) and name (a text
 * string).  A SNAPSHOT's array goes on with one row per bound job: the
 * values of keys JK_JOB..JK_NAME, ids ascending.  One table says which
 * keys each type carries, exactly, so the decoder accepts exactly what
 * the encoder writes and decode + encode gives back the same bytes.  A
 * record lives in an array indexed by key and is a list of assignments:
 * each key of the state (JK_BOOTVIEW) it carries is set in the state,
 * each key of a job (JK_JOBKEYS) in the job it names (HEALTHY carries
 * healthy = boot, START lstart = job, and so on), so encoding, decoding,
 * replay and "does this change anything" are loops over a key mask.
 * Records are absolute: replaying one twice changes nothing.  Every
 * record carries its time as t (seconds since boot) and ms (the
 * milliseconds past t); ms only dates the event, so the state (and a
 * snapshot row) keeps t alone.  Job ids are 1..SVC_MAX.
 */
#ifndef KEEL_JREC_H
#define KEEL_JREC_H

#include <stdbool.h>
#include <stdint.h>

#include "init/journal/cbor.h"
#include "init/journal/jframe.h"
#include "init/journal/journal.h"
#include "svc/conf/svc.h"

/* Keys (never renumbered, never reused; docs/journal.md keeps the registry).
 * A job's own keys come first, so a job row is v[0..JK_NAME). */
enum {
	JK_TYPE, JK_JOB, JK_BOOT, JK_T, JK_STATE, JK_RC, JK_EXIT, JK_ON, JK_NAME,
	JK_STREAK, JK_HEALTHY, JK_CLEAN, JK_LSTART, JK_PSTART,
	JK_LAYOUT,                  /* jlayout_pack() (init/journal/jlayout.h) */
	JK_MS,                      /* milliseconds past t (0..999): an event's time, never kept in the state */
	JK_ENABLE,                  /* a job's initctl enable/disable: 0 none, JOURNAL_ENABLED, JOURNAL_DISABLED */
	JK_N
};

#define JK(k)      (1u << (k))
/* The boot-loop view BOOT and SNAPSHOT carry: keys of the state itself. */
#define JK_BOOTVIEW (JK(JK_STREAK) | JK(JK_HEALTHY) | JK(JK_CLEAN) | JK(JK_LSTART) | JK(JK_PSTART))
/* Keys of a job (in a record with a job key): its last change. */
#define JK_JOBKEYS  (JK(JK_BOOT) | JK(JK_T) | JK(JK_STATE) | JK(JK_RC) | JK(JK_EXIT) | JK(JK_ON) | JK(JK_ENABLE))

/* A job as the state holds it: v[] by key (v[JK_JOB] its id; boot and t
 * of its last change, state, rc, exit, on, enable), and its name. */
struct jjob {
	uint32_t v[JK_N];           /* the job's keys only (JK_JOB..JK_ON, JK_ENABLE) */
	char name[SVC_NAME_MAX];    /* "" = id unused */
};

/* Everything a snapshot holds. */
struct jstate {
	uint32_t v[JK_N];           /* JK_BOOT (newest boot seen), JK_BOOTVIEW */
	struct jjob job[SVC_MAX];   /* job id = index + 1 */
};

/* One record; v[JK_TYPE] is its type, v[JK_EXIT] an int32 (JOURNAL_EXIT_NONE:
 * none).  A SNAPSHOT's rows go to a struct jstate. */
struct jrec {
	uint32_t v[JK_N];
	char name[SVC_NAME_MAX];
};

/* Payload of r (a SNAPSHOT's rows from s) into buf[0..cap).  Returns the
 * length, or -ENOSPC. */
int jrec_encode(const struct jrec *r, const struct jstate *s, uint8_t *buf, uint32_t cap);

/* Decode and validate one payload of a frame of version (JF_VERSION;
 * JF_VERSION_3: no ENABLE record, no enable in a job row, decoded as 0;
 * JF_VERSION_2: that and records without ms, decoded with ms 0).  A SNAPSHOT needs
 * snap (else it is refused) and replaces *snap whole (garbage if decoding
 * fails after the rows began).  Returns 0 or -EBADMSG. */
int jrec_decode(const uint8_t *buf, uint32_t len, unsigned version, struct jrec *r, struct jstate *snap);

/* Empty state: no jobs, boot 0. */
void jstate_init(struct jstate *s);
/* Apply one record (a SNAPSHOT: its scalars; its rows are already in s).
 * With dry, change nothing: return whether applying it would change
 * anything but the time of a job's last change. */
bool jstate_apply(struct jstate *s, const struct jrec *r, bool dry);
/* Id of name, 0 if it has none. */
int jstate_find(const struct jstate *s, const char *name);
/* Whether a job id belongs to a job that exists now (PID 1's table). */
typedef bool jid_busy_fn(unsigned id);

/* An id for a new name (docs/journal.md, "Job ids"), never one busy()
 * says a job has (busy may be NULL): a free one (the lowest), else the
 * least recently changed row (boot, then t; the lowest id of equals)
 * that is neither quarantined, enabled or disabled by initctl nor a
 * recorded last START; 0 if none. */
int jstate_pick(const struct jstate *s, jid_busy_fn *busy);

#endif
