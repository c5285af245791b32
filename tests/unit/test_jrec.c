/* SPDX-License-Identifier: MIT */
/*
 * The record schema of init/journal/jrec.c (docs/journal.md): a golden JOB vector
 * and its frame, golden vectors of every type (a SNAPSHOT with rows),
 * random records of every type round-tripped byte for byte, and what the
 * record decoder refuses.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/journal/cbor.h"
#include "init/journal/crc32c.h"
#include "init/journal/jframe.h"
#include "init/journal/jlayout.h"
#include "init/journal/jrec.h"
#include "tests/unit/t.h"
#include "tests/unit/thex.h"

/* Pieces of the golden SNAPSHOT: the 10 values after its head (ms 0
 * last), its row for job 1 (without the id, without the name, the name;
 * enable 0 follows) and for job 3 (disabled: enable 2); R1_V3 and R3_V3
 * are the same rows as version 3 wrote them (no enable).  BINDP: a
 * BIND's head and values up to its name (job 3, boot 7, t 9, a new row);
 * the name, ms and enable follow. */
#define SH  "0f0709020504030019108d00"
#define BINDV "0503070900003a7fffffff00"
#define BINDP "8b" BINDV
#define R1T "06183202003a7fffffff00"
#define R1N "636e6574"
#define R1_V3 "01" R1T R1N
#define R3_V3 "03070904052a016763726173686572"
#define R1  R1_V3 "00"
#define R3  R3_V3 "02"
#define A8  "6161616161616161"   /* "aaaaaaaa" */
#define A31 A8 A8 A8 "61616161616161"
#define A32 A8 A8 A8 A8

static struct jstate S, S2;

/* r encodes as want (the SNAPSHOT's rows from S), decodes to the same
 * values, and re-encodes to the same bytes. */
static void rec_golden(const char *what, const struct jrec *r, const char *want)
{
	uint8_t b[JF_PAYLOAD_MAX], b2[JF_PAYLOAD_MAX];
	struct jrec got;
	int n = jrec_encode(r, &S, b, sizeof b);
	is_str(hex(b, n), want, "%s encodes as %s", what, want);
	ok(!jrec_decode(b, (uint32_t)n, JF_VERSION, &got, &S2), "%s decodes", what);
	bool same = got.v[JK_TYPE] == r->v[JK_TYPE] && !strcmp(got.name, r->name);
	for (int k = 1; k < JK_N; k++)
		same &= got.v[k] == r->v[k];
	ok(same, "%s: every value back", what);
	int m = jrec_encode(&got, &S2, b2, sizeof b2);
	ok(m == n && !memcmp(b, b2, (size_t)n), "%s re-encodes byte for byte", what);
}

#define REC(...) (struct jrec){ .v = { __VA_ARGS__ } }

