/* SPDX-License-Identifier: MIT */
/*
 * init/cbor.c, init/crc32c.c and the record schema of init/jrec.c: golden
 * byte vectors (the record vectors were produced independently with
 * python3-cbor2 canonical=True), round trips, and the strict decoder's
 * refusals: non-shortest arguments, indefinite lengths, unsorted or
 * duplicate keys, trailing bytes, tags, floats, bad UTF-8, deep nesting.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/cbor.h"
#include "init/crc32c.h"
#include "init/jframe.h"
#include "init/jrec.h"
#include "tests/unit/t.h"

static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	for (; h[0] && h[1]; h += 2) {
		unsigned v;
		sscanf(h, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static const char *hex(const uint8_t *b, size_t n)
{
	static char s[4096];
	for (size_t i = 0; i < n && i < 2000; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	s[2 * (n < 2000 ? n : 2000)] = '\0';
	return s;
}

static void golden_uint(uint64_t v, const char *want)
{
	uint8_t b[16];
	struct cbor_enc e;
	struct cbor_dec d;
	uint64_t got;
	cbor_enc_init(&e, b, sizeof b);
	cbor_put_uint(&e, v);
	is_str(hex(b, (size_t)cbor_enc_result(&e)), want, "uint %llu encodes as %s", (unsigned long long)v, want);
	cbor_dec_init(&d, b, e.len);
	ok(!cbor_get_uint(&d, UINT64_MAX, &got) && got == v && !cbor_dec_end(&d), "uint %llu round-trips", (unsigned long long)v);
}

static void golden_int(int64_t v, const char *want)
{
	uint8_t b[16];
	struct cbor_enc e;
	struct cbor_dec d;
	int64_t got;
	cbor_enc_init(&e, b, sizeof b);
	cbor_put_int(&e, v);
	is_str(hex(b, e.len), want, "int %lld encodes as %s", (long long)v, want);
	cbor_dec_init(&d, b, e.len);
	ok(!cbor_get_int(&d, &got) && got == v && !cbor_dec_end(&d), "int %lld round-trips", (long long)v);
}

/* A whole item must be refused by cbor_skip + cbor_dec_end. */
static void rejects(const char *h, const char *why)
{
	uint8_t b[64];
	struct cbor_dec d;
	size_t n = unhex(h, b);
	cbor_dec_init(&d, b, n);
	int r = cbor_skip(&d);
	if (!r)
		r = cbor_dec_end(&d);
	is_int(r, -EBADMSG, "rejects %s (%s)", h, why);
}

static void accepts(const char *h, const char *why)
{
	uint8_t b[64];
	struct cbor_dec d;
	size_t n = unhex(h, b);
	cbor_dec_init(&d, b, n);
	ok(!cbor_skip(&d) && !cbor_dec_end(&d), "accepts %s (%s)", h, why);
}

static void test_codec(void)
{
	golden_uint(0, "00");
	golden_uint(23, "17");
	golden_uint(24, "1818");
	golden_uint(255, "18ff");
	golden_uint(256, "190100");
	golden_uint(65535, "19ffff");
	golden_uint(65536, "1a00010000");
	golden_uint(0xffffffffu, "1affffffff");
	golden_uint(0x100000000ull, "1b0000000100000000");
	golden_uint(UINT64_MAX, "1bffffffffffffffff");
	golden_int(-1, "20");
	golden_int(-11, "2a");
	golden_int(-24, "37");
	golden_int(-25, "3818");
	golden_int(-257, "390100");
	golden_int(INT64_MIN, "3b7fffffffffffffff");
	golden_int(INT64_MAX, "1b7fffffffffffffff");

	uint8_t b[32];
	struct cbor_enc e;
	cbor_enc_init(&e, b, sizeof b);
	cbor_put_head(&e, CBOR_MAP, 2);
	cbor_put_uint(&e, 0);
	cbor_put_tstr(&e, "sshd", 4);
	cbor_put_uint(&e, 9);
	cbor_put_head(&e, CBOR_ARRAY, 1);
	cbor_put_tstr(&e, "", 0);
	is_str(hex(b, e.len), "a2006473736864098160", "map, tstr and array heads");
	cbor_enc_init(&e, b, 3);
	cbor_put_tstr(&e, "sshd", 4);
	is_int(cbor_enc_result(&e), -ENOSPC, "encoder reports a short buffer");
	size_t was = e.len;
	cbor_put_uint(&e, 1);
	is_int(e.len, was, "and writes nothing after the error");

	is_int(crc32c(0, "123456789", 9), 0xe3069283u, "crc32c check value");
	is_int(crc32c(crc32c(0, "1234", 4), "56789", 5), 0xe3069283u, "crc32c continues");
}

