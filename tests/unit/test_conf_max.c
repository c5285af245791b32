/* SPDX-License-Identifier: MIT */
/*
 * A full table at its limits (issue 15): KEEL_MAX_JOBS service files, every
 * string field at the longest value its field (or, for one-line keys, the
 * longest line) allows, loaded with conf_load_dir().  The configuration
 * arena (svc/conf/arena.h) is sized for an average service, not for 64 at
 * their limits: every service comes back whole, or, once the arena is
 * full, bad with "file:1: configuration arena full" and none of its
 * strings (a service requiring one of those is then broken, its own
 * strings whole).  Then each field one byte longer: a "file:line: ..."
 * error, never a value cut short.  Guards the compact configuration
 * storage against silent truncation.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "svc/conf/arena.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_work.h"
#include "tests/unit/t.h"

static struct conf_work work;   /* the loader's working memory */

#define LONGEST_PATH (SVC_PATH_MAX - 1)   /* 127 */
#define SUN_PATH_LONGEST 107              /* sockets: sun_path incl. NUL is 108 */
#define LOG_PATH_LONGEST 123              /* log = file:PATH: room for the rotation suffix */

static char dir[64];
static char exe[SVC_PATH_MAX];            /* a symlink to /bin/true, LONGEST_PATH long */
static struct svc_conf tab[SVC_MAX];
static int nreports;

static void report(const char *msg)
{
	nreports++;
	printf("# report: %s\n", msg);
}

/* s = prefix, then fill up to len bytes in total. */
static char *fill(char *s, const char *prefix, int fillc, size_t len)
{
	size_t n = strlen(prefix);
	memcpy(s, prefix, n);
	memset(s + n, fillc, len - n);
	s[len] = 0;
	return s;
}

static void name_of(char *out, int i)
{
	char pre[8];
	snprintf(pre, sizeof pre, "s%02d", i);
	fill(out, pre, 'n', SVC_NAME_MAX - 1);
}

/* The values service i gets (also what it must read back). */
struct want {
	char word[3][LONGEST_PATH + 1];          /* exec's words after argv[0] */
	char env[SVC_ENV_MAX][32];
	char hookarg[64];
	char after[SVC_DEPS_MAX][SVC_NAME_MAX];
	char path[LONGEST_PATH + 2];             /* workdir, pidfile */
	char logpath[LOG_PATH_LONGEST + 1];
	char cond[LONGEST_PATH + 2];             /* "!" + path */
	char dash[LONGEST_PATH + 2];             /* "-" + path */
	char cmdword[SVC_CMDWORD_MAX];
	char sock[SVC_SOCK_MAX][SUN_PATH_LONGEST + 1];
};

static void want_of(struct want *w, int i)
{
	char pre[32];
	for (int k = 0; k < 3; k++) {
		snprintf(pre, sizeof pre, "w%d-%02d-", k, i);
		fill(w->word[k], pre, 'a', LONGEST_PATH);
	}
	for (int k = 0; k < SVC_ENV_MAX; k++) {
		snprintf(pre, sizeof pre, "E%02d=%02d", k, i);
		fill(w->env[k], pre, 'v', sizeof w->env[k] - 1);   /* 16 x 32 = SVC_ENV_BYTES */
	}
	/* exec_start_pre = EXE ARG: the line is SVC_LINE_MAX long. */
	snprintf(pre, sizeof pre, "h%02d-", i);
	fill(w->hookarg, pre, 'h', SVC_LINE_MAX - strlen("exec_start_pre = ") - LONGEST_PATH - 1);
	for (int k = 0; k < SVC_DEPS_MAX; k++) {
		snprintf(pre, sizeof pre, "zz-%02d-%d-", i, k);
		fill(w->after[k], pre, 'z', SVC_NAME_MAX - 1);
	}
	snprintf(pre, sizeof pre, "/p%02d/", i);
	fill(w->path, pre, 'p', LONGEST_PATH);
	snprintf(pre, sizeof pre, "/l%02d/", i);
	fill(w->logpath, pre, 'l', LOG_PATH_LONGEST);
	snprintf(pre, sizeof pre, "!/c%02d/", i);
	fill(w->cond, pre, 'c', LONGEST_PATH + 1);
	snprintf(pre, sizeof pre, "-/e%02d/", i);
	fill(w->dash, pre, 'e', LONGEST_PATH + 1);
	snprintf(pre, sizeof pre, "k%02d=", i);
	fill(w->cmdword, pre, 'k', SVC_CMDWORD_MAX - 1);
	for (int k = 0; k < SVC_SOCK_MAX; k++) {
		snprintf(pre, sizeof pre, "/s%02d/%d/", i, k);
		fill(w->sock[k], pre, 's', SUN_PATH_LONGEST);
	}
}

