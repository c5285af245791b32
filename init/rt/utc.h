/* SPDX-License-Identifier: MIT */
/*
 * Wall-clock time as text, for the headers of log files: seconds since
 * the epoch to "YYYY-MM-DDTHH:MM:SSZ" (UTC, proleptic Gregorian).  keel's
 * own because musl's gmtime_r() brings its whole time-zone code (about
 * 5.5 KiB of build/init) for a conversion that needs no zone.
 */
#ifndef KEEL_UTC_H
#define KEEL_UTC_H

#include <stddef.h>
#include <stdint.h>

struct utc_date {
	int32_t year;   /* e.g. 2026 */
	uint8_t month;  /* 1..12 */
	uint8_t day;    /* 1..31 */
	uint8_t hour, minute, second;
};

/* secs (may be negative: before 1970) to its UTC date; 0. */
int utc_from_secs(int64_t secs, struct utc_date *out);

/* The ISO 8601 form of secs into buf (at least UTC_TEXT_MAX bytes).
 * Returns the length written (20 for years 0..9999) or -ENOSPC. */
#define UTC_TEXT_MAX 32
int utc_format(int64_t secs, char *buf, size_t len);

#endif
