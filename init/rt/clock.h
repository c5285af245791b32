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

#endif
