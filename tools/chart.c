/* SPDX-License-Identifier: MIT */
/*
 * The boot chart of tools/chart.h.  Collecting: every record of the boot
 * is an event of its job's lane (one lane per name; a SNAPSHOT row of the
 * boot starts the lane of a job whose earlier records are gone), BOOT,
 * HEALTHY and SHUTDOWN mark the axis, QUAR marks a lane.  Drawing: a
 * state lasts from its record to the lane's next one; the last state of a
 * lane lasts to the end of the chart unless it is stopped or done (the
 * service is gone).  Fixed tables, no allocation; a boot with more events
 * than the table is drawn up to there and says so.
 */
#include <inttypes.h>
#include <string.h>

#include "svc/run/jobstate.h"
#include "tools/chart.h"

#define LANES_MAX   (2 * SVC_MAX)   /* a boot can bind an id to a second name */
#define EVENTS_MAX  16384
#define NONE        UINT64_MAX      /* no such time */

/* The drawing's geometry, in px. */
#define WIDTH       1000
#define LEFT        200             /* names to the left of it */
#define RIGHT       160             /* room for a lane's note */
#define TOP         58
#define LANE_H      22
#define BAR_H       14
#define PLOT_W      (WIDTH - LEFT - RIGHT)

struct cevent {
	uint64_t ms;                /* since boot */
	uint32_t rc;
	int32_t exit;
	uint8_t lane, state;
};

struct lane {
	char name[SVC_NAME_MAX];
	bool quarantined;           /* a QUAR record of the boot set it (and none lifted it) */
};

static struct {
	uint32_t boot, records;
	bool truncated;             /* events past EVENTS_MAX or lanes past LANES_MAX */
	uint64_t boot_ms, healthy_ms, shutdown_ms;
	uint64_t first_ms, end_ms;  /* the earliest and the latest time of the boot's records */
	int nlanes, nevents;
	struct lane lane[LANES_MAX];
	struct cevent ev[EVENTS_MAX];
	int next[EVENTS_MAX];       /* the lane's next event, -1 none (chart_write) */
} C;

void chart_begin(uint32_t boot)
{
	memset(&C, 0, sizeof C);
	C.boot = boot;
	C.boot_ms = C.healthy_ms = C.shutdown_ms = C.first_ms = NONE;
}

/* A time of the boot: the chart spans them all. */
static void seen_at(uint64_t ms)
{
	if (ms > C.end_ms)
		C.end_ms = ms;
	if (ms < C.first_ms)
		C.first_ms = ms;
}

/* The lane of name: found, or a new one (-1 when the table is full). */
static int lane_of(const char *name, bool create)
{
	for (int i = 0; i < C.nlanes; i++)
		if (!strncmp(C.lane[i].name, name, SVC_NAME_MAX))
			return i;
	if (!create || !name[0])
		return -1;
	if (C.nlanes == LANES_MAX) {
		C.truncated = true;
		return -1;
	}
	memcpy(C.lane[C.nlanes].name, name, SVC_NAME_MAX);
	C.lane[C.nlanes].name[SVC_NAME_MAX - 1] = '\0';
	return C.nlanes++;
}

static void add_event(int lane, uint64_t ms, const uint32_t *v)
{
	if (lane < 0)
		return;
	if (C.nevents == EVENTS_MAX) {
		C.truncated = true;
		return;
	}
	C.ev[C.nevents++] = (struct cevent){ .ms = ms, .rc = v[JK_RC], .exit = (int32_t)v[JK_EXIT],
					     .lane = (uint8_t)lane, .state = (uint8_t)v[JK_STATE] };
	seen_at(ms);
}

/* A SNAPSHOT's rows of this boot whose job has no lane yet: the state
 * they were in at the row's time (whole seconds: rows carry no ms). */
static void add_rows(const struct jstate *rows)
{
	for (int i = 0; i < SVC_MAX; i++) {
		const struct jjob *j = &rows->job[i];
		if (!j->name[0] || j->v[JK_BOOT] != C.boot || lane_of(j->name, false) >= 0)
			continue;
		add_event(lane_of(j->name, true), (uint64_t)j->v[JK_T] * 1000, j->v);
	}
}

static void set_quarantine(int lane, bool on)
{
	if (lane >= 0)
		C.lane[lane].quarantined = on;
}

