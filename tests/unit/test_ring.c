/* SPDX-License-Identifier: MIT */
/*
 * svc/out/ring.c: the output ring wraps and drops the oldest records
 * first, counting drops per job; a ring another image left is taken over
 * only when it walks; lines are split at RING_LINE_MAX and never merged;
 * and initctl log (init/ctl/logcmd.c) selects the runs it says.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "svc/conf/conf_store.h"
#include "init/ctl/logcmd.h"
#include "svc/out/output.h"
#include "svc/out/ring.h"
#include "svc/run/job.h"
#include "tests/unit/t.h"

static uint64_t mem[(sizeof(struct ring_hdr) + RING_SIZE_MIN) / 8 + 1];

static uint64_t put(struct ring *r, unsigned id, uint32_t run, uint8_t kind, const char *text)
{
	struct ring_line l = { .ms = 5, .run = run, .id = (uint16_t)id, .kind = kind, .len = (uint16_t)strlen(text) };
	return ring_put(r, &l, text);
}

/* The texts of the kept records, joined by '|'. */
static const char *texts(const struct ring *r)
{
	static char all[RING_SIZE_MIN * 2];
	char text[RING_LINE_MAX];
	struct ring_iter it;
	struct ring_line l;
	size_t n = 0;
	all[0] = 0;
	ring_iter_start(r, &it);
	while (ring_iter_next(r, &it, &l, text, sizeof text) && n + l.len + 2 < sizeof all) {
		n += (size_t)snprintf(all + n, sizeof all - n, "%s%.*s", n ? "|" : "", (int)l.len, text);
	}
	return all;
}

static void wraps(void)
{
	struct ring r;
	is_int(ring_init(&r, mem, sizeof mem, RING_SIZE_MIN - 1), -EINVAL, "a ring below RING_SIZE_MIN is refused");
	is_int(ring_init(&r, mem, 100, RING_SIZE_MIN), -EINVAL, "too little memory is refused");
	is_int(ring_init(&r, mem, sizeof mem, RING_SIZE_MIN), 0, "a 4K ring");
	is_int(ring_last_seq(&r), 0, "empty: no sequence number yet");
	/* Records of 26 + 74 = 100 bytes: 40 fit 4096 bytes, the 41st drops one. */
	char line[80];
	for (int i = 0; i < 40; i++) {
		snprintf(line, sizeof line, "%02d%072d", i, 0);
		put(&r, 1 + i % 2, 0, RING_OUT, line);
	}
	is_int(r.h->count, 40, "40 records of 100 bytes fit 4096 bytes");
	is_int(ring_dropped(&r, 1) + ring_dropped(&r, 2), 0, "nothing dropped yet");
	snprintf(line, sizeof line, "40%072d", 0);
	is_int(put(&r, 3, 0, RING_OUT, line), 41, "the 41st record gets sequence number 41");
	is_int(r.h->count, 40, "one record went to make room");
	is_int(ring_dropped(&r, 1), 1, "the oldest (job 1's) counts as dropped for job 1");
	is_int(ring_dropped(&r, 2), 0, "job 2 lost nothing");
	ok(strncmp(texts(&r), "01", 2) == 0, "the oldest kept record is now the second one");
	for (int i = 41; i < 500; i++) {
		snprintf(line, sizeof line, "%03d", i);
		put(&r, 2, 1, RING_OUT, line);
	}
	ok(r.h->used <= r.h->size, "after many wraps the ring holds at most its size (%u)", (unsigned)r.h->used);
	ok(strstr(texts(&r), "|499") != NULL && strstr(texts(&r), "040") == NULL, "the newest are kept, the oldest gone");
	is_int(ring_dropped(&r, 1), 20, "every record of job 1 was dropped and counted");
	is_int(ring_dropped(&r, 3), 1, "and job 3's one");
	is_int(ring_attach(&r, mem, sizeof mem), 0, "the ring walks: another image may take it over");
	char big[RING_LINE_MAX + 100];
	memset(big, 'x', sizeof big);
	struct ring_line l = { .id = 4, .len = sizeof big };
	ring_put(&r, &l, big);
	is_int(l.len, RING_LINE_MAX, "a record is cut at RING_LINE_MAX");
}

static void attach_refuses(void)
{
	struct ring r;
	ring_init(&r, mem, sizeof mem, RING_SIZE_MIN);
	put(&r, 1, 0, RING_OUT, "a");
	put(&r, 1, 0, RING_OUT, "b");
	struct ring_hdr saved = *r.h;
	r.h->magic ^= 1;
	is_int(ring_attach(&r, mem, sizeof mem), -EINVAL, "a wrong magic is refused");
	*r.h = saved;
	r.h->used += 3;
	is_int(ring_attach(&r, mem, sizeof mem), -EINVAL, "records that do not add up to used are refused");
	*r.h = saved;
	r.h->head = r.h->size;
	is_int(ring_attach(&r, mem, sizeof mem), -EINVAL, "a head past the end is refused");
	*r.h = saved;
	r.h->next_seq = 2;
	is_int(ring_attach(&r, mem, sizeof mem), -EINVAL, "a record newer than next_seq is refused");
	*r.h = saved;
	((uint8_t *)mem)[sizeof(struct ring_hdr) + 24] = 0xff;   /* the first record's length */
	is_int(ring_attach(&r, mem, sizeof mem), -EINVAL, "a record longer than RING_LINE_MAX is refused");
	is_int(ring_attach(&r, mem, sizeof(struct ring_hdr) + 10), -EINVAL, "less memory than the size says is refused");
}