static void test_rec_golden(void)
{
	struct jrec r = REC([JK_TYPE] = JREC_JOB, [JK_BOOT] = 1234, [JK_T] = 86400, [JK_JOB] = 4, [JK_STATE] = 4,
			    [JK_RC] = 5, [JK_EXIT] = (uint32_t)-11, [JK_MS] = 250);
	/* [3, 4, 1234, 86400, 4, 5, -11, 250]: 88 03 04 1904d2 1a00015180 04 05 2a 18fa */
	rec_golden("JOB", &r, "8803041904d21a0001518004052a18fa");
	uint8_t f[64];
	int n = jrec_encode(&r, NULL, f + JF_HDR, sizeof f - JF_OVERHEAD);
	uint32_t fl = jframe_seal(f, 42, (uint32_t)n);
	is_int(fl, 28, "a JOB record is 28 bytes framed");
	is_int(fl, n + JF_OVERHEAD, "framed = payload + 12");
	/* CRC-32C of the 24 bytes before it, by python3 from its own table. */
	is_str(hex(f, (int)fl), "4a0510002a000000" "8803041904d21a0001518004052a18fa" "01f09b42", "JOB frame, seq 42");
	is_int(crc32c(0, "123456789", 9), 0xe3069283u, "crc32c check value");

	rec_golden("JOB, no exit", &REC([JK_TYPE] = JREC_JOB, [JK_JOB] = 1, [JK_BOOT] = 7, [JK_T] = 9, [JK_STATE] = 2,
					[JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE, [JK_MS] = 999),
		   "880301070902003a7fffffff1903e7");
	rec_golden("BOOT", &REC([JK_TYPE] = JREC_BOOT, [JK_BOOT] = 7, [JK_T] = 100, [JK_STREAK] = 2, [JK_HEALTHY] = 5,
				[JK_CLEAN] = 4, [JK_PSTART] = 3, [JK_MS] = 23), "8901071864020504000317");
	rec_golden("HEALTHY", &REC([JK_TYPE] = JREC_HEALTHY, [JK_BOOT] = 7, [JK_T] = 120, [JK_HEALTHY] = 7),
		   "85020718780700");
	rec_golden("START", &REC([JK_TYPE] = JREC_START, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_LSTART] = 3,
				 [JK_MS] = 24), "8604030709031818");
	r = REC([JK_TYPE] = JREC_BIND, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE);
	strcpy(r.name, "sshd");
	rec_golden("BIND", &r, BINDP "6473736864" "00" "00");
	rec_golden("QUAR", &REC([JK_TYPE] = JREC_QUAR, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_ON] = 1),
		   "86060307090100");
	rec_golden("SHUTDOWN", &REC([JK_TYPE] = JREC_SHUTDOWN, [JK_BOOT] = 7, [JK_T] = 4000, [JK_CLEAN] = 7),
		   "850707190fa00700");
	rec_golden("ENABLE (disable)", &REC([JK_TYPE] = JREC_ENABLE, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9,
					    [JK_MS] = 24, [JK_ENABLE] = JOURNAL_DISABLED), "86080307091818" "02");
	r = REC([JK_TYPE] = JREC_HOOK, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_STATE] = JOURNAL_HOOK_POST,
		[JK_EXIT] = 1, [JK_MS] = 24);
	rec_golden("HOOK (exec_stop_post exit 1)", &r, "870903070902011818");
	{
		uint8_t hb[32];
		struct jrec back;
		int hn = jrec_encode(&r, NULL, hb, sizeof hb);
		is_int(jrec_decode(hb, (uint32_t)hn, JF_VERSION_4, &back, &S2), -EBADMSG,
		       "a HOOK record in a version 4 frame is refused (HOOK is new in 5)");
		struct jstate before = S2;
		ok(!jstate_apply(&S2, &r, false) && memcmp(&before, &S2, sizeof before) == 0,
		   "a HOOK record changes nothing in the recovered state");
	}

	/* A SNAPSHOT with rows for jobs 1 and 3. */
	jstate_init(&S);
	S.job[0] = (struct jjob){ .v = { [JK_JOB] = 1, [JK_BOOT] = 6, [JK_T] = 50, [JK_STATE] = 2,
					 [JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE }, .name = "net" };
	S.job[2] = (struct jjob){ .v = { [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_STATE] = 4, [JK_RC] = 5,
					 [JK_EXIT] = (uint32_t)-11, [JK_ON] = 1, [JK_ENABLE] = JOURNAL_DISABLED },
				  .name = "crasher" };
	r = REC([JK_TYPE] = JREC_SNAPSHOT, [JK_BOOT] = 7, [JK_T] = 9, [JK_STREAK] = 2, [JK_HEALTHY] = 5, [JK_CLEAN] = 4,
		[JK_LSTART] = 3, [JK_LAYOUT] = jlayout_pack(&(struct jlayout){ .seg_size = 8192, .seg_count = 4,
									      .prog_unit = 16 }));
	is_int(r.v[JK_LAYOUT], 13 | 4 << 5 | 4 << 10, "layout of 4 x 8 KiB, P 16");
	struct jlayout lay;
	ok(!jlayout_unpack(r.v[JK_LAYOUT], &lay) && lay.seg_size == 8192 && lay.seg_count == 4 && lay.prog_unit == 16,
	   "and unpacked the same");
	ok(jlayout_unpack(12 | 4 << 5 | 4 << 10, &lay) == -EINVAL &&
	   jlayout_unpack(13 | 13 << 5 | 4 << 10, &lay) == -EINVAL &&
	   jlayout_unpack(13 | 4 << 5 | 1 << 10, &lay) == -EINVAL &&
	   jlayout_unpack(13 | 4 << 5 | 17 << 10, &lay) == -EINVAL &&
	   jlayout_unpack(25 | 4 << 5 | 16 << 10, &lay) == -EINVAL && jlayout_unpack(28 | 4 << 5 | 2 << 10, &lay) == -EINVAL &&
	   !jlayout_unpack(24 | 12 << 5 | 16 << 10, &lay) && !jlayout_unpack(25 | 4 << 5 | 8 << 10, &lay) &&
	   !jlayout_unpack(27 | 4 << 5 | 2 << 10, &lay),
	   "unpack refuses 4 KiB segments, P 8 KiB, 1 or 17 segments, over 256 MiB in all; takes 16 x 16 MiB, P 4 KiB, "
	   "8 x 32 MiB and 2 x 128 MiB (MTD erase blocks over 16 MiB)");
	struct store_geom big = { .size = 256u << 20, .erase = 32u << 20, .prog = 16 };
	ok(!jlayout_of_store(&big, &lay) && lay.seg_size == 32u << 20 && lay.seg_count == 8 &&
	   !jlayout_unpack(jlayout_pack(&lay), &lay), "an erase block of 32 MiB lays out 8 x 32 MiB, which unpacks");
	rec_golden("SNAPSHOT", &r, "981c" SH R1 R3);
	ok(!strcmp(S2.job[0].name, "net") && !strcmp(S2.job[2].name, "crasher") && !S2.job[1].name[0] &&
	   S2.job[2].v[JK_ON] == 1 && S2.job[2].v[JK_ENABLE] == JOURNAL_DISABLED && !S2.job[0].v[JK_ENABLE] && (int32_t)S2.job[2].v[JK_EXIT] == -11 && S2.job[2].v[JK_JOB] == 3 &&
	   (int32_t)S2.job[0].v[JK_EXIT] == JOURNAL_EXIT_NONE, "snapshot rows land in the state by id");
	int rows = 0;
	for (int i = 0; i < SVC_MAX; i++)
		rows += S2.job[i].name[0] != '\0';
	is_int(rows, 2, "and no other row");
	jstate_init(&S);
	rec_golden("empty SNAPSHOT", &REC([JK_TYPE] = JREC_SNAPSHOT, [JK_BOOT] = 1, [JK_LAYOUT] = 1),
		   "8a0f010000000000000100");
	ok(jrec_encode(&REC([JK_TYPE] = 10), NULL, f, sizeof f) < 0, "type 10 does not encode");
	ok(jrec_encode(&REC([JK_TYPE] = 16 + JREC_JOB), NULL, f, sizeof f) < 0, "type 19 does not encode");
	is_int(jrec_encode(&REC([JK_TYPE] = JREC_HEALTHY), NULL, f, 3), -ENOSPC, "a short buffer: -ENOSPC");
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (uint32_t)(rng >> 16) >> rng % 32;   /* every size of argument */
}

