/* SPDX-License-Identifier: MIT */
/*
 * init/cbor.c and the record schema of init/jrec.c.  Golden byte vectors
 * (computed by hand from RFC 8949 and docs/journal.md, checked against
 * python3-cbor2 canonical=True) for every head size, negative integers
 * and text; the strict decoder's refusals (non-shortest arguments at
 * every size, additional info 27..31, byte strings, tags, floats and
 * simple values, map keys, counts past the end, text outside printable
 * ASCII, trailing bytes) and its latched errors; encoder overflow.  Then
 * records: a golden JOB vector and frame, a round trip of every type
 * (a SNAPSHOT with rows), and what the record decoder refuses.
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

static uint32_t unhex(const char *h, uint8_t *out)
{
	uint32_t n = 0;
	if (strlen(h) % 2)
		abort();   /* a typo in a vector */
	for (; h[0]; h += 2) {
		unsigned v;
		if (sscanf(h, "%2x", &v) != 1)
			abort();
		out[n++] = (uint8_t)v;
	}
	return n;
}

static const char *hex(const uint8_t *b, int n)
{
	static char s[2 * 4096 + 1];
	s[0] = '\0';
	for (int i = 0; i < n && i < 4096; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	return s;
}

static uint8_t big[140000];   /* room for a map of 65536 entries */

/* One head encodes as want and cbor_get_head reads it back, given its
 * count of bytes after it (a string, array or map); a count larger than
 * any input is refused. */
static void golden_head(unsigned major, uint32_t arg, const char *want)
{
	struct cbor_enc e;
	struct cbor_dec d;
	unsigned mt = 9;
	uint32_t got = 0;
	cbor_enc_init(&e, big, sizeof big);
	cbor_put_head(&e, major, arg);
	int n = cbor_enc_result(&e);
	is_str(hex(big, n), want, "head %u/%u encodes as %s", major, arg, want);
	uint64_t room = major == CBOR_UINT || major == CBOR_NINT ? 0 : major == CBOR_MAP ? 2ull * arg : arg;
	if (n <= 0 || room > sizeof big - (uint32_t)n) {
		cbor_dec_init(&d, big, sizeof big);
		is_int(cbor_get_head(&d, &mt, &got), -EBADMSG, "head %u/%u: count past any input refused", major, arg);
		return;
	}
	memset(big + n, 0x20, (size_t)room);
	cbor_dec_init(&d, big, (uint32_t)(n + room));
	ok(!cbor_get_head(&d, &mt, &got) && mt == major && got == arg && d.off == (uint32_t)n,
	   "head %u/%u reads back", major, arg);
	if (room) {
		cbor_dec_init(&d, big, (uint32_t)(n + room - 1));
		is_int(cbor_get_head(&d, &mt, &got), -EBADMSG, "head %u/%u with one byte short refused", major, arg);
	}
}

/* cbor_get_head on head bytes h followed by room bytes of 0x20. */
static int head_at(const char *h)
{
	struct cbor_dec d;
	unsigned mt;
	uint32_t v;
	uint32_t n = unhex(h, big);
	memset(big + n, 0x20, sizeof big - n);
	cbor_dec_init(&d, big, sizeof big);
	return cbor_get_head(&d, &mt, &v);
}

static void golden_int(int32_t v, const char *want)
{
	uint8_t b[8];
	struct cbor_enc e;
	struct cbor_dec d;
	unsigned mt = 9;
	uint32_t arg = 0;
	cbor_enc_init(&e, b, sizeof b);
	cbor_put_int(&e, v);
	is_str(hex(b, cbor_enc_result(&e)), want, "int %d encodes as %s", v, want);
	cbor_dec_init(&d, b, e.len);
	int r = cbor_get_head(&d, &mt, &arg);
	int64_t got = mt == CBOR_NINT ? -1 - (int64_t)arg : (int64_t)arg;
	ok(!r && !cbor_dec_end(&d) && got == v, "int %d reads back", v);
}

static int walk(const char *h)
{
	uint8_t b[128];
	struct cbor_dec d;
	cbor_dec_init(&d, b, unhex(h, b));
	int r = cbor_skip(&d);
	return r ? r : cbor_dec_end(&d);
}

/* A vector: hex bytes, what it is, whether it must be refused. */
struct vec {
	const char *h, *why;
	int bad;
};

static void test_heads(void)
{
	static const struct { uint32_t v; unsigned ai; const char *tail; } u[] = {
		{ 0, 0, "" }, { 23, 23, "" }, { 24, 24, "18" }, { 255, 24, "ff" }, { 256, 25, "0100" },
		{ 65535, 25, "ffff" }, { 65536, 26, "00010000" }, { 0xffffffffu, 26, "ffffffff" },
	};
	char want[16];
	for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
		for (unsigned mt = 0; mt <= CBOR_MAP; mt++) {
			if (mt == 2)
				continue;
			snprintf(want, sizeof want, "%02x%s", mt << 5 | u[i].ai, u[i].tail);
			golden_head(mt, u[i].v, want);
		}
	}
	static const struct { int32_t v; const char *h; } ints[] = {
		{ 0, "00" }, { -1, "20" }, { -11, "2a" }, { -24, "37" }, { -25, "3818" }, { -256, "38ff" },
		{ -257, "390100" }, { -65536, "39ffff" }, { -65537, "3a00010000" }, { INT32_MIN, "3a7fffffff" },
		{ INT32_MAX, "1a7fffffff" },
	};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		golden_int(ints[i].v, ints[i].h);

	uint8_t b[64];
	struct cbor_enc e;
	struct cbor_dec d;
	const char *s;
	unsigned mt;
	uint32_t n;
	cbor_enc_init(&e, b, sizeof b);
	cbor_put_tstr(&e, "sshd", 4);
	cbor_put_tstr(&e, "", 0);
	cbor_put_tstr(&e, " !~getty@tty1.x-y_z/012345", 26);
	is_str(hex(b, cbor_enc_result(&e)), "6473736864" "60" "781a20217e67657474794074747931" "2e782d795f7a2f303132333435",
	       "text strings (4, 0, 26 bytes)");
	cbor_dec_init(&d, b, e.len);
	ok(!cbor_get_head(&d, &mt, &n) && mt == CBOR_TSTR && n == 4 && !cbor_get_str_body(&d, n, &s) &&
	   s == (const char *)b + 1 && !memcmp(s, "sshd", 4), "text body points into the input");
	ok(!cbor_get_head(&d, &mt, &n) && n == 0 && !cbor_get_str_body(&d, 0, &s), "empty text");
	ok(!cbor_get_head(&d, &mt, &n) && n == 26 && !cbor_get_str_body(&d, n, &s) && !memcmp(s, " !~", 3) &&
	   !cbor_dec_end(&d), "26-byte text with a 1-byte count");

	/* Random heads and ints round-trip. */
	uint64_t x = 88172645463325252ull;
	int bad = 0;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		uint32_t v = (uint32_t)x >> (x >> 59);
		int32_t iv = (int32_t)(x >> 32);
		cbor_enc_init(&e, b, sizeof b);
		cbor_put_head(&e, CBOR_UINT, v);
		cbor_put_int(&e, iv);
		cbor_dec_init(&d, b, e.len);
		uint32_t a1, a2;
		unsigned m1, m2;
		if (cbor_get_head(&d, &m1, &a1) || m1 || a1 != v || cbor_get_head(&d, &m2, &a2) ||
		    m2 != (iv < 0) || (iv < 0 ? -1 - (int64_t)a2 : a2) != iv || cbor_dec_end(&d))
			bad++;
	}
	is_int(bad, 0, "20000 random uint32 and int32 round-trip");
}

