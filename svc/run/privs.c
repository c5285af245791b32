/* SPDX-License-Identifier: MIT */
/*
 * Least privilege in the spawn child.  Order matters: limits, nice and
 * oom_score_adj need root to raise or lower, so they come first; groups
 * before the uid (a non-root process cannot change them); the bounding set
 * is dropped while CAP_SETPCAP is still effective; PR_SET_KEEPCAPS carries
 * the permitted set across setuid(), then capset() narrows it to the keep
 * list and PR_CAP_AMBIENT_RAISE lets the list survive execve() of a plain
 * program.  no_new_privs is set last (svc/run/spawn.c calls privs_seal()).
 * Without a capabilities key nothing of this is touched: root keeps the
 * default root set, any other user ends with none (setuid clears them).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "svc/conf/passwd.h"
#include "svc/run/privs.h"

#define GROUPS_MAX 32   /* groups a user is a member of, counted */

/*
 * The id changes as plain system calls.  musl's setuid(), setgid(),
 * setgroups() and setrlimit() apply the change to every thread of the
 * process (and bring about 2 KiB of thread code into build/init); the
 * spawn child is one thread, so the system call alone is the same.
 * 32-bit ARM and i386 name the calls that take 32-bit ids "...32".
 */
#ifdef SYS_setuid32
#define SYS_SETUID    SYS_setuid32
#define SYS_SETGID    SYS_setgid32
#define SYS_SETGROUPS SYS_setgroups32
#else
#define SYS_SETUID    SYS_setuid
#define SYS_SETGID    SYS_setgid
#define SYS_SETGROUPS SYS_setgroups
#endif

static int set_uid(uid_t uid)
{
	return (int)syscall(SYS_SETUID, uid);
}

static int set_gid(gid_t gid)
{
	return (int)syscall(SYS_SETGID, gid);
}

static int set_group_list(int n, const gid_t *groups)
{
	return (int)syscall(SYS_SETGROUPS, n, groups);
}

static int fail(struct privs_fail *f, const char *step, const char *arg, int err)
{
	f->step = step;
	snprintf(f->arg, sizeof f->arg, "%s", arg);
	return err > 0 ? -err : -EIO;
}

static const struct { int resource; size_t off; const char *name; } limit_tab[] = {
	{ RLIMIT_NOFILE, offsetof(struct svc_conf, limit_nofile), "limit_nofile" },
	{ RLIMIT_CORE, offsetof(struct svc_conf, limit_core), "limit_core" },
	{ RLIMIT_AS, offsetof(struct svc_conf, limit_as), "limit_as" },
	{ RLIMIT_NPROC, offsetof(struct svc_conf, limit_nproc), "limit_nproc" },
};

/* Each limit given sets both the soft and the hard value. */
static int set_limits(const struct svc_conf *c, struct privs_fail *f)
{
	for (size_t i = 0; i < sizeof limit_tab / sizeof limit_tab[0]; i++) {
		uint64_t v;
		struct rlimit rl;
		char arg[24];

		memcpy(&v, (const char *)c + limit_tab[i].off, sizeof v);
		if (v == SVC_LIMIT_KEEP)
			continue;
		rl.rlim_cur = v == UINT64_MAX ? RLIM_INFINITY : (rlim_t)v;
		rl.rlim_max = rl.rlim_cur;
		if (prlimit(0, limit_tab[i].resource, &rl, NULL) < 0) {   /* setrlimit() without the thread broadcast */
			int err = errno;
			if (v == UINT64_MAX)
				snprintf(arg, sizeof arg, "infinity");
			else
				snprintf(arg, sizeof arg, "%llu", (unsigned long long)v);
			return fail(f, limit_tab[i].name, arg, err);
		}
	}
	return 0;
}

/* oom_score_adj: the value given, else back to 0 when the inherited one
 * is below it (PID 1 protects itself with -1000; its services must not
 * inherit that). */
static int set_oom(const struct svc_conf *c, struct privs_fail *f)
{
	char buf[16];
	int want = c->oom_score_adj, fd, len, err;
	ssize_t n;

	fd = open("/proc/self/oom_score_adj", O_RDWR | O_CLOEXEC);
	if (want == SVC_OOM_KEEP) {
		if (fd < 0)
			return 0;
		n = read(fd, buf, sizeof buf - 1);
		buf[n > 0 ? n : 0] = '\0';
		if (n <= 0 || buf[0] != '-') {
			close(fd);
			return 0;
		}
		want = 0;
	}
	snprintf(buf, sizeof buf, "%d", want);
	if (fd < 0)
		return fail(f, "oom_score_adj", buf, errno);
	len = (int)strlen(buf);
	n = pwrite(fd, buf, (size_t)len, 0);
	err = errno;
	close(fd);
	return n == len ? 0 : fail(f, "oom_score_adj", buf, n < 0 ? err : EIO);
}