/* The text of service i's file. */
static int text_of(char *t, size_t len, int i, const struct want *w)
{
	char name[SVC_NAME_MAX];
	int n = snprintf(t, len, "[service]\nexec = %s\n", exe);
	for (int k = 0; k < 3; k++)
		n += snprintf(t + n, len - n, "  %s\n", w->word[k]);
	for (int k = 0; k < SVC_ENV_MAX; k++)
		n += snprintf(t + n, len - n, "env = %s\n", w->env[k]);
	n += snprintf(t + n, len - n, "exec_start_pre = %s %s\n", exe, w->hookarg);
	n += snprintf(t + n, len - n, "exec_stop_post = %s %s\n", exe, w->hookarg);
	for (int k = 0; k < SVC_DEPS_MAX; k++)
		n += snprintf(t + n, len - n, "after = %s\n", w->after[k]);
	for (int k = i + 1; k <= i + SVC_DEPS_MAX && k < SVC_MAX; k++) {
		name_of(name, k);
		n += snprintf(t + n, len - n, "requires = %s\n", name);
	}
	n += snprintf(t + n, len - n, "workdir = %s\npidfile = %s\nlog = file:%s\n", w->path, w->path, w->logpath);
	n += snprintf(t + n, len - n, "condition_path_exists = %s\ncondition_file_not_empty = %s\n", w->cond,
		      w->cond);
	n += snprintf(t + n, len - n, "condition_kernel_cmdline = %s\nenv_file = %s\n", w->cmdword, w->dash);
	for (int k = 0; k < SVC_SOCK_MAX; k++)
		n += snprintf(t + n, len - n, "sockets = %s\n", w->sock[k]);
	return n;
}

