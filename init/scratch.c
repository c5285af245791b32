/* SPDX-License-Identifier: MIT */
/*
 * The shared scratch area (init/scratch.h): page-aligned so that giving
 * it back can drop every page it covers.
 */
#include <stdbool.h>
#include <sys/mman.h>

#include "init/scratch.h"

#define SCRATCH_PAGE 4096   /* the smallest page size keel runs on */

static union scratch area __attribute__((aligned(SCRATCH_PAGE)));
static bool taken;

union scratch *scratch_take(void)
{
	if (taken)
		return NULL;
	taken = true;
	return &area;
}

void scratch_give(union scratch *s)
{
	if (s != &area)
		return;
	/* Whole pages only: the tail page past the area may hold other data. */
	size_t len = sizeof area / SCRATCH_PAGE * SCRATCH_PAGE;
	madvise(&area, len, MADV_DONTNEED);   /* a failure only leaves pages resident */
	taken = false;
}
