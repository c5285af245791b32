/* SPDX-License-Identifier: MIT */
/* `initctl log`: see init/ctl/logcmd.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/ctl/logcmd.h"
#include "init/ctl/status.h"
#include "init/health/boothook.h"
#include "init/rt/esc.h"
#include "init/scratch.h"
#include "svc/out/output.h"
#include "svc/run/job.h"
#include "init/rt/num.h"

#define BUDGET (REPLY_OUT_MAX - 512)   /* room for the notes */
#define ENDS_MAX 128                    /* run ends looked up for --all headers */

struct run_end {
	uint64_t seq;
	int32_t exit;
	uint16_t id;
};

struct logq {
	unsigned id;             /* 0: every job */
	bool has_run, all, times, follow;
	uint32_t run;            /* --run K */
	unsigned long last_n;    /* -n N, 0: no limit */
	uint64_t after;          /* --after SEQ */
	bool current;            /* NAME alone: the current run */
	uint32_t cur_run;
	uint64_t start_seq;      /* the current run's start record (0: not kept) */
	struct run_end ends[ENDS_MAX];
	unsigned nends;
	/* a walk over the ring */
	struct scratch_log *walk;   /* a record's text and rows, lent from the scratch area */
	uint64_t hdr_key;        /* (id << 32 | run) + 1 of the last --all header */
	unsigned long rows;      /* rows selected (first pass) */
	size_t bytes;            /* their bytes (first pass) */
};

static bool number(const char *s, unsigned long long max, unsigned long long *v)
{
	uint64_t x;
	if (num_whole(s, max, &x) < 0)
		return false;
	*v = x;
	return true;
}

static int usage(struct reply *r)
{
	reply_err(r, "usage: log [NAME] [-n N] [--run K] [--all] [-t]\n");
	return -EINVAL;
}

/* One option at w[*i] (its value taken too); false if unknown. */
static bool option(struct logq *q, char **w, int n, int *i)
{
	unsigned long long v;
	const char *a = w[*i];
	if (strcmp(a, "--all") == 0) {
		q->all = true;
		return true;
	}
	if (strcmp(a, "-t") == 0) {
		q->times = true;
		return true;
	}
	if (*i + 1 >= n)
		return false;
	const char *val = w[++*i];
	if (strcmp(a, "-n") == 0 && number(val, 1000000, &v) && v > 0) {
		q->last_n = (unsigned long)v;
	} else if (strcmp(a, "--run") == 0 && number(val, UINT32_MAX, &v)) {
		q->has_run = true;
		q->run = (uint32_t)v;
	} else if (strcmp(a, "--after") == 0 && number(val, UINT64_MAX, &v)) {
		q->follow = true;
		q->after = v;
	} else {
		return false;
	}
	return true;
}

static int parse(struct logq *q, char **w, int n, struct reply *r)
{
	const char *name = NULL;
	for (int i = 1; i < n; i++) {
		if (w[i][0] == '-') {
			if (!option(q, w, n, &i))
				return usage(r);
		} else if (!name) {
			name = w[i];
		} else {
			return usage(r);
		}
	}
	if (!name)
		return 0;
	const struct job *j = job_by_name(name);
	int hook = j ? -ENOENT : boothook_by_name(name);
	if (hook >= 0) {   /* a boot hook: its one run */
		q->id = BOOTHOOK_ID(hook);
		q->current = !q->has_run && !q->all;
		return 0;
	}
	if (!j) {
		char shown[64];
		esc_str(shown, sizeof shown, name);
		reply_err(r, "%s: no such service\n", shown);
		return -ENOENT;
	}
	if (j->conf->log_mode != SVC_LOG_RING && !q->follow) {
		static const char *const where[] = { "the ring", "its log file", "the console", "/dev/kmsg",
						     "/dev/null" };
		reply_err(r, "log: %s writes to %s%s%s (log key); the ring holds what it wrote before\n",
			  j->conf->name, where[j->conf->log_mode % 5], j->conf->log_mode == SVC_LOG_FILE ? " " : "",
			  j->conf->log_mode == SVC_LOG_FILE ? j->conf->log_path : "");
	}
	q->id = j->id;
	q->current = !q->has_run && !q->all;
	q->cur_run = j->restart_count;
	return 0;
}

/* The first pass's look-ups: the current run's start, the run ends. */
static void scan(const struct ring *ring, struct logq *q)
{
	struct ring_iter it;
	struct ring_line l;
	char text[8];
	ring_iter_start(ring, &it);
	while (ring_iter_next(ring, &it, &l, text, sizeof text)) {
		if (l.kind == RING_START && l.id == q->id)
			q->start_seq = l.seq;
		if (l.kind == RING_END && l.len == sizeof(int32_t)) {
			struct run_end *e = &q->ends[q->nends++ % ENDS_MAX];
			e->id = l.id;
			e->seq = l.seq;
			memcpy(&e->exit, text, sizeof e->exit);
		}
	}
}

static bool selected(const struct logq *q, const struct ring_line *l)
{
	if ((q->id && l->id != q->id) || l->seq <= q->after || l->kind == RING_END)
		return false;
	if (l->kind == RING_START && !q->all)
		return false;
	if (q->has_run)
		return l->run == q->run;
	if (q->current)
		return l->run == q->cur_run && l->seq >= q->start_seq;
	return true;
}

static const char *name_of(unsigned id, char *buf, size_t len)
{
	const struct job *j = job_by_id(id);
	if (j)
		return j->conf->name;
	if (boothook_name(id))
		return boothook_name(id);
	snprintf(buf, len, "#%u", id);
	return buf;
}

