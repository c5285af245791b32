/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of svc/run/restart.c with a fake clock: which exits want a
 * restart, the N-1/N/N+1 failures, the exact window edge (W-1, W, W+1 ms),
 * back-off doubling and cap, the reset after stable_after, a manual start
 * of a blocked job, and the worked examples of docs/restart.md.
 */
#include <signal.h>
#include <string.h>

#include "svc/run/restart.h"
#include "svc/conf/svc.h"
#include "tests/unit/t.h"

/* The fake clock: a job that starts, runs ran_ms, exits, and (if granted)
 * is started again once its delay has passed. */
struct fake {
	uint64_t now;
	struct restart_state rs;
	struct restart_policy p;
};

static struct restart_verdict run_and_exit(struct fake *f, uint64_t ran_ms)
{
	f->now += ran_ms;
	struct restart_verdict v = restart_on_exit(&f->rs, &f->p, f->now, ran_ms);
	if (!v.trip)
		f->now += v.delay_ms;
	return v;
}

static struct fake fake_new(uint16_t n, uint32_t w, uint32_t d, uint32_t dmax, uint32_t s)
{
	struct fake f = { .now = 1000000 };
	f.p = (struct restart_policy){ .limit = n, .window_ms = w, .delay_ms = d,
				       .delay_max_ms = dmax, .stable_after_ms = s };
	restart_reset(&f.rs);
	return f;
}

static void test_wanted(void)
{
	ok(restart_wanted(RESTART_ALWAYS, 0, false), "always: exit 0 restarts");
	ok(restart_wanted(RESTART_ALWAYS, 3, false), "always: exit 3 restarts");
	ok(restart_wanted(RESTART_ALWAYS, -SIGKILL, false), "always: SIGKILL restarts");
	ok(!restart_wanted(RESTART_ALWAYS, -SIGTERM, true), "always: a user stop does not");
	ok(!restart_wanted(RESTART_ON_FAILURE, 0, false), "on-failure: exit 0 does not restart");
	ok(restart_wanted(RESTART_ON_FAILURE, 1, false), "on-failure: exit 1 restarts");
	ok(restart_wanted(RESTART_ON_FAILURE, -SIGSEGV, false), "on-failure: SIGSEGV restarts");
	ok(restart_wanted(RESTART_ON_FAILURE, INT32_MIN, false), "on-failure: unknown status restarts");
	ok(!restart_wanted(RESTART_ON_FAILURE, 1, true), "on-failure: a user stop does not");
	ok(!restart_wanted(RESTART_NO, 1, false), "no: exit 1 does not restart");
	ok(!restart_wanted(RESTART_NO, -SIGSEGV, false), "no: SIGSEGV does not restart");
	ok(!restart_wanted(200, 1, false), "unknown mode never restarts");
}

/* N = 5, W = 60 s, no back-off: failures 1..N are granted, N+1 trips. */
static void test_limit_count(void)
{
	struct fake f = fake_new(5, 60000, 1000, 1000, 0);
	struct restart_verdict v = { 0 };
	for (int i = 1; i <= 4; i++)
		v = run_and_exit(&f, 100);
	ok(!v.trip, "N-1 failures: restarted");
	is_int(v.in_window, 4, "N-1 failures: 4 in the window");
	is_int(restart_in_window(&f.rs, &f.p, f.now), 4, "restart_in_window agrees");
	v = run_and_exit(&f, 100);
	ok(!v.trip, "N failures: still restarted");
	is_int(v.in_window, 5, "N failures: 5 in the window");
	is_int(v.delay_ms, 1000, "no back-off when delay_max = delay");
	struct restart_state before = f.rs;
	v = run_and_exit(&f, 100);
	ok(v.trip, "N+1 failures inside W: trip");
	is_int(v.in_window, 5, "trip reports the 5 in the window");
	ok(memcmp(&before, &f.rs, sizeof before) == 0, "a trip leaves the state unchanged");
	v = restart_on_exit(&f.rs, &f.p, f.now, 100);
	ok(v.trip, "asking again trips again");
}

