/* SPDX-License-Identifier: MIT */
/*
 * The journal's public API (init/journal/journal.h) on a real file:
 * created at its size, reopened as the next boot, the job rows and the
 * history with names, a re-exec's resume, the walk state that must be
 * lent (none: refused, the store left as it was), and the RAM-only
 * fallbacks (a directory, no path).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/journal/journal.h"
#include "svc/run/jobstate.h"
#include "tests/unit/jtest.h"
#include "tests/unit/t.h"

static struct jstate work;   /* the walk state PID 1 lends from its scratch area */

static void test_file_api(void)
{
	char dir[] = "/tmp/keel-jXXXXXX", path[64];
	static uint8_t img[65536];
	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(path, sizeof path, "%s/journal", dir);
	is_int(journal_open(path, 65536, &work), 0, "journal_open creates the file");
	struct stat st;
	ok(!stat(path, &st) && st.st_size == 65536, "64 KiB file");
	int fd = open(path, O_RDONLY), ff = 0;
	ok(fd >= 0 && pread(fd, img, sizeof img, 0) == (ssize_t)sizeof img, "read it back");
	close(fd);
	for (uint32_t i = 8192; i < sizeof img; i++)
		ff += img[i] == 0xff;
	ok(ff == 65536 - 8192 && img[0] == JF_MAGIC, "segment 0 has the journal, the rest is 0xFF");
	const struct journal_info *ji = journal_get_info();
	ok(ji->open && ji->fresh && ji->boot == 1, "fresh, boot 1");
	journal_job("sshd", JOB_RUNNING, 0, JOURNAL_EXIT_NONE);
	journal_job("crasher", JOB_BACKOFF, 3, -11);
	journal_start("crasher");
	journal_quarantine("crasher", true);
	journal_close();
	is_int(journal_open(path, 0, &work), 0, "reopen");
	ji = journal_get_info();
	ok(ji->open && !ji->fresh && ji->boot == 2 && ji->unhealthy_streak == 1, "boot 2, streak 1");
	is_str(ji->prev_last_start, "crasher", "culprit candidate");
	ok(ji->nquarantined == 1 && !strcmp(ji->quarantined[0], "crasher"), "quarantine list");
	struct journal_rec r;
	ok(!journal_job_last("crasher", &r) && r.restart_count == 3 && r.exit == -11 && r.state == JOB_BACKOFF &&
	   r.on == 1 && r.boot == 1 && !strcmp(r.name, "crasher"), "job_last: rc 3, exit -11, quarantined");
	is_int(journal_job_last("nope", &r), -ENOENT, "unknown job");
	struct hcap h = { 0 };
	is_int(journal_history(10, hcb, &h, &work), 6, "6 history records");
	ok(h.r[0].type == JREC_BOOT && h.r[1].type == JREC_JOB && !strcmp(h.r[1].name, "sshd") &&
	   h.r[1].exit == JOURNAL_EXIT_NONE && h.r[2].exit == -11 && !strcmp(h.r[2].name, "crasher") &&
	   h.r[3].type == JREC_START && h.r[4].type == JREC_QUAR && h.r[4].on == 1 &&
	   h.r[5].type == JREC_BOOT && h.r[5].boot == 2, "with names and exits");
	is_int(journal_resume(path, 0, &work), 0, "resume");
	ji = journal_get_info();
	ok(ji->open && ji->boot == 2 && ji->unhealthy_streak == 1, "resume keeps boot 2");
	struct hcap none = { 0 };
	is_int(journal_history(10, hcb, &none, NULL), -EINVAL, "history with no work lent: refused");
	is_int(none.n, 0, "and nothing shown");
	is_int(journal_resume(path, 0, NULL), -EINVAL, "resume with no work lent: refused");
	ji = journal_get_info();
	ok(!ji->open && ji->err == -EINVAL && ji->boot == 1, "RAM-only, err -EINVAL");
	journal_close();
	is_int(journal_open(path, 0, &work), 0, "the store was left as it was: it opens again");
	ji = journal_get_info();
	ok(ji->open && ji->boot == 3 && ji->unhealthy_streak == 2, "boot 3 after boot 2");
	journal_close();
	int e = journal_open(dir, 65536, &work);
	ok(e < 0, "a directory is refused (%d)", e);
	ji = journal_get_info();
	ok(!ji->open && ji->boot == 1 && ji->err == e && ji->fresh, "RAM-only, boot 1, err set");
	journal_job("x", JOB_RUNNING, 0, JOURNAL_EXIT_NONE);
	ok(!journal_job_last("x", &r) && r.state == JOB_RUNNING, "RAM-only still records");
	is_int(journal_open("", 0, &work), -ENOENT, "no path: RAM only");
	ji = journal_get_info();
	ok(!ji->open && ji->boot == 1 && journal_job_last("x", &r) == -ENOENT, "a new RAM-only boot 1");
	journal_close();
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_file_api();
	return done();
}
