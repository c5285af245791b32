/* SPDX-License-Identifier: MIT */
/*
 * pages_release() (init/rt/pages.h).
 */
#include <stdint.h>
#include <sys/mman.h>

#include "init/rt/pages.h"

void pages_release(void *p, size_t len)
{
	uintptr_t from = ((uintptr_t)p + PAGE_MIN - 1) / PAGE_MIN * PAGE_MIN;
	uintptr_t to = ((uintptr_t)p + len) / PAGE_MIN * PAGE_MIN;
	if (to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);   /* a failure only leaves pages resident */
}
