/* SPDX-License-Identifier: MIT */
/*
 * Job cgroups: where they live and their life cycle (svc/run/cgroup.h).  The
 * cgroup2 mount is found in /proc/self/mountinfo by structure (fields,
 * the "-" separator, octal escapes), keel's own cgroup in /proc/self/cgroup;
 * job cgroups are "svc-NAME" below it.  Members are in cgroup_members.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/rt/esc.h"
#include "init/rt/lines.h"
#include "init/rt/log.h"
#include "svc/run/cgroup.h"
#include "svc/conf/svc.h"

static char base[CGROUP_PATH_MAX];   /* mount point + own cgroup path */
static char own[CGROUP_PATH_MAX];    /* own cgroup path as /proc/PID/cgroup shows it */
static bool active;

bool cgroup_active(void) { return active; }
const char *cgroup_base(void) { return active ? base : ""; }
const char *cgroup_own(void) { return active ? own : ""; }

/* One blank-separated field of a mountinfo line: [*pos, end). */
static bool next_field(const char *line, size_t len, size_t *pos, const char **f, size_t *flen)
{
	size_t i = *pos;
	while (i < len && line[i] == ' ')
		i++;
	if (i >= len)
		return false;
	size_t start = i;
	while (i < len && line[i] != ' ')
		i++;
	*f = line + start;
	*flen = i - start;
	*pos = i;
	return true;
}

/* Undo the kernel's \ooo escapes into out (NUL-terminated). */
static int unescape(const char *s, size_t len, char *out, size_t olen)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			if (i + 3 >= len)
				return -EINVAL;
			unsigned v = 0;
			for (int k = 1; k <= 3; k++) {
				if (s[i + k] < '0' || s[i + k] > '7')
					return -EINVAL;
				v = v * 8 + (unsigned)(s[i + k] - '0');
			}
			if (v == 0 || v > 255)
				return -EINVAL;
			c = (unsigned char)v;
			i += 3;
		}
		if (o + 1 >= olen)
			return -ENAMETOOLONG;
		out[o++] = (char)c;
	}
	out[o] = 0;
	return 0;
}

/* One mountinfo line: 1 when it is a cgroup2 mount (mnt, root set). */
static int mountinfo_line(const char *line, size_t len, char *mnt, size_t mlen, char *root, size_t rlen)
{
	const char *f[6], *x;
	size_t fl[6], xl, pos = 0;
	for (int i = 0; i < 6; i++)   /* id parent maj:min root mountpoint options */
		if (!next_field(line, len, &pos, &f[i], &fl[i]))
			return -EINVAL;
	do   /* optional fields up to the lone "-" */
		if (!next_field(line, len, &pos, &x, &xl))
			return -EINVAL;
	while (!(xl == 1 && x[0] == '-'));
	if (!next_field(line, len, &pos, &x, &xl))
		return -EINVAL;
	if (xl != 7 || memcmp(x, "cgroup2", 7) != 0)
		return 0;
	int r = unescape(f[4], fl[4], mnt, mlen);
	if (r == 0)
		r = unescape(f[3], fl[3], root, rlen);
	return r < 0 ? r : 1;
}

int cgroup_parse_mountinfo(const char *buf, size_t len, char *mnt, size_t mlen, char *root, size_t rlen)
{
	size_t start = 0;
	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len;
		int r = mountinfo_line(buf + start, end - start, mnt, mlen, root, rlen);
		if (r == 1 || r == -ENAMETOOLONG)
			return r == 1 ? 0 : r;
		start = end + 1;
	}
	return -ENOENT;
}

int cgroup_parse_self(const char *buf, size_t len, char *path, size_t plen)
{
	/* The v2 line comes last: take the last line that starts with 0::. */
	const char *found = NULL;
	size_t flen = 0, start = 0;
	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len;
		if (end - start >= 3 && memcmp(buf + start, "0::", 3) == 0) {
			found = buf + start + 3;
			flen = end - start - 3;
		}
		start = end + 1;
	}
	if (!found)
		return -ENOENT;
	if (flen == 0 || found[0] != '/' || memchr(found, 0, flen))
		return -EINVAL;
	if (flen >= plen)
		return -ENAMETOOLONG;
	memcpy(path, found, flen);
	path[flen] = 0;
	return 0;
}

/* Both files are read a line at a time through this buffer, not whole:
 * a machine with many mounts has a long mountinfo.  A line longer than it
 * (an overlay mount's options can take kilobytes) is judged on its whole
 * fields only: the cut last field is dropped, and a line whose type field
 * is past the cut is not a mount keel looks at.  A cgroup2 line keel can
 * use has its type well inside: root and mount point are below
 * CGROUP_PATH_MAX even escaped (2 x 4 x 256 B), its options are short.
 * Unlike one read of the whole file, a mount added or removed between
 * two reads may be missed: the walk runs at boot and at re-exec. */
#define PROC_LINE_MAX 4096
static char line_buf[PROC_LINE_MAX];

/* Each line of path through fn(line, len, cut, out) until it returns
 * other than -ENOENT; that answer, -ENOENT, or -errno. */
static int each_line(const char *path, int (*fn)(char *line, size_t len, bool cut, void *out), void *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct lines l;
	lines_init(&l, fd, line_buf, sizeof line_buf);
	char *line;
	size_t len;
	bool cut;
	int r = -ENOENT, k;
	while (r == -ENOENT && (k = lines_next(&l, &line, &len, &cut)) > 0)
		r = fn(line, len, cut, out);
	close(fd);
	return k < 0 ? k : r;
}