/* 1..31 printable bytes. */
static void rnd_name(char *n)
{
	uint32_t len = 1 + (uint32_t)(rng >> 40) % (SVC_NAME_MAX - 1);
	for (uint32_t i = 0; i < len; i++, rnd())
		n[i] = (char)(0x20 + (uint32_t)(rng >> 40) % 95);
	n[len] = '\0';
}

/* Random records of every type with in-range values: encode, decode to
 * the same values, re-encode to the same bytes. */
static void test_rec_roundtrip(void)
{
	static const uint32_t types[] = { JREC_BOOT, JREC_HEALTHY, JREC_JOB, JREC_START, JREC_BIND, JREC_QUAR,
					  JREC_SHUTDOWN, JREC_SNAPSHOT, JREC_ENABLE, JREC_HOOK };
	/* The keys of each type, from docs/journal.md (not from jrec.c). */
#define B (JK(JK_TYPE) | JK(JK_BOOT) | JK(JK_T) | JK(JK_MS))
#define V (JK(JK_STREAK) | JK(JK_HEALTHY) | JK(JK_CLEAN) | JK(JK_LSTART) | JK(JK_PSTART))
	static const uint32_t keys[] = {
		B | V, B | JK(JK_HEALTHY), B | JK(JK_JOB) | JK(JK_STATE) | JK(JK_RC) | JK(JK_EXIT),
		B | JK(JK_JOB) | JK(JK_LSTART),
		B | JK(JK_JOB) | JK(JK_STATE) | JK(JK_RC) | JK(JK_EXIT) | JK(JK_ON) | JK(JK_NAME) | JK(JK_ENABLE),
		B | JK(JK_JOB) | JK(JK_ON), B | JK(JK_CLEAN), B | V | JK(JK_LAYOUT), B | JK(JK_JOB) | JK(JK_ENABLE),
		B | JK(JK_JOB) | JK(JK_STATE) | JK(JK_EXIT),
	};
#undef B
#undef V
	uint8_t b[JF_PAYLOAD_MAX], b2[JF_PAYLOAD_MAX];
	enum { NTYPES = sizeof types / sizeof types[0] };
	int bad[NTYPES] = { 0 };
	for (int i = 0; i < 1000 * NTYPES; i++) {
		int ti = i % NTYPES;
		struct jrec r = { 0 }, got;
		for (int k = 0; k < JK_N; k++)
			r.v[k] = rnd();
		r.v[JK_TYPE] = types[ti];
		r.v[JK_JOB] = 1 + rnd() % SVC_MAX;
		r.v[JK_STATE] %= JOURNAL_STATE_MAX + 1;
		if (types[ti] == JREC_HOOK)
			r.v[JK_STATE] = 1 + r.v[JK_STATE] % 2;   /* exec_start_pre or exec_stop_post */
		r.v[JK_HEALTHY] = types[ti] == JREC_HEALTHY ? r.v[JK_BOOT] : r.v[JK_HEALTHY];
		r.v[JK_CLEAN] = types[ti] == JREC_SHUTDOWN ? r.v[JK_BOOT] : r.v[JK_CLEAN];
		r.v[JK_ON] &= 1;
		r.v[JK_LSTART] %= SVC_MAX + 1;
		r.v[JK_PSTART] %= SVC_MAX + 1;
		r.v[JK_MS] %= 1000;
		r.v[JK_ENABLE] %= 3;
		if (types[ti] == JREC_START)
			r.v[JK_LSTART] = r.v[JK_JOB];   /* lstart (= job) */
		rnd_name(r.name);
		jstate_init(&S);
		for (int j = 0; types[ti] == JREC_SNAPSHOT && j < SVC_MAX; j++) {
			if (rnd() % 3)
				continue;
			for (int k = JK_JOB; k < JK_NAME; k++)   /* a row has no type */
				S.job[j].v[k] = rnd();
			S.job[j].v[JK_JOB] = (uint32_t)j + 1;
			S.job[j].v[JK_STATE] %= JOURNAL_STATE_MAX + 1;
			S.job[j].v[JK_ON] &= 1;
			S.job[j].v[JK_ENABLE] = rnd() % 3;
			rnd_name(S.job[j].name);
		}
		int n = jrec_encode(&r, &S, b, sizeof b);
		if (n <= 0 || jrec_decode(b, (uint32_t)n, JF_VERSION, &got, &S2) || jrec_encode(&got, &S2, b2, sizeof b2) != n ||
		    memcmp(b, b2, (size_t)n) || (types[ti] == JREC_SNAPSHOT && memcmp(&S, &S2, sizeof S))) {
			bad[ti]++;
			continue;
		}
		/* Exactly the type's values come back; the others are 0. */
		for (int k = 0; k < JK_N; k++)
			bad[ti] += k != JK_NAME && got.v[k] != (keys[ti] & JK(k) ? r.v[k] : 0);
		bad[ti] += strcmp(got.name, keys[ti] & JK(JK_NAME) ? r.name : "") != 0;
	}
	for (int ti = 0; ti < NTYPES; ti++)
		is_int(bad[ti], 0, "1000 random records of type %u round-trip", types[ti]);
}

