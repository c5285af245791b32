/* SPDX-License-Identifier: MIT */
/*
 * conf_load_dir(): every NAME.ini of the service directory, in name order,
 * parsed into the caller's table, then the checks that need all files:
 * unix socket and port conflicts, requires= targets that are missing,
 * dependency cycles, and services that require a broken one (transitively).
 * The directory is listed with getdents64 into a fixed buffer (opendir
 * allocates).  Invariant: at most min(max, SVC_MAX) slots; every slot's
 * error is a full "path:line: what"; report() sees each bad slot once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "init/rt/kdir.h"
#include "svc/conf/arena.h"
#include "svc/conf/conf.h"
#include "svc/conf/conf_store.h"
#include "svc/conf/conf_val.h"
#include "svc/conf/conf_work.h"
#include "svc/conf/order.h"

typedef void report_fn(const char *msg);

__attribute__((format(printf, 2, 3)))
static void say(report_fn *report, const char *fmt, ...)
{
	char msg[SVC_ERR_MAX];
	va_list ap;

	if (!report)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	report(msg);
}

/* Mark c bad with "path:line: what" unless it is bad already. */
__attribute__((format(printf, 3, 4)))
static void mark(struct svc_conf *c, int line, const char *fmt, ...)
{
	va_list ap;

	char msg[SVC_ERR_MAX];

	if (c->bad)
		return;
	va_start(ap, fmt);
	val_vmsg(msg, sizeof msg, c->path, line, fmt, ap);
	va_end(ap);
	conf_store_error(c, msg);
}

/* Insert name (the stem of NAME.ini) into the sorted names[0..*n); when
 * all max slots are full the name sorting last is dropped. */
static void add_name(char (*names)[SVC_NAME_MAX], int *n, int max, const char *dir,
		     const char *name, report_fn *report)
{
	int i = *n;

	if (i == max) {
		if (strcmp(name, names[max - 1]) > 0) {
			say(report, "%s/%s.ini: too many services (max %d), ignored", dir, name, max);
			return;
		}
		say(report, "%s/%s.ini: too many services (max %d), ignored", dir,
		    names[max - 1], max);
		i = --*n;
	}
	for (; i > 0 && strcmp(names[i - 1], name) > 0; i--)
		memcpy(names[i], names[i - 1], SVC_NAME_MAX);
	snprintf(names[i], SVC_NAME_MAX, "%s", name);
	++*n;
}

/* One directory entry: NAME.ini with a good NAME goes into the list. */
static void consider(char (*names)[SVC_NAME_MAX], int *n, int max, const char *dir,
		     const struct kdirent *d, report_fn *report)
{
	size_t len = strnlen(d->name, d->reclen);

	if (d->name[0] == '.' || d->type == DT_DIR || len < 4 ||
	    strcmp(d->name + len - 4, ".ini") != 0)
		return;
	if (!val_svc_name(d->name, len - 4)) {
		say(report, "%s/%.60s: bad service file name (want NAME.ini, NAME of at most %d "
		    "letters, digits, '-', '_', '.', '@'), ignored", dir, d->name, SVC_NAME_MAX - 1);
		return;
	}
	char stem[SVC_NAME_MAX];
	snprintf(stem, sizeof stem, "%.*s", (int)(len - 4), d->name);
	add_name(names, n, max, dir, stem, report);
}

/* The sorted service names of dir into w->names; count, or -errno. */
static int list_dir(const char *dir, int max, struct conf_work *w, report_fn *report)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;
	long got;

	if (fd < 0)
		return -errno;
	while ((got = kdir_read(fd, w->dent, sizeof w->dent)) > 0) {
		for (long off = 0; off < got;) {
			const struct kdirent *d = (const void *)(w->dent + off);
			consider(w->names, &n, max, dir, d, report);
			off += d->reclen;
		}
	}
	got = got < 0 ? -errno : n;
	close(fd);
	return (int)got;
}

