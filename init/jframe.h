/* SPDX-License-Identifier: MIT */
/*
 * The journal's on-flash containers (docs/journal.md): the segment header
 * (32 bytes, written twice at the start of a segment) and the record frame
 * (magic, version, length, seq, CBOR payload, CRC-32C), plus a reader that
 * walks one segment frame by frame through a small read window and tells
 * a clean end (erased space) from a torn tail (garbage with no valid frame
 * after it) and from mid-log corruption (garbage followed by valid frames,
 * which it skips).  Frames start at multiples of the program unit P.
 * Nothing here writes to the store.
 */
#ifndef KEEL_JFRAME_H
#define KEEL_JFRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "init/store.h"

#define JF_MAGIC        0x4a
#define JF_VERSION      1
#define JF_HDR          8           /* magic, version, length (LE16), seq (LE32) */
#define JF_OVERHEAD     12          /* header + CRC-32C */
#define JF_MAX          4096        /* largest frame, header and CRC included */
#define JF_PAYLOAD_MAX  (JF_MAX - JF_OVERHEAD)

#define JSEG_MAGIC      "CJN1"
#define JSEG_VERSION    1
#define JSEG_HDR        32          /* one header copy */
#define JSEG_AREA       64          /* two copies; frames start at align_up(64, P) */
#define JSEG_MIN_LOG2   13          /* segments are >= 8 KiB */
#define JSEG_MAX_LOG2   24
#define JSEG_COUNT_MAX  64          /* segments a reader accepts */
#define JSEG_FLAG_RECOVERY 1u       /* opened because the previous one ended badly */

struct jseg {
	uint8_t log2g, log2p, flags;
	uint64_t id;                /* journal id: random at format */
	uint32_t seq;               /* +1 per segment opened (serial arithmetic) */
	uint32_t ec;                /* erase count of this segment */
};

/* Both header copies into out[JSEG_AREA]. */
void jseg_pack(uint8_t *out, const struct jseg *h);
/* Parse out of in[JSEG_AREA]: 0 both copies good, 1 only one copy good,
 * -1 none (erased, interrupted erase, torn or foreign). */
int jseg_unpack(const uint8_t *in, struct jseg *h);

/* Header and CRC around a payload already at frame + JF_HDR.
 * Returns the frame length (payload_len + JF_OVERHEAD). */
uint32_t jframe_seal(uint8_t *frame, uint32_t seq, uint32_t payload_len);

static inline uint32_t jalign(uint32_t v, uint32_t p)
{
	return (v + p - 1) & ~(p - 1);
}

/* Little-endian helpers. */
static inline uint32_t jle32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void jput32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

/* "a is newer than b" for u32 sequence numbers (serial arithmetic). */
static inline bool jnewer(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/* A read cache over a store: buf[cap], cap >= JF_MAX. */
struct jwin {
	struct store *st;
	uint8_t *buf;
	uint32_t cap, off, len;
	int err;                    /* last read error, 0 if none */
};

void jwin_init(struct jwin *w, struct store *st, uint8_t *buf, uint32_t cap);
/* Forget cached bytes (after any write to the store). */
void jwin_drop(struct jwin *w);
/* n bytes at off, never reading at or past end (the caller guarantees
 * off + n <= end and n <= cap).  NULL on a read error (w->err). */
const uint8_t *jwin_get(struct jwin *w, uint32_t off, uint32_t n, uint32_t end);
/* 1 if [off, end) is all 0xFF, 0 if not, -errno on a read error. */
int jwin_erased(struct jwin *w, uint32_t off, uint32_t end);

/* One segment's frames, in order. */
struct jscan {
	struct jwin *w;
	uint32_t end;               /* absolute end of the segment */
	uint32_t p;                 /* program unit */
	uint32_t off;               /* next candidate offset (absolute, P-aligned) */
	uint32_t last;              /* seq of the last frame accepted */
	bool have_last;             /* frames must be newer than last */
	uint32_t torn;              /* 1 if the segment ended in a torn tail */
	uint32_t corrupt;           /* bad regions with valid frames after them */
	uint32_t gaps;              /* accepted frames whose seq was not last + 1 */
	uint32_t bad_at;            /* start of the last bad region (absolute) */
	bool clean;                 /* ended in erased space: off is where to append */
};

/* Scan [start, end) of one segment (start P-aligned).  last/have_last:
 * accept only frames newer than last (continuing from an older segment). */
void jscan_init(struct jscan *sc, struct jwin *w, uint32_t start, uint32_t end, uint32_t p,
		uint32_t last, bool have_last);
/* The next valid frame: returns 1 with *payload (valid until the next
 * window read), *len, *seq and *at (its offset) set; 0 at the end of the
 * log in this segment; -errno on a read error. */
int jscan_next(struct jscan *sc, const uint8_t **payload, uint32_t *len, uint32_t *seq,
	       uint32_t *at);

#endif