/* Grants at T, T+10s, .., T+40s (N = 5, W = 60 s); the 6th exit at
 * T + 60 s - 1 ms trips, at T + 60 s or later it is granted. */
static void edge_case(int64_t offset, bool want_trip, const char *what)
{
	struct fake f = fake_new(5, 60000, 1000, 1000, 0);
	uint64_t t0 = f.now;
	for (int i = 0; i < 5; i++) {
		struct restart_verdict v = restart_on_exit(&f.rs, &f.p, t0 + 10000u * i, 50);
		ok(!v.trip, "%s: grant %d", what, i + 1);
	}
	uint64_t t = t0 + 60000 + offset;
	struct restart_verdict v = restart_on_exit(&f.rs, &f.p, t, 50);
	is_int(v.trip, want_trip, "%s: %s", what, want_trip ? "trips" : "granted");
	is_int(v.in_window, 5, "%s: 5 in the window either way", what);
}

static void test_window_edge(void)
{
	edge_case(-1, true, "first grant W-1 ms ago (inside)");
	edge_case(0, false, "first grant exactly W ago (outside)");
	edge_case(1, false, "first grant W+1 ms ago (outside)");

	struct fake f = fake_new(2, 10000, 0, 0, 0);
	restart_on_exit(&f.rs, &f.p, 5000, 1);
	is_int(restart_in_window(&f.rs, &f.p, 5000), 1, "in window at the grant itself");
	is_int(restart_in_window(&f.rs, &f.p, 14999), 1, "in window W-1 ms later");
	is_int(restart_in_window(&f.rs, &f.p, 15000), 0, "out of window W ms later");
	is_int(restart_in_window(&f.rs, &f.p, 4000), 1, "a time before the grant counts as now");
}

static void test_backoff(void)
{
	struct fake f = fake_new(32, 3600000, 100, 1000, 0);
	const uint32_t want[] = { 100, 200, 400, 800, 1000, 1000, 1000 };
	for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++) {
		uint64_t exit_at = f.now + 10;
		struct restart_verdict v = run_and_exit(&f, 10);
		is_int(v.delay_ms, want[i], "back-off step %u", i + 1);
		is_int(restart_next_ms(&f.rs), exit_at + want[i], "next restart due at exit + delay");
	}
	is_int(restart_quick_count(&f.rs), 7, "7 quick failures counted");

	f = fake_new(32, 3600000, 500, 100, 0);
	run_and_exit(&f, 10);
	struct restart_verdict v = run_and_exit(&f, 10);
	is_int(v.delay_ms, 500, "delay_max below delay: constant delay");

	f = fake_new(32, 0, 1000, UINT32_MAX, 0);
	uint32_t last = 0;
	bool mono = true;
	for (int i = 0; i < 40; i++) {
		v = run_and_exit(&f, 0);
		mono = mono && !v.trip && v.delay_ms >= last;
		last = v.delay_ms;
	}
	ok(mono, "40 doublings: never trip with W = 0, never decrease");
	is_int(last, UINT32_MAX, "doubling saturates at the cap without overflow");
	is_int(restart_quick_count(&f.rs), 40, "quick count is 40");
	is_int(restart_next_ms(&f.rs), f.now, "the clock sits at the due restart");
}

