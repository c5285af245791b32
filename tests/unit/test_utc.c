/* SPDX-License-Identifier: MIT */
/*
 * init/rt/utc.c against glibc's gmtime_r: every day boundary and a few
 * seconds inside each day, from 1600 to 2500 (leap centuries 1600, 2000
 * and 2400, the skipped ones 1700, 1900, 2100), plus edge instants, and
 * the text form with a short buffer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "init/rt/utc.h"
#include "t.h"

#define DAY 86400LL

static int same_as_glibc(int64_t secs)
{
	time_t t = (time_t)secs;
	struct tm tm;
	struct utc_date d;
	if (!gmtime_r(&t, &tm))
		return 0;
	utc_from_secs(secs, &d);
	return d.year == tm.tm_year + 1900 && d.month == tm.tm_mon + 1 && d.day == tm.tm_mday &&
	       d.hour == tm.tm_hour && d.minute == tm.tm_min && d.second == tm.tm_sec;
}

static void sweep(void)
{
	const int64_t from = -11676096000LL;  /* 1600-01-01 */
	const int64_t to = 16725225600LL;     /* 2500-01-01 */
	int64_t bad = 0, first_bad = 0;
	long checked = 0;
	for (int64_t day = from; day < to; day += DAY) {
		const int64_t offs[] = { 0, 1, 3599, 43261, DAY - 1 };
		for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
			checked++;
			if (!same_as_glibc(day + offs[i]) && bad++ == 0)
				first_bad = day + offs[i];
		}
	}
	ok(bad == 0, "%ld instants from 1600 to 2500 agree with gmtime_r", checked);
	if (bad)
		printf("#   %lld differ, first at %lld\n", (long long)bad, (long long)first_bad);
}

static void text(void)
{
	char buf[UTC_TEXT_MAX];
	is_int(utc_format(0, buf, sizeof buf), 20, "the epoch is 20 characters");
	is_str(buf, "1970-01-01T00:00:00Z", "the epoch");
	utc_format(951782400LL, buf, sizeof buf);
	is_str(buf, "2000-02-29T00:00:00Z", "the leap day of 2000");
	utc_format(-1, buf, sizeof buf);
	is_str(buf, "1969-12-31T23:59:59Z", "one second before the epoch");
	utc_format(4102444799LL, buf, sizeof buf);
	is_str(buf, "2099-12-31T23:59:59Z", "the last second of 2099");
	utc_format(4107542400LL, buf, sizeof buf);
	is_str(buf, "2100-03-01T00:00:00Z", "2100 has no 29 February");
	char small[20];
	is_int(utc_format(0, small, sizeof small), -ENOSPC, "a buffer one byte short: -ENOSPC");
	ok(strlen(small) < sizeof small, "and the short buffer is still terminated");
}

int main(void)
{
	sweep();
	text();
	return done();
}
