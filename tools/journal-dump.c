/* SPDX-License-Identifier: MIT */
/*
 * journal-dump: print a keel journal image (a file, a block device or an
 * MTD device, read-only) one record per line, oldest first, as JSON with
 * job names resolved (default), as CBOR diagnostic notation (--diag), or
 * export the records as an RFC 8742 CBOR sequence of [seq, record] items
 * (--cbor-seq, to stdout).  Torn tails, CRC errors, sequence gaps and bad
 * segment headers are reported in line (JSON events or diag comments) and
 * counted on stderr.  Built on the host from the same init/ sources as
 * PID 1; every read is bounded, so no image can crash it.
 * Exit: 0 readable (torn tails are normal after a power cut), 1 damage
 * found, 2 no journal in the image, 100 usage, 111 cannot open.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/cbor.h"
#include "init/jcore.h"
#include "svc/jobstate.h"

enum { OUT_JSON, OUT_DIAG, OUT_SEQ };

struct dump {
	int mode;
	long frames, torn, corrupt, gaps, badhdr, schema;
};

static struct jcore C;

static const char *type_name(unsigned t)
{
	static const char *const n[16] = { [JREC_BOOT] = "BOOT", [JREC_HEALTHY] = "HEALTHY",
		[JREC_JOB] = "JOB", [JREC_START] = "START", [JREC_BIND] = "BIND", [JREC_QUAR] = "QUAR",
		[JREC_SHUTDOWN] = "SHUTDOWN", [JREC_SNAPSHOT] = "SNAPSHOT" };
	return t < 16 && n[t] ? n[t] : "?";
}

/* A JSON string: quotes, backslash and control bytes escaped. */
static void jstr(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void jname(const struct jstate *s, unsigned id)
{
	const char *n = id >= 1 && id <= SVC_MAX ? s->job[id - 1].name : "";
	if (n[0])
		jstr(n, strlen(n));
	else
		printf("null");
}

static void jexit(int32_t e)
{
	if (e == JOURNAL_EXIT_NONE)
		printf("null");
	else
		printf("%" PRId32, e);
}

static void json_snapshot(const struct jstate *s)
{
	printf(",\"jobs\":[");
	for (int i = 0, first = 1; i < SVC_MAX; i++) {
		const struct jjob *j = &s->job[i];
		if (!j->name[0])
			continue;
		printf("%s{\"id\":%d,\"name\":", first ? "" : ",", i + 1);
		jstr(j->name, strlen(j->name));
		printf(",\"state\":\"%s\",\"rc\":%" PRIu32 ",\"boot\":%" PRIu32 ",\"t\":%" PRIu32
		       ",\"exit\":", job_state_name(j->state), j->rc, j->boot, j->t);
		jexit(j->exit);
		printf(",\"quarantined\":%s}", j->quar ? "true" : "false");
		first = 0;
	}
	printf("],\"streak\":%" PRIu32 ",\"last_healthy\":%" PRIu32 ",\"last_clean\":%" PRIu32
	       ",\"last_start\":", s->streak, s->last_healthy, s->last_clean);
	jname(s, s->last_start);
	printf(",\"prev_start\":");
	jname(s, s->prev_start);
	printf(",\"health\":{\"torn\":%" PRIu32 ",\"corrupt\":%" PRIu32 ",\"gaps\":%" PRIu32
	       ",\"io\":%" PRIu32 "}", s->health[JH_TORN], s->health[JH_CORRUPT], s->health[JH_GAPS],
	       s->health[JH_IO]);
}

static void json_frame(const struct jwalk_item *it)
{
	const struct jrec *r = it->rec;
	printf("{\"seq\":%" PRIu32 ",\"seg\":%" PRIu32 ",\"off\":%" PRIu32, it->seq, it->seg, it->off);
	if (!r) {
		printf(",\"error\":\"schema\",\"cbor\":\"");
		for (uint32_t i = 0; i < it->len; i++)
			printf("%02x", it->payload[i]);
		printf("\"}\n");
		return;
	}
	printf(",\"type\":\"%s\",\"boot\":%" PRIu32 ",\"t\":%" PRIu32, type_name(r->type), r->boot, r->t);
	if (r->job) {
		printf(",\"job\":");
		jname(it->names, r->job);
		printf(",\"id\":%u", r->job);
	}
	if (r->type == JREC_JOB) {
		printf(",\"state\":\"%s\",\"rc\":%" PRIu32 ",\"exit\":", job_state_name(r->state), r->rc);
		jexit(r->exit);
	} else if (r->type == JREC_QUAR) {
		printf(",\"on\":%s", r->on ? "true" : "false");
	} else if (r->type == JREC_BOOT) {
		printf(",\"streak\":%" PRIu32 ",\"last_healthy\":%" PRIu32 ",\"last_clean\":%" PRIu32
		       ",\"prev_start\":", r->bs[0], r->bs[1], r->bs[2]);
		jname(it->names, r->starts[1]);
	} else if (r->type == JREC_SNAPSHOT) {
		json_snapshot(it->names);
	}
	if (r->unknown)
		printf(",\"unknown_keys\":true");
	printf("}\n");
}

/* Diagnostic notation of one strictly decoded item. */
static int diag_item(struct cbor_dec *d, int depth)
{
	unsigned mt;
	uint64_t v, k;
	const char *s;
	int64_t prev = -1;
	if (depth > CBOR_DEPTH_MAX || cbor_get_head(d, &mt, &v))
		return -EBADMSG;
	if (mt == CBOR_UINT)
		printf("%" PRIu64, v);
	else if (mt == CBOR_NINT)
		printf(v == UINT64_MAX ? "-18446744073709551616" : "-%" PRIu64, v + 1);
	else if (mt == CBOR_TSTR) {
		if (cbor_get_str_body(d, v, &s))
			return -EBADMSG;
		jstr(s, (size_t)v);
	}
	if (mt < CBOR_ARRAY)
		return 0;
	putchar(mt == CBOR_MAP ? '{' : '[');
	for (uint64_t i = 0; i < v; i++) {
		if (i)
			printf(", ");
		if (mt == CBOR_MAP) {
			if (cbor_get_key(d, &prev, &k))
				return -EBADMSG;
			printf("%" PRIu64 ": ", k);
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
	       it->rec ? type_name(it->rec->type) : "schema error");
	cbor_dec_init(&d, it->payload, it->len);
	if (diag_item(&d, 0) || cbor_dec_end(&d)) {
		printf(" / not deterministic CBOR: / h'");
		for (uint32_t i = 0; i < it->len; i++)
			printf("%02x", it->payload[i]);
		putchar('\'');
	}
	putchar('\n');
}

static void seq_frame(const struct jwalk_item *it)
{
	uint8_t head[16];
	struct cbor_enc e;
	cbor_enc_init(&e, head, sizeof head);
	cbor_put_head(&e, CBOR_ARRAY, 2);
	cbor_put_uint(&e, it->seq);
	fwrite(head, 1, e.len, stdout);
	fwrite(it->payload, 1, it->len, stdout);
}

static void event(struct dump *dp, const char *what, const struct jwalk_item *it)
{
	if (it->kind == JW_SEGMENT && dp->mode == OUT_JSON)
		printf("{\"event\":\"segment\",\"seg\":%" PRIu32 ",\"seg_seq\":%" PRIu32 "}\n", it->seg, it->seq);
	else if (it->kind == JW_SEGMENT && dp->mode == OUT_DIAG)
		printf("/ segment %" PRIu32 " seg_seq %" PRIu32 " /\n", it->seg, it->seq);
	else if (dp->mode == OUT_JSON)
		printf("{\"event\":\"%s\",\"seg\":%" PRIu32 ",\"off\":%" PRIu32 ",\"seq\":%" PRIu32 "}\n",
		       what, it->seg, it->off, it->seq);
	else if (dp->mode == OUT_DIAG)
		printf("/ %s: seg %" PRIu32 " off %" PRIu32 " seq %" PRIu32 " /\n", what, it->seg, it->off,
		       it->seq);
}

static void item(void *u, const struct jwalk_item *it)
{
	struct dump *dp = u;
	switch (it->kind) {
	case JW_FRAME:
		dp->frames++;
		dp->schema += !it->rec;
		if (dp->mode == OUT_JSON)
			json_frame(it);
		else if (dp->mode == OUT_DIAG)
			diag_frame(it);
		else if (it->rec)
			seq_frame(it);
		break;
	case JW_TORN: dp->torn++; event(dp, "torn_tail", it); break;
	case JW_CORRUPT: dp->corrupt++; event(dp, "crc_error", it); break;
	case JW_GAP: dp->gaps++; event(dp, "seq_gap", it); break;
	case JW_BADHDR: dp->badhdr++; event(dp, "bad_header", it); break;
	case JW_SEGMENT: event(dp, "segment", it); break;
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: journal-dump [--json|--diag|--cbor-seq] IMAGE\n");
	return 100;
}

int main(int argc, char **argv)
{
	static struct store st;
	struct dump dp = { .mode = OUT_JSON };
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			dp.mode = OUT_JSON;
		else if (!strcmp(argv[i], "--diag"))
			dp.mode = OUT_DIAG;
		else if (!strcmp(argv[i], "--cbor-seq"))
			dp.mode = OUT_SEQ;
		else if (argv[i][0] == '-' || path)
			return usage();
		else
			path = argv[i];
	}
	if (!path)
		return usage();
	int r = store_open(&st, path, 0, STORE_RDONLY);
	if (r) {
		fprintf(stderr, "journal-dump: %s: %s\n", path, strerror(-r));
		return 111;
	}
	if (jcore_probe(&C, &st)) {
		fprintf(stderr, "journal-dump: %s: no journal segment header found\n", path);
		st.ops->close(&st);
		return 2;
	}
	fprintf(stderr, "journal-dump: %s: id %016" PRIx64 ", %" PRIu32 " segments of %" PRIu32
		" bytes, program unit %" PRIu32 "\n", path, C.id, C.n, C.g, C.p);
	r = jcore_walk(&C, item, &dp);
	fflush(stdout);
	st.ops->close(&st);
	if (r < 0) {
		fprintf(stderr, "journal-dump: %s: read error: %s\n", path, strerror(-r));
		return 111;
	}
	fprintf(stderr, "journal-dump: %ld records, %ld torn tails, %ld CRC errors, %ld seq gaps, "
		"%ld bad headers, %ld schema errors\n", dp.frames, dp.torn, dp.corrupt, dp.gaps,
		dp.badhdr, dp.schema);
	return dp.corrupt || dp.schema || dp.badhdr ? 1 : 0;
}