static void test_stable(void)
{
	/* S = 0 means W (60 s). */
	struct fake f = fake_new(5, 60000, 100, 10000, 0);
	for (int i = 0; i < 4; i++)
		run_and_exit(&f, 10);
	struct restart_verdict v = run_and_exit(&f, 60000);
	ok(!v.trip, "a run of exactly S: granted");
	is_int(v.delay_ms, 1600, "a run of exactly S is still quick (delay keeps doubling)");
	is_int(v.in_window, 1, "older grants left the window meanwhile");
	v = run_and_exit(&f, 60001);
	is_int(v.delay_ms, 100, "a run of S+1 ms resets the delay");
	is_int(v.in_window, 1, "and the window");
	is_int(restart_quick_count(&f.rs), 1, "quick count back to 1");

	/* S shorter than W: the reset also clears grants still inside W. */
	f = fake_new(3, 60000, 100, 10000, 5000);
	run_and_exit(&f, 10);
	run_and_exit(&f, 10);
	v = run_and_exit(&f, 5001);
	ok(!v.trip, "S < W: a run of S+1 ms is granted");
	is_int(v.in_window, 1, "S < W: earlier grants inside W were forgotten");
	is_int(v.delay_ms, 100, "S < W: delay reset");
	run_and_exit(&f, 10);
	v = run_and_exit(&f, 10);
	ok(!v.trip, "S < W: N-th grant after the reset");
	v = run_and_exit(&f, 10);
	ok(v.trip, "S < W: N+1-th quick failure after the reset trips");
}

static void test_manual_start(void)
{
	struct fake f = fake_new(2, 60000, 1000, 8000, 0);
	run_and_exit(&f, 10);
	run_and_exit(&f, 10);
	struct restart_verdict v = run_and_exit(&f, 10);
	ok(v.trip, "blocked after N+1 quick failures");
	restart_manual_start(&f.rs);
	is_int(restart_in_window(&f.rs, &f.p, f.now), 0, "manual start clears the window");
	is_int(restart_next_ms(&f.rs), 0, "no restart pending after a manual start");
	v = run_and_exit(&f, 10);
	ok(!v.trip, "first failure after the manual start: restarted");
	is_int(v.delay_ms, 1000, "with the base delay");
	run_and_exit(&f, 10);
	v = run_and_exit(&f, 10);
	ok(v.trip, "and N fresh restarts later it trips again");
}

static void test_limits(void)
{
	struct fake f = fake_new(0, 60000, 1000, 1000, 0);
	struct restart_verdict v = run_and_exit(&f, 10);
	ok(v.trip, "restart_limit 0: the first failure trips");

	f = fake_new(1000, 3600000, 0, 0, 0);
	int granted = 0;
	for (int i = 0; i < 40; i++) {
		v = run_and_exit(&f, 1);
		if (!v.trip)
			granted++;
	}
	is_int(granted, RESTART_LIMIT_MAX, "restart_limit above the ring is clamped to %d",
	       RESTART_LIMIT_MAX);
	is_int(v.delay_ms, 0, "delay 0: restart at once");
}

/* docs/restart.md, example 1: N 5, W 60 s, D 1 s, Dmax 8 s; the job dies
 * 200 ms after each start. */
static void test_doc_examples(void)
{
	struct fake f = fake_new(5, 60000, 1000, 8000, 0);
	f.now = 0;
	const uint64_t exits[] = { 200, 1400, 3600, 7800, 16000 };
	const uint32_t delays[] = { 1000, 2000, 4000, 8000, 8000 };
	for (int i = 0; i < 5; i++) {
		struct restart_verdict v = run_and_exit(&f, 200);
		is_int(f.now - v.delay_ms, exits[i], "example 1: exit %d at the documented time", i + 1);
		is_int(v.delay_ms, delays[i], "example 1: delay %d", i + 1);
	}
	struct restart_verdict v = run_and_exit(&f, 200);
	is_int(f.now, 24200, "example 1: 6th exit at 24.2 s");
	ok(v.trip, "example 1: blocked at 24.2 s");

	/* Example 2: N 5, W 60 s, D 1 s; the job dies after 20 s each time:
	 * never more than 3 in the window, never blocked. */
	f = fake_new(5, 60000, 1000, 1000, 0);
	f.now = 0;
	bool never = true;
	unsigned most = 0;
	for (int i = 0; i < 50; i++) {
		v = run_and_exit(&f, 20000);
		never = never && !v.trip;
		if (v.in_window > most)
			most = v.in_window;
	}
	ok(never, "example 2: a job dying every 21 s is never blocked");
	is_int(most, 3, "example 2: at most 3 restarts in any window");
}