/* Second declarations of the same socket path or proto:port. */
static void check_conflicts(struct svc_conf *tab, const struct conf_lines *ln, int n)
{
	for (int i = 0; i < n; i++) {
		struct svc_conf *c = &tab[i];
		for (int j = 0; j < i && !c->bad; j++) {
			const struct svc_conf *o = &tab[j];
			if (o->bad)
				continue;
			for (int s = 0; s < c->nsockets; s++)
				for (int t = 0; t < o->nsockets; t++)
					if (strcmp(c->sockets[s], o->sockets[t]) == 0)
						mark(c, ln[i].sockets[s], "socket %s already declared "
						     "by %s.ini", c->sockets[s], o->name);
			for (int s = 0; s < c->nports; s++)
				for (int t = 0; t < o->nports; t++)
					if (c->ports[s].proto == o->ports[t].proto &&
					    c->ports[s].port == o->ports[t].port)
						mark(c, ln[i].ports[s], "port %s:%u already declared "
						     "by %s.ini", val_proto_name(c->ports[s].proto),
						     (unsigned)c->ports[s].port, o->name);
		}
	}
}

/* requires= names that are not in the table. */
static void check_missing(struct svc_conf *tab, const struct conf_lines *ln, int n)
{
	for (int i = 0; i < n; i++)
		for (int r = 0; r < tab[i].nrequires; r++)
			if (order_find(tab, n, svc_word(tab[i].requires, r)) < 0)
				mark(&tab[i], ln[i].requires[r], "requires '%s': no such service",
				     svc_word(tab[i].requires, r));
}

/* The line where tab[i] names service name (after= or requires=). */
static int edge_line(const struct svc_conf *tab, const struct conf_lines *ln, int i,
		     const char *name)
{
	for (int r = 0; r < tab[i].nafter; r++)
		if (strcmp(svc_word(tab[i].after, r), name) == 0)
			return ln[i].after[r];
	for (int r = 0; r < tab[i].nrequires; r++)
		if (strcmp(svc_word(tab[i].requires, r), name) == 0)
			return ln[i].requires[r];
	return ln[i].section;
}

/* Every service on a dependency cycle, with the cycle spelled out. */
static void check_cycles(struct svc_conf *tab, const struct conf_lines *ln, int n)
{
	int cyc[SVC_MAX];

	for (int i = 0; i < n; i++) {
		int len = order_cycle(tab, n, i, cyc), at = 0, next;
		char text[SVC_ERR_MAX];
		size_t u = 0;

		if (!len || tab[i].bad)
			continue;
		for (int k = 0; k <= len && u < sizeof text; k++) {
			int w = snprintf(text + u, sizeof text - u, "%s%s", k ? " -> " : "",
					 tab[cyc[k % len]].name);
			u += w > 0 ? (size_t)w : 0;
		}
		while (cyc[at] != i)
			at++;
		next = cyc[(at + 1) % len];
		mark(&tab[i], edge_line(tab, ln, i, tab[next].name), "dependency cycle: %s", text);
	}
}

/* Services that require a bad one, until nothing changes. */
static void check_broken(struct svc_conf *tab, const struct conf_lines *ln, int n)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (int i = 0; i < n; i++)
			for (int r = 0; r < tab[i].nrequires && !tab[i].bad; r++) {
				int d = order_find(tab, n, svc_word(tab[i].requires, r));
				if (d >= 0 && tab[d].bad) {
					mark(&tab[i], ln[i].requires[r], "requires '%s': %s is broken",
					     tab[d].name, tab[d].name);
					changed = true;
				}
			}
	}
}

void conf_check_table(struct svc_conf *tab, const struct conf_lines *ln, int n)
{
	if (n > SVC_MAX)
		n = SVC_MAX;
	check_conflicts(tab, ln, n);
	check_missing(tab, ln, n);
	check_cycles(tab, ln, n);
	check_broken(tab, ln, n);
}

int conf_load_dir(const char *dir, struct svc_conf *tab, int max, struct conf_work *w,
		  void (*report)(const char *msg))
{
	char path[SVC_PATH_MAX + SVC_NAME_MAX + 8];
	int n;

	if (max > SVC_MAX)
		max = SVC_MAX;
	if (max <= 0)
		return 0;
	conf_store_begin();
	n = list_dir(dir, max, w, report);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s.ini", dir, w->names[i]);
		conf_parse_svc_lines(path, &tab[i], &w->lines[i], w, NULL, 0);
	}
	if (n > 0)
		conf_check_table(tab, w->lines, n);
	for (int i = 0; i < n; i++)
		if (tab[i].bad && report)
			report(tab[i].error);
	return n;
}
