/* SPDX-License-Identifier: MIT */
/*
 * Giving pages back: a fixed buffer that is written now and then (a load's
 * tables, a control reply) is resident only while it is in use when its
 * whole pages are returned to the kernel afterwards (madvise
 * MADV_DONTNEED: they read as zeros next time, at the price of a fault).
 */
#ifndef KEEL_PAGES_H
#define KEEL_PAGES_H

#include <stddef.h>

#define PAGE_MIN 4096   /* the smallest page size keel runs on: align buffers to it */

/* Give back the whole pages inside [p, p + len) (their contents are lost). */
void pages_release(void *p, size_t len);

#endif