static void test_text_ok(void)
{
	char all[95];
	for (int i = 0; i < 95; i++)
		all[i] = (char)(0x20 + i);
	ok(cbor_text_ok(all, 95), "0x20..0x7e are all text");
	ok(cbor_text_ok("", 0), "empty is text");
	static const unsigned char badc[] = { 0x00, 0x01, 0x09, 0x0a, 0x1f, 0x7f, 0x80, 0xc3, 0xe2, 0xff };
	for (size_t i = 0; i < sizeof badc; i++) {
		char s[3] = { 'a', (char)badc[i], 'b' };
		ok(!cbor_text_ok(s, 3), "byte 0x%02x is not text", badc[i]);
	}
	ok(cbor_text_ok("ab\0", 2), "only n bytes are looked at");
}

static void test_enc_overflow(void)
{
	static const uint32_t args[] = { 23, 24, 256, 65536 };
	uint8_t b[16];
	struct cbor_enc e;
	for (size_t i = 0; i < 4; i++) {
		uint32_t need = i == 0 ? 1 : i == 1 ? 2 : i == 2 ? 3 : 5;
		cbor_enc_init(&e, b, need - 1);
		cbor_put_head(&e, CBOR_UINT, args[i]);
		is_int(cbor_enc_result(&e), -ENOSPC, "%u in %u bytes: -ENOSPC", args[i], need - 1);
		cbor_enc_init(&e, b, need);
		cbor_put_head(&e, CBOR_UINT, args[i]);
		is_int(cbor_enc_result(&e), need, "%u in %u bytes fits exactly", args[i], need);
	}
	memset(b, 0xaa, sizeof b);
	cbor_enc_init(&e, b, 4);
	cbor_put_tstr(&e, "sshd", 4);
	ok(e.err && cbor_enc_result(&e) == -ENOSPC, "5-byte text in 4 bytes: -ENOSPC");
	uint32_t was = e.len;
	cbor_put_head(&e, CBOR_UINT, 0);
	cbor_put_int(&e, -1);
	cbor_put_tstr(&e, "", 0);
	ok(e.len == was && b[was] == 0xaa && cbor_enc_result(&e) == -ENOSPC, "the error latches: nothing more is written");
	cbor_enc_init(&e, b, 5);
	cbor_put_tstr(&e, "sshd", 4);
	is_int(cbor_enc_result(&e), 5, "5-byte text in 5 bytes");
	cbor_enc_init(&e, NULL, 0);
	cbor_put_head(&e, CBOR_ARRAY, 0);
	is_int(cbor_enc_result(&e), -ENOSPC, "nothing fits in 0 bytes");
}

