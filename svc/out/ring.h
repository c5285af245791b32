/* SPDX-License-Identifier: MIT */
/*
 * The RAM ring of service output: one ring for all jobs, in memory the
 * caller gives (a memfd mapping, so a re-exec keeps it).  A leaf: it
 * knows bytes, job ids and runs, nothing of pipes or jobs.
 *
 * Records follow each other in a byte ring; each is a RING_REC_HDR-byte
 * header (sequence number, monotonic ms, run = the job's restart_count,
 * job id, kind, length) and then its text.  When a record does not fit,
 * the oldest records go first and each one counts as dropped for its job.
 * Sequence numbers start at 1 and only grow: a reader keeps the last one
 * it saw as its cursor.  Nothing allocates.
 */
#ifndef KEEL_RING_H
#define KEEL_RING_H

#include <stddef.h>
#include <stdint.h>

#define RING_MAGIC      0x4b4c4f47u   /* "KLOG" */
#define RING_VERSION    1
#define RING_SIZE_MIN   (4u << 10)
#define RING_SIZE_MAX   (16u << 20)
#define RING_LINE_MAX   512           /* longest text of one record: longer lines are split */
#define RING_REC_HDR    26            /* 8 seq + 8 ms + 4 run + 2 id + 1 kind + 1 pad + 2 len */
#define RING_DROP_SLOTS 64            /* jobs whose drop count is kept (the newest ids win) */

/* What a record holds. */
enum ring_kind {
	RING_OUT = 0,     /* a line of the service's stdout and stderr (one pipe) */
	RING_START = 1,   /* a run began (no text) */
	RING_END = 2,     /* a run ended: text is the exit status, 4 bytes, int32 native */
};

struct ring_drop {
	uint16_t id;
	uint16_t pad;
	uint32_t count;
};

/* The head of the ring's memory; the data follow it. */
struct ring_hdr {
	uint32_t magic, version;
	uint32_t size;                  /* data bytes */
	uint32_t head;                  /* offset of the oldest record */
	uint32_t used;                  /* bytes of records kept */
	uint32_t count;                 /* records kept */
	uint64_t next_seq;              /* sequence number of the next record */
	struct ring_drop drops[RING_DROP_SLOTS];
};

struct ring {
	struct ring_hdr *h;
	uint8_t *data;
};

/* One record as read or written (text apart). */
struct ring_line {
	uint64_t seq;
	uint64_t ms;
	uint32_t run;
	uint16_t id;
	uint8_t kind;
	uint16_t len;
};

/* Bytes of memory a ring of size data bytes takes. */
size_t ring_mem_bytes(uint32_t size);

/* Format mem (memlen bytes, at least ring_mem_bytes(size)) as an empty
 * ring.  0, or -EINVAL for a size out of RING_SIZE_MIN..RING_SIZE_MAX or
 * too little memory. */
int ring_init(struct ring *r, void *mem, size_t memlen, uint32_t size);

/* Take over a ring another image formatted in mem: every field and every
 * record is checked (a walk of the whole ring).  0, or -EINVAL (r is
 * left as it was). */
int ring_attach(struct ring *r, void *mem, size_t memlen);

/* Add a record (l->seq is set; text cut at RING_LINE_MAX).  Returns its
 * sequence number. */
uint64_t ring_put(struct ring *r, struct ring_line *l, const char *text);

/* Walk the records oldest first: start with ring_iter_start, then
 * ring_iter_next until it returns 0.  text gets the record's text (cut
 * to cap bytes; not NUL-terminated; l->len is the stored length). */
struct ring_iter {
	uint32_t off;
	uint32_t left;   /* records not yet read */
};
void ring_iter_start(const struct ring *r, struct ring_iter *it);
int ring_iter_next(const struct ring *r, struct ring_iter *it, struct ring_line *l, char *text, size_t cap);

/* A partial line waiting for its newline (one per job). */
struct ring_part {
	uint16_t id;
	uint16_t len;
	char buf[RING_LINE_MAX];
};

/* Cut buf[0..n) into lines, with p holding what came before and keeping
 * what is left: emit(arg, text, len) for each line without its newline;
 * a line that reaches RING_LINE_MAX bytes is emitted at that point and
 * goes on as the next line (split, never merged with another job's). */
void ring_feed(struct ring_part *p, const char *buf, size_t n,
	       void (*emit)(void *arg, const char *text, size_t len), void *arg);

/* Records of job id dropped to make room (0 if none or not tracked). */
uint32_t ring_dropped(const struct ring *r, unsigned id);

/* The sequence number of the newest record (0: none yet). */
uint64_t ring_last_seq(const struct ring *r);

#endif
