// SRCS: init/journal/cbor.c init/journal/jrec.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the strict CBOR decoder and the record schema.
 * Oracles: (1) whatever the generic strict walk accepts re-encodes, head
 * by head, to exactly the input bytes (deterministic encoding has one
 * form per value); (2) cbor_skip accepts exactly what the walk accepts;
 * (3) a record jrec_decode accepts is an item the walk accepts too, and
 * re-encodes to exactly the input, and that re-encoding decodes again
 * (to a record that encodes the same once more).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "init/journal/cbor.h"
#include "init/journal/jrec.h"

/* Copy one item from d to e through the codec; depth as cbor_skip counts. */
static int copy_item(struct cbor_dec *d, struct cbor_enc *e, int depth)
{
	unsigned mt;
	uint32_t v, k;
	const char *s;
	int64_t prev = -1;
	if (cbor_get_head(d, &mt, &v))
		return -1;
	if ((mt == CBOR_ARRAY || mt == CBOR_MAP) && depth >= CBOR_DEPTH_MAX)
		return -1;
	if (mt == CBOR_TSTR) {
		if (cbor_get_str_body(d, v, &s))
			return -1;
		cbor_put_tstr(e, s, v);
		return 0;
	}
	if (mt == CBOR_NINT && v <= INT32_MAX)
		cbor_put_int(e, (int32_t)~v);   /* -1 - v, through the int path */
	else
		cbor_put_head(e, mt, v);
	if (mt < CBOR_ARRAY)
		return 0;
	for (uint32_t i = 0; i < v; i++) {
		if (mt == CBOR_MAP) {
			if (cbor_get_key(d, &prev, &k))
				return -1;
			cbor_put_head(e, CBOR_UINT, k);
		}
		if (copy_item(d, e, depth + 1))
			return -1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[70000], out2[70000];
	static struct jstate s1, s2;
	struct cbor_dec d, d2;
	struct cbor_enc e;
	if (size > 65536)
		return 0;
	cbor_dec_init(&d, data, (uint32_t)size);
	cbor_enc_init(&e, out, sizeof out);
	bool walk_ok = !copy_item(&d, &e, 0) && !cbor_dec_end(&d);
	if (walk_ok && (cbor_enc_result(&e) != (int)size || memcmp(out, data, size)))
		abort();   /* accepted but not the one deterministic form */
	cbor_dec_init(&d2, data, (uint32_t)size);
	bool skip_ok = !cbor_skip(&d2) && !cbor_dec_end(&d2);
	if (skip_ok != walk_ok)
		abort();

	struct jrec r, r2;
	if (jrec_decode(data, (uint32_t)size, JF_VERSION, &r, &s1))
		return 0;
	if (!walk_ok)
		abort();   /* the schema took what the codec refuses */
	int n = jrec_encode(&r, &s1, out, sizeof out);
	if (n < 0 || (size_t)n != size || memcmp(out, data, size))
		abort();   /* the schema accepted something the encoder would not write */
	if (jrec_decode(out, (uint32_t)n, JF_VERSION, &r2, &s2) || jrec_encode(&r2, &s2, out2, sizeof out2) != n ||
	    memcmp(out, out2, (size_t)n))
		abort();
	return 0;
}