static void test_strict(void)
{
	char h[32];
	/* Non-shortest arguments at every size, every major type, with enough
	 * bytes after the head that only the form can be refused. */
	for (unsigned mt = 0; mt <= CBOR_MAP; mt++) {
		int bad = 0;
		if (mt == 2)
			continue;
		for (unsigned v = 0; v < 24; v++) {
			snprintf(h, sizeof h, "%02x%02x", mt << 5 | 24, v);
			bad += head_at(h) != -EBADMSG;
		}
		is_int(bad, 0, "major %u: each of 0..23 in a 1-byte argument refused", mt);
		/* additional info 24 + the first digit, then the argument bytes */
		static const char *const nonshort[] = { "10000", "10017", "10018", "100ff", "200000000",
							"2000000ff", "200000100", "20000ffff" };
		static const char *const shortest[] = { "018", "0ff", "10100", "1ffff", "200010000",
							"2ffffffff" };
		for (size_t i = 0; i < sizeof nonshort / sizeof nonshort[0]; i++) {
			snprintf(h, sizeof h, "%02x%s", mt << 5 | (24 + nonshort[i][0] - '0'), nonshort[i] + 1);
			is_int(head_at(h), -EBADMSG, "major %u: %s refused (not the shortest form)", mt, h);
		}
		for (size_t i = 0; i < sizeof shortest / sizeof shortest[0]; i++) {
			snprintf(h, sizeof h, "%02x%s", mt << 5 | (24 + shortest[i][0] - '0'), shortest[i] + 1);
			is_int(head_at(h), mt >= CBOR_TSTR && i == 5 ? -EBADMSG : 0, "major %u: %s %s", mt, h,
			       mt >= CBOR_TSTR && i == 5 ? "refused (count past the end)" : "accepted");
		}
		for (unsigned ai = 27; ai <= 31; ai++) {
			snprintf(h, sizeof h, "%02x0000000000000001", mt << 5 | ai);
			is_int(head_at(h), -EBADMSG, "major %u: additional info %u refused", mt, ai);
		}
	}
	static const struct vec vecs[] = {
		{ "1818", "24 in 1 byte", 0 }, { "190100", "256 in 2 bytes", 0 },
		{ "1a00010000", "65536 in 4 bytes", 0 }, { "3818", "-25", 0 }, { "3a7fffffff", "INT32_MIN", 0 },
		{ "1b0000000100000000", "2^32 (a 64-bit argument)", 1 },
		{ "3b0000000000000000", "negative 64-bit argument", 1 }, { "7fff", "indefinite text", 1 },
		{ "9fff", "indefinite array", 1 }, { "bfff", "indefinite map", 1 }, { "ff", "break", 1 },
		{ "40", "empty byte string", 1 }, { "4100", "byte string", 1 },
		{ "5f40ff", "indefinite byte string", 1 }, { "c000", "tag 0", 1 }, { "d82000", "tag 32", 1 },
		{ "c11a00010000", "epoch tag", 1 }, { "e0", "simple 0", 1 }, { "f4", "false", 1 },
		{ "f5", "true", 1 }, { "f6", "null", 1 }, { "f7", "undefined", 1 }, { "f820", "simple 32", 1 },
		{ "f90000", "half float", 1 }, { "fa00000000", "single float", 1 },
		{ "fb0000000000000000", "double float", 1 }, { "8140", "byte string inside an array", 1 },
		{ "a100f6", "null as a map value", 1 },
		/* Map keys. */
		{ "a3000117021818a0", "keys 0, 23, 24 ascending", 0 }, { "a11affffffff00", "key 2^32-1", 0 },
		{ "a201000000", "keys 1, 0: unsorted", 1 }, { "a200000000", "keys 0, 0: duplicate", 1 },
		{ "a3000101020100", "keys 0, 1, 1: duplicate", 1 }, { "a1200000", "negative key", 1 },
		{ "a1616100", "text key", 1 }, { "a18000", "array key", 1 }, { "a1a000", "map key", 1 },
		/* Counts larger than the bytes left. */
		{ "626161", "text of 2 with 2 bytes", 0 }, { "6261", "text of 2 with 1 byte", 1 },
		{ "7a7fffffff", "text of 2^31-1", 1 }, { "820000", "array of 2 with 2 items", 0 },
		{ "8200", "array of 2 with 1 item", 1 }, { "9affffffff00", "array of 2^32-1", 1 },
		{ "a100", "map of 1 with only a key", 1 }, { "a2000000", "map of 2 with 3 bytes", 1 },
		{ "bb7fffffffffffffff", "map of 2^63-1", 1 }, { "", "empty input", 1 },
		/* Text outside printable ASCII. */
		{ "6120", "space", 0 }, { "617e", "tilde", 0 }, { "6100", "NUL", 1 }, { "611f", "0x1f", 1 },
		{ "610a", "newline", 1 }, { "617f", "DEL 0x7f", 1 }, { "6180", "0x80", 1 },
		{ "62c3a9", "UTF-8 e-acute", 1 }, { "63e282ac", "UTF-8 euro sign", 1 },
		{ "64f09f9982", "4-byte UTF-8", 1 }, { "61ff", "0xff", 1 }, { "6361620a", "newline after text", 1 },
		/* Trailing bytes and nesting. */
		{ "0000", "trailing byte", 1 }, { "8000", "trailing byte after an array", 1 },
		{ "8181818100", "4 nested arrays (CBOR_DEPTH_MAX)", 0 }, { "818181818100", "5 nested arrays", 1 },
		{ "8181818180", "an empty array 5 deep", 1 }, { "a100a100a100a10000", "4 nested maps", 0 },
		{ "a100a100a100a100a10000", "5 nested maps", 1 },
	};
	for (const struct vec *v = vecs; v < vecs + sizeof vecs / sizeof vecs[0]; v++)
		is_int(walk(v->h), v->bad ? -EBADMSG : 0, "item %s: %s (%s)", v->bad ? "refused" : "accepted", v->why, v->h);
}

