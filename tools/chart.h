/* SPDX-License-Identifier: MIT */
/*
 * journal-dump --chart: one boot of a journal drawn as a plain SVG 1.1
 * timeline (docs/bootchart.md).  Host only.  The walk's records are fed
 * in, oldest first; those of the chosen boot become per-service events
 * at t * 1000 + ms ms since boot, and the drawing has one bar per
 * service (a <g class="bar">), one span per state between two records,
 * restarts and failures marked, on an axis of seconds since boot.  It
 * needs no HEALTHY record and no clean end: a board that never finished
 * booting is drawn up to its last record.  Names come from the flash and
 * are escaped for XML; nothing in the output is a script or a link.
 */
#ifndef KEEL_CHART_H
#define KEEL_CHART_H

#include <stdint.h>
#include <stdio.h>

#include "init/journal/jcore.h"

/* Start a chart of boot (its number in the journal). */
void chart_begin(uint32_t boot);

/* One frame of the walk (jcore_walk's callback item). */
void chart_add(const struct jwalk_item *it);

/* Write the SVG to out; ji gives the damage the walk found.  Returns the
 * number of records of the boot that were found (0: an empty chart). */
int chart_write(FILE *out, const struct journal_info *ji);

#endif