/* Decode hex h as a record: must fail (bad) or succeed. */
static void rec_is(const char *h, int bad, const char *why)
{
	static uint8_t b[4096];
	struct jrec r;
	is_int(jrec_decode(b, unhex(h, b), JF_VERSION, &r, &S2), bad ? -EBADMSG : 0, "record %s: %s (%s)",
	       bad ? "refused" : "accepted", why, h);
}

static void test_rec_refuse(void)
{
	static const struct vec recs[] = {
		/* Array length and type. */
		{ "86060307090100", "QUAR", 0 }, { "850603070901", "QUAR with 5 values (no ms)", 1 },
		{ "8706030709010000", "QUAR with 7 values", 1 }, { "85" "060307090100", "array of 5 holding 6 values", 1 },
		{ "87" "0603071818" "0100", "array of 7 holding 6 values", 1 },
		{ "8e060307090100" "0000000000000000", "QUAR with 8 values more (rows)", 1 },
		{ "8703041904d21a0001518004052a", "JOB without ms (version 2)", 1 },
		{ "8703041904d21a00015180040518fa", "JOB without exit", 1 }, { "80", "empty array", 1 },
		{ "81", "array of 1 with nothing", 1 }, { "8109", "unknown type 9", 1 },
		{ "850907090700", "unknown type 9 with values", 1 }, { "850e07090700", "unknown type 14", 1 },
		{ "86080307090002", "ENABLE disabled", 0 }, { "86080307090001", "ENABLE enabled", 0 },
		{ "86080307090003", "ENABLE 3", 1 }, { "850803070900", "ENABLE without enable", 1 },
		{ "86080007090002", "ENABLE job id 0", 1 },
		{ "850007090700", "type 0, 5 values", 1 }, { "851007090700", "type 16", 1 },
		{ "8518ff07090700", "type 255", 1 }, { "852007090700", "negative type", 1 },
		{ "856361626307090700", "text type", 1 },
		/* Job ids and bounds. */
		{ "86060007090100", "job id 0", 1 }, { "8606184007090100", "job id 64", 0 },
		{ "8606184107090100", "job id 65", 1 }, { "8604" "1840" "0709" "1841" "00", "START lstart 65", 1 },
		{ "8604" "1841" "0709" "1841" "00", "START job 65", 1 }, { "8803010709" "09" "0000" "00", "state 9 (skipped)", 0 },
		{ "8803010709" "0a" "0000" "00", "state 10", 1 }, { "8803010709" "18ff" "0000" "00", "state 255", 1 },
		{ "85020709" "08" "00", "HEALTHY with healthy != boot", 1 }, { "85070709" "08" "00", "SHUTDOWN with clean != boot", 1 },
		{ "8604" "01" "0709" "02" "00", "START with lstart != job", 1 }, { "8709" "03" "0709" "03" "01" "00", "HOOK 3", 1 },
		{ "8803010709" "190100" "0000" "00", "state 256", 1 },
		{ "8803010709" "1affffffff" "0000" "00", "state 2^32-1", 1 }, { "86060307090000", "on 0", 0 },
		{ "86060307090200", "on 2", 1 }, { "8606030709181800", "on 24", 1 },
		{ "88030107090200" "1a7fffffff" "00", "exit INT32_MAX", 0 },
		{ "88030107090200" "1a80000000" "00", "exit 2^31", 1 },
		{ "88030107090200" "3a80000000" "00", "exit -2^31-1", 1 },
		{ "880301" "20" "090200" "00" "00", "negative boot", 1 },
		{ "880301070920" "00" "00" "00", "negative state", 1 },
		{ "8803010709" "6161" "00" "00" "00", "text state", 1 },
		{ "8901071864020504" "1841" "03" "00", "BOOT lstart 65", 1 },
		{ "890107186402050400" "1841" "00", "BOOT pstart 65", 1 }, { "86060307" "1809" "01" "00", "non-shortest t", 1 },
		{ "86060307" "1a00000009" "01" "00", "non-shortest t in 4 bytes", 1 },
		{ "86060307" "1b0000000000000009" "01" "00", "a 64-bit t", 1 },
		{ "8606030709" "01" "1903e7", "ms 999", 0 }, { "8606030709" "01" "1903e8", "ms 1000", 1 },
		{ "8606030709" "01" "1817", "non-shortest ms", 1 }, { "8606030709" "01" "20", "negative ms", 1 },
		{ "8606030709" "01" "60", "text ms", 1 },
		/* Names. */
		{ BINDP "60" "00" "00", "BIND with an empty name", 1 },
		{ BINDP "03" "00" "00", "BIND with a uint name", 1 },
		{ BINDP "627300" "00" "00", "BIND name with a NUL", 1 },
		{ BINDP "6373c3a9" "00" "00", "BIND name in UTF-8 (a byte >= 0x80)", 1 },
		{ "8a" BINDV "6473736864" "00", "BIND without enable (version 3)", 1 },
		{ BINDP "6473736864" "00" "03", "BIND with enable 3", 1 },
		/* Shape. */
		{ "a300020107021878", "a map instead of an array (the old format)", 1 },
		{ "a3000201070207", "a map instead of an array", 1 },
		{ "a100" "86060307090100", "a map holding the array", 1 }, { "06", "a bare uint", 1 },
		{ "86060307090100" "00", "trailing byte", 1 },
		{ "86060307090100" "86060307090100", "a second record after it", 1 }, { "860603070901", "truncated", 1 },
		{ "9f060307090100ff", "indefinite array", 1 },
		{ BINDP "781f" A31 "00" "00", "BIND name of 31 bytes", 0 },
		{ BINDP "7820" A32 "00" "00", "BIND name of 32 bytes", 1 },
		/* SNAPSHOT rows. */
		{ "981c" SH R1 R3, "the golden SNAPSHOT", 0 }, { "93" SH R1, "SNAPSHOT with one row", 0 },
		{ "981c" SH R3 R1, "rows 3, 1: not ascending", 1 }, { "981c" SH R1 R1, "rows 1, 1: duplicate id", 1 },
		{ "93" SH "01" R1T "60" "00", "a row with an empty name", 1 },
		{ "93" SH "01" R1T "781f" A31 "00", "a row name of 31 bytes", 0 },
		{ "93" SH "01" R1T "7820" A32 "00", "a row name of 32 bytes", 1 },
		{ "93" SH "00" R1T R1N "00", "a row with job id 0", 1 },
		{ "93" SH "1841" R1T R1N "00", "a row with job id 65", 1 },
		{ "93" SH "01061832" "190100" "003a7fffffff00" R1N "00", "a row with state 256", 1 },
		{ "93" SH "0106183202003a7fffffff" "02" R1N "00", "a row with on 2", 1 },
		{ "93" SH "01" R1T R1N "03", "a row with enable 3", 1 },
		{ "92" SH R1_V3, "a row of 8 values (version 3)", 1 }, { "94" SH R1 "00", "a row of 10 values", 1 },
		{ "88" "0f07090205040300", "SNAPSHOT without layout and ms", 1 },
		{ "89" "0f07090205040300" "19108d", "SNAPSHOT without ms (version 2)", 1 },
		{ "93" SH R1 "00", "SNAPSHOT with a trailing byte", 1 },
		{ "93" SH R1 R3, "SNAPSHOT array of 19 holding 28 values", 1 },
	};
	for (const struct vec *v = recs; v < recs + sizeof recs / sizeof recs[0]; v++)
		rec_is(v->h, v->bad, v->why);
	struct jrec r;
	uint8_t b[256];
	uint32_t n = unhex("981c" SH R1 R3, b);
	is_int(jrec_decode(b, n, JF_VERSION, &r, NULL), -EBADMSG, "a SNAPSHOT without a state argument");
}

