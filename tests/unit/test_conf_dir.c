/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of conf_load_dir() (svc/conf/conf_dir.c) over temp directories:
 * which files count, name order, the cross-file checks with their exact
 * messages (missing and broken requires, cycles, socket and port
 * conflicts), the report callback; plus conf_parse_init() and the check
 * that docs/service.md documents every key of svc/conf/keys.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "init/journal/journal.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_work.h"
#include "svc/conf/keys.h"
#include "tests/unit/t.h"

static struct conf_work work;   /* the loader's working memory */

static char dir[64];
static struct svc_conf tab[SVC_MAX];
static char reports[80][SVC_ERR_MAX];
static int nreports;

static void report(const char *msg)
{
	if (nreports < 80)
		snprintf(reports[nreports], SVC_ERR_MAX, "%s", msg);
	nreports++;
}

static void put(const char *name, const char *text)
{
	t_put(dir, name, text);
}

static void fresh_dir(void)
{
	char cmd[128];

	if (dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# cleanup of %s failed\n", dir);
	}
	snprintf(dir, sizeof dir, "/tmp/keel-confdir-XXXXXX");
	if (!mkdtemp(dir))
		printf("# mkdtemp failed\n");
}

static int load(int max)
{
	nreports = 0;
	return conf_load_dir(dir, tab, max, &work, report);
}

/* tab[i]'s error with the temp dir prefix cut off ("" when good). */
static const char *err_of(int i)
{
	size_t dl = strlen(dir);

	if (!tab[i].bad)
		return "";
	return strncmp(tab[i].error, dir, dl) == 0 ? tab[i].error + dl + 1 : tab[i].error;
}

#define EXEC "[service]\nexec = /bin/true\n"

static void test_files(void)
{
	char path[128];

	fresh_dir();
	put("b.ini", EXEC);
	put("a.ini", EXEC);
	put("c.ini", "[service]\nbogus = 1\n");
	put("README", "not a service");
	put("x.ini.bak", EXEC);
	put(".hidden.ini", EXEC);
	put("bad name.ini", EXEC);
	put("waytoolongnamewaytoolongnamewaytoolong.ini", EXEC);
	snprintf(path, sizeof path, "%s/sub.ini", dir);
	mkdir(path, 0755);
	is_int(load(SVC_MAX), 3, "three services");
	is_str(tab[0].name, "a", "sorted: a");
	is_str(tab[1].name, "b", "sorted: b");
	is_str(tab[2].name, "c", "sorted: c");
	ok(!tab[0].bad && !tab[1].bad, "a and b good");
	is_str(err_of(2), "c.ini:2: unknown key 'bogus'", "c broken, with its message");
	is_int(nreports, 3, "reported: two bad file names, one bad service");
	ok(strstr(reports[0], "bad service file name") || strstr(reports[1], "bad service file name"),
	   "bad file name reported");
	ok(strstr(reports[2], "c.ini:2: unknown key 'bogus'") != NULL, "bad service reported last");
	snprintf(path, sizeof path, "%s/a.ini", dir);
	is_str(tab[0].path, path, "path is dir/name.ini");
	ok(tab[0].hash != 0 && tab[0].hash == tab[1].hash, "hash of identical files is equal");

	is_int(load(2), 2, "max 2: two slots");
	is_str(tab[1].name, "b", "the names sorting first are kept");
	ok(strstr(reports[nreports - 1], "c.ini: too many services (max 2), ignored") ||
	   strstr(reports[0], "c.ini: too many services (max 2), ignored") ||
	   strstr(reports[1], "c.ini: too many services (max 2), ignored") ||
	   strstr(reports[2], "c.ini: too many services (max 2), ignored"), "c reported as too many");
	is_int(conf_load_dir("/nonexistent/keel", tab, SVC_MAX, &work, report), -ENOENT, "missing dir: -ENOENT");
	snprintf(path, sizeof path, "%s/a.ini", dir);
	is_int(conf_load_dir(path, tab, SVC_MAX, &work, report), -ENOTDIR, "a file as dir: -ENOTDIR");
	fresh_dir();
	is_int(load(SVC_MAX), 0, "empty dir: 0");
}

static void test_requires(void)
{
	fresh_dir();
	put("a.ini", EXEC "requires = b\n");
	put("b.ini", EXEC "requires = c\n");
	put("c.ini", EXEC "requires = nothere\n");
	put("d.ini", EXEC "after = nothere c\n");
	put("e.ini", EXEC "requires = d\nafter = a\n");
	put("f.ini", "[service]\nexec = /bin/true\nuser = !\n");
	put("g.ini", EXEC "\n\nrequires = f\n");
	is_int(load(SVC_MAX), 7, "seven services");
	is_str(err_of(2), "c.ini:3: requires 'nothere': no such service", "missing requires");
	is_str(err_of(1), "b.ini:3: requires 'c': c is broken", "requires a broken one");
	is_str(err_of(0), "a.ini:3: requires 'b': b is broken", "transitively");
	is_str(err_of(3), "", "after= a missing or broken service is only ordering");
	is_str(err_of(4), "", "requires a good one, after a broken one");
	is_str(err_of(5), "f.ini:3: user: bad name '!'", "parse error kept");
	is_str(err_of(6), "g.ini:5: requires 'f': f is broken", "requires a file with a parse error");
	is_int(nreports, 5, "one report per bad service");
}

