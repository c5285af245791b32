/* SPDX-License-Identifier: MIT */
/* svc/run/notify_msg.c: sd_notify datagrams parsed by length. */
#include <string.h>

#include "svc/run/notify_msg.h"
#include "tests/unit/t.h"

static struct notify_msg m;

static int parse(const char *s, size_t n)
{
	return notify_parse(s, n, &m);
}

#define P(lit) parse(lit, sizeof lit - 1)

static void basics(void)
{
	is_int(P("READY=1"), 1, "READY=1 alone");
	ok(m.ready && !m.status && !m.newline, "ready, no status, no newline");
	is_int(P("READY=1\nSTATUS=up and running\n"), 2, "READY=1 and STATUS= with a final newline");
	ok(m.ready && m.status_len == 14 && memcmp(m.status, "up and running", 14) == 0, "status span");
	ok(m.newline, "it holds a newline");
	is_int(P("STATUS=a\nSTATUS=bc"), 2, "two STATUS= lines");
	ok(m.status_len == 2 && memcmp(m.status, "bc", 2) == 0, "the last STATUS= wins");
	is_int(P("STATUS="), 1, "an empty STATUS=");
	ok(m.status && m.status_len == 0, "an empty span, not none");
}

static void not_ready(void)
{
	is_int(P("READY=0"), 0, "READY=0 is not ready");
	ok(!m.ready, "not ready");
	is_int(P("READY=10"), 0, "READY=10 is not READY=1");
	is_int(P("READY=1 "), 0, "READY=1 with a trailing blank is not READY=1");
	is_int(P(" READY=1"), 0, "a leading blank is another key");
	is_int(P("ready=1"), 0, "keys are case-sensitive");
	is_int(P("READY"), 0, "no value");
	is_int(P("MAINPID=4\nWATCHDOG=1\nSTOPPING=1\nX-Y=z"), 0, "unknown assignments ignored");
	ok(!m.ready && !m.status && m.newline, "nothing understood, a newline seen");
	is_int(P(""), 0, "an empty datagram");
	ok(!m.ready && !m.newline, "nothing in it");
	is_int(P("\n"), 0, "a bare newline (ready = fd:N)");
	ok(m.newline && !m.ready, "a newline, nothing else");
}

static void hostile(void)
{
	/* A NUL before READY=1 on the same line: not READY=1. */
	is_int(parse("\0READY=1", 8), 0, "a NUL before the key");
	/* A NUL inside the status: kept in the span (the caller escapes). */
	is_int(parse("STATUS=a\0b\nREADY=1", 18), 2, "a NUL inside STATUS=");
	ok(m.ready && m.status_len == 3 && memcmp(m.status, "a\0b", 3) == 0, "span by length, NUL kept");
	/* READY=1 cut by the length: the parser never reads past it. */
	is_int(parse("READY=1", 6), 0, "READY= cut by its length is not READY=1");
	/* A long datagram of newlines and a status at the very end. */
	static char big[4096];
	memset(big, '\n', sizeof big);
	memcpy(big + sizeof big - 8, "STATUS=x", 8);
	is_int(parse(big, sizeof big), 1, "a status after 4088 newlines");
	ok(m.status_len == 1 && m.status == big + sizeof big - 1, "its span points at the last byte");
}

int main(void)
{
	basics();
	not_ready();
	hostile();
	return done();
}
