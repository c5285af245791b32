/* SPDX-License-Identifier: MIT */
/*
 * Independent cross-check: keel writes a journal file (store_open, 128
 * KiB) with random records over several boots, and logs next to it what
 * it meant to write: one JSON list per record, the record's CBOR array
 * values in key order (docs/journal.md; ms, key 15, random), built from the call arguments
 * and a model of the journal's rules kept here (a BIND before the first
 * record of a name, a record that changes nothing is not written, the
 * BOOT record's boot-loop view), never from the encoder.  A reader in
 * Python (/usr/bin/python3 with python3-cbor2 and its own CRC-32C)
 * walks the raw image knowing only the format: the geometry from the
 * SNAPSHOT at offset 0, segments by their first frame's seq, frames at
 * multiples of P, CRC, 0xFF padding and erased tails; every payload
 * decoded with cbor2 and re-encoded canonically to the same bytes, seqs
 * consecutive, every SNAPSHOT equal to the state replayed from the
 * records, and the other records equal to the log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init/journal/jcore.h"
#include "init/journal/store.h"
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
	"want_segs = int(sys.argv[3])\n"
	"def fail(m): sys.exit(m)\n"
	"u32 = lambda o: struct.unpack_from('<I', img, o)[0]\n"
	"ff = lambda a, b: img[a:b] == b'\\xff' * (b - a)\n"
	"def frame(off, end):\n"
	"    if img[off] != 0x4a or img[off + 1] != 5: fail('no frame at %d' % off)\n"
	"    n = struct.unpack_from('<H', img, off + 2)[0]\n"
	"    if not 1 <= n <= 4084 or off + 12 + n > end: fail('bad length at %d' % off)\n"
	"    if crc(img[off:off + 8 + n]) != u32(off + 8 + n): fail('CRC mismatch at %d' % off)\n"
	"    pl = img[off + 8:off + 8 + n]\n"
	"    v = cbor2.loads(pl)\n"
	"    if cbor2.dumps(v, canonical=True) != pl: fail('not canonical CBOR at %d' % off)\n"
	"    if type(v) is not list or not all(type(x) in (int, str) for x in v): fail('not a flat array at %d' % off)\n"
	"    return u32(off + 4), v, 12 + n\n"
	"# Geometry: the first frame is a SNAPSHOT; layout = log2 g | log2 P << 5 | n << 10.\n"
	"_, v, _ = frame(0, len(img))\n"
	"if v[0] != 15: fail('the first frame is not a SNAPSHOT')\n"
	"layout = v[8]\n"
	"g, p, nseg = 1 << (layout & 31), 1 << (layout >> 5 & 31), layout >> 10\n"
	"if g * nseg != len(img): fail('layout %d does not fit %d bytes' % (layout, len(img)))\n"
	"segs = []\n"
	"for x in range(nseg):\n"
	"    if not ff(x * g, (x + 1) * g): segs.append((frame(x * g, (x + 1) * g)[0], x))\n"
	"segs.sort()\n"
	"if [x for _, x in segs] != list(range(want_segs)): fail('segments in seq order: %s' % segs)\n"
	"size = {1: 9, 2: 5, 3: 8, 4: 6, 5: 11, 6: 6, 7: 5, 8: 6}   # ms (key 15), then enable (16)\n"
	"S = {'boot': 0, 'streak': 0, 'healthy': 0, 'clean': 0, 'lstart': 0, 'pstart': 0}\n"
	"jobs = {}\n"
	"def apply(v):\n"
	"    t = v[0]\n"
	"    if t == 1: S.update(zip(['boot', 't', 'streak', 'healthy', 'clean', 'lstart', 'pstart'], v[1:]))\n"
	"    elif t == 2: S.update(boot=v[1], healthy=v[3])\n"
	"    elif t == 7: S.update(boot=v[1], clean=v[3])\n"
	"    else:\n"
	"        if t == 5: jobs[v[1]] = v[1:9] + v[10:]   # a name and its whole row (enable after ms)\n"
	"        j = jobs[v[1]]\n"
	"        j[1:3] = v[2:4]\n"
	"        if t == 3: j[3:6] = v[4:7]\n"
	"        if t == 4: S['lstart'] = v[4]\n"
	"        if t == 6: j[6] = v[4]\n"
	"        if t == 8: j[8] = v[5]   # enable after ms\n"
	"got, seqs, snaps, pending = [], [], 0, None\n"
	"for _, x in segs:\n"
	"    base, off, end = x * g, x * g, (x + 1) * g\n"
	"    while off < end and not ff(off, off + p):\n"
	"        seq, v, n = frame(off, end)\n"
	"        if not ff(off + n, off + -(-n // p) * p): fail('padding at %d' % off)\n"
	"        seqs.append(seq)\n"
	"        if (v[0] == 15) != (off == base): fail('SNAPSHOT at %d' % off)\n"
	"        if v[0] == 15:\n"
	"            if len(v) < 10 or (len(v) - 10) % 9 or v[8] != layout: fail('SNAPSHOT shape at %d' % off)\n"
	"            pending, snaps = (off, v), snaps + 1\n"
	"        else:\n"
	"            if len(v) != size.get(v[0]): fail('record of %d values at %d: %s' % (len(v), off, v))\n"
	"            apply(v)\n"
	"            got.append(v)\n"
	"            if pending:   # a segment opens for the record that follows its snapshot\n"
	"                o, s = pending\n"
	"                want = [15, S['boot'], v[2 if v[0] in (1, 2, 7) else 3], S['streak'], S['healthy'], S['clean'],\n"
	"                        S['lstart'], S['pstart'], layout, v[-1]] + sum((jobs[i] for i in sorted(jobs)), [])\n"
	"                if s != want: fail('SNAPSHOT at %d: %s, replay gives %s' % (o, s, want))\n"
	"                pending = None\n"
	"        off += -(-n // p) * p\n"
	"    if not ff(off, end): fail('bytes after the end of segment %d' % x)\n"
	"if pending: fail('a SNAPSHOT with no record after it')\n"
	"if seqs != list(range(seqs[0], seqs[0] + len(seqs))): fail('seqs not consecutive')\n"
	"for i, (a, b) in enumerate(zip(got, exp)):\n"
	"    if a != b: fail('record %d: cbor2 read %s, keel meant %s' % (i, a, b))\n"
	"if len(got) != len(exp): fail('%d records read, %d meant' % (len(got), len(exp)))\n"
	"print('%d records and %d snapshots in %d segments agree (g %d, P %d, seq %d..%d)' %\n"
	"      (len(got), snaps, len(segs), g, p, seqs[0], seqs[-1]))\n";

#define NNAMES 8

static const char *const names[NNAMES] = {
	"net", "sshd", "crash-er", "app.web", "getty@tty1", "x", "a \"quoted\" \\ name~",
	"0123456789012345678901234567890",   /* 31 bytes, the longest */
};

