/* SPDX-License-Identifier: MIT */
/*
 * A journal file written from a fixed script of events with fixed times:
 * three boots on a 64 KiB file (4 KiB segments, so the ring wraps), job
 * events for eight services, enable records, a healthy mark.  Then the
 * file is recovered read-only and checked: boot 3, no torn tail, no CRC
 * error, the last job record.  With KEEL_JOURNAL_IMAGE=PATH the file is
 * written there and kept: tests/journal-xarch.sh runs this program built
 * for x86_64, armhf and aarch64 (under qemu-user) and requires the three
 * images to be the same bytes, read the same by the host's journal-dump.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init/journal/jcore.h"
#include "svc/run/jobstate.h"
#include "t.h"

#define SIZE (64u << 10)

static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */

static void boot_events(int boot, int n)
{
	static const char *names[8] = { "net", "sshd", "crasher", "app", "log", "ntp", "web", "db" };
	uint32_t t = 100u * (uint32_t)boot;
	for (int i = 0; i < n; i++) {
		int32_t exit_code = i % 3 ? -11 : (int32_t)(i % 256);
		int r = jcore_put(&C, JREC_JOB, names[i % 8], (uint8_t)(i % 5), (uint32_t)i / 8, exit_code,
				  t + (uint32_t)i / 10, (uint32_t)(i * 37 % 1000));
		if (r < 0) {
			printf("# jcore_put boot %d event %d: %d\n", boot, i, r);
			return;
		}
	}
	(void)jcore_put(&C, JREC_ENABLE, "web", 0, 0, 0, t + 90, 500);
	(void)jcore_put(&C, JREC_HEALTHY, NULL, 0, 0, 0, t + 95, 999);
}

static int last_job;
static char last_name[64];

static void keep_last(void *u, const struct journal_rec *r)
{
	(void)u;
	if (r->type == JREC_JOB) {
		last_job++;
		snprintf(last_name, sizeof last_name, "%s", r->name);
	}
}

int main(void)
{
	C.work = &work;
	const char *keep = getenv("KEEL_JOURNAL_IMAGE");
	char tmp[] = "/tmp/keel-jimage.XXXXXX";
	const char *path = keep;
	if (!path) {
		int fd = mkstemp(tmp);
		if (fd >= 0)
			close(fd);
		path = tmp;
	}
	unlink(path);
	for (int boot = 1; boot <= 3; boot++) {
		struct store st;
		is_int(store_open(&st, path, SIZE, 0), 0, "boot %d: the file opens as a store", boot);
		jcore_open(&C, &st, 10u * (uint32_t)boot, 0, false);
		is_int(jcore_info(&C)->boot, boot, "boot %d: its number", boot);
		boot_events(boot, 700);
		close(st.fd);
	}
	struct store st;
	is_int(store_open(&st, path, SIZE, STORE_RDONLY), 0, "read back: opens read-only");
	is_int(jcore_recover(&C, &st), 0, "read back: recovery");
	ok(C.info.torn_tails == 0 && C.info.crc_errors == 0, "no torn tail, no CRC error (%u, %u)",
	   C.info.torn_tails, C.info.crc_errors);
	ok(C.layout.seg_count * C.layout.seg_size <= SIZE, "the layout fits the file");
	jcore_history(&C, 5, keep_last, NULL);
	ok(last_job > 0, "history has job records (%d of the last 5)", last_job);
	close(st.fd);
	if (!keep)
		unlink(path);
	return done();
}