struct mount_at { char mnt[CGROUP_PATH_MAX], root[CGROUP_PATH_MAX]; };

static int mount_line(char *line, size_t len, bool cut, void *out)
{
	struct mount_at *m = out;
	if (cut) {
		const char *blank = memrchr(line, ' ', len);
		len = blank ? (size_t)(blank - line) : 0;   /* whole fields only */
	}
	return cgroup_parse_mountinfo(line, len, m->mnt, sizeof m->mnt, m->root, sizeof m->root);
}

/* The last 0:: line counts: an answer other than -ENOENT stops the walk,
 * so keep the last one in *out and say -ENOENT to go on. */
static int self_line(char *line, size_t len, bool cut, void *out)
{
	int *last = out;
	if (cut)   /* a path longer than the buffer is longer than own */
		*last = len >= 3 && memcmp(line, "0::", 3) == 0 ? -ENAMETOOLONG : *last;
	else {
		int r = cgroup_parse_self(line, len, own, sizeof own);
		*last = r == -ENOENT ? *last : r;
	}
	return -ENOENT;
}

/* Mount point and own path into base. */
static int find_base(void)
{
	struct mount_at m;
	const char *mnt = m.mnt, *root = m.root;
	int r = each_line("/proc/self/mountinfo", mount_line, &m);
	if (r < 0)
		return r;
	int self = -ENOENT;
	r = each_line("/proc/self/cgroup", self_line, &self);
	if (r != -ENOENT || (r = self) < 0)
		return r;
	/* The mount shows the hierarchy from root: own must lie below it. */
	size_t rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
	if (rl && (strncmp(own, root, rl) != 0 || (own[rl] && own[rl] != '/')))
		return -ENOENT;
	const char *rest = own + rl;
	if (strcmp(rest, "/") == 0)
		rest = "";
	if (strcmp(own, "/") == 0)
		own[0] = 0;   /* job paths are OWN/svc-NAME */
	if ((size_t)snprintf(base, sizeof base, "%s%s", strcmp(mnt, "/") == 0 ? "" : mnt, rest) >= sizeof base)
		return -ENAMETOOLONG;
	return 0;
}

int cgroup_setup(bool may_mount)
{
	active = false;
	int r = find_base();
	if (r == -ENOENT && may_mount) {
		(void)mkdir("/sys/fs/cgroup", 0755);
		if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			log_err("mount cgroup2 on /sys/fs/cgroup: %s", strerror(errno));
		r = find_base();
	}
	if (r == 0 && access(base, W_OK) < 0)
		r = -errno;
	if (r < 0) {
		log_warn("no usable cgroup v2 (%s): jobs are tracked by session, which is weaker", strerror(-r));
		base[0] = 0;
		return r;
	}
	active = true;
	char shown[CGROUP_PATH_MAX * ESC_BYTE_MAX];
	esc_str(shown, sizeof shown, base);   /* a mount point may hold any byte */
	log_info("job cgroups below %s", shown);
	return 0;
}

/* BASE/svc-NAME[/file] into out; -ENAMETOOLONG or -ENOSYS (not active). */
static int path_of(const char *name, const char *file, char *out, size_t len)
{
	if (!active)
		return -ENOSYS;
	int n = snprintf(out, len, "%s/svc-%s%s%s", base, name, file ? "/" : "", file ? file : "");
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int cgroup_create(const char *name)
{
	char p[CGROUP_PATH_MAX];
	int r = path_of(name, NULL, p, sizeof p);
	if (r == -ENOSYS)
		return 0;
	if (r == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
		r = -errno;
	return r;
}

static int open_file(const char *name, const char *file, int flags)
{
	char p[CGROUP_PATH_MAX];
	int r = path_of(name, file, p, sizeof p);
	if (r < 0)
		return r;
	int fd = open(p, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int cgroup_procs_fd(const char *name)
{
	return open_file(name, "cgroup.procs", O_WRONLY);
}

int cgroup_events_fd(const char *name)
{
	return open_file(name, "cgroup.events", O_RDONLY);
}

int cgroup_remove(const char *name)
{
	char p[CGROUP_PATH_MAX];
	int r = path_of(name, NULL, p, sizeof p);
	if (r == -ENOSYS)
		return 0;
	if (r == 0 && rmdir(p) < 0 && errno != ENOENT)
		r = -errno;
	return r;
}

int cgroup_parse_events(const char *buf, size_t len)
{
	size_t start = 0;
	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len;
		if (end - start == 11 && memcmp(buf + start, "populated ", 10) == 0 &&
		    (buf[start + 10] == '0' || buf[start + 10] == '1'))
			return buf[start + 10] - '0';
		start = end + 1;
	}
	return -EINVAL;
}

int cgroup_name_of(const char *cgbase, const char *path, char *name, size_t len)
{
	size_t bl = strlen(cgbase);
	if (strncmp(path, cgbase, bl) != 0 || strncmp(path + bl, "/svc-", 5) != 0)
		return 0;
	const char *n = path + bl + 5;
	size_t nl = strcspn(n, "/");
	if (nl == 0 || nl >= len || nl >= SVC_NAME_MAX)
		return 0;
	for (size_t i = 0; i < nl; i++) {
		char c = n[i];
		bool good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '_' || c == '.' || c == '@';
		if (!good)
			return 0;
	}
	memcpy(name, n, nl);
	name[nl] = 0;
	return 1;
}