static char got[RING_LINE_MAX * 8];
static int lines;

static void collect(void *arg, const char *text, size_t len)
{
	(void)arg;
	size_t n = strlen(got);
	snprintf(got + n, sizeof got - n, "[%.*s]", (int)len, text);
	lines++;
}

static void splits(void)
{
	struct ring_part a = { 0 }, b = { 0 };
	ring_feed(&a, "one\ntw", 6, collect, NULL);
	ring_feed(&b, "other\nhal", 9, collect, NULL);
	ring_feed(&a, "o\n\nthree", 8, collect, NULL);
	ring_feed(&b, "f\n", 2, collect, NULL);
	is_str(got, "[one][other][two][][half]", "lines of two jobs come whole, each from its own partial line");
	is_int(a.len, 5, "'three' waits for its newline");
	got[0] = 0;
	lines = 0;
	static char big[RING_LINE_MAX * 2 + 10];
	memset(big, 'y', sizeof big);
	big[sizeof big - 1] = '\n';
	struct ring_part c = { 0 };
	ring_feed(&c, big, sizeof big, collect, NULL);
	is_int(lines, 3, "a line of 2 x RING_LINE_MAX + 9 bytes is split in three");
	is_int(strlen(got), 3 * 2 + RING_LINE_MAX * 2 + 9, "and no byte is lost");
	got[0] = 0;
	lines = 0;
	memset(big, 'z', RING_LINE_MAX);
	big[RING_LINE_MAX] = '\n';
	ring_feed(&c, big, RING_LINE_MAX + 1, collect, NULL);
	is_int(lines, 1, "a line of exactly RING_LINE_MAX bytes is one line, no empty one after it");
}

/* initctl log over the real ring of svc/out/output.c; the reply's
 * texts are caught whole by a sink of the test. */
static struct reply rep;
static char got_out[REPLY_OUT_MAX + 1], got_err[REPLY_ERR_MAX + 1];
static size_t n_out, n_err;

static int catch_text(int fd, enum reply_text which, const char *text, size_t n)
{
	(void)fd;
	char *dst = which == REPLY_ERR ? got_err : got_out;
	size_t *used = which == REPLY_ERR ? &n_err : &n_out;
	memcpy(dst + *used, text, n);
	*used += n;
	dst[*used] = 0;
	return 0;
}

static const char *logq(const char *args)
{
	char copy[256], *w[16];
	int n = 0;
	snprintf(copy, sizeof copy, "log %s", args);
	for (char *p = strtok(copy, " "); p && n < 16; p = strtok(NULL, " "))
		w[n++] = p;
	n_out = n_err = 0;
	got_out[0] = got_err[0] = 0;
	reply_start(&rep, catch_text, -1);
	int rc = logcmd_render(w, n, &rep);
	reply_end(&rep);
	return rc == 0 ? got_out : "(error)";
}

static void selects(void)
{
	is_int(out_setup(RING_SIZE_MIN * 4, 0, 3), 0, "the output ring in a memfd");
	struct ring *r = (struct ring *)out_ring();
	struct svc_conf c;
	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	c.name = t_str("app");
	struct job *j = job_new(&c);
	c.name = t_str("web");
	struct job *k = job_new(&c);
	for (uint32_t run = 0; run < 3; run++) {
		char t[32];
		put(r, j->id, run, RING_START, "");
		for (int i = 0; i < 3; i++) {
			snprintf(t, sizeof t, "r%u-%d", (unsigned)run, i);
			put(r, j->id, run, RING_OUT, t);
			put(r, k->id, 0, RING_OUT, "w");
		}
		int32_t ex = (int32_t)run + 1;
		struct ring_line l = { .run = run, .id = j->id, .kind = RING_END, .len = 4 };
		ring_put(r, &l, (const char *)&ex);
	}
	put(r, j->id, 3, RING_START, "");
	put(r, j->id, 3, RING_OUT, "now\x1b[2J");
	j->restart_count = 3;
	is_str(logq("app"), "now\\x1b[2J\n", "NAME: the current run only, escaped");
	is_str(logq("app --run 1"), "r1-0\nr1-1\nr1-2\n", "--run 1: restart_count 1's lines");
	is_str(logq("app --run 1 -n 2"), "r1-1\nr1-2\n", "-n 2: the last two of them");
	is_str(logq("app --run 9"), "", "--run of a run not kept: nothing");
	const char *all = logq("app --all");
	ok(strstr(all, "-- app run 0 (restart_count 0), exit 1 --\nr0-0\n") != NULL, "--all: run 0 under its header with its exit");
	ok(strstr(all, "-- app run 2 (restart_count 2), exit 3 --\nr2-0\nr2-1\nr2-2\n-- app run 3") != NULL,
	   "--all: each run under its own header");
	ok(strstr(all, "w\n") == NULL, "--all of app: no line of web");
	const char *every = logq("");
	ok(strstr(every, "app: r0-0\nweb: w\napp: r0-1\n") != NULL, "no NAME: every job interleaved, prefixed");
	char after[64];
	snprintf(after, sizeof after, "app --run 2 --after %llu", (unsigned long long)(ring_last_seq(r) - 8));
	is_str(logq(after), "r2-1\nr2-2\n", "--after SEQ: only newer lines");
	ok(strstr(got_err, LOGCMD_CURSOR) == got_err, "--after: the stderr text starts with the cursor");
	is_str(logq("nosuch"), "(error)", "no such service: an error");
	is_str(logq("app --run"), "(error)", "--run without K: usage");
}

int main(void)
{
	wraps();
	attach_refuses();
	splits();
	selects();
	return done();
}
