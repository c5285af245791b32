/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of init/rt/sig.c's name table: names by number, parsing
 * (with or without SIG, any case, numbers), and the one text of how a
 * process ended (short for a table cell, long for a why).
 */
#include <signal.h>
#include "init/rt/clock.h"
#include "init/rt/sig.h"
#include "tests/unit/t.h"

static void test_names(void)
{
	is_str(sig_name(SIGTERM), "TERM", "SIGTERM is TERM");
	is_str(sig_name(SIGSEGV), "SEGV", "SIGSEGV is SEGV");
	is_str(sig_name(0), "", "0 has no name");
	is_int(sig_parse("TERM"), SIGTERM, "TERM");
	is_int(sig_parse("sigkill"), SIGKILL, "sigkill: any case, SIG prefix");
	is_int(sig_parse("9"), 9, "a number");
	is_int(sig_parse("SIG"), -1, "SIG alone");
	is_int(sig_parse("FOO"), -1, "an unknown name");
	is_int(sig_parse(""), -1, "empty");
}

static void test_exit_text(void)
{
	char buf[48];

	is_str(sig_exit_text(1, 1, buf, sizeof buf), "exit 1", "short: exit code");
	is_str(sig_exit_text(-SIGTERM, 1, buf, sizeof buf), "signal TERM", "short: signal");
	is_str(sig_exit_text(0, 0, buf, sizeof buf), "exited with code 0", "long: exit code");
	is_str(sig_exit_text(-SIGKILL, 0, buf, sizeof buf), "killed by signal KILL", "long: signal");
}

static void test_earliest(void)
{
	is_int((int)clock_earliest(0, 0), 0, "no deadline at all");
	is_int((int)clock_earliest(0, 7), 7, "0 is none, not the earliest");
	is_int((int)clock_earliest(7, 0), 7, "either side");
	is_int((int)clock_earliest(9, 7), 7, "the earlier of two");
}

int main(void)
{
	test_names();
	test_exit_text();
	test_earliest();
	return done();
}
