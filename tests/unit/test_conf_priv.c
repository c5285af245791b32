/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the least-privilege keys of a service file (svc/conf/conf_set.c,
 * svc/conf/conf_val.c): supplementary_groups, capabilities, no_new_privs, umask,
 * limit_*, oom_score_adj, nice, and the range checks of user and group:
 * defaults, good and edge values, and every bad value with its message.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "svc/conf/conf.h"
#include "svc/conf/conf_work.h"
#include "svc/conf/conf_val.h"
#include "tests/unit/t.h"

static struct conf_work work;   /* the loader's working memory */

#define PATH "/etc/svc.d/p.ini"

static struct svc_conf c;
static char err[SVC_ERR_MAX];

/* Parse "[service]\nexec=/bin/true\n" + line; 0 or -1 (err set). */
static int with(const char *line)
{
	char text[512];

	snprintf(text, sizeof text, "[service]\nexec=/bin/true\n%s\n", line);
	err[0] = '\0';
	return conf_parse_svc_buf(PATH, text, strlen(text), &c, NULL, &work, err, sizeof err);
}

static void test_defaults(void)
{
	is_int(with(""), 0, "no privilege key parses");
	ok(c.caps == SVC_CAPS_KEEP, "capabilities: not set");
	ok(c.limit_nofile == SVC_LIMIT_KEEP && c.limit_core == SVC_LIMIT_KEEP &&
	   c.limit_as == SVC_LIMIT_KEEP && c.limit_nproc == SVC_LIMIT_KEEP, "limits: inherited");
	is_int(c.umask, 022, "umask 022");
	is_int(c.oom_score_adj, SVC_OOM_KEEP, "oom_score_adj: not set");
	is_int(c.nice, SVC_NICE_KEEP, "nice: not set");
	ok(c.no_new_privs, "no_new_privs yes");
	is_int(c.ngroups, 0, "no supplementary groups");
}

