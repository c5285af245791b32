/* SPDX-License-Identifier: MIT */
/*
 * init/journal/cbor.c.  Golden byte vectors (computed by hand from RFC 8949,
 * checked against python3-cbor2 canonical=True) for every head size,
 * negative integers and text; the strict decoder's refusals (non-shortest
 * arguments at every size, additional info 27..31, byte strings, tags,
 * floats and simple values, map keys, counts past the end, text outside
 * printable ASCII, trailing bytes) and its latched errors; encoder
 * overflow.  The record schema on top of it: tests/unit/test_jrec.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/journal/cbor.h"
#include "tests/unit/t.h"
#include "tests/unit/thex.h"

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

int main(void)
{
	test_heads();
	test_text_ok();
	test_enc_overflow();
	test_strict();
	test_dec_api();
	return done();
}
