/* SPDX-License-Identifier: MIT */
/*
 * The journal's on-flash container (docs/journal.md): the record frame
 * (magic, version, length, seq, CBOR payload, CRC-32C, 0xFF padding to
 * the program unit P), a read window over a store, and the check that a
 * valid frame starts at an offset.  Frames start at multiples of P.
 * Nothing here writes.
 */
#ifndef KEEL_JFRAME_H
#define KEEL_JFRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "init/journal/store.h"

#define JF_MAGIC        0x4a
#define JF_VERSION      5
#define JF_VERSION_4    4           /* read, never written: no HOOK record */
#define JF_VERSION_3    3           /* read, never written: no ENABLE record, no enable key */
#define JF_VERSION_2    2           /* read, never written: as version 3, and records without ms */
#define JF_HDR          8           /* magic, version, length (LE16), seq (LE32) */
#define JF_OVERHEAD     12          /* header + CRC-32C */
#define JF_MAX          4096        /* largest frame, header and CRC included */
#define JF_PAYLOAD_MAX  (JF_MAX - JF_OVERHEAD)

/* Header and CRC around a payload already at frame + JF_HDR.
 * Returns the frame length (payload_len + JF_OVERHEAD). */
uint32_t jframe_seal(uint8_t *frame, uint32_t seq, uint32_t payload_len);

static inline uint32_t jalign(uint32_t v, uint32_t p)
{
	return (v + p - 1) & ~(p - 1);
}

static inline uint32_t jle32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A read cache over a store: buf[JF_MAX]. */
struct jwin {
	struct store *st;
	uint8_t *buf;
	uint32_t off, len;
	int err;                    /* a read error, 0 if none (kept until a recovery or a walk starts) */
};

/* n <= JF_MAX bytes at off, never reading at or past end (off + n <= end).
 * NULL on a read error (w->err). */
const uint8_t *jwin_get(struct jwin *w, uint32_t off, uint32_t n, uint32_t end);
/* 1 if [off, end) (at most JF_MAX bytes) is all 0xFF, 0 if not, -errno on
 * a read error. */
int jwin_erased(struct jwin *w, uint32_t off, uint32_t end);
/* The valid frame at off (magic, version JF_VERSION, JF_VERSION_3 or JF_VERSION_2,
 * length within end, CRC): its payload (valid until the next read), *seq
 * and *len; NULL if none. */
const uint8_t *jframe_at(struct jwin *w, uint32_t off, uint32_t end, uint32_t *seq, uint32_t *len);

/* The version of the frame whose payload jframe_at() returned. */
static inline unsigned jframe_version(const uint8_t *payload)
{
	return payload[1 - JF_HDR];
}

#endif