static void test_dec_api(void)
{
	uint8_t b[32];
	struct cbor_dec d;
	unsigned mt;
	uint32_t v, k;
	int64_t prev = -1;
	const char *s;
	/* Keys: strictly ascending against *prev. */
	cbor_dec_init(&d, b, unhex("00050506" "1affffffff", b));
	ok(!cbor_get_key(&d, &prev, &k) && k == 0 && prev == 0, "key 0 after -1");
	ok(!cbor_get_key(&d, &prev, &k) && k == 5 && prev == 5, "key 5 after 0");
	is_int(cbor_get_key(&d, &prev, &k), -EBADMSG, "key 5 again: refused");
	ok(d.err, "the refusal latches");
	is_int(cbor_get_key(&d, &prev, &k), -EBADMSG, "and key 6 after it fails too");
	prev = 0xfffffffe;
	cbor_dec_init(&d, b + 4, 5);
	ok(!cbor_get_key(&d, &prev, &k) && k == 0xffffffffu, "key 2^32-1 after 2^32-2");
	prev = 3;
	cbor_dec_init(&d, b, unhex("02", b));
	is_int(cbor_get_key(&d, &prev, &k), -EBADMSG, "key 2 after 3: refused");
	prev = -1;
	cbor_dec_init(&d, b, unhex("20", b));
	is_int(cbor_get_key(&d, &prev, &k), -EBADMSG, "a negative key: refused");
	prev = -1;
	cbor_dec_init(&d, b, unhex("6161", b));
	is_int(cbor_get_key(&d, &prev, &k), -EBADMSG, "a text key: refused");

	/* Latched errors: after one failure every call fails. */
	cbor_dec_init(&d, b, unhex("180000" "6161", b));
	is_int(cbor_get_head(&d, &mt, &v), -EBADMSG, "non-shortest head refused");
	is_int(cbor_get_head(&d, &mt, &v), -EBADMSG, "the valid head after it is refused too");
	is_int(cbor_skip(&d), -EBADMSG, "cbor_skip after an error");
	is_int(cbor_get_str_body(&d, 0, &s), -EBADMSG, "cbor_get_str_body after an error");
	d.off = d.len;
	is_int(cbor_dec_end(&d), -EBADMSG, "cbor_dec_end after an error, even at the end");

	/* cbor_dec_end: every byte consumed. */
	cbor_dec_init(&d, b, unhex("0102", b));
	ok(!cbor_get_head(&d, &mt, &v) && v == 1, "first of two items");
	is_int(cbor_dec_end(&d), -EBADMSG, "cbor_dec_end with a byte left");
	cbor_dec_init(&d, b, 0);
	is_int(cbor_dec_end(&d), 0, "cbor_dec_end on empty input with nothing read");
	is_int(cbor_get_head(&d, &mt, &v), -EBADMSG, "a head past the end");

	/* The string body is checked on its own too. */
	cbor_dec_init(&d, b, unhex("626100", b));
	ok(!cbor_get_head(&d, &mt, &v) && v == 2, "head of a text with a NUL");
	is_int(cbor_get_str_body(&d, v, &s), -EBADMSG, "its body is refused");
	cbor_dec_init(&d, b, unhex("6361", b));
	is_int(cbor_get_head(&d, &mt, &v), -EBADMSG, "text of 3 with 1 byte: refused at the head");
	cbor_dec_init(&d, b, unhex("6161", b));
	d.off = 1;
	is_int(cbor_get_str_body(&d, 2, &s), -EBADMSG, "a body longer than the input");
	cbor_dec_init(&d, b, unhex("40", b));
	is_int(cbor_get_head(&d, &mt, &v), -EBADMSG, "cbor_get_head refuses a byte string");
}