static void test_strict(void)
{
	rejects("1800", "0 in two bytes");
	rejects("1817", "23 in two bytes");
	rejects("1900ff", "255 in three bytes");
	rejects("1a0000ffff", "65535 in five bytes");
	rejects("1b00000000ffffffff", "u32 in nine bytes");
	rejects("3800", "-1 in two bytes");
	rejects("7800", "empty text, long length");
	rejects("980100", "array count 1 in two bytes");
	rejects("5f", "indefinite byte string");
	rejects("7fff", "indefinite text");
	rejects("9fff", "indefinite array");
	rejects("bfff", "indefinite map");
	rejects("1c", "additional info 28");
	rejects("1f", "additional info 31");
	rejects("a2010000", "truncated map");
	rejects("a201000000", "unsorted keys");
	rejects("a200000000", "duplicate keys");
	rejects("a1200000", "negative key");
	rejects("a1616100", "text key");
	rejects("0000", "trailing byte");
	rejects("c000", "tag");
	rejects("f90000", "half float");
	rejects("f4", "false");
	rejects("f6", "null");
	rejects("4100", "byte string");
	rejects("6100", "text with NUL");
	rejects("61ff", "invalid UTF-8");
	rejects("62c080", "overlong UTF-8");
	rejects("63eda080", "UTF-16 surrogate");
	rejects("64f4908080", "above U+10FFFF");
	rejects("62e282", "truncated UTF-8");
	rejects("8181818181818100", "nesting too deep");
	rejects("85000000", "array count past the end");
	rejects("bb7fffffffffffffff", "map count past the end");
	rejects("", "empty input");
	accepts("81818100", "three nested arrays");
	accepts("a3000117021818a0", "sorted keys 0, 23, 24");
	accepts("63e282ac", "euro sign");
	accepts("64f09f9982", "4-byte UTF-8");
	accepts("1818", "24 in two bytes");
}

struct vec { const char *name, *hex; };

static const struct vec rec_vecs[] = {
	{ "JOB", "a70003010502185a040205020601072a" },
	{ "JOB without exit", "a60003010502185a04020504061a00011170" },
	{ "BOOT", "a50001010702000b830204030e820003" },
	{ "HEALTHY", "a300020107021878" },
	{ "START", "a40004010702030402" },
	{ "BIND", "a50005010702030402096473736864" },
	{ "QUAR", "a500060107020304020f01" },
	{ "SHUTDOWN", "a30007010702190fa0" },
	{ "SNAPSHOT", "a8000f010702090a828601636e65740200070187036763726173686572040307082a0b830205040c81030d84010000020e820300" },
};

static void test_records(void)
{
	static struct jstate s;
	uint8_t in[512], out[512];
	for (size_t i = 0; i < sizeof rec_vecs / sizeof rec_vecs[0]; i++) {
		struct jrec r;
		size_t n = unhex(rec_vecs[i].hex, in);
		int d = jrec_decode(in, (uint32_t)n, &r, &s);
		is_int(d, 0, "%s golden vector decodes", rec_vecs[i].name);
		int m = jrec_encode(&r, &s, out, sizeof out);
		is_str(hex(out, m > 0 ? (size_t)m : 0), rec_vecs[i].hex, "%s re-encodes byte for byte", rec_vecs[i].name);
	}
	/* Build the JOB record from fields, and its frame. */
	struct jrec r = { .type = JREC_JOB, .boot = 5, .t = 90, .job = 2, .state = 2, .rc = 1, .exit = -11 };
	uint8_t f[64];
	int n = jrec_encode(&r, NULL, f + JF_HDR, sizeof f - JF_OVERHEAD);
	uint32_t fl = jframe_seal(f, 42, (uint32_t)n);
	is_str(hex(f, fl), "4a0110002a000000a70003010502185a040205020601072a80030146", "JOB frame (seq 42) golden bytes");
	is_int(fl, 28, "a JOB event is 28 bytes framed");

	/* Snapshot details decoded. */
	n = (int)unhex(rec_vecs[8].hex, in);
	ok(!jrec_decode(in, (uint32_t)n, &r, &s), "snapshot decodes");
	is_str(s.job[2].name, "crasher", "snapshot row 3 name");
	is_int(s.job[2].exit, -11, "snapshot row 3 exit");
	is_int(s.job[0].exit, JOURNAL_EXIT_NONE, "snapshot row 1 has no exit");
	ok(s.job[2].quar && !s.job[0].quar, "quarantine list");
	ok(s.streak == 2 && s.last_healthy == 5 && s.last_clean == 4 && s.last_start == 3, "boot state");
}

