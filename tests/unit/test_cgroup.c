/* SPDX-License-Identifier: MIT */
/* svc/run/cgroup.c parsers: mountinfo, /proc/PID/cgroup, cgroup.events,
 * cgroup.procs in chunks and job names, fed hostile text. */
#include <errno.h>
#include <string.h>

#include "svc/run/cgroup.h"
#include "tests/unit/t.h"

#define MI_HYBRID \
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" \
	"31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" \
	"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"

static int mi(const char *text, char *mnt, char *root)
{
	return cgroup_parse_mountinfo(text, strlen(text), mnt, 64, root, 64);
}

static void mountinfo(void)
{
	char mnt[64], root[64];
	is_int(mi(MI_HYBRID, mnt, root), 0, "hybrid: cgroup2 found");
	is_str(mnt, "/sys/fs/cgroup/unified", "hybrid: its mount point");
	is_str(root, "/", "hybrid: its root");
	is_int(mi("25 1 0:22 / /sys/fs/cgroup rw shared:9 master:2 - cgroup2 cgroup2 rw,nsdelegate\n", mnt, root), 0,
	       "optional fields before the separator");
	is_str(mnt, "/sys/fs/cgroup", "optional fields: mount point");
	is_int(mi("25 1 0:22 /a\\040b /mnt/x\\040y\\012- rw - cgroup2 none rw\n", mnt, root), 0, "escaped blanks");
	is_str(mnt, "/mnt/x y\n-", "escapes undone (blank, newline)");
	is_str(root, "/a b", "root unescaped");
	/* A mount point that looks like a separator and a type. */
	is_int(mi("1 1 0:1 / /x\\040-\\040cgroup2 rw - tmpfs t rw\n", mnt, root), -ENOENT,
	       "a mount point spelling ' - cgroup2' is not a cgroup2 mount");
	is_int(mi("1 1 0:1 / /x rw - cgroup2fs t rw\n", mnt, root), -ENOENT, "type must be exactly cgroup2");
	is_int(mi("1 1 0:1 / /x rw cgroup2 t rw\n", mnt, root), -ENOENT, "no separator: no mount");
	is_int(mi("1 1 0:1 / /x\\0 rw - cgroup2 t rw\n", mnt, root), -ENOENT, "cut escape: line skipped");
	is_int(mi("1 1 0:1 / /x\\000 rw - cgroup2 t rw\n", mnt, root), -ENOENT, "escaped NUL: line skipped");
	is_int(mi("1 1 0:1 / /x\\999 rw - cgroup2 t rw\n", mnt, root), -ENOENT, "bad octal: line skipped");
	is_int(mi("", mnt, root), -ENOENT, "empty text");
	char longline[200];
	memset(longline, 'a', sizeof longline);
	memcpy(longline, "1 1 0:1 / /", 11);
	memcpy(longline + 150, " rw - cgroup2 t rw\n", 20);
	is_int(mi(longline, mnt, root), -ENAMETOOLONG, "mount point longer than the buffer");
	/* Only len bytes count: the type is past the end. */
	const char *cut = "40 30 0:37 / /u rw - cgroup2 cgroup2 rw\n";
	is_int(cgroup_parse_mountinfo(cut, 21, mnt, 64, root, 64), -ENOENT, "reads only len bytes");
}

static void self(void)
{
	char path[64];
	const char *v1 = "9:name=systemd:/\n4:memory:/x\n0::/keel/a\n";
	is_int(cgroup_parse_self(v1, strlen(v1), path, sizeof path), 0, "hybrid /proc/self/cgroup");
	is_str(path, "/keel/a", "the 0:: line's path");
	const char *forged = "0::/evil\n0::/d/x\n";
	is_int(cgroup_parse_self(forged, strlen(forged), path, sizeof path), 0, "two 0:: lines");
	is_str(path, "/d/x", "the last one (the real one comes last)");
	is_int(cgroup_parse_self("1:cpu:/\n", 8, path, sizeof path), -ENOENT, "v1 only: none");
	is_int(cgroup_parse_self("0::rel\n", 7, path, sizeof path), -EINVAL, "a path must be absolute");
	is_int(cgroup_parse_self("0::\n", 4, path, sizeof path), -EINVAL, "empty path");
	is_int(cgroup_parse_self("0::/a\0b\n", 8, path, sizeof path), -EINVAL, "NUL in the path");
	is_int(cgroup_parse_self("0::/abcdef\n", 11, path, 4), -ENAMETOOLONG, "too long for the buffer");
	is_int(cgroup_parse_self("0::/ab", 6, path, sizeof path), 0, "no final newline");
	is_str(path, "/ab", "no final newline: path");
}

static void names(void)
{
	char name[32];
	is_int(cgroup_name_of("/k", "/k/svc-web", name, sizeof name), 1, "job cgroup");
	is_str(name, "web", "its name");
	is_int(cgroup_name_of("", "/svc-a@1.x/sub", name, sizeof name), 1, "root base, deeper path");
	is_str(name, "a@1.x", "name up to the next /");
	is_int(cgroup_name_of("/k", "/kx/svc-web", name, sizeof name), 0, "other base");
	is_int(cgroup_name_of("/k", "/k/web", name, sizeof name), 0, "no svc- prefix");
	is_int(cgroup_name_of("/k", "/k/svc-", name, sizeof name), 0, "empty name");
	is_int(cgroup_name_of("/k", "/k/svc-a\nb", name, sizeof name), 0, "newline in the name");
	is_int(cgroup_name_of("/k", "/k/svc-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", name, sizeof name), 0,
	       "name longer than a service name");
}

static void events(void)
{
	is_int(cgroup_parse_events("populated 1\nfrozen 0\n", 21), 1, "populated 1");
	is_int(cgroup_parse_events("frozen 0\npopulated 0\n", 21), 0, "populated 0 on a later line");
	is_int(cgroup_parse_events("populated 10\n", 13), -EINVAL, "populated 10: not a flag");
	is_int(cgroup_parse_events("xpopulated 1\n", 13), -EINVAL, "not at a line start");
	is_int(cgroup_parse_events("populated 1", 10), -EINVAL, "only len bytes count");
}

static int collect(pid_t pid, void *arg)
{
	pid_t *out = arg;
	out[out[0] + 1] = pid;
	out[0]++;
	return 0;
}

static void pids(void)
{
	pid_t got[16] = { 0 };
	struct cgroup_pidscan s;
	cgroup_pids_begin(&s);
	cgroup_pids_feed(&s, "12\n3", 4, collect, got);
	cgroup_pids_feed(&s, "4\n99999999\nx7\n-5\n\n", 19, collect, got);
	cgroup_pids_feed(&s, "0\n8", 3, collect, got);
	cgroup_pids_end(&s, collect, got);
	is_int(got[0], 3, "three good pids, the rest refused");
	ok(got[1] == 12 && got[2] == 34 && got[3] == 8, "12, 34 (across chunks), 8 (no final newline)");
}

int main(void)
{
	mountinfo();
	self();
	names();
	events();
	pids();
	return done();
}
