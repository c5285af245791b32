/* SPDX-License-Identifier: MIT */
/*
 * init/reexec_state.c: a state round-trips exactly, whatever bytes its
 * text fields hold (every value 0..255 in the names and why texts), with
 * running hooks (a job's exec_start_pre and exec_stop_post, boot hooks
 * and their pipes); the reader refuses malformed states whole and still
 * reads a version 4 state (no hook fields).  Written and read through an
 * fd a line at a time (what re-exec does), the text is the same, and a
 * line longer than the reader's buffer is refused, not cut.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "init/reexec_state.h"
#include "tests/unit/t.h"

static char buf[REEXEC_STATE_MAX];
static struct reexec_state a, b;

static void fill_job(struct reexec_job *j, int i)
{
	j->id = (uint16_t)(i + 1);
	j->state = (uint8_t)(i % JOB_STATE_COUNT);
	j->want = i & 1;
	j->held = i & 2;
	j->stop_pending = i & 4;
	j->pid = i ? 100 + i : 0;
	j->sid = i % 5 ? 300 + i : 0;
	j->in_pre = j->state == JOB_STARTING && j->pid;
	j->pre_ok = i & 8;
	j->hook_late = j->in_pre && (i & 16);
	j->post_pid = i % 3 ? 5000 + i : 0;
	j->post_deadline_ms = j->post_pid ? 18446744073709551615ull - (uint64_t)i : 0;
	j->restart_count = 4000000000u - (uint32_t)i;
	j->last_exit = i % 2 ? -9 : 2147483647;
	j->started_ms = 18446744073709551615ull - (uint64_t)i;
	j->since_ms = 12345;
	j->deadline_ms = 0;
	j->rs.head = (uint8_t)(i % RESTART_LIMIT_MAX);
	j->rs.count = RESTART_LIMIT_MAX;
	j->rs.quick = 255;
	j->rs.delay_ms = 4294967295u;
	j->rs.next_ms = 7;
	uint64_t at[RESTART_LIMIT_MAX];
	for (int k = 0; k < RESTART_LIMIT_MAX; k++)
		at[k] = (uint64_t)k * 1000 + (uint64_t)i;
	restart_set_times(&j->rs, at);
	snprintf(j->name, sizeof j->name, "svc-%d", i);
	j->name_len = strlen(j->name);
	snprintf(j->why, sizeof j->why, "held by pid 3 (x\nctl 2\n)");
	j->why_len = strlen(j->why);
}

static void fill(struct reexec_state *s, int njobs)
{
	memset(s, 0, sizeof *s);
	s->version = REEXEC_STATE_VERSION;
	s->ctl_fd = 7;
	s->client_fd = 9;
	s->watchdog_fd = -1;
	s->notify_fd = 11;
	s->log_fd = -1;
	s->last_id = OUT_ID_OWN - 1;
	s->history[0] = 1;
	s->history[2] = 18446744073709551615ull;
	s->njobs = njobs;
	for (int i = 0; i < njobs; i++)
		fill_job(&s->jobs[i], i);
}

static int same(const struct reexec_state *x, const struct reexec_state *y)
{
	return memcmp(x, y, sizeof *x) == 0;
}

/* Every byte value in the text fields: why in chunks of 128, names in
 * chunks of 31 (the decoder alone: check() wants valid names). */
static void every_byte(void)
{
	fill(&a, 0);
	a.njobs = 2 + 9;
	for (int i = 0; i < a.njobs; i++) {
		struct reexec_job *j = &a.jobs[i];
		fill_job(j, i);
		j->why_len = 128;
		for (int k = 0; k < 128; k++)
			j->why[k] = (char)((i % 2) * 128 + k);
		j->why[128] = 0;
		j->name_len = 31;
		for (int k = 0; k < 31; k++)
			j->name[k] = (char)((i * 31 + k) & 0xff);
		j->name[31] = 0;
	}
	int n = reexec_state_write(&a, buf, sizeof buf);
	ok(n > 0, "a state with every byte value in its texts is written (%d bytes)", n);
	int lines = 0, plain = 1;
	for (int i = 0; i < n; i++) {
		lines += buf[i] == '\n';
		if (buf[i] != '\n' && ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] > 0x7e))
			plain = 0;
	}
	is_int(lines, 8 + a.njobs + 1, "one line per record: no text field adds a line");
	ok(plain, "the state is printable ASCII besides its newlines");
	unsigned bad = 0;
	is_int(reexec_state_decode(&b, buf, (size_t)n, &bad), 0, "decoded");
	ok(same(&a, &b), "round trip of every byte value in names and why texts is exact");
	char why[96];
	is_int(reexec_state_read(&b, buf, (size_t)n, why, sizeof why), -EINVAL, "but such names are refused");
	ok(strstr(why, "bad service name") != NULL, "naming the bad name (%s)", why);
}

