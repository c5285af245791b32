/* SPDX-License-Identifier: MIT */
/*
 * Minimal /etc/passwd and /etc/group parsing (name:x:id:...).  The files
 * are read a line at a time through the caller's buffer (init/rt/lines.h),
 * so they may be of any size; a line longer than the buffer keeps only its
 * whole fields (up to its last ':'): a cut field is never read as an id,
 * and a cut member list is empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "init/rt/lines.h"
#include "init/rt/num.h"
#include "svc/conf/passwd.h"

/* Split one line into up to max ':' fields (in place). */
static int fields(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == ':') {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

/* A decimal id 0..4294967294 ((uid_t)-1 means "no change" to the kernel). */
static int number(const char *s, unsigned long *v)
{
	uint64_t n;
	if (num_whole(s, 0xfffffffeu, &n) < 0)
		return -1;
	*v = (unsigned long)n;
	return 0;
}

/* Call match(fields, n, arg) for each line of path; stop when it returns 1. */
static int each_line(const char *path, char *buf, size_t len,
		     int (*match)(char **f, int n, void *arg), void *arg)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || len < 2) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	struct lines l;
	lines_init(&l, fd, buf, len);
	char *line;
	size_t n;
	bool cut;
	int found = 0;
	while (!found && lines_next(&l, &line, &n, &cut) > 0) {
		char *colon = cut ? memrchr(line, ':', n) : NULL;
		if (cut)
			*(colon ? colon + 1 : line) = 0;   /* whole fields only */
		char *f[7];
		found = match(f, fields(line, f, 7), arg);
	}
	close(fd);
	return found;
}

struct want { const char *name; unsigned long id, id2; };

static int match_user(char **f, int n, void *arg)
{
	struct want *w = arg;
	return n >= 4 && strcmp(f[0], w->name) == 0 && number(f[2], &w->id) == 0 && number(f[3], &w->id2) == 0;
}

/* The entry whose uid is w->id: its gid into w->id2. */
static int match_uid(char **f, int n, void *arg)
{
	struct want *w = arg;
	unsigned long id;
	return n >= 4 && number(f[2], &id) == 0 && id == w->id && number(f[3], &w->id2) == 0;
}

int passwd_user(const char *name, uid_t *uid, gid_t *gid, char *buf, size_t len)
{
	struct want w = { name, 0, 0 };
	if (number(name, &w.id) == 0) {
		w.id2 = w.id;   /* no passwd entry: the group of the same number */
		each_line("/etc/passwd", buf, len, match_uid, &w);
		*uid = (uid_t)w.id;
		*gid = (gid_t)w.id2;
		return 0;
	}
	if (!each_line("/etc/passwd", buf, len, match_user, &w))
		return -ENOENT;
	*uid = (uid_t)w.id;
	*gid = (gid_t)w.id2;
	return 0;
}

static int match_group(char **f, int n, void *arg)
{
	struct want *w = arg;
	return n >= 3 && strcmp(f[0], w->name) == 0 && number(f[2], &w->id) == 0;
}

int passwd_group(const char *name, gid_t *gid, char *buf, size_t len)
{
	struct want w = { name, 0, 0 };
	if (number(name, &w.id) == 0 || each_line("/etc/group", buf, len, match_group, &w)) {
		*gid = (gid_t)w.id;
		return 0;
	}
	return -ENOENT;
}

struct members { const char *user; gid_t *list; int max, n; };

static int match_member(char **f, int n, void *arg)
{
	struct members *m = arg;
	unsigned long id;
	if (n < 4 || number(f[2], &id) < 0)
		return 0;
	for (char *u = f[3], *e; u && *u && m->n < m->max; u = e) {
		e = strchr(u, ',');
		if (e)
			*e++ = 0;
		if (strcmp(u, m->user) == 0) {
			m->list[m->n++] = (gid_t)id;
			break;
		}
	}
	return 0;
}

int passwd_groups_of(const char *user, gid_t *list, int max, char *buf, size_t len)
{
	struct members m = { user, list, max, 0 };
	each_line("/etc/group", buf, len, match_member, &m);
	return m.n;
}
