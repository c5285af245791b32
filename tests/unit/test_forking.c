/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of type = forking (svc/run/forking.h) with a fake clock (the
 * pidfile parser is init/rt/num.h's, tested in test_num): the verdict on a candidate pid, and
 * the phases of a start driven like the state machine drives them (the
 * parent's exit, probes on the readiness timer 10 ms doubling to 1 s,
 * the ready_timeout deadline): parent exit 0 / non-zero, a pidfile that
 * comes late, never, names a foreign pid or holds garbage, and the
 * daemon dying before and after its pidfile appears.
 */
#include <string.h>

#include "svc/run/forking.h"
#include "svc/run/ready.h"
#include "tests/unit/t.h"

static void test_judge(void)
{
	struct fork_facts good = { .alive = true, .in_job = true, .child = true };
	struct fork_facts f = good;
	is_int(fork_judge(&f), FE_NONE, "a live child of keel in the job is the main pid");
	f = good, f.self = true;
	is_int(fork_judge(&f), FE_SELF, "PID 1 or keel is refused");
	f = good, f.alive = false;
	is_int(fork_judge(&f), FE_DEAD, "a dead pid is refused");
	f = good, f.other_job = true;
	is_int(fork_judge(&f), FE_OTHER_JOB, "another job's pid is refused");
	f = good, f.in_job = false;
	is_int(fork_judge(&f), FE_FOREIGN, "a pid outside the job is refused");
	f = good, f.child = false;
	is_int(fork_judge(&f), FE_NOT_CHILD, "not reparented to keel yet: not yet");
	is_str(fork_err_text(FE_FOREIGN), "the pidfile names a process not of this job", "err text");
	is_str(fork_err_text(200), "?", "unknown err");
}

/* The world a forking start sees: when the parent exits (and how), when
 * the pidfile appears and what it says, when the daemon dies. */
struct world {
	uint64_t parent_exit_ms;
	int32_t parent_code;
	uint64_t pidfile_ms;       /* UINT64_MAX: never */
	uint8_t pidfile_err;       /* the verdict on what it names (FE_NONE: the daemon) */
	uint64_t daemon_dies_ms;   /* UINT64_MAX: never */
	uint32_t ready_timeout_ms;
};

struct outcome {
	int act;                   /* FA_EXIT (the usual exit path), FA_MAIN, FA_FAIL */
	uint64_t at_ms;
	uint8_t err;
	int probes;
};

#define NEVER UINT64_MAX

/* Drive a start at t = 0 like svc/run/state.c and ready.c do. */
static struct outcome run(const struct world *w)
{
	struct outcome o = { FA_WAIT, 0, FE_NONE, 0 };
	uint8_t phase = FORK_PARENT;
	uint64_t deadline = w->ready_timeout_ms;
	if (deadline && w->parent_exit_ms >= deadline)
		return (struct outcome){ FA_FAIL, deadline, FE_NONE, 0 };   /* the parent hangs */
	uint64_t now = w->parent_exit_ms;
	if (fork_parent_exit(&phase, w->parent_code) != FA_WAIT)
		return (struct outcome){ FA_EXIT, now, FE_NONE, 0 };
	uint32_t step = READY_STEP_MIN_MS / 2;
	for (;;) {
		if (deadline && now >= deadline)
			return (struct outcome){ FA_FAIL, deadline, o.err, o.probes };
		bool busy = now < w->daemon_dies_ms;
		uint8_t err = now >= w->pidfile_ms ? w->pidfile_err : FE_NOFILE;
		if (err == FE_NONE && !busy)
			err = FE_DEAD;   /* the pid it names is gone */
		if ((err == FE_NOFILE || err == FE_DEAD) && !busy)
			err = FE_EMPTY;   /* as forking_probe() does */
		o.probes++;
		o.err = err;
		int act = fork_probe_step(&phase, err, true, busy);
		if (act != FA_WAIT)
			return (struct outcome){ act, now, err, o.probes };
		step = step * 2 > READY_STEP_MAX_MS ? READY_STEP_MAX_MS : step * 2;
		now += step;
	}
}

static void test_phases(void)
{
	struct world w = { 5, 0, 0, FE_NONE, NEVER, 30000 };
	struct outcome o = run(&w);
	ok(o.act == FA_MAIN && o.at_ms == 5 && o.probes == 1, "pidfile there at the parent's exit: main pid at once");

	w.parent_code = 1;
	o = run(&w);
	ok(o.act == FA_EXIT && o.at_ms == 5, "parent exit 1: the usual exit path (a failure)");
	w.parent_code = -9;
	o = run(&w);
	ok(o.act == FA_EXIT, "parent killed: the usual exit path");
	w.parent_code = 0;

	w.pidfile_ms = 250;
	o = run(&w);
	/* probes at 5, 15, 35, 75, 155, 315 */
	ok(o.act == FA_MAIN && o.at_ms == 315 && o.probes == 6, "a late pidfile: found at the first probe after it (%llu ms, %d probes)",
	   (unsigned long long)o.at_ms, o.probes);

	w.pidfile_ms = NEVER;
	o = run(&w);
	ok(o.act == FA_FAIL && o.at_ms == 30000 && o.err == FE_NOFILE, "no pidfile: fails at ready_timeout, no pidfile");
	ok(o.probes < 45, "probes back off to 1 s (%d probes in 30 s)", o.probes);

	w.pidfile_ms = 20, w.pidfile_err = FE_GARBAGE;
	o = run(&w);
	ok(o.act == FA_FAIL && o.at_ms == 30000 && o.err == FE_GARBAGE, "garbage: waits for a pid, fails at ready_timeout");
	w.pidfile_err = FE_FOREIGN;
	o = run(&w);
	ok(o.act == FA_FAIL && o.err == FE_FOREIGN, "a foreign pid is never taken");
	w.pidfile_err = FE_OTHER_JOB;
	o = run(&w);
	ok(o.act == FA_FAIL && o.err == FE_OTHER_JOB, "another job's pid is never taken");
	w.pidfile_err = FE_NONE;

	w.pidfile_ms = 500, w.daemon_dies_ms = 100;
	o = run(&w);
	ok(o.act == FA_FAIL && o.at_ms == 155 && o.err == FE_EMPTY,
	   "daemon dies before its pidfile: fails at the next probe, not at the timeout (%llu ms)",
	   (unsigned long long)o.at_ms);

	w.pidfile_ms = 30, w.daemon_dies_ms = 1000;
	o = run(&w);
	ok(o.act == FA_MAIN && o.at_ms == 35, "daemon dies after its pidfile: it was the main pid first");
	uint8_t phase = FORK_MAIN;
	is_int(fork_parent_exit(&phase, 0), FA_EXIT, "then its exit (even 0) is the job's exit");
	is_int(phase, FORK_MAIN, "phase unchanged by it");

	w.parent_exit_ms = 40000;
	o = run(&w);
	ok(o.act == FA_FAIL && o.at_ms == 30000, "a parent that never exits fails at ready_timeout");

	phase = FORK_NONE;
	is_int(fork_parent_exit(&phase, 0), FA_EXIT, "a simple job's exit 0 is an exit");
	phase = FORK_WAIT;
	is_int(fork_probe_step(&phase, FE_NO_CGROUP, false, false), FA_FAIL, "no pidfile and no cgroup: fails at once");
	phase = FORK_WAIT;
	is_int(fork_probe_step(&phase, FE_NOFILE, false, false), FA_WAIT, "without cgroups an empty job is not seen: waits");
	phase = FORK_WAIT;
	is_int(fork_probe_step(&phase, FE_MANY, true, true), FA_WAIT, "two processes left: waits for the intermediate to exit");
}

int main(void)
{
	test_judge();
	test_phases();
	return done();
}