static void test_cycles(void)
{
	fresh_dir();
	put("a.ini", EXEC "after = b\n");
	put("b.ini", EXEC "requires = c\n");
	put("c.ini", EXEC "\nafter = x a\n");
	put("d.ini", EXEC "requires = a\n");
	put("e.ini", EXEC "after = a\n");
	put("s.ini", EXEC "after = s\n");
	put("t.ini", EXEC "after = u\n");
	put("u.ini", EXEC "requires = t\n");
	is_int(load(SVC_MAX), 8, "eight services");
	is_str(err_of(0), "a.ini:3: dependency cycle: a -> b -> c -> a", "cycle on a");
	is_str(err_of(1), "b.ini:3: dependency cycle: a -> b -> c -> a", "same cycle on b");
	is_str(err_of(2), "c.ini:4: dependency cycle: a -> b -> c -> a", "same cycle on c, its line");
	is_str(err_of(3), "d.ini:3: requires 'a': a is broken", "requires a cycle member");
	is_str(err_of(4), "", "after a cycle member: still good");
	is_str(err_of(5), "s.ini:3: dependency cycle: s -> s", "self cycle");
	is_str(err_of(6), "t.ini:3: dependency cycle: t -> u -> t", "two-cycle on t");
	is_str(err_of(7), "u.ini:3: dependency cycle: t -> u -> t", "two-cycle on u");
}

static void test_conflicts(void)
{
	fresh_dir();
	put("a.ini", EXEC "ports = tcp:8080 udp:53\nsockets = /run/a.sock\n");
	put("b.ini", EXEC "ports = tcp6:8080\n");
	put("c.ini", EXEC "ports = udp:54\n  tcp:8080\n");
	put("d.ini", EXEC "sockets = /run/d.sock /run/a.sock\n");
	put("e.ini", "[service]\nexec = /nonexistent\nports = tcp:9000\n");
	put("f.ini", EXEC "ports = tcp:9000\n");
	is_int(load(SVC_MAX), 6, "six services");
	is_str(err_of(0), "", "first declaration wins");
	is_str(err_of(1), "", "tcp6:8080 is another port than tcp:8080");
	is_str(err_of(2), "c.ini:4: port tcp:8080 already declared by a.ini", "port conflict, its line");
	is_str(err_of(3), "d.ini:3: socket /run/a.sock already declared by a.ini", "socket conflict");
	ok(tab[4].bad, "e broken (exec)");
	is_str(err_of(5), "", "a broken file claims nothing");
}

static int init_str(const char *text, struct init_conf *ic, char *e)
{
	return conf_parse_init_buf("/etc/init.ini", text, strlen(text), ic, e, SVC_ERR_MAX);
}

/* journal_size: only what the journal can lay out (init/journal/journal.h). */
static void test_journal_size(struct init_conf *ic, char *e)
{
	static const char *const bad[] = { "0", "1", "8K", "16383", "300M", "257M", "268435457" };
	char text[80];

	is_int(init_str("[init]\njournal_size = 16K\n", ic, e), 0, "journal_size 16K: the minimum");
	is_int(ic->journal_size, JOURNAL_SIZE_MIN, "16K is 16384 bytes");
	is_int(init_str("[init]\njournal_size = 256M\n", ic, e), 0, "journal_size 256M: the maximum");
	is_int(ic->journal_size, JOURNAL_SIZE_MAX, "256M is 268435456 bytes");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, "[init]\n\njournal_size = %s\n", bad[i]);
		is_int(init_str(text, ic, e), -EINVAL, bad[i]);
		ok(strncmp(e, "/etc/init.ini:3: journal_size: ", 31) == 0 &&
		   strstr(e, "out of range (16K..256M") != NULL, "its message names the file, line and range");
		is_int(ic->journal_size, 1 << 20, "and the default is used");
	}
}

