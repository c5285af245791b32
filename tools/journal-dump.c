/* SPDX-License-Identifier: MIT */
/*
 * journal-dump: print a keel journal image (a file, a block device or an
 * MTD device, read-only) one record per line, oldest first, as JSON with
 * job names resolved (default), as CBOR diagnostic notation (--diag), or
 * export the records as an RFC 8742 CBOR sequence of [seq, payload] items
 * (--cbor-seq, to stdout), or draw one boot as an SVG timeline (--chart
 * [BOOT]: the newest boot by default; tools/chart.c).  The layout is not known in advance: it is
 * read from the newest valid SNAPSHOT found at offset 0 or a multiple of
 * the smallest segment (8 KiB) within the first --size bytes (default:
 * the whole image), and nothing past it is read.  Sequence gaps, stale
 * and refused frames are reported in line (not as records); the damage
 * counts (the same walk as PID 1's, so the same numbers as `initctl
 * system`) are on stderr, whose last line is the summary.  --since SEQ
 * prints only the frames after SEQ (the summary is the whole image's).
 * Built on the host from the same init/ sources as PID 1; every read is
 * bounded, so no image can crash it, and the store is opened read-only
 * and wrapped so nothing can write.
 * Exit: 0 readable (torn tails and seq gaps are normal after a power
 * cut), 1 damage found (CRC errors, refused or stale frames), 2 no
 * journal in the image (--chart: or no record of that boot), 100 usage,
 * 111 cannot open or read, or the image is shorter than its layout.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/journal/cbor.h"
#include "init/journal/jcore.h"
#include "init/journal/jlayout.h"
#include "svc/run/jobstate.h"
#include "tools/chart.h"

enum { OUT_JSON, OUT_DIAG, OUT_SEQ, OUT_CHART };

/* What the command line asks for. */
struct opts {
	int mode;
	uint32_t boot;              /* --chart BOOT, 0: the newest */
	uint32_t size;              /* --size: bytes of the image that hold the journal, 0: all */
	uint32_t since;             /* --since SEQ: print frames after SEQ only */
	const char *path;
};

struct dump {
	int mode;
	uint32_t since;
	uint32_t last;              /* seq of the previous frame taken, 0 none */
};

/* The layout the newest snapshot found says. */
struct probe {
	bool found;
	struct jlayout layout;
	uint32_t seq, at;           /* that snapshot's seq and offset */
	int err;                    /* a read error met while probing */
};

static struct jcore engine;
static struct jstate snap;      /* scratch for probed snapshots */
static struct jstate work;      /* the engine's second state, lent to it */
static uint8_t pbuf[JF_MAX];    /* the probe's read window */

static const char *type_name(uint32_t t)
{
	static const char *const n[16] = { [JREC_BOOT] = "BOOT", [JREC_HEALTHY] = "HEALTHY",
		[JREC_JOB] = "JOB", [JREC_START] = "START", [JREC_BIND] = "BIND", [JREC_QUAR] = "QUAR",
		[JREC_SHUTDOWN] = "SHUTDOWN", [JREC_ENABLE] = "ENABLE", [JREC_HOOK] = "HOOK",
		[JREC_SNAPSHOT] = "SNAPSHOT" };
	return t < 16 && n[t] ? n[t] : "?";
}

/* A JSON (and diagnostic notation) string: quotes, backslash and control
 * bytes escaped. */