static void round_trip(void)
{
	fill(&a, SVC_MAX);
	a.log_fd = 13;
	a.npipes = SVC_MAX + BOOTHOOK_COUNT;
	for (int i = 0; i < SVC_MAX; i++)
		a.pipes[i] = (struct reexec_pipe){ (uint16_t)(i + 1), 100 + 2 * i, 101 + 2 * i };
	a.nboothooks = BOOTHOOK_COUNT;
	for (int h = 0; h < BOOTHOOK_COUNT; h++) {
		a.boothooks[h] = (struct reexec_boothook){ (uint8_t)(BOOTHOOK_COUNT - 1 - h), 4194304 - h, 77u + h };
		a.pipes[SVC_MAX + h] = (struct reexec_pipe){ (uint16_t)BOOTHOOK_ID(h), 60000 + 2 * h, 60001 + 2 * h };
	}
	int n = reexec_state_write(&a, buf, sizeof buf);
	ok(n > 0 && (size_t)n < sizeof buf, "a full table of %d jobs and every boot hook fits REEXEC_STATE_MAX",
	   SVC_MAX);
	char why[96] = "";
	is_int(reexec_state_read(&b, buf, (size_t)n, why, sizeof why), 0, "read back (%s)", why);
	ok(same(&a, &b), "every field comes back exactly (hooks, the output ring and %d pipes too)", a.npipes);
	fill(&a, 0);
	n = reexec_state_write(&a, buf, sizeof buf);
	is_int(reexec_state_read(&b, buf, (size_t)n, why, sizeof why), 0, "no jobs: read back");
	ok(same(&a, &b), "no jobs: same");
	is_int(reexec_state_write(&a, buf, 20), -ENOSPC, "a short buffer: -ENOSPC");
}

static char text[4096];

/* The one-job state as text (job fields fixed for the edits below). */
static void base_text(void)
{
	fill(&a, 1);
	a.jobs[0].pid = 42;
	a.jobs[0].state = 2;
	snprintf(a.jobs[0].name, sizeof a.jobs[0].name, "app");
	a.jobs[0].name_len = 3;
	a.jobs[0].post_pid = 77;
	a.jobs[0].post_deadline_ms = 555;
	a.log_fd = 13;
	a.npipes = 1;
	a.pipes[0] = (struct reexec_pipe){ 1, 20, 21 };
	int n = reexec_state_write(&a, text, sizeof text);
	ok(n > 0, "the one-job state is written");
}

/* text with the first from replaced by to is refused. */
static void refused_edit(const char *from, const char *to, const char *what)
{
	char edited[4096], why[96];
	const char *at = strstr(text, from);
	if (!at) {
		ok(0, "%s: '%s' not in the state", what, from);
		return;
	}
	size_t pre = (size_t)(at - text);
	snprintf(edited, sizeof edited, "%.*s%s%s", (int)pre, text, to, at + strlen(from));
	int r = reexec_state_read(&b, edited, strlen(edited), why, sizeof why);
	is_int(r, -EINVAL, "refused: %s (%s)", what, r ? why : "accepted");
}