/* The rule itself over every grant so far (64-bit times, no ring):
 * granted restarts inside (now - W, now]. */
static unsigned model_in_window(const uint64_t *g, int n, uint64_t now, uint32_t w)
{
	unsigned k = 0;
	for (int i = 0; i < n; i++)
		k += now - g[i] < w;
	return k;
}

/* The ring stores ms after a base in 32 bits: exits spread over more than
 * 2^32 ms (49.7 days), with the largest window, get the answers of the
 * rule computed on 64-bit times. */
static void test_long_uptime(void)
{
	const uint32_t w = UINT32_MAX;
	struct restart_policy p = { .limit = 3, .window_ms = w, .delay_ms = 0 };
	struct restart_state rs;
	restart_reset(&rs);
	static const uint64_t gap[] = { 5, 4294967290u, 7, 4294967295u, 1, 4294967296u, 3,
					 12884901888u, 2, 2147483648u, 2147483647u, 9, 4294967294u };
	uint64_t g[64], now = 4294967000u;
	int ng = 0, same = 1;
	for (int r = 0; r < 4; r++) {
		for (size_t i = 0; i < sizeof gap / sizeof gap[0]; i++) {
			now += gap[i];
			unsigned want = model_in_window(g, ng, now, w);
			struct restart_verdict v = restart_on_exit(&rs, &p, now, 0);
			if (v.trip != (want >= 3) || (!v.trip && v.in_window != want + 1))
				same = 0;
			if (!v.trip)
				g[ng++] = now;   /* 52 steps: g never fills */
			if (restart_in_window(&rs, &p, now + 1) != model_in_window(g, ng, now + 1, w))
				same = 0;
		}
	}
	ok(same, "over 2^32 ms and more: every verdict as the rule on 64-bit times");
}

/* The re-exec state carries absolute times: a time within UINT32_MAX ms of
 * the latest comes back exactly; an older one comes back raised but still
 * outside every window; slots past count read 0. */
static void test_times_handover(void)
{
	struct restart_state rs;
	restart_reset(&rs);
	uint64_t at[RESTART_LIMIT_MAX] = { 0 };
	at[0] = UINT64_MAX - 10;
	at[1] = UINT64_MAX - 10 - UINT32_MAX;
	at[2] = 3;
	at[3] = 77;   /* past count */
	rs.count = 3;
	restart_set_times(&rs, at);
	ok(restart_at(&rs, 0) == UINT64_MAX - 10, "the latest time comes back exactly");
	ok(restart_at(&rs, 1) == UINT64_MAX - 10 - UINT32_MAX, "UINT32_MAX ms older: exactly");
	ok(restart_at(&rs, 2) == UINT64_MAX - 10 - UINT32_MAX, "an older one: raised to the base");
	ok(restart_at(&rs, 3) == 0 && restart_at(&rs, RESTART_LIMIT_MAX) == 0, "slots past count: 0");
	struct restart_policy p = { .limit = 3, .window_ms = UINT32_MAX };
	is_int(restart_in_window(&rs, &p, UINT64_MAX - 10), 1, "only the latest is inside W = UINT32_MAX");
	uint64_t small[RESTART_LIMIT_MAX];
	for (int k = 0; k < RESTART_LIMIT_MAX; k++)
		small[k] = 1000u * (uint64_t)k + 1;
	rs.count = RESTART_LIMIT_MAX;
	restart_set_times(&rs, small);
	int back = 1;
	for (int k = 0; k < RESTART_LIMIT_MAX; k++)
		back = back && restart_at(&rs, (unsigned)k) == small[k];
	ok(back, "a full ring of small times comes back exactly");
}

int main(void)
{
	test_wanted();
	test_limit_count();
	test_window_edge();
	test_backoff();
	test_stable();
	test_manual_start();
	test_limits();
	test_doc_examples();
	test_long_uptime();
	test_times_handover();
	return done();
}
