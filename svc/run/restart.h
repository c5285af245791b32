/* SPDX-License-Identifier: MIT */
/*
 * The restart policy of one job, as pure functions: whether an exit wants
 * a restart, and if so after what delay or whether the burst limit trips.
 * No I/O, no syscalls, no clock reads: every time is a parameter in
 * milliseconds on CLOCK_MONOTONIC.  The state is a fixed ring of the exit
 * times for which a restart was granted, so it can be copied, reset and
 * handed over on re-exec as plain data.  The rule (docs/restart.md):
 * with granted restarts r_i, an exit at t is granted a restart iff
 * |{ i : t - W < r_i <= t }| < N; a restart exactly W ms ago is outside.
 */
#ifndef KEEL_RESTART_H
#define KEEL_RESTART_H

#include <stdbool.h>
#include <stdint.h>

#include "svc/conf/svc.h"

/* RESTART_LIMIT_MAX (svc/conf/svc.h), the largest restart_limit honoured,
 * is the ring size: restart_on_exit() clamps larger values to it. */

/* What the service file says (svc_conf fields, in ms). */
struct restart_policy {
	uint16_t limit;           /* N: restarts allowed in any window; 0: never restart */
	uint32_t window_ms;       /* W: window length; 0: no limit */
	uint32_t delay_ms;        /* D: delay before the first restart after a reset */
	uint32_t delay_max_ms;    /* cap of the doubling; below D means D (no back-off) */
	uint32_t stable_after_ms; /* S: a run longer than this resets; 0 means W */
};

/* The per-job state.  Treat as opaque; read it through the functions.
 * The ring keeps each exit time as ms after base in 32 bits (half the
 * size of a 64-bit time: it is SVC_MAX x RESTART_LIMIT_MAX of them).  A
 * grant more than UINT32_MAX ms after base moves base up to now -
 * UINT32_MAX first, raising any older time to the new base: such a time
 * is then UINT32_MAX ms old or more, outside any window (W <= UINT32_MAX)
 * before and after, so no answer changes. */
struct restart_state {
	uint64_t base;                  /* ms of CLOCK_MONOTONIC that at[] counts from */
	uint32_t at[RESTART_LIMIT_MAX]; /* exit times of granted restarts (ring), - base */
	uint8_t head;                   /* slot the next grant is written to */
	uint8_t count;                  /* valid slots, <= RESTART_LIMIT_MAX */
	uint8_t quick;                  /* grants since the last reset (saturates) */
	uint32_t delay_ms;              /* delay of the last grant */
	uint64_t next_ms;               /* when the last granted restart is due; 0: none */
};

/* The answer to one exit. */
struct restart_verdict {
	bool trip;                /* limit reached: the job goes to blocked, no restart */
	uint32_t delay_ms;        /* when !trip: restart after this many ms */
	uint16_t in_window;       /* granted restarts inside the window, this one included */
};

/* Whether an exit wants an automatic restart at all.  restart_mode is enum
 * svc_restart; exit_status is >= 0 for an exit code and -signo for a death
 * by signal (any other negative value, e.g. JOB_EXIT_NONE, counts as a
 * failure).  A stop asked for by the user never restarts; always: any exit
 * restarts; on-failure: a non-zero code or any signal; no or an unknown
 * mode: never. */
bool restart_wanted(uint8_t restart_mode, int exit_status, bool stopped_by_user);

/* Forget every restart and the back-off: the state of a fresh job. */
void restart_reset(struct restart_state *rs);

/* A manual start (initctl start, also of a blocked job): clears the window
 * and the back-off, so the job gets N fresh restarts.  Same as reset. */
void restart_manual_start(struct restart_state *rs);

/* A job that wants a restart exited at now_ms after running ran_ms.  If
 * ran_ms > S the window and back-off are reset first.  Then, if N restarts
 * were already granted in (now_ms - W, now_ms], returns trip and leaves the
 * state as it was; otherwise records the grant and returns the delay:
 * min(D * 2^(k-1), max(Dmax, D)) for the k-th grant since the last reset. */
struct restart_verdict restart_on_exit(struct restart_state *rs, const struct restart_policy *p,
				       uint64_t now_ms, uint64_t ran_ms);

/* Granted restarts inside the window (now_ms - W, now_ms], for status. */
unsigned restart_in_window(const struct restart_state *rs, const struct restart_policy *p,
			   uint64_t now_ms);

/* When the last granted restart is due (exit time + its delay); 0 if no
 * restart was granted since the last reset. */
uint64_t restart_next_ms(const struct restart_state *rs);

/* Grants since the last reset (the k above); saturates at 255. */
unsigned restart_quick_count(const struct restart_state *rs);

/* The ring as absolute ms, for the re-exec state: the exit time in slot
 * k (< RESTART_LIMIT_MAX), or 0 for a slot past count. */
uint64_t restart_at(const struct restart_state *rs, unsigned k);

/* Fill the ring from absolute ms at[0..RESTART_LIMIT_MAX) (the re-exec
 * state; any values), with rs->count already set: slots past count are
 * 0; base is the latest time - UINT32_MAX (or 0) and an earlier time is
 * raised to it, which changes no answer for a now after the latest time
 * (see struct restart_state). */
void restart_set_times(struct restart_state *rs, const uint64_t at[RESTART_LIMIT_MAX]);

#endif