/* ---- records ---- */

/* Pieces of the golden SNAPSHOT: the 9 values after its head, its row
 * for job 1 (without the id, without the name, the name) and for job 3. */
#define SH  "0f0709020504030019108d"
#define R1T "06183202003a7fffffff00"
#define R1N "636e6574"
#define R1  "01" R1T R1N
#define R3  "03070904052a016763726173686572"
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
	ok(!jrec_decode(b, (uint32_t)n, &got, &S2), "%s decodes", what);
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
			    [JK_RC] = 5, [JK_EXIT] = (uint32_t)-11);
	/* [3, 4, 1234, 86400, 4, 5, -11]: 87 03 04 1904d2 1a00015180 04 05 2a */
	rec_golden("JOB", &r, "8703041904d21a0001518004052a");
	uint8_t f[64];
	int n = jrec_encode(&r, NULL, f + JF_HDR, sizeof f - JF_OVERHEAD);
	uint32_t fl = jframe_seal(f, 42, (uint32_t)n);
	is_int(fl, 26, "a JOB record is 26 bytes framed");
	is_int(fl, n + JF_OVERHEAD, "framed = payload + 12");
	/* CRC-32C of the 22 bytes before it, by python3 from its own table. */
	is_str(hex(f, (int)fl), "4a020e002a000000" "8703041904d21a0001518004052a" "a7901654", "JOB frame, seq 42");
	is_int(crc32c(0, "123456789", 9), 0xe3069283u, "crc32c check value");

	rec_golden("JOB, no exit", &REC([JK_TYPE] = JREC_JOB, [JK_JOB] = 1, [JK_BOOT] = 7, [JK_T] = 9, [JK_STATE] = 2,
					[JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE), "870301070902003a7fffffff");
	rec_golden("BOOT", &REC([JK_TYPE] = JREC_BOOT, [JK_BOOT] = 7, [JK_T] = 100, [JK_STREAK] = 2, [JK_HEALTHY] = 5,
				[JK_CLEAN] = 4, [JK_PSTART] = 3), "88010718640205040003");
	rec_golden("HEALTHY", &REC([JK_TYPE] = JREC_HEALTHY, [JK_BOOT] = 7, [JK_T] = 120, [JK_HEALTHY] = 7),
		   "840207187807");
	rec_golden("START", &REC([JK_TYPE] = JREC_START, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_LSTART] = 3),
		   "850403070903");
	r = REC([JK_TYPE] = JREC_BIND, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9);
	strcpy(r.name, "sshd");
	rec_golden("BIND", &r, "85050307096473736864");
	rec_golden("QUAR", &REC([JK_TYPE] = JREC_QUAR, [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_ON] = 1),
		   "850603070901");
	rec_golden("SHUTDOWN", &REC([JK_TYPE] = JREC_SHUTDOWN, [JK_BOOT] = 7, [JK_T] = 4000, [JK_CLEAN] = 7),
		   "840707190fa007");

	/* A SNAPSHOT with rows for jobs 1 and 3. */
	jstate_init(&S);
	S.job[0] = (struct jjob){ .v = { [JK_JOB] = 1, [JK_BOOT] = 6, [JK_T] = 50, [JK_STATE] = 2,
					 [JK_EXIT] = (uint32_t)JOURNAL_EXIT_NONE }, .name = "net" };
	S.job[2] = (struct jjob){ .v = { [JK_JOB] = 3, [JK_BOOT] = 7, [JK_T] = 9, [JK_STATE] = 4, [JK_RC] = 5,
					 [JK_EXIT] = (uint32_t)-11, [JK_ON] = 1 }, .name = "crasher" };
	r = REC([JK_TYPE] = JREC_SNAPSHOT, [JK_BOOT] = 7, [JK_T] = 9, [JK_STREAK] = 2, [JK_HEALTHY] = 5, [JK_CLEAN] = 4,
		[JK_LSTART] = 3, [JK_LAYOUT] = JK_LAYOUT_OF(8192, 16, 4));
	is_int(r.v[JK_LAYOUT], 13 | 4 << 5 | 4 << 10, "layout of 4 x 8 KiB, P 16");
	rec_golden("SNAPSHOT", &r, "9819" SH R1 R3);
	ok(!strcmp(S2.job[0].name, "net") && !strcmp(S2.job[2].name, "crasher") && !S2.job[1].name[0] &&
	   S2.job[2].v[JK_ON] == 1 && (int32_t)S2.job[2].v[JK_EXIT] == -11 && S2.job[2].v[JK_JOB] == 3 &&
	   (int32_t)S2.job[0].v[JK_EXIT] == JOURNAL_EXIT_NONE, "snapshot rows land in the state by id");
	int rows = 0;
	for (int i = 0; i < SVC_MAX; i++)
		rows += S2.job[i].name[0] != '\0';
	is_int(rows, 2, "and no other row");
	jstate_init(&S);
	rec_golden("empty SNAPSHOT", &REC([JK_TYPE] = JREC_SNAPSHOT, [JK_BOOT] = 1, [JK_LAYOUT] = 1),
		   "890f0100000000000001");
	ok(jrec_encode(&REC([JK_TYPE] = 8), NULL, f, sizeof f) < 0, "type 8 does not encode");
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
					  JREC_SHUTDOWN, JREC_SNAPSHOT };
	/* The keys of each type, from docs/journal.md (not from jrec.c). */
