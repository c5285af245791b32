/* SPDX-License-Identifier: MIT */
/*
 * A RAM flash simulator for journal tests and fuzzers (never in init/):
 * a struct store over a byte array, NOR-style (a program clears bits:
 * mem &= data) or overwrite-style, with a hook called before every
 * program and erase (the power-cut explorer uses it), an I/O-error
 * switch, and counters.  Header-only so each test binary includes it.
 */
#ifndef KEEL_JSIM_H
#define KEEL_JSIM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "init/journal/store.h"

enum { JSIM_PROG, JSIM_ERASE };

struct jsim {
	struct store st;
	uint8_t *mem;
	bool nor;                  /* program ANDs (NOR); else overwrites */
	long ops, prog_bytes, erases;
	long seg_erases[64];       /* erases per erase block (the first 64) */
	long fail_from;            /* ops numbered >= this fail with -EIO (-1: never) */
	void (*hook)(struct jsim *s, int kind, uint32_t off, const uint8_t *buf, uint32_t len);
	void *u;
};

static int jsim_read(struct store *st, uint32_t off, void *buf, uint32_t len)
{
	struct jsim *s = st->ctx;
	if (off > st->geom.size || st->geom.size - off < len)
		return -EINVAL;
	memcpy(buf, s->mem + off, len);
	return 0;
}

static int jsim_prog(struct store *st, uint32_t off, const void *buf, uint32_t len)
{
	struct jsim *s = st->ctx;
	const uint8_t *b = buf;
	if (off > st->geom.size || st->geom.size - off < len)
		return -EINVAL;
	if (s->hook)
		s->hook(s, JSIM_PROG, off, b, len);
	if (s->fail_from >= 0 && s->ops >= s->fail_from) {
		s->ops++;
		return -EIO;
	}
	s->ops++;
	s->prog_bytes += len;
	for (uint32_t i = 0; i < len; i++)
		s->mem[off + i] = s->nor ? (uint8_t)(s->mem[off + i] & b[i]) : b[i];
	return 0;
}

static int jsim_erase(struct store *st, uint32_t off, uint32_t len)
{
	struct jsim *s = st->ctx;
	if (off % st->geom.erase || len % st->geom.erase || off > st->geom.size ||
	    st->geom.size - off < len)
		return -EINVAL;
	if (s->hook)
		s->hook(s, JSIM_ERASE, off, NULL, len);
	if (s->fail_from >= 0 && s->ops >= s->fail_from) {
		s->ops++;
		return -EIO;
	}
	s->ops++;
	s->erases++;
	if (off / st->geom.erase < 64)
		s->seg_erases[off / st->geom.erase]++;
	memset(s->mem + off, 0xff, len);
	return 0;
}

static void jsim_close(struct store *st)
{
	(void)st;
}

static const struct store_ops jsim_ops = {
	.read = jsim_read, .prog = jsim_prog, .erase = jsim_erase, .close = jsim_close,
};

/* A simulator over mem[size] (the caller fills it, e.g. with 0xFF). */
static inline void jsim_init(struct jsim *s, uint8_t *mem, uint32_t size, uint32_t erase,
			     uint32_t prog, bool nor)
{
	memset(s, 0, sizeof *s);
	s->mem = mem;
	s->nor = nor;
	s->fail_from = -1;
	s->st.ops = &jsim_ops;
	s->st.ctx = s;
	s->st.fd = -1;
	s->st.geom = (struct store_geom){ .size = size, .erase = erase, .prog = prog };
}

#endif
