/* SPDX-License-Identifier: MIT */
/*
 * Time for PID 1: milliseconds on CLOCK_MONOTONIC (never wall time) for
 * every window, delay and timeout.
 */
#ifndef KEEL_CLOCK_H
#define KEEL_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* The earlier of two deadlines (ms), where 0 means none: every merge of
 * "the next deadline" goes through here. */
static inline uint64_t clock_earliest(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

#endif