#define B (JK(JK_TYPE) | JK(JK_BOOT) | JK(JK_T))
#define V (JK(JK_STREAK) | JK(JK_HEALTHY) | JK(JK_CLEAN) | JK(JK_LSTART) | JK(JK_PSTART))
	static const uint32_t keys[] = {
		B | V, B | JK(JK_HEALTHY), B | JK(JK_JOB) | JK(JK_STATE) | JK(JK_RC) | JK(JK_EXIT),
		B | JK(JK_JOB) | JK(JK_LSTART), B | JK(JK_JOB) | JK(JK_NAME), B | JK(JK_JOB) | JK(JK_ON),
		B | JK(JK_CLEAN), B | V | JK(JK_LAYOUT),
	};
#undef B
#undef V
	uint8_t b[JF_PAYLOAD_MAX], b2[JF_PAYLOAD_MAX];
	int bad[8] = { 0 };
	for (int i = 0; i < 8000; i++) {
		int ti = i % 8;
		struct jrec r = { 0 }, got;
		for (int k = 0; k < JK_N; k++)
			r.v[k] = rnd();
		r.v[JK_TYPE] = types[ti];
		r.v[JK_JOB] = 1 + rnd() % SVC_MAX;
		r.v[JK_STATE] &= 255;
		r.v[JK_ON] &= 1;
		r.v[JK_LSTART] %= SVC_MAX + 1;
		r.v[JK_PSTART] %= SVC_MAX + 1;
		rnd_name(r.name);
		jstate_init(&S);
		for (int j = 0; types[ti] == JREC_SNAPSHOT && j < SVC_MAX; j++) {
			if (rnd() % 3)
				continue;
			for (int k = JK_JOB; k < JK_NAME; k++)   /* a row has no type */
				S.job[j].v[k] = rnd();
			S.job[j].v[JK_JOB] = (uint32_t)j + 1;
			S.job[j].v[JK_STATE] &= 255;
			S.job[j].v[JK_ON] &= 1;
			rnd_name(S.job[j].name);
		}
		int n = jrec_encode(&r, &S, b, sizeof b);
		if (n <= 0 || jrec_decode(b, (uint32_t)n, &got, &S2) || jrec_encode(&got, &S2, b2, sizeof b2) != n ||
		    memcmp(b, b2, (size_t)n) || (types[ti] == JREC_SNAPSHOT && memcmp(&S, &S2, sizeof S))) {
			bad[ti]++;
			continue;
		}
		/* Exactly the type's values come back; the others are 0. */
		for (int k = 0; k < JK_N; k++)
			bad[ti] += k != JK_NAME && got.v[k] != (keys[ti] & JK(k) ? r.v[k] : 0);
		bad[ti] += strcmp(got.name, keys[ti] & JK(JK_NAME) ? r.name : "") != 0;
	}
	for (int ti = 0; ti < 8; ti++)
		is_int(bad[ti], 0, "1000 random records of type %u round-trip", types[ti]);
}

