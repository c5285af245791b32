/* SPDX-License-Identifier: MIT */
/*
 * The journal engine on an explicit context, so tests can run a workload
 * and a recovery side by side and the host tool can read an image.
 * init/journal.c wraps one static instance for PID 1.  A context owns no
 * memory outside itself: the state (O(SVC_MAX)), the info, and one
 * JF_MAX buffer that is both the frame being written and the read window.
 * Invariants: the first frame of every segment is a SNAPSHOT; a frame is
 * only ever written into erased space right after the last valid frame of
 * the active segment; the segment holding the newest complete snapshot is
 * never erased; seq grows by one per frame and seg seq by one per segment.
 */
#ifndef KEEL_JCORE_H
#define KEEL_JCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "init/jframe.h"
#include "init/journal.h"
#include "init/jrec.h"
#include "init/store.h"

#define JCORE_SEGS_MAX 16   /* segments the engine lays out (readers accept more) */

struct jcore {
	struct store *st;
	struct jstate s;            /* the recovered and current state */
	struct jstate hs;           /* names while walking history */
	struct journal_info info;
	struct jwin win;
	uint32_t g, n, p, data0;    /* segment size, count, program unit, first frame offset */
	uint8_t log2g, log2p;
	uint64_t id;                /* journal id */
	uint32_t cur, off;          /* active segment, next frame offset in it */
	uint32_t seg_seq, max_ec;   /* newest segment seq and highest erase count seen */
	uint32_t seq;               /* seq of the next frame */
	int32_t reopen;             /* recovery: segment to open before appending, -1 none */
	bool writable;
	uint8_t buf[JF_MAX];
};

/* Recover from st (opened by the caller; NULL: RAM only), start boot
 * number max+1 and write its BOOT record; with resume (re-exec) keep the
 * recovered boot and write nothing unless a segment must be opened.
 * new_id names the journal if one has to be formatted; t is
 * CLOCK_BOOTTIME seconds.  Never fails the caller: on -errno the context
 * still holds a usable in-RAM state (info says why). */
int jcore_open(struct jcore *c, struct store *st, uint64_t new_id, uint32_t t, bool resume);

/* Recovery only (read-only: nothing is written).  0 or -errno. */
int jcore_recover(struct jcore *c, struct store *st);

/* The records PID 1 writes (see init/journal.h).  Each updates the state
 * first, then appends; it returns 0 when the record is durable, -EROFS
 * when running RAM-only, -errno when the write failed. */
int jcore_job(struct jcore *c, const char *name, uint8_t state, uint32_t rc, int32_t exit,
	      uint32_t t);
int jcore_start(struct jcore *c, const char *name, uint32_t t);
int jcore_mark(struct jcore *c, uint8_t type, uint32_t t);   /* HEALTHY or SHUTDOWN */
int jcore_quar(struct jcore *c, const char *name, bool on, uint32_t t);

/* Append one record that is already applied to c->s (used by the above,
 * and by recovery for the BOOT record). */
int jcore_append(struct jcore *c, const struct jrec *r);
/* Erase segment x, write its header and a SNAPSHOT of c->s; it becomes
 * the active segment.  0 or -errno (x is then junk, nothing else moved). */
int jcore_open_seg(struct jcore *c, uint32_t x, uint8_t flags, uint32_t t);
/* Lay out segments for st's geometry (g, n, p, data0).  0 or -EINVAL. */
int jcore_geometry(struct jcore *c, struct store *st);
/* Fill journal_info's derived fields from c->s (boot-loop view). */
void jcore_fill_info(struct jcore *c);

/* What a walk over the whole journal reports, oldest first. */
enum { JW_FRAME, JW_TORN, JW_CORRUPT, JW_GAP, JW_BADHDR, JW_SEGMENT };
struct jwalk_item {
	int kind;                   /* JW_* */
	uint32_t seg, off;          /* where (segment index, offset in it) */
	uint32_t seq;               /* JW_FRAME; JW_SEGMENT: the segment's seq */
	const uint8_t *payload;     /* JW_FRAME: CBOR payload (valid during cb) */
	uint32_t len;
	int err;                    /* JW_FRAME: 0, or -EBADMSG if the payload failed the schema */
	const struct jrec *rec;     /* JW_FRAME, err == 0 */
	const struct jstate *names; /* id -> name as of this record (SNAPSHOT: its contents) */
};

/* Walk every segment of the journal in seg-seq order.  Returns the number
 * of frames, or -errno.  Geometry must be set (jcore_recover, or
 * jcore_probe for an image whose geometry is not known). */
int jcore_walk(struct jcore *c, void (*cb)(void *u, const struct jwalk_item *it), void *u);
/* Find the geometry and journal id of an image from its segment headers:
 * the newest valid header names them.  0, or -ENOENT if there is none. */
int jcore_probe(struct jcore *c, struct store *st);

/* journal_history on a context (see init/journal.h). */
int jcore_history(struct jcore *c, int n, void (*cb)(void *u, const struct journal_rec *r),
		  void *u);

#endif