static void put(int i, const char *text)
{
	char name[SVC_NAME_MAX], path[160];
	name_of(name, i);
	snprintf(path, sizeof path, "%s/%s.ini", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		printf("# cannot write %s\n", path);
	if (fd >= 0)
		close(fd);
}

static int check_one(const struct svc_conf *c, int i, const struct want *w)
{
	int bad = 0;
	char name[SVC_NAME_MAX];
	name_of(name, i);
	bad += strcmp(c->name, name) != 0 || c->argc != 4 || c->envc != SVC_ENV_MAX;
	bad += strcmp(svc_word(c->args, 0), exe) != 0;
	for (int k = 0; k < 3; k++)
		bad += strcmp(svc_word(c->args, k + 1), w->word[k]) != 0;
	for (int k = 0; k < SVC_ENV_MAX; k++)
		bad += strcmp(svc_word(c->env, k), w->env[k]) != 0;
	bad += c->prec != 2 || strcmp(svc_word(c->pre, 1), w->hookarg) != 0;
	bad += c->postc != 2 || strcmp(svc_word(c->post, 1), w->hookarg) != 0;
	bad += c->nafter != SVC_DEPS_MAX;
	for (int k = 0; k < SVC_DEPS_MAX; k++)
		bad += strcmp(svc_word(c->after, k), w->after[k]) != 0;
	int nreq = SVC_MAX - 1 - i < SVC_DEPS_MAX ? SVC_MAX - 1 - i : SVC_DEPS_MAX;
	bad += c->nrequires != nreq;
	for (int k = 0; k < nreq && k < c->nrequires; k++) {
		char dep[SVC_NAME_MAX];
		name_of(dep, i + 1 + k);
		bad += strcmp(svc_word(c->requires, k), dep) != 0;
	}
	bad += strcmp(c->workdir, w->path) || strcmp(c->pidfile, w->path) || strcmp(c->log_path, w->logpath);
	bad += strcmp(c->cond_path, w->cond) || strcmp(c->cond_nonempty, w->cond);
	bad += strcmp(c->cond_cmdline, w->cmdword) || strcmp(c->env_file, w->dash);
	bad += c->nsockets != SVC_SOCK_MAX;
	for (int k = 0; k < SVC_SOCK_MAX; k++)
		bad += strcmp(c->sockets[k], w->sock[k]) != 0;
	if (bad)
		printf("# %s: %d fields differ (%s)\n", name, bad, c->error);
	return bad;
}

/* Service i did not fit: bad at its [service] line, no strings but its
 * name and path (1: as it should be). */
static int arena_full_ok(const struct svc_conf *c, int i)
{
	char name[SVC_NAME_MAX], where[200];
	name_of(name, i);
	snprintf(where, sizeof where, "%s/%s.ini:1: configuration arena full", dir, name);
	return c->bad && strncmp(c->error, where, strlen(where)) == 0 && strcmp(c->name, name) == 0 &&
	       c->argc == 0 && c->envc == 0 && c->nafter == 0 && c->nsockets == 0 && !c->workdir[0];
}

static void full_table(void)
{
	static char text[CONF_FILE_MAX];
	static struct want w;
	for (int i = 0; i < SVC_MAX; i++) {
		want_of(&w, i);
		text_of(text, sizeof text, i, &w);
		put(i, text);
	}
	int n = conf_load_dir(dir, tab, SVC_MAX, &work, report);
	is_int(n, SVC_MAX, "all %d services at their limits are listed", SVC_MAX);
	int differ = 0, full = 0, whole = 0, other = 0;
	for (int i = 0; i < n; i++) {
		want_of(&w, i);
		if (tab[i].bad && strstr(tab[i].error, "configuration arena full")) {
			full++;
			other += !arena_full_ok(&tab[i], i);
			continue;
		}
		differ += check_one(&tab[i], i, &w) != 0;
		whole += !tab[i].bad;
		if (tab[i].bad && !strstr(tab[i].error, " is broken"))
			other++;
	}
	printf("# %d fit (%d of them not broken), %d did not (arena of %d x %d bytes)\n", n - full, whole, full,
	       SVC_MAX, KEEL_CONF_AVG);
	ok(n - full > 0, "services at their limits are stored whole while the arena has room");
	is_int(differ, 0, "every field of every service that fits reads back whole");
	is_int(other, 0, "the others say 'file:1: configuration arena full' (or that one they require is)");
	is_int(nreports, full + (n - whole - full), "each bad service reported once");
}

/* One byte more than service 0's value of a field (on the line prefix +
 * value): the file fails at that line, with a message naming file:line. */
struct longer {
	const char *what;
	char prefix[SVC_PATH_MAX + 32];
	const char *value;
	char more;
	int line;
};

static void one_more(const struct longer *l)
{
	static char text[CONF_FILE_MAX], edited[CONF_FILE_MAX];
	static struct want w;
	struct svc_conf c;
	char err[SVC_ERR_MAX], where[160], from[512];
	want_of(&w, 0);
	text_of(text, sizeof text, 0, &w);
	snprintf(from, sizeof from, "%s%s\n", l->prefix, l->value);
	const char *at = strstr(text, from);
	if (!at) {
		ok(0, "%s: value found in the file", l->what);
		return;
	}
	snprintf(edited, sizeof edited, "%.*s%s%s%c\n%s", (int)(at - text), text, l->prefix, l->value, l->more,
		 at + strlen(from));
	int r = conf_parse_svc_buf("/etc/svc.d/x.ini", edited, strlen(edited), &c, NULL, &work, err, sizeof err);
	snprintf(where, sizeof where, "/etc/svc.d/x.ini:%d: ", l->line);
	bool at_line = r < 0 && strncmp(err, where, strlen(where)) == 0;
	ok(at_line, "%s one byte longer: an error at line %d", l->what, l->line);
	if (!at_line)
		printf("#   got %d \"%s\"\n", r, r < 0 ? err : "");
}

static void over_long(void)
{
	static struct want w;
	want_of(&w, 0);
	/* Lines: 1 [service], 2 exec, 3-5 words, 6-21 env, 22 pre, 23 post,
	 * 24-31 after, 32-39 requires, 40 workdir, 41 pidfile, 42 log,
	 * 43-44 conditions, 45 cmdline, 46 env_file, 47-50 sockets. */
	struct longer l[] = {
		{ "exec (packed argv)", "  ", w.word[2], 'a', 5 },
		{ "env (packed)", "env = ", w.env[15], 'v', 21 },
		{ "exec_start_pre (the line)", "", w.hookarg, 'h', 22 },
		{ "after (a name)", "after = ", w.after[7], 'z', 31 },
		{ "workdir", "workdir = ", w.path, 'p', 40 },
		{ "pidfile", "pidfile = ", w.path, 'p', 41 },
		{ "log file path", "log = file:", w.logpath, 'l', 42 },
		{ "condition_path_exists", "condition_path_exists = ", w.cond, 'c', 43 },
		{ "condition_kernel_cmdline", "condition_kernel_cmdline = ", w.cmdword, 'k', 45 },
		{ "env_file", "env_file = ", w.dash, 'e', 46 },
		{ "sockets (a path)", "sockets = ", w.sock[3], 's', 50 },
	};
	snprintf(l[2].prefix, sizeof l[2].prefix, "exec_start_pre = %s ", exe);
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
		one_more(&l[i]);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/keel-confmax-XXXXXX");
	if (!mkdtemp(dir)) {
		printf("# mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	fill(exe, dir, 'x', LONGEST_PATH);
	exe[strlen(dir)] = '/';
	if (symlink("/bin/true", exe) < 0)
		printf("# symlink %s: %s\n", exe, strerror(errno));
	full_table();
	over_long();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# cleanup of %s failed\n", dir);
	return done();
}
