/* SPDX-License-Identifier: MIT */
/*
 * board.ini reader and the board's extra mounts.  The file is read once
 * at boot a line at a time through a small static buffer and handed to
 * inih line by line (no allocation, any file size); a line longer than
 * inih keeps whole (SVC_LINE_MAX) is an error, never split in two.  Mount options are split into the
 * flags mount(2) takes and the data string the filesystem takes.
 */
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/platform/board.h"
#include "init/rt/lines.h"
#include "init/rt/log.h"
#include "svc/conf/conf.h"

struct ctx { struct board *b; char what[160]; int bad; };

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

static int add_mount(struct board *b, const char *v)
{
	if (b->nmounts >= BOARD_MOUNTS_MAX)
		return -1;
	struct board_mount *m = &b->mounts[b->nmounts];
	char buf[256];
	copy(buf, sizeof buf, v);
	char *save, *w[4] = { NULL };
	int n = 0;
	for (char *t = strtok_r(buf, " \t", &save); t && n < 4; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	if (n < 3)
		return -1;
	copy(m->src, sizeof m->src, w[0]);
	copy(m->target, sizeof m->target, w[1]);
	copy(m->fstype, sizeof m->fstype, w[2]);
	copy(m->opts, sizeof m->opts, n > 3 ? w[3] : "");
	b->nmounts++;
	return 0;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct ctx *c = user;
	struct board *b = c->b;
	int ok = 0;
	if (strcmp(section, "board") != 0)
		ok = -1;
	else if (!strcmp(name, "name"))
		copy(b->name, sizeof b->name, value);
	else if (!strcmp(name, "console"))
		copy(b->console, sizeof b->console, value);
	else if (!strcmp(name, "journal"))
		copy(b->journal, sizeof b->journal, value);
	else if (!strcmp(name, "watchdog"))
		copy(b->watchdog, sizeof b->watchdog, strcmp(value, "none") ? value : "");
	else if (!strcmp(name, "watchdog_timeout"))
		ok = conf_duration_ms(value, &b->watchdog_timeout_ms);
	else if (!strcmp(name, "mount"))
		ok = add_mount(b, value);
	else
		ok = -1;
	if (ok < 0 && !c->bad) {
		c->bad = 1;
		snprintf(c->what, sizeof c->what, "[%s] %s = %s: not understood", section, name, value);
	}
	return ok < 0 ? 0 : 1;
}

/* The file as inih reads it: one line per call, with its '\n'. */
struct src { struct lines l; int line, err; bool too_long; };

static char *next_line(char *str, int num, void *stream)
{
	struct src *s = stream;
	char *line;
	size_t n;
	bool cut;
	if (s->too_long || s->err)
		return NULL;
	int r = lines_next(&s->l, &line, &n, &cut);
	if (r <= 0) {
		s->err = r;
		return NULL;
	}
	s->line++;
	if (cut || n + 2 > (size_t)num) {
		s->too_long = true;   /* ends inih's walk: reported by board_load */
		return NULL;
	}
	memcpy(str, line, n);
	memcpy(str + n, "\n", 2);
	return str;
}

int board_load(const char *path, struct board *b, char *err, size_t errlen)
{
	static char buf[SVC_LINE_MAX + 58];   /* a line; longer ones are cut, then refused */
	memset(b, 0, sizeof *b);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct src s = { .line = 0 };
	lines_init(&s.l, fd, buf, sizeof buf);
	struct ctx c = { .b = b };
	int line = ini_parse_stream(next_line, &s, handler, &c);
	close(fd);
	if (s.err < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(-s.err));
		return -1;
	}
	if (s.too_long && (line <= 0 || line > s.line)) {   /* the first error counts */
		snprintf(err, errlen, "%s:%d: line longer than %d bytes", path, s.line, SVC_LINE_MAX);
		return -1;
	}
	if (line > 0) {
		snprintf(err, errlen, "%s:%d: %s", path, line, c.bad ? c.what : "syntax error");
		return -1;
	}
	return 0;
}

static const struct { const char *name; unsigned long flag; } flags[] = {
	{ "ro", MS_RDONLY }, { "nosuid", MS_NOSUID }, { "nodev", MS_NODEV }, { "noexec", MS_NOEXEC },
	{ "noatime", MS_NOATIME }, { "nodiratime", MS_NODIRATIME }, { "relatime", MS_RELATIME },
	{ "sync", MS_SYNCHRONOUS }, { "rw", 0 }, { "defaults", 0 },
};

void board_mount(const struct board *b)
{
	for (int i = 0; i < b->nmounts; i++) {
		const struct board_mount *m = &b->mounts[i];
		char opts[96], data[96] = "", *save;
		unsigned long fl = 0;
		copy(opts, sizeof opts, m->opts);
		for (char *t = strtok_r(opts, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			size_t k = 0, nf = sizeof flags / sizeof flags[0];
			while (k < nf && strcmp(flags[k].name, t) != 0)
				k++;
			if (k < nf) {
				fl |= flags[k].flag;
			} else {
				size_t l = strlen(data);
				snprintf(data + l, sizeof data - l, "%s%s", l ? "," : "", t);
			}
		}
		(void)mkdir(m->target, 0755);   /* EEXIST is the usual case */
		if (mount(m->src, m->target, m->fstype, fl, data[0] ? data : NULL) < 0)
			log_err("board: mount %s on %s (%s): %s", m->src, m->target, m->fstype, strerror(errno));
	}
}