/* Decode hex h as a record: must fail (bad) or succeed. */
static void rec_is(const char *h, int bad, const char *why)
{
	static uint8_t b[4096];
	struct jrec r;
	is_int(jrec_decode(b, unhex(h, b), &r, &S2), bad ? -EBADMSG : 0, "record %s: %s (%s)",
	       bad ? "refused" : "accepted", why, h);
}

static void test_rec_refuse(void)
{
	static const struct vec recs[] = {
		/* Array length and type. */
		{ "850603070901", "QUAR", 0 }, { "8406030709", "QUAR with 4 values", 1 },
		{ "86060307090100", "QUAR with 6 values", 1 }, { "84" "0603070901", "array of 4 holding 5 values", 1 },
		{ "86" "0603071818" "01", "array of 6 holding 5 values", 1 },
		{ "8d06030709010000000000000000", "QUAR with 8 values more (rows)", 1 },
		{ "8603041904d21a000151800405", "JOB without exit", 1 }, { "80", "empty array", 1 },
		{ "81", "array of 1 with nothing", 1 }, { "8108", "unknown type 8", 1 },
		{ "8408070907", "unknown type 8 with values", 1 }, { "840e070907", "unknown type 14", 1 },
		{ "8400070907", "type 0, 4 values", 1 }, { "8410070907", "type 16", 1 },
		{ "8418ff070907", "type 255", 1 }, { "8420070907", "negative type", 1 },
		{ "8463616263070907", "text type", 1 },
		/* Job ids and bounds. */
		{ "850600070901", "job id 0", 1 }, { "85061840070901", "job id 64", 0 },
		{ "85061841070901", "job id 65", 1 }, { "8504" "1840" "0709" "1841", "START lstart 65", 1 },
		{ "8504" "1841" "0709" "1841", "START job 65", 1 }, { "8703010709" "18ff" "0000", "state 255", 0 },
		{ "8703010709" "190100" "0000", "state 256", 1 },
		{ "8703010709" "1affffffff" "0000", "state 2^32-1", 1 }, { "850603070900", "on 0", 0 },
		{ "850603070902", "on 2", 1 }, { "85060307091818", "on 24", 1 },
		{ "87030107090200" "1a7fffffff", "exit INT32_MAX", 0 },
		{ "87030107090200" "1a80000000", "exit 2^31", 1 },
		{ "87030107090200" "3a80000000", "exit -2^31-1", 1 },
		{ "870301" "20" "090200" "00", "negative boot", 1 },
		{ "870301070920" "00" "00", "negative state", 1 }, { "8703010709" "6161" "00" "00", "text state", 1 },
		{ "8801071864020504" "1841" "03", "BOOT lstart 65", 1 },
		{ "880107186402050400" "1841", "BOOT pstart 65", 1 }, { "85060307" "1809" "01", "non-shortest t", 1 },
		{ "85060307" "1a00000009" "01", "non-shortest t in 4 bytes", 1 },
		{ "85060307" "1b0000000000000009" "01", "a 64-bit t", 1 },
		/* Names. */
		{ "8505030709" "60", "BIND with an empty name", 1 },
		{ "8505030709" "03", "BIND with a uint name", 1 },
		{ "8505030709" "627300", "BIND name with a NUL", 1 },
		{ "8505030709" "6373c3a9", "BIND name in UTF-8 (a byte >= 0x80)", 1 },
		/* Shape. */
		{ "a300020107021878", "a map instead of an array (the old format)", 1 },
		{ "a3000201070207", "a map instead of an array", 1 },
		{ "a100850603070901", "a map holding the array", 1 }, { "06", "a bare uint", 1 },
		{ "85060307090100", "trailing byte", 1 },
		{ "850603070901" "850603070901", "a second record after it", 1 }, { "8506030709", "truncated", 1 },
		{ "9f0603070901ff", "indefinite array", 1 },
		{ "8505030709" "781f" A31, "BIND name of 31 bytes", 0 },
		{ "8505030709" "7820" A32, "BIND name of 32 bytes", 1 },
		/* SNAPSHOT rows. */
		{ "9819" SH R1 R3, "the golden SNAPSHOT", 0 }, { "91" SH R1, "SNAPSHOT with one row", 0 },
		{ "9819" SH R3 R1, "rows 3, 1: not ascending", 1 }, { "9819" SH R1 R1, "rows 1, 1: duplicate id", 1 },
		{ "91" SH "01" R1T "60", "a row with an empty name", 1 },
		{ "91" SH "01" R1T "781f" A31, "a row name of 31 bytes", 0 },
		{ "91" SH "01" R1T "7820" A32, "a row name of 32 bytes", 1 },
		{ "91" SH "00" R1T R1N, "a row with job id 0", 1 }, { "91" SH "1841" R1T R1N, "a row with job id 65", 1 },
		{ "91" SH "01061832" "190100" "003a7fffffff00" R1N, "a row with state 256", 1 },
		{ "91" SH "0106183202003a7fffffff" "02" R1N, "a row with on 2", 1 },
		{ "90" SH "01" R1T, "a row of 7 values", 1 }, { "92" SH R1 "00", "a row of 9 values", 1 },
		{ "88" "0f07090205040300", "SNAPSHOT without layout", 1 },
		{ "91" SH R1 "00", "SNAPSHOT with a trailing byte", 1 },
		{ "91" SH R1 R3, "SNAPSHOT array of 17 holding 25 values", 1 },
	};
	for (const struct vec *v = recs; v < recs + sizeof recs / sizeof recs[0]; v++)
		rec_is(v->h, v->bad, v->why);
	struct jrec r;
	uint8_t b[256];
	uint32_t n = unhex("9819" SH R1 R3, b);
	is_int(jrec_decode(b, n, &r, NULL), -EBADMSG, "a SNAPSHOT without a state argument");
}

int main(void)
{
	test_heads();
	test_text_ok();
	test_enc_overflow();
	test_strict();
	test_dec_api();
	test_rec_golden();
	test_rec_roundtrip();
	test_rec_refuse();
	return done();
}