/* Limits, nice, oom_score_adj, umask: all before the user switch. */
static int set_process(const struct svc_conf *c, struct privs_fail *f)
{
	char arg[8];
	int r = set_limits(c, f);

	if (r < 0)
		return r;
	if (c->nice != SVC_NICE_KEEP && setpriority(PRIO_PROCESS, 0, c->nice) < 0) {
		int err = errno;
		snprintf(arg, sizeof arg, "%d", c->nice);
		return fail(f, "nice", arg, err);
	}
	r = set_oom(c, f);
	if (r < 0)
		return r;
	umask(c->umask);
	return 0;
}

/* The supplementary_groups list appended to groups[0..n); the new count. */
static int add_groups(const struct svc_conf *c, gid_t *groups, int n, char *buf, size_t len,
		      struct privs_fail *f)
{
	const char *name = c->groups;

	for (int i = 0; i < c->ngroups; i++, name += strlen(name) + 1) {
		if (passwd_group(name, &groups[n], buf, len) < 0)
			return fail(f, "supplementary_groups", name, ENOENT);
		n++;
	}
	return n;
}

/* Resolves user, group and supplementary groups; sets groups and gid. */
static int set_groups(const struct svc_conf *c, uid_t *uid, struct privs_fail *f)
{
	char buf[16384];
	gid_t groups[GROUPS_MAX + SVC_GROUPS_MAX];
	gid_t gid = 0;
	int n = 0;

	if (c->user[0]) {
		if (passwd_user(c->user, uid, &gid, buf, sizeof buf) < 0)
			return fail(f, "user", c->user, ENOENT);
		n = passwd_groups_of(c->user, groups, GROUPS_MAX, buf, sizeof buf);
	}
	if (c->group[0] && passwd_group(c->group, &gid, buf, sizeof buf) < 0)
		return fail(f, "group", c->group, ENOENT);
	n = add_groups(c, groups, n, buf, sizeof buf, f);
	if (n < 0)
		return n;
	if (!c->user[0] && !c->group[0] && !c->ngroups)
		return 0;
	if (set_group_list(n, groups) < 0)
		return c->ngroups ? fail(f, "supplementary_groups", c->groups, errno) :
		       fail(f, "group", c->group[0] ? c->group : c->user, errno);
	if ((c->user[0] || c->group[0]) && set_gid(gid) < 0)
		return fail(f, "group", c->group[0] ? c->group : c->user, errno);
	return 0;
}

/* Drops every capability outside keep from the bounding set. */
static int drop_bounding(uint64_t keep, struct privs_fail *f)
{
	for (int cap = 0; cap < 64; cap++) {
		if (keep & (UINT64_C(1) << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				return 0;   /* past the kernel's last capability */
			return fail(f, "capabilities", "bounding set", errno);
		}
	}
	return 0;
}

/* After the uid switch: permitted, effective and inheritable become keep,
 * and each kept capability is raised in the ambient set. */
static int keep_caps(uint64_t keep, struct privs_fail *f)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	for (int i = 0; i < 2; i++) {
		data[i].effective = (uint32_t)(keep >> (32 * i));
		data[i].permitted = data[i].effective;
		data[i].inheritable = data[i].effective;
	}
	if (syscall(SYS_capset, &head, data) < 0)
		return fail(f, "capabilities", "capset", errno);
	for (int cap = 0; cap < 64; cap++)
		if ((keep & (UINT64_C(1) << cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return fail(f, "capabilities", "ambient", errno);
	return 0;
}

int privs_drop(const struct svc_conf *c, struct privs_fail *f)
{
	bool caps = c->caps != SVC_CAPS_KEEP;
	uid_t uid = 0;
	int r = set_process(c, f);

	if (r < 0)
		return r;
	r = set_groups(c, &uid, f);
	if (r < 0)
		return r;
	if (caps) {
		r = drop_bounding(c->caps, f);
		if (r < 0)
			return r;
		if (uid != 0 && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			return fail(f, "capabilities", "keepcaps", errno);
	}
	if (c->user[0] && set_uid(uid) < 0)
		return fail(f, "user", c->user, errno);
	return caps ? keep_caps(c->caps, f) : 0;
}

int privs_seal(const struct svc_conf *c, struct privs_fail *f)
{
	if (c->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(f, "no_new_privs", "", errno);
	return 0;
}