static void test_good(void)
{
	static const struct { const char *line; long long want; int field; } t[] = {
		{ "umask = 0", 0, 0 }, { "umask = 0027", 027, 0 }, { "umask = 777", 0777, 0 },
		{ "umask = 7", 07, 0 },
		{ "nice = -20", -20, 1 }, { "nice = 19", 19, 1 }, { "nice = 0", 0, 1 }, { "nice = -0", 0, 1 },
		{ "oom_score_adj = -1000", -1000, 2 }, { "oom_score_adj = 1000", 1000, 2 },
		{ "oom_score_adj = 0", 0, 2 },
		{ "no_new_privs = no", 0, 3 }, { "no_new_privs = yes", 1, 3 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		long long got;
		is_int(with(t[i].line), 0, "'%s' parses", t[i].line);
		got = t[i].field == 0 ? c.umask : t[i].field == 1 ? c.nice :
		      t[i].field == 2 ? c.oom_score_adj : c.no_new_privs;
		is_int(got, t[i].want, "'%s' value", t[i].line);
	}
}

static void test_limits(void)
{
	static const struct { const char *s; bool sized; int ok; uint64_t v; } t[] = {
		{ "0", false, 1, 0 }, { "1024", false, 1, 1024 }, { "infinity", false, 1, UINT64_MAX },
		{ "4611686018427387904", false, 1, UINT64_C(1) << 62 },
		{ "4611686018427387905", false, 0, 0 }, { "99999999999999999999999", false, 0, 0 },
		{ "18446744073709551620", false, 0, 0 },   /* 10 x 1844674407370955162 wraps 64 bits to 4 */
		{ "1K", false, 0, 0 }, { "-1", false, 0, 0 }, { "", false, 0, 0 }, { "infinite", false, 0, 0 },
		{ "1 ", false, 0, 0 }, { "0x10", false, 0, 0 },
		{ "1K", true, 1, 1024 }, { "2m", true, 1, 2u << 20 }, { "3G", true, 1, UINT64_C(3) << 30 },
		{ "1T", true, 1, UINT64_C(1) << 40 }, { "4194304T", true, 1, UINT64_C(1) << 62 },
		{ "4194305T", true, 0, 0 }, { "1P", true, 0, 0 }, { "K", true, 0, 0 }, { "-1M", true, 0, 0 },
		{ "1.5G", true, 0, 0 }, { "infinity", true, 1, UINT64_MAX },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint64_t v = 7;
		is_int(val_limit(t[i].s, t[i].sized, &v), t[i].ok ? 0 : -1, "limit '%s'%s", t[i].s,
		       t[i].sized ? " (size)" : "");
		ok(v == (t[i].ok ? t[i].v : 7), "limit '%s' value", t[i].s);
	}
	is_int(with("limit_nofile = 4096\nlimit_core = 0\nlimit_as = 512M\nlimit_nproc = infinity"), 0,
	       "all four limits");
	ok(c.limit_nofile == 4096 && c.limit_core == 0 && c.limit_as == (UINT64_C(512) << 20) &&
	   c.limit_nproc == UINT64_MAX, "their values");
}

static void test_caps(void)
{
	static const char *const names[] = { "cap_chown", "cap_net_bind_service", "cap_sys_nice",
					     "CAP_NET_RAW", "Cap_Bpf", "cap_checkpoint_restore" };
	static const int nums[] = { 0, 10, 23, 13, 39, 40 };

	for (int i = 0; i < 6; i++)
		is_int(val_cap(names[i], strlen(names[i])), nums[i], "%s is %d", names[i], nums[i]);
	is_int(val_cap("net_raw", 7), -1, "the cap_ prefix is required");
	is_int(val_cap("cap_", 4), -1, "cap_ alone is nothing");
	is_int(val_cap("cap_net_raw2", 12), -1, "no prefix matching");
	is_int(val_cap("cap_net_raw", 7), -1, "only len bytes count");
	is_int(with("capabilities = cap_net_bind_service, cap_net_raw cap_net_raw"), 0, "a keep list");
	ok(c.caps == ((1u << 10) | (1u << 13)), "bits 10 and 13, a repeat counts once");
	is_int(with("capabilities ="), 0, "an empty keep list");
	ok(c.caps == 0, "keeps nothing");
	is_int(with("capabilities = cap_chown\n  cap_kill"), -1, "capabilities: one line only");
}

static void test_groups(void)
{
	is_int(with("supplementary_groups = audio, video 44\nsupplementary_groups = video\n  dialout"),
	       0, "groups: separators, repeats, continuation");
	is_int(c.ngroups, 4, "four groups");
	ok(memcmp(c.groups, "audio\0video\0" "44\0dialout\0", 23) == 0, "packed in order");
	is_int(with("supplementary_groups = 4294967294"), 0, "the largest gid");
	is_int(with("user = 4294967294\ngroup = 0"), 0, "the largest uid, gid 0");
	is_str(c.user, "4294967294", "kept as written");
}

static void test_errors(void)
{
	static const struct { const char *line, *want; } t[] = {
		{ "user = 99999999999", ":3: user: id 99999999999 out of range (0..4294967294)" },
		{ "user = 4294967295", ":3: user: id 4294967295 out of range (0..4294967294)" },
		{ "group = 18446744073709551617", ":3: group: id 18446744073709551617 out of range (0..4294967294)" },
		{ "user = -1", ":3: user: bad name '-1'" },
		{ "user = abcdefghijabcdefghijabcdefghij12",
		  ":3: user: name too long 'abcdefghijabcdefghijabcdefghij12' (max 31 characters)" },
		{ "supplementary_groups = a b/c", ":3: supplementary_groups: bad name 'b/c'" },
		{ "supplementary_groups = 1 99999999999",
		  ":3: supplementary_groups: id 99999999999 out of range (0..4294967294)" },
		{ "supplementary_groups = a b c d e f g h i",
		  ":3: supplementary_groups: too many entries (max 8, 64 bytes)" },
		{ "supplementary_groups = aaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc dd",
		  ":3: supplementary_groups: too many entries (max 8, 64 bytes)" },
		{ "capabilities = cap_net_raw cap_fly",
		  ":3: capabilities: unknown capability 'cap_fly' (e.g. cap_net_bind_service)" },
		{ "capabilities = net_raw",
		  ":3: capabilities: unknown capability 'net_raw' (e.g. cap_net_bind_service)" },
		{ "no_new_privs = maybe", ":3: no_new_privs: bad value 'maybe' (yes, no, true, false, 1, 0)" },
		{ "umask = 0800", ":3: umask: bad value '0800' (octal 0..0777, e.g. 022)" },
		{ "umask = 1000", ":3: umask: bad value '1000' (octal 0..0777, e.g. 022)" },
		{ "umask = 00022", ":3: umask: bad value '00022' (octal 0..0777, e.g. 022)" },
		{ "umask = -22", ":3: umask: bad value '-22' (octal 0..0777, e.g. 022)" },
		{ "umask =", ":3: umask: bad value '' (octal 0..0777, e.g. 022)" },
		{ "nice = 20", ":3: nice: bad value '20' (-20..19)" },
		{ "nice = -21", ":3: nice: bad value '-21' (-20..19)" },
		{ "nice = +1", ":3: nice: bad value '+1' (-20..19)" },
		{ "nice = 99999999999999999999", ":3: nice: bad value '99999999999999999999' (-20..19)" },
		{ "nice = -", ":3: nice: bad value '-' (-20..19)" },
		{ "oom_score_adj = 1001", ":3: oom_score_adj: bad value '1001' (-1000..1000)" },
		{ "oom_score_adj = -1001", ":3: oom_score_adj: bad value '-1001' (-1000..1000)" },
		{ "oom_score_adj = --1", ":3: oom_score_adj: bad value '--1' (-1000..1000)" },
		{ "limit_nofile = -1", ":3: limit_nofile: bad value '-1' (a number or infinity)" },
		{ "limit_nofile = 1K", ":3: limit_nofile: bad value '1K' (a number or infinity)" },
		{ "limit_nproc = 4611686018427387905",
		  ":3: limit_nproc: bad value '4611686018427387905' (a number or infinity)" },
		{ "limit_core = -1M", ":3: limit_core: bad value '-1M' (a size: 0, 4096, 512K, 1G, or infinity)" },
		{ "limit_as = 5P", ":3: limit_as: bad value '5P' (a size: 0, 4096, 512K, 1G, or infinity)" },
		{ "limit_as = 99999999999999999999",
		  ":3: limit_as: bad value '99999999999999999999' (a size: 0, 4096, 512K, 1G, or infinity)" },
		{ "stop_timeout = -5s",
		  ":3: stop_timeout: bad value '-5s' (e.g. 500ms, 2s, 1m, 1h; at most 49 days)" },
		{ "restart_limit = -1", ":3: restart_limit: bad value '-1' (0..32)" },
		{ "stop_signal = -9", ":3: stop_signal: bad value '-9' (e.g. TERM, SIGINT, 9)" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char want[SVC_ERR_MAX];
		snprintf(want, sizeof want, "%s%s", PATH, t[i].want);
		is_int(with(t[i].line), -1, "'%s' is refused", t[i].line);
		is_str(err, want, "'%s' message", t[i].line);
	}
}

static void test_val_int(void)
{
	int32_t v = 5;

	is_int(val_int("-2147483648", INT32_MIN, INT32_MAX, &v), 0, "INT32_MIN");
	is_int(v, INT32_MIN, "its value");
	is_int(val_int("2147483647", INT32_MIN, INT32_MAX, &v), 0, "INT32_MAX");
	is_int(val_int("2147483648", INT32_MIN, INT32_MAX, &v), -1, "INT32_MAX + 1");
	is_int(val_int("-2147483649", INT32_MIN, INT32_MAX, &v), -1, "INT32_MIN - 1");
	is_int(val_int("-5", 0, 10, &v), -1, "negative below a min of 0");
	is_int(v, INT32_MAX, "untouched on error");
}

int main(void)
{
	test_defaults();
	test_good();
	test_limits();
	test_caps();
	test_groups();
	test_errors();
	test_val_int();
	return done();
}