static void test_init(void)
{
	struct init_conf ic;
	char e[SVC_ERR_MAX] = "";
	static const char all[] =
		"[init]\nsvc_dir = /etc/keel.d\ncontrol = /run/k.sock\njournal = /dev/mtd3\n"
		"journal_size = 4M\nboot_ok_after = 2m\nboot_loop_limit = 5\n"
		"shutdown_timeout = 20s\nwatchdog = /dev/watchdog0\nwatchdog_timeout = 15\n";

	conf_init_defaults(&ic);
	is_str(ic.svc_dir, "/etc/svc.d", "svc_dir default");
	is_str(ic.control, "/run/keel.sock", "control default");
	ok(!ic.journal[0] && !ic.watchdog[0], "journal, watchdog default none");
	ok(ic.journal_size == 1048576 && ic.boot_ok_after_ms == 30000 && ic.boot_loop_limit == 3 &&
	   ic.shutdown_timeout_ms == 10000 && ic.watchdog_timeout_ms == 30000, "number defaults");
	is_int(init_str(all, &ic, e), 0, "all keys");
	is_str(ic.svc_dir, "/etc/keel.d", "svc_dir");
	is_str(ic.control, "/run/k.sock", "control");
	is_str(ic.journal, "/dev/mtd3", "journal");
	is_int(ic.journal_size, 4 << 20, "journal_size");
	is_int(ic.boot_ok_after_ms, 120000, "boot_ok_after");
	is_int(ic.boot_loop_limit, 5, "boot_loop_limit");
	is_int(ic.shutdown_timeout_ms, 20000, "shutdown_timeout");
	is_str(ic.watchdog, "/dev/watchdog0", "watchdog");
	is_int(ic.watchdog_timeout_ms, 15000, "watchdog_timeout");
	is_str(ic.control_group, "", "control_group default: none (root only)");
	is_int(init_str("[init]\ncontrol_group = wheel\n", &ic, e), 0, "control_group by name");
	is_str(ic.control_group, "wheel", "control_group");
	is_int(init_str("[init]\ncontrol_group = 4242\n", &ic, e), 0, "control_group by number");
	is_str(ic.control_group, "4242", "control_group number kept as text");
	is_int(init_str("[init]\ncontrol_group = a:b\n", &ic, e), -EINVAL, "control_group with a colon");
	is_str(ic.control_group, "", "a bad control_group leaves root only");
	is_int(init_str("[init]\njournal =\n", &ic, e), 0,
	       "empty journal = none");
	test_journal_size(&ic, e);
	is_int(init_str("[init]\nexec = x\n", &ic, e), -EINVAL,
	       "service key in init.ini");
	is_str(e, "/etc/init.ini:2: unknown key 'exec'", "its message");
	is_int(init_str("[service]\n", &ic, e), -EINVAL,
	       "wrong section");
	is_str(e, "/etc/init.ini:1: unknown section [service]", "its message");
	is_int(init_str("[init]\nboot_loop_limit = -1\n", &ic, e), -EINVAL, "bad number");
	is_str(e, "/etc/init.ini:2: boot_loop_limit: bad value '-1' (a number)", "its message");
	is_int(ic.boot_loop_limit, 3, "a bad value leaves the default");
	is_int(init_str("[init]\nsvc_dir = etc\n", &ic, e),
	       -EINVAL, "relative svc_dir");
	is_str(e, "/etc/init.ini:2: svc_dir: 'etc' is not an absolute path", "its message");
	is_int(conf_parse_init("/nonexistent/init.ini", &ic, &work, e, sizeof e), -ENOENT, "missing file: -ENOENT");
	is_int(ic.boot_loop_limit, 3, "and the defaults");
	is_str(e, "/nonexistent/init.ini:0: No such file or directory", "its message");
	fresh_dir();
	put("init.ini", "[init]\nwatchdog_timeout = 1m\n");
	char path[128];
	snprintf(path, sizeof path, "%s/init.ini", dir);
	is_int(conf_parse_init(path, &ic, &work, e, sizeof e), 0, "init.ini from a file");
	is_int(ic.watchdog_timeout_ms, 60000, "its value");
	is_int(conf_parse_init(dir, &ic, &work, e, sizeof e), -EINVAL, "a directory is not a file");
}

/* Every key of the tables has a "### `key`" section in docs/service.md. */
static void test_docs(void)
{
	static char doc[65536];
	FILE *f = fopen("docs/service.md", "r");
	size_t n = f ? fread(doc, 1, sizeof doc - 1, f) : 0;
	char h[64];

	if (f)
		fclose(f);
	doc[n] = '\0';
	ok(n > 0, "docs/service.md readable (run from the repository root)");
#define DOC_CHECK(name, ...) \
	snprintf(h, sizeof h, "### `%s`", #name); \
	ok(strstr(doc, h) != NULL, "docs/service.md documents %s", #name);
	SVC_KEYS(DOC_CHECK)
	INIT_KEYS(DOC_CHECK)
#undef DOC_CHECK
}

int main(void)
{
	test_files();
	test_requires();
	test_cycles();
	test_conflicts();
	test_init();
	test_docs();
	fresh_dir();
	rmdir(dir);
	return done();
}