/* "exit 1", "running", ... for the run of id that started at seq. */
static void run_exit(const struct logq *q, const struct ring_line *l, char *buf, size_t len)
{
	unsigned n = q->nends < ENDS_MAX ? q->nends : ENDS_MAX;
	const struct run_end *best = NULL;
	for (unsigned i = 0; i < n; i++) {
		const struct run_end *e = &q->ends[i];
		if (e->id == l->id && e->seq > l->seq && (!best || e->seq < best->seq))
			best = e;
	}
	const struct job *j = job_by_id(l->id);
	if (best && best->exit == JOB_EXIT_NONE)
		snprintf(buf, len, "did not start");
	else if (best)
		status_exit_text(best->exit, buf, len);
	else if (j && j->pid && j->restart_count == l->run)
		snprintf(buf, len, "running");
	else
		snprintf(buf, len, "exit not kept");
}

/* The --all header of l's run (its start record, or with NAME its first
 * line when the start was overwritten); 0 if none is due. */
static size_t header(struct logq *q, const struct ring_line *l, char *row, size_t cap)
{
	uint64_t key = ((uint64_t)l->id << 32 | l->run) + 1;
	/* Without NAME the jobs interleave: a header at each start only. */
	if (!q->all || (l->kind == RING_OUT && (key == q->hdr_key || !q->id)))
		return 0;
	q->hdr_key = key;
	char ex[48], nb[16];
	run_exit(q, l, ex, sizeof ex);
	int k = snprintf(row, cap, "-- %s run %u (restart_count %u)%s, %s --\n", name_of(l->id, nb, sizeof nb),
			 (unsigned)l->run, (unsigned)l->run, l->kind == RING_START ? "" : ", start not kept", ex);
	return k > 0 && (size_t)k < cap ? (size_t)k : 0;
}

/* The rows of one record into row (a header and/or the line). */
static size_t render(struct logq *q, const struct ring_line *l, const char *text, char *row, size_t cap)
{
	size_t n = header(q, l, row, cap);
	if (l->kind != RING_OUT)
		return n;
	if (q->times)
		n += (size_t)snprintf(row + n, cap - n, "[%5llu.%03llu] ", (unsigned long long)(l->ms / 1000),
				      (unsigned long long)(l->ms % 1000));
	if (!q->id) {
		char nb[16];
		n += (size_t)snprintf(row + n, cap - n, "%s: ", name_of(l->id, nb, sizeof nb));
	}
	n += esc_text(row + n, cap - n - 1, text, l->len);
	row[n++] = '\n';
	return n;
}

/* First pass: how many rows and bytes are selected. */
static void count(const struct ring *ring, struct logq *q)
{
	struct ring_iter it;
	struct ring_line l;
	struct scratch_log *w = q->walk;
	q->hdr_key = 0;
	ring_iter_start(ring, &it);
	while (ring_iter_next(ring, &it, &l, w->text, sizeof w->text))
		if (selected(q, &l)) {
			q->rows++;
			q->bytes += render(q, &l, w->text, w->row, sizeof w->row);
		}
}

/* Second pass: the rows that fit; the sequence number of the last row
 * given (the cursor of the next --after). */
static uint64_t emit(const struct ring *ring, struct logq *q, struct reply *r, unsigned long *left_out)
{
	struct ring_iter it;
	struct ring_line l;
	unsigned long skip = q->last_n && q->rows > q->last_n ? q->rows - q->last_n : 0;
	size_t rest = q->bytes, used = 0;
	uint64_t cursor = q->after;
	struct scratch_log *w = q->walk;
	q->hdr_key = 0;
	ring_iter_start(ring, &it);
	while (ring_iter_next(ring, &it, &l, w->text, sizeof w->text)) {
		if (!selected(q, &l))
			continue;
		size_t k = render(q, &l, w->text, w->row, sizeof w->row);
		if (skip || (!q->follow && rest > BUDGET)) {
			skip -= skip ? 1 : 0;
			rest -= k;
			(*left_out)++;
			continue;
		}
		if (used + k > BUDGET)
			return cursor;   /* --after: the rest next time */
		reply_out(r, "%.*s", (int)k, w->row);
		used += k;
		rest -= k;
		cursor = l.seq;
	}
	return ring_last_seq(ring) > cursor ? ring_last_seq(ring) : cursor;
}

int logcmd_render(char **w, int n, struct reply *r)
{
	/* On the stack (2 KB): below serve() the reply's packets are sent
	 * straight from its buffer, with no copy on the stack (ctl.c). */
	struct logq q;
	memset(&q, 0, sizeof q);
	int rc = parse(&q, w, n, r);
	if (rc < 0)
		return rc;
	const struct ring *ring = out_ring();
	if (!ring) {
		reply_err(r, "log: no output ring this boot (services write to the console)\n");
		return -ENODATA;
	}
	/* Lent from the scratch area: a command runs from the loop, never
	 * inside a load or a re-exec. */
	union scratch *s = scratch_take();
	if (!s) {
		reply_err(r, "log: scratch area busy: try again\n");
		return -EBUSY;
	}
	q.walk = &s->log;
	scan(ring, &q);
	count(ring, &q);
	unsigned long left_out = 0;
	uint64_t cursor = emit(ring, &q, r, &left_out);
	scratch_give(s);
	if (q.follow)
		reply_err(r, LOGCMD_CURSOR "%llu\n", (unsigned long long)cursor);
	if (q.id && ring_dropped(ring, q.id))
		reply_err(r, "log: %u older lines of this service were overwritten in the ring\n",
			  (unsigned)ring_dropped(ring, q.id));
	if (left_out && !q.last_n)
		reply_err(r, "log: %lu older lines left out: the reply holds %d KiB\n", left_out,
			  REPLY_OUT_MAX / 1024);
	return 0;
}