static void jstr(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void jname(const struct jstate *s, uint32_t id)
{
	const char *n = id >= 1 && id <= SVC_MAX ? s->job[id - 1].name : "";
	if (n[0])
		jstr(n, strnlen(n, SVC_NAME_MAX));
	else
		printf("null");
}

static void jexit(uint32_t v)
{
	int32_t e = (int32_t)v;
	if (e == JOURNAL_EXIT_NONE)
		printf("null");
	else
		printf("%" PRId32, e);
}

/* An enable value (key 16): "enabled", "disabled", or null (none recorded). */
static void jenable(uint32_t v)
{
	if (v == JOURNAL_ENABLED || v == JOURNAL_DISABLED)
		printf("\"%s\"", v == JOURNAL_ENABLED ? "enabled" : "disabled");
	else
		printf("null");
}

static void hex(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

/* The boot-loop view a BOOT or SNAPSHOT carries (names as of it). */
static void json_view(const uint32_t *v, const struct jstate *names)
{
	printf(",\"streak\":%" PRIu32 ",\"last_healthy\":%" PRIu32 ",\"last_clean\":%" PRIu32
	       ",\"last_start\":", v[JK_STREAK], v[JK_HEALTHY], v[JK_CLEAN]);
	jname(names, v[JK_LSTART]);
	printf(",\"prev_start\":");
	jname(names, v[JK_PSTART]);
}

static void json_snapshot(const uint32_t *v, const struct jstate *s)
{
	struct jlayout l;
	printf(",\"jobs\":[");
	for (int i = 0, first = 1; i < SVC_MAX; i++) {
		const struct jjob *j = &s->job[i];
		if (!j->name[0])
			continue;
		printf("%s{\"id\":%d,\"name\":", first ? "" : ",", i + 1);
		jstr(j->name, strnlen(j->name, SVC_NAME_MAX));
		printf(",\"state\":\"%s\",\"rc\":%" PRIu32 ",\"boot\":%" PRIu32 ",\"t\":%" PRIu32
		       ",\"exit\":", job_state_name(j->v[JK_STATE]), j->v[JK_RC], j->v[JK_BOOT], j->v[JK_T]);
		jexit(j->v[JK_EXIT]);
		printf(",\"quarantined\":%s,\"enable\":", j->v[JK_ON] ? "true" : "false");
		jenable(j->v[JK_ENABLE]);
		putchar('}');
		first = 0;
	}
	putchar(']');
	json_view(v, s);
	if (jlayout_unpack(v[JK_LAYOUT], &l)) {
		printf(",\"layout\":%" PRIu32, v[JK_LAYOUT]);   /* not one keel writes: the raw value */
		return;
	}
	printf(",\"layout\":{\"seg_size\":%" PRIu32 ",\"prog\":%" PRIu32 ",\"segs\":%" PRIu32 "}",
	       l.seg_size, l.prog_unit, l.seg_count);
}

/* A valid frame that is not a record: "stale" or "refused". */
static const char *damage_name(const struct jwalk_item *it)
{
	return it->status == JW_STALE ? "stale" : "refused";
}

static void json_frame(const struct jwalk_item *it)
{
	if (!it->rec) {
		printf("{\"event\":\"%s\",\"seq\":%" PRIu32 ",\"seg\":%" PRIu32 ",\"off\":%" PRIu32
		       ",\"cbor\":\"", damage_name(it), it->seq, it->seg, it->off);
		hex(it->payload, it->len);
		printf("\"}\n");
		return;
	}
	printf("{\"seq\":%" PRIu32 ",\"seg\":%" PRIu32 ",\"off\":%" PRIu32, it->seq, it->seg, it->off);
	const uint32_t *v = it->rec->v;
	uint32_t type = v[JK_TYPE];
	printf(",\"type\":\"%s\",\"boot\":%" PRIu32 ",\"t\":%" PRIu32 ",\"ms\":%" PRIu32, type_name(type), v[JK_BOOT],
	       v[JK_T], v[JK_MS]);
	if (v[JK_JOB]) {
		printf(",\"job\":");
		jname(it->names, v[JK_JOB]);
		printf(",\"id\":%" PRIu32, v[JK_JOB]);
	}
	if (type == JREC_JOB) {
		printf(",\"state\":\"%s\",\"rc\":%" PRIu32 ",\"exit\":", job_state_name(v[JK_STATE]), v[JK_RC]);
		jexit(v[JK_EXIT]);
	} else if (type == JREC_HOOK) {
		printf(",\"hook\":\"%s\",\"exit\":", v[JK_STATE] == JOURNAL_HOOK_PRE ? "exec_start_pre" :
		       v[JK_STATE] == JOURNAL_HOOK_POST ? "exec_stop_post" : "?");
		jexit(v[JK_EXIT]);
	} else if (type == JREC_QUAR) {
		printf(",\"on\":%s", v[JK_ON] ? "true" : "false");
	} else if (type == JREC_ENABLE) {
		printf(",\"enable\":");
		jenable(v[JK_ENABLE]);
	} else if (type == JREC_BOOT) {
		json_view(v, it->names);
	} else if (type == JREC_SNAPSHOT) {
		json_snapshot(v, it->names);
	}
	printf("}\n");
}

/* Diagnostic notation of one item, decoded as strictly as the journal does. */
static int diag_item(struct cbor_dec *d, int depth)
{
	unsigned mt;
	uint32_t v, k;
	const char *s;
	int64_t prev = -1;
	if (cbor_get_head(d, &mt, &v))
		return -EBADMSG;
	if (mt == CBOR_UINT)
		printf("%" PRIu32, v);
	else if (mt == CBOR_NINT)
		printf("-%" PRIu64, (uint64_t)v + 1);
	else if (mt == CBOR_TSTR && cbor_get_str_body(d, v, &s))
		return -EBADMSG;
	else if (mt == CBOR_TSTR)
		jstr(s, v);
	if (mt < CBOR_ARRAY)
		return 0;
	if (depth >= CBOR_DEPTH_MAX)
		return -EBADMSG;   /* as deep as cbor_skip() goes */
	putchar(mt == CBOR_MAP ? '{' : '[');
	for (uint32_t i = 0; i < v; i++) {
		if (i)
			printf(", ");
		if (mt == CBOR_MAP) {
			if (cbor_get_key(d, &prev, &k))
				return -EBADMSG;
			printf("%" PRIu32 ": ", k);
		}
		if (diag_item(d, depth + 1))
			return -EBADMSG;
	}
	putchar(mt == CBOR_MAP ? '}' : ']');
	return 0;
}

static void diag_frame(const struct jwalk_item *it)
{
	struct cbor_dec d;
	printf("/ seq %" PRIu32 " seg %" PRIu32 " off %" PRIu32 " %s / ", it->seq, it->seg, it->off,
	       it->rec ? type_name(it->rec->v[JK_TYPE]) : damage_name(it));
	cbor_dec_init(&d, it->payload, it->len);
	if (cbor_skip(&d) || cbor_dec_end(&d)) {   /* check first: no half-printed item */
		printf("/ not deterministic CBOR: / h'");
		hex(it->payload, it->len);
		printf("'\n");
		return;
	}
	cbor_dec_init(&d, it->payload, it->len);
	diag_item(&d, 0);
	putchar('\n');
}

/* [seq, payload]: the payload is one well-formed item (it decoded). */
static void seq_frame(const struct jwalk_item *it)
{
	uint8_t head[8];
	struct cbor_enc e;
	cbor_enc_init(&e, head, sizeof head);
	cbor_put_head(&e, CBOR_ARRAY, 2);
	cbor_put_head(&e, CBOR_UINT, it->seq);
	fwrite(head, 1, (size_t)cbor_enc_result(&e), stdout);
	fwrite(it->payload, 1, it->len, stdout);
}

/* A seq gap before frame it (taken): one line, as the walk counts it. */
static void gap_line(const struct dump *dp, const struct jwalk_item *it)
{
	if (dp->mode == OUT_JSON)
		printf("{\"event\":\"seq_gap\",\"seg\":%" PRIu32 ",\"off\":%" PRIu32 ",\"seq\":%" PRIu32
		       ",\"expected\":%" PRIu32 "}\n", it->seg, it->off, it->seq, dp->last + 1);
	else if (dp->mode == OUT_DIAG)
		printf("/ seq_gap: seg %" PRIu32 " off %" PRIu32 " seq %" PRIu32 " expected %" PRIu32 " /\n",
		       it->seg, it->off, it->seq, dp->last + 1);
}

static void item(void *u, const struct jwalk_item *it)
{
	struct dump *dp = u;
	bool shown = it->seq > dp->since;
	if (it->rec) {
		if (dp->last && it->seq != dp->last + 1 && shown)
			gap_line(dp, it);
		dp->last = it->seq;
	}
	if (dp->mode == OUT_CHART) {
		if (it->rec)
			chart_add(it);
		return;
	}
	if (!shown)
		return;
	if (dp->mode == OUT_JSON)
		json_frame(it);
	else if (dp->mode == OUT_DIAG)
		diag_frame(it);
	else if (it->rec)
		seq_frame(it);
}

/* The newest valid SNAPSHOT at offset 0 or a multiple of JSEG_MIN whose
 * layout is sane and puts a segment start where it was found. */
static void probe(struct store *st, uint32_t size, struct probe *pb)
{
	struct jwin w = { .st = st, .buf = pbuf };
	uint32_t seq, len;
	struct jrec r;
	for (uint32_t off = 0; off < size; off += JSEG_MIN) {
		uint32_t end = size - off < JF_MAX ? size : off + JF_MAX;
		const uint8_t *pl = jframe_at(&w, off, end, &seq, &len);
		if (!pl) {
			pb->err = w.err ? w.err : pb->err;
			continue;
		}
		if (jrec_decode(pl, len, jframe_version(pl), &r, &snap) || r.v[JK_TYPE] != JREC_SNAPSHOT)
			continue;
		struct jlayout l;
		if (jlayout_unpack(r.v[JK_LAYOUT], &l))
			continue;   /* not a layout the engine writes */
		if (off % l.seg_size || off / l.seg_size >= l.seg_count)
			continue;   /* not a segment start of its own layout */
		if (pb->found && seq <= pb->seq)
			continue;
		*pb = (struct probe){ .found = true, .layout = l, .seq = seq, .at = off, .err = pb->err };
	}
}

/* The store the engine reads: the image at the probed layout, which the
 * image holds whole (checked first); nothing writes. */
static struct store *image;

static int view_read(struct store *s, uint32_t off, void *buf, uint32_t len)
{
	return image->ops->read(image, off, buf, len);
}

static int view_prog(struct store *s, uint32_t off, const void *buf, uint32_t len)
{
	return -EROFS;
}

static int view_erase(struct store *s, uint32_t off, uint32_t len)
{
	return -EROFS;
}

static void view_close(struct store *s)
{
}

static const struct store_ops view_ops = {
	.read = view_read, .prog = view_prog, .erase = view_erase, .close = view_close,
};

static int usage(void)
{
	fprintf(stderr, "usage: journal-dump [--json|--diag|--cbor-seq] [--size BYTES] [--since SEQ] IMAGE\n"
		"       journal-dump [--size BYTES] --chart [BOOT] IMAGE > boot.svg\n"
		"BYTES: a number with an optional K, M or G suffix (powers of 1024)\n");
	return 100;
}

/* A number: decimal digits, then (with units) one of K, M, G; at most
 * 2^32-1 in all.  0, or -1. */
static int parse_num(const char *s, bool units, uint32_t *out)
{
	char *end;
	if (s[0] < '0' || s[0] > '9' || strlen(s) > 11)
		return -1;
	unsigned long long n = strtoull(s, &end, 10);
	const char *suffixes = "KMG";
	const char *unit = units && *end ? strchr(suffixes, *end) : NULL;
	if (unit) {
		for (const char *u = suffixes; u <= unit; u++)
			n *= 1024;
		end++;
	}
	if (*end || n > UINT32_MAX)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

/* A boot number: decimal digits, 1..2^32-1.  0, or -1. */
static int parse_boot(const char *s, uint32_t *boot)
{
	return parse_num(s, false, boot) || *boot == 0 ? -1 : 0;
}

/* --size BYTES or --since SEQ at argv[*i] (its value next): 1 taken, 0
 * not one of them, -1 usage. */
static int parse_valued(int argc, char **argv, int *i, struct opts *o)
{
	bool size = !strcmp(argv[*i], "--size");
	if (!size && strcmp(argv[*i], "--since"))
		return 0;
	if (*i + 1 >= argc)
		return -1;
	(*i)++;
	if (size)
		return parse_num(argv[*i], true, &o->size) || o->size == 0 ? -1 : 1;
	return parse_num(argv[*i], false, &o->since) ? -1 : 1;
}

/* The options from argv: 0, or -1 (usage).  --chart takes a boot
 * number before the image. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	const char *args[2] = { NULL, NULL };
	int n = 0;
	for (int i = 1; i < argc; i++) {
		int valued = parse_valued(argc, argv, &i, o);
		if (valued < 0)
			return -1;
		if (valued)
			continue;
		if (!strcmp(argv[i], "--json"))
			o->mode = OUT_JSON;
		else if (!strcmp(argv[i], "--diag"))
			o->mode = OUT_DIAG;
		else if (!strcmp(argv[i], "--cbor-seq"))
			o->mode = OUT_SEQ;
		else if (!strcmp(argv[i], "--chart"))
			o->mode = OUT_CHART;
		else if (argv[i][0] == '-' || n == 2)
			return -1;
		else
			args[n++] = argv[i];
	}
	if (n == 2 && (o->mode != OUT_CHART || parse_boot(args[0], &o->boot)))
		return -1;
	o->path = n ? args[n - 1] : NULL;
	return n ? 0 : -1;
}

/* Open path read-only into st and probe its layout into pb: 0, or the
 * exit status (st is then closed). */
static int open_image(const char *path, uint32_t size, struct store *st, struct probe *pb)
{
	int r = store_open(st, path, 0, STORE_RDONLY);
	if (r == -EINVAL) {
		fprintf(stderr, "journal-dump: %s: not a journal image (want a regular file, a block device "
			"or an MTD device)\n", path);
		return 111;
	}
	if (r) {
		fprintf(stderr, "journal-dump: %s: %s\n", path, strerror(-r));
		return 111;
	}
	if (!size || size > st->geom.size)
		size = st->geom.size;   /* --size never reads past the image */
	probe(st, size, pb);
	uint32_t need = pb->layout.seg_count * pb->layout.seg_size;
	if (pb->found && need > size) {
		fprintf(stderr, "journal-dump: %s: the newest snapshot's layout needs %" PRIu32 " bytes, the image "
			"has %" PRIu32 ": a truncated copy (read the whole device, or give --size)\n", path, need, size);
		st->ops->close(st);
		return 111;
	}
	if (pb->found)
		return 0;
	st->ops->close(st);
	if (pb->err) {
		fprintf(stderr, "journal-dump: %s: read error: %s\n", path, strerror(-pb->err));
		return 111;
	}
	fprintf(stderr, "journal-dump: %s: no journal snapshot found\n", path);
	return 2;
}

/* After the walk: the chart, if asked for, then the summary line on
 * stderr.  r is the walk's result; the exit status. */
static int finish(const struct opts *o, const struct journal_info *ji, int r)
{
	int found = 1;
	if (r >= 0 && o->mode == OUT_CHART)
		found = chart_write(stdout, ji);
	fflush(stdout);
	if (r < 0)
		fprintf(stderr, "journal-dump: %s: read error: %s\n", o->path, strerror(-r));
	fprintf(stderr, "journal-dump: %" PRIu32 " records, %" PRIu32 " torn tails, %" PRIu32 " CRC errors, %"
		PRIu32 " refused, %" PRIu32 " stale, %" PRIu32 " seq gaps\n", ji->records, ji->torn_tails,
		ji->crc_errors, ji->refused, ji->stale, ji->seq_gaps);
	if (r < 0 || ferror(stdout))
		return 111;
	if (!found) {
		fprintf(stderr, "journal-dump: %s: no record of that boot (the chart is empty)\n", o->path);
		return 2;
	}
	return ji->crc_errors || ji->refused || ji->stale ? 1 : 0;
}

int main(int argc, char **argv)
{
	static struct store st, view;
	struct opts o = { .mode = OUT_JSON };
	struct probe pb = { 0 };
	struct journal_info ji = { 0 };
	if (parse_args(argc, argv, &o))
		return usage();
	struct dump dp = { .mode = o.mode, .since = o.since };
	int r = open_image(o.path, o.size, &st, &pb);
	if (r)
		return r;
	image = &st;
	const struct jlayout *l = &pb.layout;
	view = (struct store){ .ops = &view_ops, .fd = -1,
			       .geom = { .size = l->seg_count * l->seg_size, .erase = l->seg_size,
					 .prog = l->prog_unit, .flags = STORE_RDONLY } };
	if (pb.err)
		fprintf(stderr, "journal-dump: %s: read error while probing: %s\n", o.path, strerror(-pb.err));
	engine.work = &work;
	r = jcore_recover(&engine, &view);
	if (!r)
		fprintf(stderr, "journal-dump: %s: %" PRIu32 " segments of %" PRIu32 " bytes, program unit %"
			PRIu32 ", newest snapshot seq %" PRIu32 " in segment %" PRIu32 ", boot %" PRIu32 "\n",
			o.path, l->seg_count, l->seg_size, l->prog_unit, pb.seq, pb.at / l->seg_size,
			engine.state.v[JK_BOOT]);
	chart_begin(o.boot ? o.boot : engine.state.v[JK_BOOT]);
	if (!r)
		r = jcore_walk(&engine, item, &dp, &ji);
	st.ops->close(&st);
	return finish(&o, &ji, r);
}