static void rec_rejects(const char *h, const char *why)
{
	static struct jstate s;
	uint8_t b[256];
	struct jrec r;
	size_t n = unhex(h, b);
	is_int(jrec_decode(b, (uint32_t)n, &r, &s), -EBADMSG, "record rejected: %s", why);
}

static void test_schema(void)
{
	rec_rejects("a200020107", "HEALTHY without t");
	rec_rejects("a4000201070218780402", "HEALTHY with a job key");
	rec_rejects("a300100107021878", "type 16");
	rec_rejects("a300000107021878", "type 0");
	rec_rejects("a201070002", "type not first");
	rec_rejects("a70003010502185a04020502060107" "3a7fffffff", "exit INT32_MIN (means none)");
	rec_rejects("a70003010502185a04020502060107" "3a80000000", "exit below int32");
	rec_rejects("a40004010702030400", "job id 0");
	rec_rejects("a40004010702030418" "41", "job id 65");
	rec_rejects("a500050107020304020978" "20" "6161616161616161616161616161616161616161616161616161616161616161", "name of 32 bytes");
	rec_rejects("a5000501070203040260", "empty name");
	rec_rejects("a300020107021878" "00", "trailing byte");
	rec_rejects("a500060107020304020f02", "QUAR on = 2");
	rec_rejects("a40004010702030402" "ff", "break byte");
	/* snapshot: rows out of order, duplicate names, quarantine of an unknown id */
	rec_rejects("a8000f010702090a82860363637263020007018601636e6574020007010b830205040c800d84010000020e820000", "unsorted rows");
	rec_rejects("a8000f010702090a828601636e6574020007018602636e6574020007010b830205040c800d84010000020e820000", "duplicate names");
	rec_rejects("a8000f010702090a818601636e6574020007010b830205040c81050d84010000020e820000", "quarantined id without a row");
	rec_rejects("a8000f010702090a818601636e6574020007010b830205040c800d84010000020e820500", "last START id without a row");
	static struct jstate s;
	uint8_t b[64];
	struct jrec r;
	size_t n = unhex("a8000f010702090a818601636e6574020007010b830205040c800d84010000020e820000", b);
	is_int(jrec_decode(b, (uint32_t)n, &r, &s), 0, "the same snapshot, valid, decodes");

	/* Unknown keys >= 16 are skipped and flagged. */
	n = unhex("a40002010702187810a10000", b);
	ok(!jrec_decode(b, (uint32_t)n, &r, &s) && r.unknown && r.type == JREC_HEALTHY, "unknown key 16 skipped");
}

/* Random values through the typed encoder and decoder. */
static void test_roundtrip(void)
{
	uint64_t seed = 1;
	int bad = 0;
	for (int i = 0; i < 20000; i++) {
		uint8_t b[64];
		struct cbor_enc e;
		struct cbor_dec d;
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		int64_t v = (int64_t)(seed >> (seed & 63));
		if (seed & 1)
			v = -v - 1;
		cbor_enc_init(&e, b, sizeof b);
		cbor_put_head(&e, CBOR_ARRAY, 2);
		cbor_put_int(&e, v);
		cbor_put_uint(&e, (uint64_t)v);
		size_t n;
		int64_t g;
		uint64_t u;
		cbor_dec_init(&d, b, e.len);
		if (cbor_get_array(&d, 2, &n) || n != 2 || cbor_get_int(&d, &g) || g != v ||
		    cbor_get_uint(&d, UINT64_MAX, &u) || u != (uint64_t)v || cbor_dec_end(&d))
			bad++;
	}
	is_int(bad, 0, "20000 random integers round-trip");
}

int main(void)
{
	test_codec();
	test_strict();
	test_records();
	test_schema();
	test_roundtrip();
	return done();
}
