/* SPDX-License-Identifier: MIT */
/*
 * Days since 1970-01-01 to a civil date.  The calendar repeats every 400
 * years (146097 days), so the day number is moved to an era that starts
 * on a 1 March; with March as the first month the leap day is the last
 * day of the year, and the month follows from the day of the year by a
 * fixed linear rule (153 days per 5 months).
 */
#include "init/rt/utc.h"

#include <errno.h>
#include <stdio.h>

#define SECS_PER_DAY   86400
#define DAYS_PER_ERA   146097  /* 400 Gregorian years */
#define EPOCH_SHIFT    719468  /* days from 0000-03-01 to 1970-01-01 */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int utc_from_secs(int64_t secs, struct utc_date *out)
{
	int64_t days = floor_div(secs, SECS_PER_DAY);
	int64_t in_day = secs - days * SECS_PER_DAY;
	out->hour = (uint8_t)(in_day / 3600);
	out->minute = (uint8_t)(in_day / 60 % 60);
	out->second = (uint8_t)(in_day % 60);

	int64_t shifted = days + EPOCH_SHIFT;
	int64_t era = floor_div(shifted, DAYS_PER_ERA);
	int64_t day_of_era = shifted - era * DAYS_PER_ERA;                 /* 0..146096 */
	int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
			       - day_of_era / 146096) / 365;                  /* 0..399 */
	int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4
					    - year_of_era / 100);             /* 0..365, from 1 March */
	int64_t month_from_march = (5 * day_of_year + 2) / 153;              /* 0..11 */
	out->day = (uint8_t)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	out->month = (uint8_t)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
	int64_t year = year_of_era + era * 400 + (out->month <= 2);
	out->year = (int32_t)year;
	return 0;
}

int utc_format(int64_t secs, char *buf, size_t len)
{
	struct utc_date d;
	utc_from_secs(secs, &d);
	int n = snprintf(buf, len, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)d.year, d.month, d.day, d.hour,
			 d.minute, d.second);
	return (n < 0 || (size_t)n >= len) ? -ENOSPC : n;
}