/* Version 2 payloads (the same records without ms) decode with ms 0;
 * each version refuses the other's. */
static void test_rec_v2(void)
{
	uint8_t b[64];
	struct jrec r;
	uint32_t n = unhex("8703041904d21a0001518004052a", b);
	ok(!jrec_decode(b, n, JF_VERSION_2, &r, &S2) && r.v[JK_TYPE] == JREC_JOB && r.v[JK_JOB] == 4 &&
	   r.v[JK_BOOT] == 1234 && r.v[JK_T] == 86400 && r.v[JK_STATE] == 4 && r.v[JK_RC] == 5 &&
	   (int32_t)r.v[JK_EXIT] == -11 && r.v[JK_MS] == 0, "a version 2 JOB decodes, ms 0");
	is_int(jrec_decode(b, n, JF_VERSION, &r, &S2), -EBADMSG, "and is refused as version 4");
	n = unhex("8803041904d21a0001518004052a18fa", b);
	is_int(jrec_decode(b, n, JF_VERSION_2, &r, &S2), -EBADMSG, "a version 3 JOB is refused as version 2");
	n = unhex("890503070900003a7fffffff006473736864", b);
	ok(!jrec_decode(b, n, JF_VERSION_2, &r, &S2) && !strcmp(r.name, "sshd") && r.v[JK_JOB] == 3,
	   "a version 2 BIND decodes");
	n = unhex("890f0100000000000001", b);
	ok(!jrec_decode(b, n, JF_VERSION_2, &r, &S2) && r.v[JK_TYPE] == JREC_SNAPSHOT && r.v[JK_LAYOUT] == 1,
	   "a version 2 SNAPSHOT decodes");
	is_int(jrec_decode(b, n, JF_VERSION, &r, &S2), -EBADMSG, "and is refused as version 4");
}