static void malformed(void)
{
	base_text();
	char why[96];
	is_int(reexec_state_read(&b, text, strlen(text), why, sizeof why), 0, "the unedited state reads");
	refused_edit("keel-state 6", "keel-state 3", "a version older than 4");
	refused_edit("keel-state 6", "keel-state 7", "a newer version");
	refused_edit(" 77 555 0 ", " 77 555 1 ", "session 1 as a job's session");
	refused_edit(" 77 555 0 ", " 77 555 4194305 ", "a session past PID_MAX_LIMIT");
	refused_edit("job 1 2 42 0 ", "job 1 2 42 64 ", "fork_wait on a running job");
	refused_edit("job 1 2 42 0 ", "job 1 1 42 64 ", "fork_wait with a pid");
	refused_edit(" 77 555 ", " 1 555 ", "pid 1 as exec_stop_post");
	refused_edit(" 77 555 ", " 42 555 ", "exec_stop_post with the job's own pid");
	refused_edit(" 77 555 ", " -77 555 ", "a negative exec_stop_post pid");
	refused_edit(" 77 555 ", " 4194305 555 ", "an exec_stop_post pid past PID_MAX_LIMIT");
	refused_edit("job 1 2 42 0 ", "job 1 2 42 8 ", "in_pre on a running job");
	refused_edit("job 1 2 42 0 ", "job 1 1 0 8 ", "in_pre on a starting job without a pid");
	refused_edit("ctl 7", "ctl 2", "a control fd below 3");
	refused_edit("ctl 7", "ctl 9", "one fd handed over twice");
	refused_edit("ctl 7", "ctl 07", "a leading zero");
	refused_edit("ctl 7", "ctl +7", "a plus sign");
	refused_edit("ctl 7", "ctl  7", "two spaces");
	refused_edit("ctl 7", "ctl 7 ", "a trailing space");
	refused_edit("ctl 7", "ctl 65536", "an fd past REEXEC_FD_MAX");
	refused_edit("watchdog -1", "watchdog -0", "minus zero");
	refused_edit("watchdog -1", "watchdog -2", "an fd below -1");
	refused_edit("client 9\n", "", "a missing header line");
	refused_edit("notify 11", "notify 7", "the notify fd also handed over as ctl");
	refused_edit("notify 11\n", "", "no notify line");
	refused_edit("logring 13", "logring 2", "an output ring fd below 3");
	refused_edit("logring 13", "logring 7", "the output ring on the control socket's fd");
	refused_edit("pipe 1 20 21", "pipe 2 20 21", "a pipe of no job");
	refused_edit("pipe 1 20 21", "pipe 1 20 20", "a pipe whose two ends are one fd");
	refused_edit("pipe 1 20 21", "pipe 1 9 21", "a pipe on the client's fd");
	refused_edit("pipe 1 20 21", "pipe 1 -1 21", "a pipe without a read end");
	refused_edit("pipe 1 20 21", "pipe 1 20 21 5", "a pipe line with a word too many");
	refused_edit("pipe 1 20 21\n", "pipe 1 20 21\npipe 1 22 23\n", "a second pipe for one job");
	refused_edit("ids 65519", "ids 65520", "an id counter reaching the boot hooks' ids");
	refused_edit("ids 65519", "ids 65536", "an id counter past 65535");
	char unknown[32];
	snprintf(unknown, sizeof unknown, "job 1 %d 42 ", JOB_STATE_COUNT);   /* the first state there is not */
	refused_edit("job 1 2 42 ", unknown, "an unknown job state");
	refused_edit("job 1 2 42 ", "job 1 2 1 ", "pid 1 as a job's process");
	refused_edit("job 1 2 42 ", "job 1 2 4194305 ", "a pid past PID_MAX_LIMIT");
	refused_edit("job 1 2 42 ", "job 1 2 -42 ", "a negative pid");
	refused_edit("job 1 2 42 ", "job 0 2 42 ", "job id 0");
	refused_edit("job 1 2 42 0 ", "job 1 2 42 128 ", "flags past 127");
	refused_edit("3:app", "3:ap", "a text shorter than its length");
	refused_edit("3:app", "4:app", "a text longer than the line");
	refused_edit("3:app", "3:a p", "a space in a name");
	refused_edit("3:app", "5:a\\x0ap", "an escaped newline in a name");
	refused_edit("3:app", "4:a\\qp", "a bad escape");
	refused_edit("3:app", "32:abcdefghijklmnopqrstuvwxyz012345", "a name past SVC_NAME_MAX");
	refused_edit("end 1", "end 2", "a job count that does not match");
	refused_edit("end 1\n", "end 1\nctl 2\n", "a line after end");
	refused_edit("end 1\n", "ctl 2\nend 1\n", "a header line among the jobs");
	refused_edit("end 1\n", "end 1", "no newline after end");
	refused_edit("end 1\n", "", "no end line");
	refused_edit(" 3:app", "\n3:app", "a job line split before its name");
	/* A job given twice: the same line again, end 2. */
	char twice[8192];
	const char *job = strstr(text, "job "), *end = strstr(text, "pipe 1");
	snprintf(twice, sizeof twice, "%.*s%.*send 2\n", (int)(end - text), text, (int)(end - job), job);
	is_int(reexec_state_read(&b, twice, strlen(twice), why, sizeof why), -EINVAL,
	       "refused: a job given twice (%s)", why);
	/* A second job after the pipe line (a valid job of its own). */
	char late[8192], job2[2048];
	const char *pipe = strstr(text, "pipe 1");
	snprintf(job2, sizeof job2, "%.*s", (int)(pipe - job), job);
	job2[4] = '2';   /* "job 2 ...": another id */
	char *nm = strstr(job2, " 3:app");
	if (nm)
		memcpy(nm, " 3:apq", 6);
	const char *end1 = strstr(text, "end 1");
	snprintf(late, sizeof late, "%.*s%send 2\n", (int)(end1 - text), text, job2);
	ok(strstr(late, "pipe 1 20 21\njob 2 ") != NULL, "the late job follows the pipe line");
	is_int(reexec_state_read(&b, late, strlen(late), why, sizeof why), -EINVAL,
	       "refused: a job line after the pipes (%s)", why);
	/* Every strict prefix of a good state is refused. */
	size_t n = strlen(text);
	int prefixes = 0;
	for (size_t k = 0; k < n; k++)
		prefixes += reexec_state_read(&b, text, k, why, sizeof why) == -EINVAL;
	is_int(prefixes, (int)n, "each of the %zu truncations is refused", n);
}