/* The model: what the journal holds by its rules, apart from the engine. */
struct mjob {
	uint32_t id, boot, state, rc, on, enable;
	int32_t exit;
};

static struct {
	uint32_t boot, streak, healthy, clean, lstart, pstart, ids;
	struct mjob j[NNAMES];
} M;

static FILE *log_f;
static struct jcore C;
static struct jstate work;   /* C's second state, lent for recovery and walks (PID 1: its scratch area) */
static struct store st;
static int put_fail, meant;
static uint32_t ms_now;   /* the milliseconds past t of the next record */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static void json_name(const char *s)
{
	fputc('"', log_f);
	for (; *s; s++)
		fprintf(log_f, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
	fputc('"', log_f);
}

static void put(uint32_t type, int n, uint32_t a, uint32_t rc, int32_t ex, uint32_t t)
{
	if (jcore_put(&C, type, n < 0 ? NULL : names[n], a, rc, ex, t, ms_now))
		put_fail++;
}

/* The job's id; a BIND is meant first when the name has none. */
static struct mjob *bind(int n, uint32_t t)
{
	struct mjob *j = &M.j[n];
	if (!j->id) {
		*j = (struct mjob){ .id = ++M.ids, .boot = M.boot, .exit = JOURNAL_EXIT_NONE };
		fprintf(log_f, "[5, %u, %u, %u, 0, 0, %d, 0, ", j->id, M.boot, t, JOURNAL_EXIT_NONE);
		json_name(names[n]);
		fprintf(log_f, ", %u, 0]\n", ms_now);
		meant++;
	}
	return j;
}

static void job(int n, uint32_t state, uint32_t rc, int32_t ex, uint32_t t)
{
	struct mjob *j = bind(n, t);
	if (j->boot != M.boot || j->state != state || j->rc != rc || j->exit != ex) {
		fprintf(log_f, "[3, %u, %u, %u, %u, %u, %d, %u]\n", j->id, M.boot, t, state, rc, ex, ms_now);
		j->boot = M.boot, j->state = state, j->rc = rc, j->exit = ex;
		meant++;
	}
	put(JREC_JOB, n, state, rc, ex, t);
}

static void start(int n, uint32_t t)
{
	struct mjob *j = bind(n, t);
	if (j->boot != M.boot || M.lstart != j->id) {
		fprintf(log_f, "[4, %u, %u, %u, %u, %u]\n", j->id, M.boot, t, j->id, ms_now);
		j->boot = M.boot, M.lstart = j->id;
		meant++;
	}
	put(JREC_START, n, 0, 0, 0, t);
}

/* QUAR [6, id, boot, t, on, ms] or ENABLE [8, id, boot, t, ms, enable]:
 * one value of the job's row, unless it is already so this boot. */
static void row_value(int n, uint32_t type, uint32_t value, uint32_t t)
{
	struct mjob *j = bind(n, t);
	uint32_t *field = type == JREC_QUAR ? &j->on : &j->enable;
	if (j->boot != M.boot || *field != value) {
		if (type == JREC_QUAR)
			fprintf(log_f, "[6, %u, %u, %u, %u, %u]\n", j->id, M.boot, t, value, ms_now);
		else
			fprintf(log_f, "[8, %u, %u, %u, %u, %u]\n", j->id, M.boot, t, ms_now, value);
		j->boot = M.boot, *field = value;
		meant++;
	}
	put(type, n, value, 0, 0, t);
}

/* HEALTHY or SHUTDOWN: [type, boot, t, boot] unless already so. */
static void mark(uint32_t type, uint32_t t)
{
	uint32_t *v = type == JREC_HEALTHY ? &M.healthy : &M.clean;
	if (*v != M.boot) {
		fprintf(log_f, "[%u, %u, %u, %u, %u]\n", type, M.boot, t, M.boot, ms_now);
		*v = M.boot;
		meant++;
	}
	put(type, -1, 0, 0, 0, t);
}

static int boot(const char *img, uint32_t t)
{
	bool ok = !M.boot || M.healthy == M.boot || M.clean == M.boot;
	M.streak = ok ? 0 : M.streak + 1;
	M.pstart = ok ? 0 : M.lstart;
	M.lstart = 0;
	M.boot++;
	fprintf(log_f, "[1, %u, %u, %u, %u, %u, 0, %u, %u]\n", M.boot, t, M.streak, M.healthy, M.clean, M.pstart,
		ms_now);
	meant++;
	int r = store_open(&st, img, 128 * 1024, 0);
	if (r)
		return r;
	r = jcore_open(&C, &st, t, ms_now, false);
	const struct journal_info *ji = jcore_info(&C);
	const char *pname = "";
	for (int n = 0; n < NNAMES; n++)
		if (M.pstart && M.j[n].id == M.pstart)
			pname = names[n];
	if (!r && (ji->boot != M.boot || ji->unhealthy_streak != M.streak || ji->last_healthy_boot != M.healthy ||
		   strcmp(ji->prev_last_start, pname) || ji->fresh != (M.boot == 1) || !C.writable))
		r = -EPROTO;   /* the engine's boot-loop view is not the model's */
	return r;
}

/* Random values of every size, exits of every kind. */
static int32_t rnd_exit(void)
{
	switch (rnd() % 6) {
	case 0: return JOURNAL_EXIT_NONE;
	case 1: return (int32_t)(rnd() % 256);
	case 2: return -(int32_t)(1 + rnd() % 64);
	case 3: return rnd() % 2 ? INT32_MAX : INT32_MIN + 1;
	default: return (int32_t)(rnd() << 1 ^ rnd()) >> (rnd() % 32);
	}
}

/* One boot's records; how it ends: 'H' healthy, 'S' clean shutdown,
 * 'B' both, '-' neither (the next boot is in a streak). */
static void workload(char end, uint32_t *t)
{
	int last = 0;
	uint32_t lst = 0, lrc = 0;
	int32_t lex = 0;
	for (int i = 0; i < 260; i++) {
		int n = (int)(rnd() % NNAMES);
		*t += 1 + rnd() % (rnd() % 8 ? 300 : 100000);
		ms_now = rnd() % 1000;
		switch (rnd() % 11) {
		case 0: start(n, *t); break;
		case 10: row_value(n, JREC_ENABLE, 1 + rnd() % 2, *t); break;
		case 1: row_value(n, JREC_QUAR, rnd() % 2, *t); break;
		case 2: job(last, lst, lrc, lex, *t); break;   /* the same again: nothing to write */
		default:
			last = n, lst = rnd() % (JOURNAL_STATE_MAX + 1), lrc = rnd() >> (rnd() % 32), lex = rnd_exit();
			job(n, lst, lrc, lex, *t);
		}
		if (i == 130 && (end == 'H' || end == 'B'))
			mark(JREC_HEALTHY, *t), mark(JREC_HEALTHY, *t + 1);   /* the second changes nothing */
	}
	if (end == 'S' || end == 'B')
		mark(JREC_SHUTDOWN, *t + 1), mark(JREC_SHUTDOWN, *t + 2);
}

int main(void)
{
	C.work = &work;
	char dir[] = "/tmp/keel-xcXXXXXX", img[64], exp[64], py[64], cmd[512], line[512];
	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(img, sizeof img, "%s/journal", dir);
	snprintf(exp, sizeof exp, "%s/expected.jsonl", dir);
	snprintf(py, sizeof py, "%s/reader.py", dir);
	log_f = fopen(exp, "w");
	ok(log_f != NULL, "log file");
	static const char ends[] = "H--SB-H";
	for (int b = 0; ends[b]; b++) {
		uint32_t t = rnd() % 20;
		ms_now = rnd() % 1000;
		int r = boot(img, t);
		is_int(r, 0, "boot %u: journal opened, boot-loop view as modelled (streak %u)", M.boot, M.streak);
		if (r)
			break;
		workload(ends[b], &t);
		st.ops->close(&st);
	}
	is_int(put_fail, 0, "every jcore_put returned 0");
	uint32_t segs = C.cur + 1;
	ok(C.writable && segs >= 4 && segs < C.layout.seg_count, "%d records meant over %u of %u segments, no wrap",
	   meant, segs, C.layout.seg_count);
	fclose(log_f);

	/* The engine reads its state back as the model has it. */
	int bad = store_open(&st, img, 0, STORE_RDONLY) || jcore_recover(&C, &st);
	for (int n = 0; !bad && n < NNAMES; n++) {
		const struct jjob *j = &C.state.job[M.j[n].id - 1];
		bad += jstate_find(&C.state, names[n]) != (int)M.j[n].id || j->v[JK_STATE] != M.j[n].state ||
		       j->v[JK_RC] != M.j[n].rc || (int32_t)j->v[JK_EXIT] != M.j[n].exit || j->v[JK_ON] != M.j[n].on ||
		       j->v[JK_ENABLE] != M.j[n].enable;
	}
	is_int(bad, 0, "recovery gives every job as modelled");
	st.ops->close(&st);

	FILE *f = fopen(py, "w");
	ok(f && fputs(reader, f) >= 0 && !fclose(f), "reader written");
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s %s %u 2>&1", py, img, exp, segs);
	FILE *p = popen(cmd, "r");
	int lines = 0;
	while (p && fgets(line, sizeof line, p))
		printf("# %s", line), lines++;
	int rc = p ? pclose(p) : -1;
	ok(lines > 0, "python3-cbor2 reader ran");
	is_int(rc, 0, "python3-cbor2 agrees with keel");
	unlink(img);
	unlink(exp);
	unlink(py);
	rmdir(dir);
	return done();
}