void chart_add(const struct jwalk_item *it)
{
	if (!it->rec)
		return;
	const uint32_t *v = it->rec->v;
	uint32_t type = v[JK_TYPE];
	if (type == JREC_SNAPSHOT)
		add_rows(it->names);
	if (v[JK_BOOT] != C.boot)
		return;
	uint64_t ms = (uint64_t)v[JK_T] * 1000 + v[JK_MS];
	const char *name = v[JK_JOB] ? it->names->job[v[JK_JOB] - 1].name : "";
	C.records++;
	seen_at(ms);
	if (type == JREC_BOOT)
		C.boot_ms = ms;
	else if (type == JREC_HEALTHY && C.healthy_ms == NONE)
		C.healthy_ms = ms;
	else if (type == JREC_SHUTDOWN)
		C.shutdown_ms = ms;
	else if (type == JREC_JOB || type == JREC_BIND)
		add_event(lane_of(name, true), ms, v);
	else if (type == JREC_QUAR)
		set_quarantine(lane_of(name, true), v[JK_ON] != 0);
}

/* Text from the flash as XML character data or an attribute value:
 * markup characters as entities, anything but printable ASCII as '?'
 * (the decoder lets none through, but the chart does not rely on it). */
static void xml_text(FILE *out, const char *s)
{
	for (size_t i = 0; i < SVC_NAME_MAX && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c == '\'')
			fputs("&apos;", out);
		else
			fputc(c >= 0x20 && c < 0x7f ? c : '?', out);
	}
}

/* Fill colour of a state's span, NULL for a state not drawn. */
static const char *state_colour(unsigned state)
{
	static const char *const colour[JOB_STATE_COUNT] = {
		[JOB_STARTING] = "#e9b949", [JOB_RUNNING] = "#4caf50", [JOB_STOPPING] = "#9e9e9e",
		[JOB_BACKOFF] = "#ff9800", [JOB_FAILED] = "#d32f2f", [JOB_BLOCKED] = "#7b1fa2",
		[JOB_DONE] = "#90caf9", [JOB_QUARANTINED] = "#37474f",
	};
	return state < JOB_STATE_COUNT ? colour[state] : NULL;
}

/* A tick of 1, 2 or 5 times a power of ten ms (at least 100 ms) that
 * cuts length into fewer than 10 steps. */
static uint64_t tick_for(uint64_t length)
{
	static const uint64_t steps[] = { 1, 2, 5 };
	for (uint64_t scale = 100; scale < UINT64_MAX / 100; scale *= 10)
		for (int i = 0; i < 3; i++)
			if (length / (steps[i] * scale) < 10)
				return steps[i] * scale;
	return UINT64_MAX / 10;
}

static uint64_t origin, span;       /* the ms at the plot's left edge, and its width in ms */

/* The axis: from 0 (the kernel's start) unless the boot's first record
 * came more than ten times as late as the boot lasted from there (an
 * init started long after boot, as in a test): then from a tick before
 * that record.  To a tick after the
 * last record.  Sets origin and span; returns the tick. */
static uint64_t axis_fit(void)
{
	uint64_t first = C.first_ms == NONE ? 0 : C.first_ms, end = C.end_ms;
	origin = 0;
	if (first / 10 > end - first)
		origin = first / tick_for(end - first) * tick_for(end - first);
	uint64_t tick = tick_for(end - origin);
	span = ((end - origin) / tick + 1) * tick;
	return tick;
}

/* The x of a time. */
static double x_of(uint64_t ms)
{
	return LEFT + (double)(ms - origin) * PLOT_W / (double)span;
}

static void print_secs(FILE *out, uint64_t ms)
{
	fprintf(out, "%" PRIu64 ".%03" PRIu64 " s", ms / 1000, ms % 1000);
}

/* Why a job ended, for a title. */
static void print_exit(FILE *out, int32_t exit)
{
	if (exit == JOURNAL_EXIT_NONE)
		fputs("no exit status", out);
	else if (exit < 0)
		fprintf(out, "killed by signal %" PRId32, -exit);
	else
		fprintf(out, "exit %" PRId32, exit);
}

/* A vertical line across the lanes at ms, labelled at the top: to its
 * left (anchor "end") or right ("start"). */
