/* SPDX-License-Identifier: MIT */
/*
 * The shared scratch area (init/scratch.h): page-aligned so that giving
 * it back can drop every page it covers.
 */
#include <stdbool.h>

#include "init/rt/pages.h"
#include "init/scratch.h"

static union scratch area __attribute__((aligned(PAGE_MIN)));
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
	pages_release(&area, sizeof area);   /* whole pages only: the tail page may hold other data */
	taken = false;
}
