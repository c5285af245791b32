/* SPDX-License-Identifier: MIT */
/*
 * Independent cross-check: keel writes a journal file with random records
 * and logs, next to it, what it meant to write (one JSON map per record,
 * built from the call arguments, not from the encoder).  A separate reader
 * in Python (/usr/bin/python3 with python3-cbor2 and its own CRC-32C) walks
 * the raw image, checks every header and frame CRC, decodes each payload
 * with cbor2, checks that cbor2's canonical re-encoding gives the same
 * bytes, and compares the records with the log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "init/jcore.h"
#include "svc/jobstate.h"
#include "tests/unit/t.h"

static const char reader[] =
	"import sys, struct, json, cbor2\n"
	"T = []\n"
	"for i in range(256):\n"
	"    c = i\n"
	"    for _ in range(8): c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)\n"
	"    T.append(c)\n"
	"def crc(b):\n"
	"    c = 0xffffffff\n"
	"    for x in b: c = (c >> 8) ^ T[(c ^ x) & 0xff]\n"
	"    return c ^ 0xffffffff\n"
	"assert crc(b'123456789') == 0xE3069283\n"
	"img = open(sys.argv[1], 'rb').read()\n"
	"exp = [json.loads(l) for l in open(sys.argv[2])]\n"
	"u32 = lambda o: struct.unpack_from('<I', img, o)[0]\n"
	"g, p = 1 << img[5], 1 << img[6]\n"
	"segs = []\n"
	"for x in range(len(img) // g):\n"
	"    b = x * g\n"
	"    if img[b:b+4] == b'CJN1' and crc(img[b:b+28]) == u32(b+28): segs.append((u32(b+16), x))\n"
	"segs.sort()\n"
	"got, snaps, seqs = [], 0, []\n"
	"for _, x in segs:\n"
	"    off, end = x * g + -(-64 // p) * p, (x + 1) * g\n"
	"    while off + 12 < end and img[off] == 0x4a:\n"
	"        n = struct.unpack_from('<H', img, off + 2)[0]\n"
	"        if crc(img[off:off+8+n]) != u32(off + 8 + n): sys.exit('CRC mismatch at %d' % off)\n"
	"        pl = img[off+8:off+8+n]\n"
	"        v = cbor2.loads(pl)\n"
	"        if cbor2.dumps(v, canonical=True) != pl: sys.exit('not canonical at %d' % off)\n"
	"        seqs.append(u32(off + 4))\n"
	"        if v[0] == 15: snaps += 1\n"
	"        else: got.append(json.loads(json.dumps(v)))\n"
	"        off += -(-(12 + n) // p) * p\n"
	"if seqs != list(range(seqs[0], seqs[0] + len(seqs))): sys.exit('seq not consecutive')\n"
	"for i, (a, b) in enumerate(zip(got, exp)):\n"
	"    if a != b: sys.exit('record %d: cbor2 read %s, keel meant %s' % (i, a, b))\n"
	"if len(got) != len(exp): sys.exit('%d records read, %d written' % (len(got), len(exp)))\n"
	"print('%d records and %d snapshots in %d segments agree' % (len(got), snaps, len(segs)))\n";

static FILE *log_f;
static struct jcore C;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (uint32_t)rng;
}

/* What keel means to write for a call (BIND first for a new name). */
static int expect_id(const char *name, uint32_t t)
{
	int id = jstate_find(&C.s, name);
	if (id)
		return id;
	id = jstate_pick(&C.s);
	fprintf(log_f, "{\"0\": 5, \"1\": %u, \"2\": %u, \"4\": %d, \"9\": \"%s\"}\n", C.s.boot, t, id, name);
	return id;
}

static void job(const char *name)
{
	uint32_t t = rnd(), rc = rnd() >> (rnd() % 32);
	uint8_t st = (uint8_t)(rnd() % JOB_STATE_COUNT);
	int32_t ex = rnd() % 4 ? (int32_t)(rnd() >> (rnd() % 32)) * (rnd() % 2 ? 1 : -1) : JOURNAL_EXIT_NONE;
	int id = expect_id(name, t);
	fprintf(log_f, "{\"0\": 3, \"1\": %u, \"2\": %u, \"4\": %d, \"5\": %u, \"6\": %u", C.s.boot, t, id, st, rc);
	if (ex != JOURNAL_EXIT_NONE)
		fprintf(log_f, ", \"7\": %d", ex);
	fprintf(log_f, "}\n");
	jcore_job(&C, name, st, rc, ex, t);
}

static void boot(struct store *st)
{
	jcore_open(&C, st, 77, 5, false);
	int prev = jstate_find(&C.s, C.info.prev_last_start);
	fprintf(log_f, "{\"0\": 1, \"1\": %u, \"2\": 5, \"11\": [%u, %u, %u], \"14\": [0, %d]}\n", C.info.boot,
		C.info.unhealthy_streak, C.info.last_healthy_boot, C.s.last_clean, prev);
}

int main(void)
{
	static const char *names[] = { "net", "sshd", "crash-er", "app.web", "getty@tty1", "x" };
	char dir[] = "/tmp/keel-xcXXXXXX", img[64], exp[64], py[64], cmd[512];
	static struct store st;
	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(img, sizeof img, "%s/journal", dir);
	snprintf(exp, sizeof exp, "%s/expected.jsonl", dir);
	snprintf(py, sizeof py, "%s/reader.py", dir);
	log_f = fopen(exp, "w");
	is_int(store_file_open(&st, img, 128 * 1024, 0), 0, "journal file created");
	for (int b = 0; b < 6; b++) {
		boot(&st);
		for (int i = 0; i < 200; i++) {
			const char *n = names[rnd() % 6];
			uint32_t t = rnd();
			switch (rnd() % 8) {
			case 0: {
				int id = expect_id(n, t);
				fprintf(log_f, "{\"0\": 4, \"1\": %u, \"2\": %u, \"4\": %d}\n", C.s.boot, t, id);
				jcore_start(&C, n, t);
				break;
			}
			case 1: {
				int id = expect_id(n, t), on = !C.s.job[id - 1].quar;
				fprintf(log_f, "{\"0\": 6, \"1\": %u, \"2\": %u, \"4\": %d, \"15\": %d}\n", C.s.boot, t, id, on);
				jcore_quar(&C, n, on, t);
				break;
			}
			default:
				job(n);
			}
		}
		if (b % 2) {
			fprintf(log_f, "{\"0\": %d, \"1\": %u, \"2\": 9}\n", b % 4 == 1 ? 2 : 7, C.s.boot);
			jcore_mark(&C, b % 4 == 1 ? JREC_HEALTHY : JREC_SHUTDOWN, 9);
		}
	}
	fclose(log_f);
	ok(C.writable && C.seg_seq > 3 && C.seg_seq < C.n, "written over %u segments without wrapping", C.seg_seq);
	st.ops->close(&st);
	FILE *f = fopen(py, "w");
	fputs(reader, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s %s 2>&1", py, img, exp);
	FILE *p = popen(cmd, "r");
	char line[512] = "";
	ok(p && fgets(line, sizeof line, p), "python3-cbor2 reader ran");
	int rc = p ? pclose(p) : -1;
	line[strcspn(line, "\n")] = '\0';
	ok(rc == 0, "python3-cbor2 agrees with keel: %s", line);
	unlink(img);
	unlink(exp);
	unlink(py);
	rmdir(dir);
	return done();
}