/* Version 3 payloads (no ENABLE record, no enable in a job row) decode
 * with enable 0; each version refuses the other's. */
static void test_rec_v3(void)
{
	uint8_t b[128];
	struct jrec r;
	uint32_t n = unhex("8a" BINDV "6473736864" "00", b);
	ok(!jrec_decode(b, n, JF_VERSION_3, &r, &S2) && !strcmp(r.name, "sshd") && r.v[JK_ENABLE] == 0,
	   "a version 3 BIND decodes, enable 0");
	is_int(jrec_decode(b, n, JF_VERSION, &r, &S2), -EBADMSG, "and is refused as version 4");
	n = unhex(BINDP "6473736864" "00" "00", b);
	is_int(jrec_decode(b, n, JF_VERSION_3, &r, &S2), -EBADMSG, "a version 4 BIND is refused as version 3");
	n = unhex("981a" SH R1_V3 R3_V3, b);
	ok(!jrec_decode(b, n, JF_VERSION_3, &r, &S2) && !strcmp(S2.job[2].name, "crasher") &&
	   S2.job[2].v[JK_ON] == 1 && S2.job[2].v[JK_ENABLE] == 0, "a version 3 SNAPSHOT decodes, rows with enable 0");
	is_int(jrec_decode(b, n, JF_VERSION, &r, &S2), -EBADMSG, "and is refused as version 4");
	n = unhex("86080307090002", b);
	is_int(jrec_decode(b, n, JF_VERSION_3, &r, &S2), -EBADMSG, "an ENABLE in a version 3 frame is refused");
	is_int(jrec_decode(b, n, JF_VERSION_2, &r, &S2), -EBADMSG, "and in a version 2 frame");
}

