/* SPDX-License-Identifier: MIT */
/*
 * The restart limiter and back-off (see svc/run/restart.h and docs/restart.md).
 * Pure: it reads no clock and does no I/O, so the host tests drive it with
 * a fake clock.  Invariants: count <= RESTART_LIMIT_MAX; slots [0, count)
 * hold the exit times of granted restarts (the oldest is overwritten once
 * the ring is full, which is safe because N <= RESTART_LIMIT_MAX); a trip
 * changes nothing, so asking again gives the same answer.  Times in the
 * ring are base + at[i] (struct restart_state): base only moves up, and
 * only over times already outside every window.
 */
#include <string.h>

#include "svc/run/restart.h"
#include "svc/conf/svc.h"

bool restart_wanted(uint8_t restart_mode, int exit_status, bool stopped_by_user)
{
	if (stopped_by_user)
		return false;
	switch (restart_mode) {
	case RESTART_ALWAYS:
		return true;
	case RESTART_ON_FAILURE:
		return exit_status != 0;
	default:
		return false;
	}
}

void restart_reset(struct restart_state *rs)
{
	memset(rs, 0, sizeof *rs);
}

void restart_manual_start(struct restart_state *rs)
{
	restart_reset(rs);
}

/* Is a grant at time `at` inside the window ending at now (now - W, now]?
 * A time after now (cannot happen on a monotonic clock) counts as now. */
static bool inside(uint64_t at, uint64_t now, uint32_t window_ms)
{
	uint64_t age = now > at ? now - at : 0;
	return age < window_ms;
}

unsigned restart_in_window(const struct restart_state *rs, const struct restart_policy *p,
			   uint64_t now_ms)
{
	unsigned n = 0;
	for (unsigned i = 0; i < rs->count && i < RESTART_LIMIT_MAX; i++)
		n += inside(rs->base + rs->at[i], now_ms, p->window_ms);
	return n;
}

/* Move base up to nb (> base): times before nb become nb. */
static void rebase(struct restart_state *rs, uint64_t nb)
{
	uint64_t up = nb - rs->base;
	for (unsigned i = 0; i < RESTART_LIMIT_MAX; i++)
		rs->at[i] = rs->at[i] > up ? (uint32_t)(rs->at[i] - up) : 0;
	rs->base = nb;
}

/* Write now into the ring's head slot (ms after base).  A now before base
 * (only after a re-exec state with times in the future) is stored as
 * base: a time after now counts as now anyway. */
static void record(struct restart_state *rs, uint64_t now)
{
	if (now > rs->base && now - rs->base > UINT32_MAX)
		rebase(rs, now - UINT32_MAX);
	rs->at[rs->head] = now > rs->base ? (uint32_t)(now - rs->base) : 0;
}

/* min(D * 2^(k-1), max(Dmax, D)) for the k-th grant, k >= 1. */
static uint32_t backoff(const struct restart_policy *p, unsigned k)
{
	uint64_t cap = p->delay_max_ms > p->delay_ms ? p->delay_max_ms : p->delay_ms;
	unsigned shift = k > 1 ? k - 1 : 0;
	if (shift > 32)
		shift = 32;
	uint64_t d = (uint64_t)p->delay_ms << shift;
	return (uint32_t)(d < cap ? d : cap);
}

struct restart_verdict restart_on_exit(struct restart_state *rs, const struct restart_policy *p,
				       uint64_t now_ms, uint64_t ran_ms)
{
	struct restart_verdict v = { .trip = false, .delay_ms = 0, .in_window = 0 };
	unsigned limit = p->limit < RESTART_LIMIT_MAX ? p->limit : RESTART_LIMIT_MAX;
	uint64_t stable = p->stable_after_ms ? p->stable_after_ms : p->window_ms;

	if (ran_ms > stable)
		restart_reset(rs);
	unsigned n = restart_in_window(rs, p, now_ms);
	if (n >= limit) {
		v.trip = true;
		v.in_window = (uint16_t)n;
		return v;
	}
	record(rs, now_ms);
	rs->head = (uint8_t)((rs->head + 1) % RESTART_LIMIT_MAX);
	if (rs->count < RESTART_LIMIT_MAX)
		rs->count++;
	if (rs->quick < UINT8_MAX)
		rs->quick++;
	rs->delay_ms = backoff(p, rs->quick);
	rs->next_ms = now_ms + rs->delay_ms;
	v.delay_ms = rs->delay_ms;
	v.in_window = (uint16_t)(n + 1);
	return v;
}

uint64_t restart_next_ms(const struct restart_state *rs)
{
	return rs->next_ms;
}

unsigned restart_quick_count(const struct restart_state *rs)
{
	return rs->quick;
}

uint64_t restart_at(const struct restart_state *rs, unsigned k)
{
	return k < rs->count && k < RESTART_LIMIT_MAX ? rs->base + rs->at[k] : 0;
}

void restart_set_times(struct restart_state *rs, const uint64_t at[RESTART_LIMIT_MAX])
{
	uint64_t last = 0;
	for (unsigned k = 0; k < rs->count && k < RESTART_LIMIT_MAX; k++)
		if (at[k] > last)
			last = at[k];
	rs->base = last > UINT32_MAX ? last - UINT32_MAX : 0;
	for (unsigned k = 0; k < RESTART_LIMIT_MAX; k++) {
		bool used = k < rs->count && at[k] > rs->base;
		rs->at[k] = used ? (uint32_t)(at[k] - rs->base) : 0;
	}
}