/* text with from replaced by to, into out (size cap). */
static void edit(char *out, size_t cap, const char *in, const char *from, const char *to)
{
	const char *at = strstr(in, from);
	if (!at) {
		snprintf(out, cap, "%s", in);
		return;
	}
	snprintf(out, cap, "%.*s%s%s", (int)(at - in), in, to, at + strlen(from));
}

/* The base state with a boot hook and its pipe; edits of it. */
static void boothooks(void)
{
	static char good[4096], bad[4096];
	char why[96] = "";
	base_text();
	edit(good, sizeof good, text, "pipe 1 20 21\n", "boothook 1 300 900\npipe 1 20 21\npipe 65521 22 23\n");
	is_int(reexec_state_read(&b, good, strlen(good), why, sizeof why), 0, "a running boot hook reads (%s)", why);
	ok(b.nboothooks == 1 && b.boothooks[0].hook == 1 && b.boothooks[0].pid == 300 &&
	   b.boothooks[0].deadline_ms == 900 && b.npipes == 2, "... with its pid, kill time and pipe");
	static const char *const edits[][3] = {
		{ "boothook 1 300", "boothook 2 300", "a boot hook past BOOTHOOK_COUNT" },
		{ "boothook 1 300", "boothook 1 1", "pid 1 as a boot hook" },
		{ "boothook 1 300", "boothook 1 0", "a boot hook without a pid" },
		{ "boothook 1 300 900\n", "boothook 1 300 900\nboothook 1 301 900\n", "a boot hook given twice" },
		{ "boothook 1 300 900\npipe 1 20 21\n", "pipe 1 20 21\nboothook 1 300 900\n", "a boot hook after a pipe" },
		{ "pipe 65521", "pipe 65520", "the pipe of a boot hook not in the state" },
		{ "pipe 65521 22 23", "pipe 65521 20 23", "a boot hook's pipe on a job pipe's fd" },
		{ "job 1 2 42 0 ", "job 65521 2 42 0 ", "a job with a boot hook's id" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		edit(bad, sizeof bad, good, edits[i][0], edits[i][1]);
		int r = strcmp(bad, good) ? reexec_state_read(&b, bad, strlen(bad), why, sizeof why) : 0;
		is_int(r, -EINVAL, "refused: %s (%s)", edits[i][2], r ? why : "accepted or not edited");
	}
}

/* A version 4 state: no POST_PID and POST_DEADLINE, flags up to 7, no
 * boot hooks.  It reads, with no hook running. */
static void version4(void)
{
	static char v4[4096], bad[4096];
	char why[96] = "";
	base_text();
	edit(bad, sizeof bad, text, "keel-state 6", "keel-state 4");
	edit(v4, sizeof v4, bad, " 77 555 0 ", " ");
	is_int(reexec_state_read(&b, v4, strlen(v4), why, sizeof why), 0, "a version 4 state reads (%s)", why);
	ok(b.version == 4 && b.njobs == 1 && b.jobs[0].pid == 42 && !b.jobs[0].post_pid && !b.jobs[0].in_pre &&
	   b.jobs[0].rs.next_ms == 7, "its job, every field in place, no hook");
	edit(bad, sizeof bad, v4, "job 1 2 42 0 ", "job 1 1 42 8 ");
	is_int(reexec_state_read(&b, bad, strlen(bad), why, sizeof why), -EINVAL, "version 4: flags past 7 refused");
	edit(bad, sizeof bad, v4, "pipe 1 20 21\n", "boothook 1 300 900\npipe 1 20 21\n");
	is_int(reexec_state_read(&b, bad, strlen(bad), why, sizeof why), -EINVAL, "version 4: a boot hook line refused");
	is_int(reexec_state_read(&b, text, strlen(text), why, sizeof why), 0, "the version 6 text still reads");
	edit(bad, sizeof bad, text, "keel-state 6", "keel-state 4");
	is_int(reexec_state_read(&b, bad, strlen(bad), why, sizeof why), -EINVAL,
	       "version 4 with version 6 job lines refused");
}

/* A version 5 state: no SID, flags up to 63 (no fork_wait). */
static void version5(void)
{
	static char v5[4096], bad[4096];
	char why[96] = "";
	base_text();
	edit(bad, sizeof bad, text, "keel-state 6", "keel-state 5");
	edit(v5, sizeof v5, bad, " 77 555 0 ", " 77 555 ");
	is_int(reexec_state_read(&b, v5, strlen(v5), why, sizeof why), 0, "a version 5 state reads (%s)", why);
	ok(b.version == 5 && b.njobs == 1 && b.jobs[0].pid == 42 && b.jobs[0].post_pid == 77 && !b.jobs[0].sid &&
	   !b.jobs[0].fork_wait && b.jobs[0].rs.next_ms == 7, "its job, every field in place, no session");
	edit(bad, sizeof bad, v5, "job 1 2 42 0 ", "job 1 1 0 64 ");
	is_int(reexec_state_read(&b, bad, strlen(bad), why, sizeof why), -EINVAL, "version 5: flags past 63 refused");
	edit(bad, sizeof bad, text, "keel-state 6", "keel-state 5");
	is_int(reexec_state_read(&b, bad, strlen(bad), why, sizeof why), -EINVAL,
	       "version 5 with version 6 job lines refused");
}

/* The whole of fd's text from its start into dst: its length. */
static size_t slurp(int fd, char *dst, size_t cap)
{
	size_t n = 0;
	ssize_t k;
	lseek(fd, 0, SEEK_SET);
	while (n < cap && (k = read(fd, dst + n, cap - n)) > 0)
		n += (size_t)k;
	lseek(fd, 0, SEEK_SET);
	return n;
}

static char line_buf[REEXEC_STATE_BUF], streamed[REEXEC_STATE_MAX];

static void through_fd(void)
{
	fill(&a, SVC_MAX);
	a.nboothooks = 1;
	a.boothooks[0] = (struct reexec_boothook){ 0, 4242, 9 };
	int n = reexec_state_write(&a, buf, sizeof buf);
	int fd = memfd_create("state", 0);
	is_int(reexec_state_write_fd(&a, fd, line_buf, sizeof line_buf), 0, "written to an fd a line at a time");
	size_t m = slurp(fd, streamed, sizeof streamed);
	ok(n > 0 && m == (size_t)n && memcmp(buf, streamed, m) == 0,
	   "the same %d bytes as written whole, through a %zu-byte buffer", n, sizeof line_buf);
	char why[96] = "";
	is_int(reexec_state_read_fd(&b, fd, line_buf, sizeof line_buf, why, sizeof why), 0, "read from the fd (%s)", why);
	ok(same(&a, &b), "every field comes back exactly");

	char small[200];
	lseek(fd, 0, SEEK_SET);
	is_int(reexec_state_read_fd(&b, fd, small, sizeof small, why, sizeof why), -EINVAL,
	       "a job line longer than the reader's buffer is refused");
	is_str(why, "malformed state line 9", "naming the line (the first job)");
	is_int(reexec_state_write_fd(&a, fd, small, sizeof small), -ENOSPC,
	       "a writer's buffer shorter than a line: -ENOSPC");
	close(fd);

	fd = memfd_create("state", 0);
	is_int(write(fd, buf, (size_t)n - 1), n - 1, "a state without its last newline");
	lseek(fd, 0, SEEK_SET);
	is_int(reexec_state_read_fd(&b, fd, line_buf, sizeof line_buf, why, sizeof why), -EINVAL, "is refused");
	is_int(reexec_state_read_fd(&b, -1, line_buf, sizeof line_buf, why, sizeof why), -EBADF,
	       "an fd that cannot be read: its errno");
	close(fd);
	int ro = open("/dev/null", O_RDONLY);
	is_int(reexec_state_write_fd(&a, ro, line_buf, sizeof line_buf), -EBADF, "a failed write: its errno");
	close(ro);
}

int main(void)
{
	every_byte();
	round_trip();
	malformed();
	boothooks();
	version4();
	version5();
	through_fd();
	return done();
}