/* jstate_pick never gives away the id of a name that initctl enabled or
 * disabled, even the least recently changed one. */
static void test_pick(void)
{
	jstate_init(&S);
	for (int i = 0; i < SVC_MAX; i++) {
		S.job[i].v[JK_JOB] = (uint32_t)i + 1;
		S.job[i].v[JK_BOOT] = 10 + (uint32_t)i;
		snprintf(S.job[i].name, sizeof S.job[i].name, "s%d", i);
	}
	is_int(jstate_pick(&S, NULL), 1, "a full state: the oldest row's id");
	S.job[0].v[JK_ENABLE] = JOURNAL_DISABLED;
	S.job[1].v[JK_ENABLE] = JOURNAL_ENABLED;
	is_int(jstate_pick(&S, NULL), 3, "disabled and enabled rows are kept: the next oldest");
	for (int i = 2; i < SVC_MAX; i++)
		S.job[i].v[JK_ENABLE] = JOURNAL_DISABLED;
	is_int(jstate_pick(&S, NULL), 0, "every row pinned: no id");
	S.job[40].v[JK_ENABLE] = 0;
	S.job[50].v[JK_ENABLE] = 0;
	S.job[50].v[JK_BOOT] = S.job[40].v[JK_BOOT];
	S.job[50].v[JK_T] = 1;
	S.job[40].v[JK_T] = 2;
	is_int(jstate_pick(&S, NULL), 51, "same boot: the earlier t goes first");
	S.job[50].v[JK_T] = 2;
	is_int(jstate_pick(&S, NULL), 41, "same boot and t: the lowest id");
}

int main(void)
{
	test_rec_golden();
	test_rec_roundtrip();
	test_rec_refuse();
	test_rec_v2();
	test_rec_v3();
	test_pick();
	return done();
}
