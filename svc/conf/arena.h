/* SPDX-License-Identifier: MIT */
/*
 * The configuration arena: where the strings of every struct svc_conf
 * live (svc/conf/svc.h holds pointers into it).  Two halves of
 * CONF_ARENA_BYTES each, in BSS: the live half holds the strings of the
 * configurations in use; a load writes into the spare half, and once the
 * load is applied, what is still in use of the live half is copied over
 * (svc/conf/conf_store.h) and the halves swap: the old live half's pages
 * go back to the kernel (madvise MADV_DONTNEED).  So the arena never
 * fragments, a reload cannot free a string a running job still reads, and
 * only pages holding strings are resident.  Nothing allocates.
 */
#ifndef KEEL_ARENA_H
#define KEEL_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include "init/rt/pages.h"
#include "svc/conf/svc.h"

/* Bytes of strings a service has on average, a compile-time knob (make
 * KEEL_CONF_AVG=N; docs/design.md, "Memory").  A load that does not fit
 * marks the services that do not fit bad, with a file:line error.
 * The default, 512, is what the service files we ship and document need
 * with room to spare: their strings (name and path included) measured
 * 111 bytes on average and 233 at most over 43 files (rootfs/etc/svc.d,
 * tests/daemons/svc, the examples in docs/), and a load keeps back
 * SVC_ERR_MAX (192) of each service's share for its error message, so a
 * half holds 64 services of 320 bytes of strings on average. */
#ifndef KEEL_CONF_AVG
#define KEEL_CONF_AVG 512
#endif
_Static_assert(KEEL_CONF_AVG >= 512 && KEEL_CONF_AVG <= 65536, "KEEL_CONF_AVG: 512 to 65536");
#define CONF_ARENA_BYTES \
	(((size_t)SVC_MAX * KEEL_CONF_AVG + PAGE_MIN - 1) / PAGE_MIN * PAGE_MIN)

/* Start a load: the spare half is emptied (its pages released). */
void arena_load_begin(void);

/* Forget what the spare half holds (a load that is not applied). */
void arena_load_drop(void);

/* s[0..len) and a NUL appended to the spare half; NULL when it is full. */
const char *arena_put(const char *s, size_t len);

/* The same into the live half (a string made outside a load). */
const char *arena_put_live(const char *s, size_t len);

/* Bytes still free in the spare half. */
size_t arena_spare_free(void);

/* True if p points into the live half (a string a swap would lose). */
bool arena_in_live(const char *p);

/* The spare half becomes the live one; the old live half is emptied. */
void arena_swap(void);

/* Bytes in use in the live half. */
size_t arena_live_used(void);

#endif