static void mark_line(FILE *out, uint64_t ms, int bottom, const char *colour, const char *label,
		      const char *anchor)
{
	if (ms == NONE)
		return;
	double x = x_of(ms);
	double text_x = strcmp(anchor, "end") ? x + 3 : x - 3;
	fprintf(out, "<g class=\"mark\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
		"stroke-dasharray=\"4,3\"/><text x=\"%.1f\" y=\"%d\" fill=\"%s\" text-anchor=\"%s\">%s ",
		x, TOP - 8, x, bottom, colour, text_x, TOP - 11, colour, anchor, label);
	print_secs(out, ms);
	fputs("</text></g>\n", out);
}

/* The axis under the lanes: a tick and a label per step, grid lines. */
static void axis(FILE *out, int bottom, uint64_t tick)
{
	fprintf(out, "<g class=\"axis\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
		LEFT, bottom, LEFT + PLOT_W, bottom);
	for (uint64_t ms = origin; ms <= origin + span; ms += tick) {
		double x = x_of(ms);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%" PRIu64 ".%" PRIu64 "</text>\n",
			x, TOP - 4, x, bottom + 4, x, bottom + 16, ms / 1000, ms % 1000 / 100);
	}
	fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">seconds since boot</text></g>\n", LEFT + PLOT_W,
		bottom + 30);
}

/* One state's span of a lane: [from, to) at the lane's y. */
static void span_rect(FILE *out, const struct cevent *e, uint64_t to, int y)
{
	const char *colour = state_colour(e->state);
	if (!colour)
		return;
	double x = x_of(e->ms), w = x_of(to) - x;
	int h = e->state == JOB_FAILED || e->state == JOB_BLOCKED || e->state == JOB_QUARANTINED ? BAR_H / 2 : BAR_H;
	fprintf(out, "<rect class=\"span %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
		"<title>%s from ", job_state_name(e->state), x, y + (BAR_H - h) / 2, w < 1 ? 1 : w, h, colour,
		job_state_name(e->state));
	print_secs(out, e->ms);
	fputs(" to ", out);
	print_secs(out, to);
	fprintf(out, " (rc %" PRIu32 ")</title></rect>\n", e->rc);
}

/* Whether a state has a process of the job that was spawned. */
static bool is_up(unsigned state)
{
	return state == JOB_STARTING || state == JOB_RUNNING;
}

/* Whether e is a spawn: up after a state that was not (or first). */
static bool is_spawn(const struct cevent *prev, const struct cevent *e)
{
	return is_up(e->state) && (!prev || !is_up(prev->state));
}

/* Restart and failure marks at event e of a lane whose previous event
 * (if any) is prev and which has been spawned starts times: a restart is
 * a spawn after an earlier one, a failure a process that ended on its
 * own (it was starting or running, not being stopped) with a nonzero
 * exit or a signal. */
static void marks(FILE *out, const struct cevent *prev, const struct cevent *e, int starts, int y)
{
	double x = x_of(e->ms);
	if (is_spawn(prev, e) && starts > 1)
		fprintf(out, "<path class=\"restart\" d=\"M%.1f %d l-4 -5 h8 z\" fill=\"#1565c0\">"
			"<title>restart %d (rc %" PRIu32 ")</title></path>\n", x, y, starts - 1, e->rc);
	bool was_up = prev && is_up(prev->state);
	if (!was_up || is_up(e->state) || e->exit == 0 || e->exit == JOURNAL_EXIT_NONE)
		return;
	fprintf(out, "<path class=\"fail\" d=\"M%.1f %d l8 8 m0 -8 l-8 8\" stroke=\"#b71c1c\" stroke-width=\"2\">"
		"<title>", x - 4, y + (BAR_H - 8) / 2);
	print_exit(out, e->exit);
	fputs(" at ", out);
	print_secs(out, e->ms);
	fputs("</title></path>\n", out);
}

/* The note right of a lane: how its boot ended for it. */
static void lane_note(FILE *out, int lane, const struct cevent *last, int restarts, int y)
{
	const char *note = NULL;
	if (C.lane[lane].quarantined || last->state == JOB_QUARANTINED)
		note = "quarantined";
	else if (last->state == JOB_BLOCKED)
		note = "blocked";
	else if (last->state == JOB_FAILED)
		note = "failed";
	fprintf(out, "<text class=\"note\" x=\"%d\" y=\"%d\">", LEFT + PLOT_W + 6, y + BAR_H - 3);
	if (note)
		fputs(note, out);
	if (restarts)
		fprintf(out, "%s%d restart%s", note ? ", " : "", restarts, restarts == 1 ? "" : "s");
	fputs("</text>\n", out);
}

