/* SPDX-License-Identifier: MIT */
/*
 * The journal engine on an explicit context, so tests can run a workload
 * and a recovery side by side and the host tool can read an image.
 * init/journal/journal.c wraps one static instance for PID 1.  A context
 * holds the state (O(SVC_MAX)), the info, and one JF_MAX buffer that is
 * both the frame being written and the read window.  Recovery and walks
 * need a second state; its owner lends it (c->work) only for those calls,
 * so PID 1 keeps it in its scratch area and not in BSS of its own.
 * Layout (docs/journal.md, init/journal/jlayout.h): a ring of segments; the first
 * frame of every segment is a SNAPSHOT of the whole state (which also
 * records the layout); a frame is only ever written into erased space
 * right after the last frame of the active segment; segments are opened
 * in ring order; seq grows by one per frame over the whole journal and
 * never goes back, so the newest valid snapshot is the newest segment.
 * After recovery, a segment that cannot take more frames (damaged, or
 * none usable) is left as if full: the first append opens the next.
 */
#ifndef KEEL_JCORE_H
#define KEEL_JCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "init/journal/jframe.h"
#include "init/journal/jlayout.h"
#include "init/journal/journal.h"
#include "init/journal/jrec.h"
#include "init/journal/store.h"

struct jcore {               /* small fields first: short offsets on x86-64 */
	struct store *st;
	struct jlayout layout;
	uint32_t layout_value;      /* jlayout_pack(&layout), as every SNAPSHOT carries it */
	uint32_t cur, off;          /* active segment, next frame offset in it */
	uint32_t seq;               /* seq of the next frame */
	uint32_t prev2_start;       /* job id of the last START two boots back (the view) */
	jid_busy_fn *busy;          /* ids a job has now (never given to a new name), or NULL */
	bool writable;
	struct journal_info info;
	struct jstate state;        /* the recovered and current state */
	struct jwin win;
	struct jstate *work;        /* lent by the owner: names while walking, snapshots while probing */
	const char *quarantined[SVC_MAX];   /* info.quarantined */
	uint8_t buf[JF_MAX];
};

/* c->work: the second state recovery (with a store) and walks use, set
 * by the owner before those calls (jcore_recover keeps it through its
 * reset).  While it is NULL they refuse with -EINVAL: recovery leaves an
 * empty RAM-only state, as for a store it cannot read.  Nothing else
 * touches it, and nothing is kept in it from one call to the next. */

/* Recover from st (opened for writing by the caller; NULL: RAM only),
 * start boot number max+1 and write its BOOT record; with resume (re-exec) keep the
 * recovered boot and write nothing unless a segment must be opened.  t is
 * CLOCK_BOOTTIME seconds, ms the milliseconds past t (0..999), here and
 * below.  Never fails the caller: on -errno the context
 * still holds a usable in-RAM state (info says why). */
int jcore_open(struct jcore *c, struct store *st, uint32_t t, uint32_t ms, bool resume);

/* c->info with its boot-loop view filled in from c->state. */
const struct journal_info *jcore_info(struct jcore *c);

/* Recovery only (read-only: nothing is written; NULL: an empty state and
 * -ENODEV; no c->work: the same and -EINVAL).  0 or -errno. */
int jcore_recover(struct jcore *c, struct store *st);

/* Record a record of type (a JREC_* other than BIND and SNAPSHOT): for a job record (JOB START QUAR ENABLE)
 * name is bound to an id first (a BIND record when it has none); a is the state
 * (JOB), on (QUAR, any nonzero a is 1) or enable (ENABLE), rc and exit go to JOB; boot, t and ms are filled in.
 * The state changes first, then the frame is appended; a record that
 * changes nothing but times is not written.  0 when durable (or nothing
 * to write), -EROFS when running RAM-only, -EINVAL for a bad name,
 * -ENOSPC when no id is free, -errno when the write failed. */
int jcore_put(struct jcore *c, uint32_t type, const char *name, uint8_t a, uint32_t rc, int32_t exit,
	      uint32_t t, uint32_t ms);

/* The job id of name, bound now (a BIND record) if it has none: never an
 * id c->busy() says a job has.  The id, -EINVAL for a bad name, -ENOSPC
 * when no id can be given. */
int jcore_bind(struct jcore *c, const char *name, uint32_t t, uint32_t ms);

/* Append one record that is already applied to c->state. */
int jcore_append(struct jcore *c, const struct jrec *r);
/* Erase segment seg and write a SNAPSHOT of c->state there; it becomes the
 * active segment.  0 or -errno (seg is then junk, nothing else moved). */
int jcore_open_seg(struct jcore *c, uint32_t seg, uint32_t t, uint32_t ms);

/* What a walk did with a valid frame (docs/journal.md, "Reading a journal"). */
enum jw_status {
	JW_TAKEN,                   /* newer than the last one taken, decoded and applied */
	JW_STALE,                   /* not newer than the last frame taken: skipped */
	JW_REFUSED,                 /* newer, but its payload does not decode: skipped */
};

/* One valid frame of a walk over the whole journal, oldest first. */
struct jwalk_item {
	uint32_t seg, off;          /* where (segment index, offset in it) */
	uint32_t seq;
	const uint8_t *payload;     /* CBOR payload (valid during cb) */
	uint32_t len;
	const struct jrec *rec;     /* decoded (JW_TAKEN), else NULL */
	enum jw_status status;
	const struct jstate *names; /* id -> name as of this record (SNAPSHOT: its contents) */
};
typedef void jwalk_fn(void *u, const struct jwalk_item *it);

/* Walk every segment from the one after the active one (the oldest) in
 * ring order, every valid frame (taken, stale or refused) to cb (may be
 * NULL).  The counts go to *ji if not NULL (records, torn_tails,
 * crc_errors, refused, stale, seq_gaps: added to).  Returns the number of
 * frames taken, or -errno (-EINVAL: no c->work).  The layout must be set
 * (jcore_recover). */
int jcore_walk(struct jcore *c, jwalk_fn *cb, void *u, struct journal_info *ji);

/* journal_history on a context (see init/journal/journal.h). */
int jcore_history(struct jcore *c, int n, void (*cb)(void *u, const struct journal_rec *r),
		  void *u);

#endif
