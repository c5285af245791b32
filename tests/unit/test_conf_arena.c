/* SPDX-License-Identifier: MIT */
/*
 * The configuration arena (svc/conf/arena.h, conf_store.h) through the
 * steps PID 1 takes: a boot load whose configurations become the live
 * ones (swap); a reload that changes one service while its old
 * configuration is still in use (kept: copied across the swap, whole)
 * and leaves another unchanged (it adopts the new copy: nothing to keep);
 * many reloads in a row that do not grow the arena; a string made outside
 * a load; a load refused as a whole leaves the live strings alone.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "svc/conf/arena.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_work.h"
#include "svc/conf/conf_store.h"
#include "tests/unit/t.h"

static struct conf_work work;   /* the loader's working memory */

static char dir[64];
static struct svc_conf tab[SVC_MAX];

static void put(const char *name, const char *text)
{
	t_put(dir, name, text);
}

static int load(void)
{
	return conf_load_dir(dir, tab, SVC_MAX, &work, NULL);
}

#define OLD_A "[service]\nexec = /bin/sleep 100\nenv = WHO=old\npidfile = /run/a-old.pid\nafter = b\n"
#define NEW_A "[service]\nexec = /bin/sleep 200\nenv = WHO=new\npidfile = /run/a-new.pid\nafter = b\n"
#define B "[service]\nexec = /bin/true\nuser = nobody\nsockets = /run/b.sock\n"

/* a runs OLD_A; b: its only configuration. */
static bool a_is_old(const struct svc_conf *a)
{
	return strcmp(a->name, "a") == 0 && a->argc == 2 && strcmp(svc_word(a->args, 1), "100") == 0 &&
	       strcmp(a->env, "WHO=old") == 0 && strcmp(a->pidfile, "/run/a-old.pid") == 0 &&
	       a->nafter == 1 && strcmp(a->after, "b") == 0;
}

static bool b_is_whole(const struct svc_conf *b)
{
	return strcmp(b->name, "b") == 0 && strcmp(b->user, "nobody") == 0 && b->nsockets == 1 &&
	       strcmp(b->sockets[0], "/run/b.sock") == 0 && strcmp(svc_word(b->args, 0), "/bin/true") == 0;
}

static void reload_keeps_running(void)
{
	static struct svc_conf a, b, a_next;   /* as the job table would hold them */
	put("a.ini", OLD_A);
	put("b.ini", B);
	is_int(load(), 2, "boot: two services");
	a = tab[0];
	b = tab[1];
	arena_swap();
	ok(a_is_old(&a) && b_is_whole(&b), "after the swap the live configurations read whole");
	ok(arena_in_live(a.args) && arena_in_live(b.user), "their strings are in the live half");
	ok(!arena_in_live(a.cond_path) && a.cond_path[0] == 0, "an empty string is outside the arena");

	put("a.ini", NEW_A);
	is_int(load(), 2, "reload: two services");
	a_next = tab[0];                     /* a is running: its new conf is staged */
	is_int((int)conf_live_bytes(&b, &tab[1]), 0, "unchanged b: every string shared with its new copy");
	conf_adopt(&b, &tab[1]);
	ok(!arena_in_live(b.user) && b_is_whole(&b), "b adopted the new copies");
	size_t need = conf_live_bytes(&a, NULL);
	ok(need > 0 && need <= arena_spare_free(), "a's old strings must be kept: %zu bytes, room for them", need);
	is_int(conf_keep(&a), 0, "kept");
	arena_swap();
	ok(a_is_old(&a), "the running a still reads its old configuration after the swap");
	ok(strcmp(a_next.pidfile, "/run/a-new.pid") == 0 && strcmp(svc_word(a_next.args, 1), "200") == 0,
	   "the staged a reads the new one");
	ok(b_is_whole(&b), "b still whole");

	size_t used = 0;
	for (int i = 0; i < 200; i++) {
		if (i == 1)
			used = arena_live_used();   /* a, b, the staged a: as after every reload */
		load();
		conf_adopt(&b, &tab[1]);
		conf_keep(&a);
		conf_keep(&a_next);
		conf_keep(&b);
		arena_swap();
	}
	ok(arena_live_used() <= used, "200 reloads later the live half holds no more than after one (%zu <= %zu bytes)",
	   arena_live_used(), used);
	ok(a_is_old(&a) && b_is_whole(&b) && strcmp(a_next.env, "WHO=new") == 0, "and every string still reads whole");

	const char *s = conf_store_live("handed-over");
	ok(s && strcmp(s, "handed-over") == 0 && arena_in_live(s), "a string made outside a load lives in the live half");
	load();
	arena_load_drop();   /* a reload refused: its strings are dropped */
	ok(a_is_old(&a) && b_is_whole(&b) && strcmp(s, "handed-over") == 0, "a dropped load leaves the live strings alone");
}

/* A service that does not fit is bad with a file:line message, not cut. */
static void full_load(void)
{
	static char text[CONF_FILE_MAX];
	char name[32], path[200];
	int n = snprintf(text, sizeof text, "[service]\nexec = /bin/true\nexec_start_pre = /bin/true %0150d\n"
			 "exec_stop_post = /bin/true %0150d\nworkdir = /%0126d\n", 1, 2, 3);
	for (int k = 0; k < SVC_ENV_MAX; k++)
		n += snprintf(text + n, sizeof text - (size_t)n, "env = V%02d=%026d\n", k, k);
	for (int i = 0; i < SVC_MAX; i++) {
		snprintf(name, sizeof name, "f%03d.ini", i);
		put(name, text);
	}
	unlink(strcat(strcpy(path, dir), "/a.ini"));
	unlink(strcat(strcpy(path, dir), "/b.ini"));
	char last[40];
	snprintf(last, sizeof last, "V15=%026d", 15);
	int got = load(), fit = 0, full = 0;
	for (int i = 0; i < got; i++) {
		if (!tab[i].bad && tab[i].envc == SVC_ENV_MAX && strcmp(svc_word(tab[i].env, 15), last) == 0)
			fit++;
		snprintf(path, sizeof path, "%s/f%03d.ini:1: configuration arena full", dir, i);
		full += tab[i].bad && strncmp(tab[i].error, path, strlen(path)) == 0 && tab[i].envc == 0;
	}
	if (got && tab[0].bad)
		printf("# %s\n", tab[0].error);
	printf("# %d of %d services with %d bytes of env (and more) fit the %zu-byte half\n", fit, got, SVC_ENV_BYTES,
	       (size_t)CONF_ARENA_BYTES);
	is_int(fit + full, got, "each service is whole or says 'file:1: configuration arena full'");
	ok(fit > 0 && (size_t)fit * SVC_ENV_BYTES <= CONF_ARENA_BYTES, "some fit, no more than the arena holds (%d)", fit);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/keel-arena-XXXXXX");
	if (!mkdtemp(dir)) {
		printf("# mkdtemp failed\n");
		return 1;
	}
	reload_keeps_running();
	full_load();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# cleanup of %s failed\n", dir);
	return done();
}