/* Lane i at row y: its name, its spans, marks and note, in one group. */
static void lane_bar(FILE *out, int lane, int y)
{
	const struct cevent *prev = NULL;
	int starts = 0;
	fprintf(out, "<g class=\"bar\" id=\"bar-%d\"><title>", lane + 1);
	xml_text(out, C.lane[lane].name);
	fprintf(out, "</title>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LEFT - 6, y + BAR_H - 3);
	xml_text(out, C.lane[lane].name);
	fputs("</text>\n", out);
	for (int k = 0; k < C.nevents; k++) {
		const struct cevent *e = &C.ev[k];
		if (e->lane != lane)
			continue;
		if (C.next[k] >= 0)
			span_rect(out, e, C.ev[C.next[k]].ms, y);
		else if (e->state != JOB_DONE)
			span_rect(out, e, C.end_ms, y);   /* still so at the last record */
		starts += is_spawn(prev, e);
		marks(out, prev, e, starts, y);
		prev = e;
	}
	if (prev)
		lane_note(out, lane, prev, starts > 1 ? starts - 1 : 0, y);
	fputs("</g>\n", out);
}

/* The states' colours, under the axis. */
static void legend(FILE *out, int y)
{
	int x = LEFT;
	fprintf(out, "<g class=\"legend\">\n");
	for (unsigned s = 0; s < JOB_STATE_COUNT; s++) {
		if (!state_colour(s))
			continue;
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">%s</text>\n", x, y, state_colour(s), x + 14, y + 9, job_state_name(s));
		x += 20 + 8 * (int)strlen(job_state_name(s));
	}
	fprintf(out, "<path d=\"M%d %d l-4 -6 h8 z\" fill=\"#1565c0\"/><text x=\"%d\" y=\"%d\">restart</text>\n",
		x + 4, y + 9, x + 12, y + 9);
	x += 80;
	fprintf(out, "<path d=\"M%d %d l8 8 m0 -8 l-8 8\" stroke=\"#b71c1c\" stroke-width=\"2\"/>"
		"<text x=\"%d\" y=\"%d\">failure</text>\n</g>\n", x, y + 1, x + 12, y + 9);
}

/* The title line: which boot, how far it got, what the walk found. */
static void heading(FILE *out, const struct journal_info *ji)
{
	fprintf(out, "<text class=\"heading\" x=\"10\" y=\"20\" font-size=\"14\">keel boot %" PRIu32 ": %d service%s, "
		"last record at ", C.boot, C.nlanes, C.nlanes == 1 ? "" : "s");
	print_secs(out, C.end_ms);
	if (C.healthy_ms != NONE) {
		fputs(", healthy at ", out);
		print_secs(out, C.healthy_ms);
	} else {
		fputs(", never healthy", out);
	}
	if (C.shutdown_ms != NONE)
		fputs(", shut down", out);
	fputs("</text>\n", out);
	fprintf(out, "<text x=\"10\" y=\"36\" fill=\"#555\">%" PRIu32 " records; torn tails %" PRIu32
		", CRC errors %" PRIu32 "%s</text>\n", C.records, ji ? ji->torn_tails : 0, ji ? ji->crc_errors : 0,
		C.truncated ? "; too many events: drawn up to the table's end" : "");
}

/* C.next[] from the events in order. */
static void link_lanes(void)
{
	int last[LANES_MAX];
	for (int i = 0; i < LANES_MAX; i++)
		last[i] = -1;
	for (int k = C.nevents - 1; k >= 0; k--) {
		C.next[k] = last[C.ev[k].lane];
		last[C.ev[k].lane] = k;
	}
}

int chart_write(FILE *out, const struct journal_info *ji)
{
	uint64_t tick = axis_fit();
	link_lanes();
	int bottom = TOP + LANE_H * (C.nlanes > 0 ? C.nlanes : 1) + 4;
	int height = bottom + 62;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n", WIDTH, height, WIDTH, height);
	heading(out, ji);
	axis(out, bottom, tick);
	for (int i = 0; i < C.nlanes; i++)
		lane_bar(out, i, TOP + LANE_H * i + (LANE_H - BAR_H) / 2);
	mark_line(out, C.boot_ms, bottom, "#555", "keel", "end");
	mark_line(out, C.healthy_ms, bottom, "#2e7d32", "healthy", "start");
	mark_line(out, C.shutdown_ms, bottom, "#b71c1c", "shutdown", "end");
	legend(out, bottom + 40);
	fputs("</svg>\n", out);
	return (int)C.records;
}
