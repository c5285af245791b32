/* SPDX-License-Identifier: MIT */
/*
 * Human words for reclaim results: one line per holder for logs and
 * initctl status, and the one-line reason a start is blocked (job->why).
 * Invariants: writes only into the caller's buffer (snprintf, always
 * NUL-terminated when len > 0); reads nothing but the result.
 */
#include <stdio.h>
#include <string.h>

#include "init/rt/esc.h"
#include "svc/reclaim/reclaim.h"

const char *reclaim_verdict_name(unsigned v)
{
	static const char *const names[] = {
#define RECLAIM_VERDICT_NAME(id, s) [id] = s,
		RECLAIM_VERDICTS(RECLAIM_VERDICT_NAME)
#undef RECLAIM_VERDICT_NAME
	};
	return v < RV_COUNT ? names[v] : "?";
}

static const char *detail_text(unsigned d)
{
	static const char *const texts[] = {
#define RECLAIM_DETAIL_TEXT(id, s) [id] = s,
		RECLAIM_DETAILS(RECLAIM_DETAIL_TEXT)
#undef RECLAIM_DETAIL_TEXT
	};
	return d < RD_COUNT ? texts[d] : "?";
}

static const char *kind_word(unsigned k)
{
	return k == RK_PIDFILE ? "pidfile" : k == RK_SOCKET ? "socket" : "port";
}

/* Which setting allowed the stop: singleton first, as the issue words it. */
static const char *stop_key(const struct reclaim_result *r)
{
	return r->singleton ? "singleton=yes" : "kill_others=yes";
}

/* The reason of a protected holder: "keel itself", "a keel job (pid 7)". */
static void protected_text(const struct reclaim_hold *h, char *buf, size_t len)
{
	if (h->detail == RD_JOB && h->job_pid != h->pid)
		snprintf(buf, len, "child of a keel job (pid %d)", (int)h->job_pid);
	else
		snprintf(buf, len, "%s", detail_text(h->detail));
}

/* Why a holder the service asked to stop is refused: "singleton=no",
 * "runs another program", "runs as uid 0, not as the service's user". */
static void refuse_text(const struct reclaim_hold *h, char *buf, size_t len)
{
	if (h->detail == RD_NONE)
		snprintf(buf, len, "singleton=no");
	else if (h->detail == RD_OTHER_UID)
		snprintf(buf, len, "it runs as uid %u, not as the service's user", (unsigned)h->uid);
	else
		snprintf(buf, len, "%s", detail_text(h->detail));
}

/* An untrusted pidfile: "in a directory other users can write (owner uid 1000)". */
static int ignored_line(const struct reclaim_hold *h, char *buf, size_t len)
{
	char who[32] = "";

	if (h->uid != (uid_t)-1)
		snprintf(who, sizeof who, " (owner uid %u)", (unsigned)h->uid);
	return snprintf(buf, len, "pidfile %s: %s%s: not trusted, ignored (nothing read, removed or signalled)",
			h->what, detail_text(h->detail), who);
}

int reclaim_fmt(const struct reclaim_result *r, int i, char *buf, size_t len)
{
	const struct reclaim_hold *h = &r->h[i];
	const char *k = kind_word(h->kind);
	const char *done = r->dry ? "" : ", removed";
	char why[64], comm[RECLAIM_COMM_MAX * ESC_BYTE_MAX];

	esc_text(comm, sizeof comm, h->comm, strnlen(h->comm, sizeof h->comm));   /* any user names a process */
	switch (h->verdict) {
	case RV_STALE:
		if (h->kind == RK_PIDFILE && h->pid > 0)
			return snprintf(buf, len, "%s %s: pid %d %s: stale%s", k, h->what, (int)h->pid,
					detail_text(h->detail), done);
		return snprintf(buf, len, "%s %s: stale (%s)%s", k, h->what, detail_text(h->detail), done);
	case RV_REUSED:
		return snprintf(buf, len, "%s %s: pid %d (%s) %s: pid reused, %s, process left alone", k,
				h->what, (int)h->pid, comm, detail_text(h->detail),
				r->dry ? "pidfile stale" : "pidfile removed");
	case RV_STOP:
		return snprintf(buf, len, "%s %s held by pid %d (%s): stopping, %s", k, h->what,
				(int)h->pid, comm, stop_key(r));
	case RV_REFUSE:
		refuse_text(h, why, sizeof why);
		return snprintf(buf, len, "%s %s held by pid %d (%s): refusing, %s", k, h->what,
				(int)h->pid, comm, why);
	case RV_PROTECTED:
		protected_text(h, why, sizeof why);
		return snprintf(buf, len, "%s %s held by pid %d (%s), %s%s", k, h->what, (int)h->pid,
				comm, why, r->dry ? "" : ": conflict, never signalled");
	case RV_UNKNOWN:
		return snprintf(buf, len, "%s %s held, %s: refusing", k, h->what, detail_text(h->detail));
	case RV_IGNORED:
		return ignored_line(h, buf, len);
	default:
		return snprintf(buf, len, "%s %s: %s: refusing", k, h->what,
				h->detail == RD_ERRNO ? strerror(h->err) : detail_text(h->detail));
	}
}

/* Whether h is what the status is about: a conflict, or a stop. */
static bool blocking(const struct reclaim_result *r, const struct reclaim_hold *h)
{
	if (r->status == RECLAIM_CONFLICT)
		return h->verdict != RV_STALE && h->verdict != RV_REUSED && h->verdict != RV_STOP &&
		       h->verdict != RV_IGNORED;
	return r->status == RECLAIM_STOP && h->verdict == RV_STOP;
}

int reclaim_why(const struct reclaim_result *r, char *buf, size_t len)
{
	int first = -1, more = 0;

	if (len)
		buf[0] = 0;
	for (int i = 0; i < r->n; i++) {
		if (!blocking(r, &r->h[i]))
			continue;
		if (first < 0)
			first = i;
		else
			more++;
	}
	if (first < 0)
		return 0;
	int n = reclaim_fmt(r, first, buf, len);
	if (more && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " (+%d more)", more);
	return n;
}
