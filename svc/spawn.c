/* SPDX-License-Identifier: MIT */
/*
 * fork + execve for services.  The child never returns into PID 1's code:
 * every path ends in execve or _exit.  It resets the signal mask and
 * dispositions, starts a new session, gets /dev/null on stdin and PID 1's
 * stdout/stderr (the console), switches group then user, changes directory
 * and execs.  A failure writes {step, errno} into a CLOEXEC pipe; zero bytes
 * on that pipe mean the exec succeeded.  User and group names are looked up
 * in the child (svc/passwd.c: no NSS, no malloc).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/sig.h"
#include "svc/passwd.h"
#include "svc/spawn.h"

enum { STEP_SETUP, STEP_USER, STEP_GROUP, STEP_CHDIR, STEP_EXEC, STEP_CGROUP, STEP_COUNT };
static const char *const step_names[] = { "setup", "user", "group", "workdir", "exec", "cgroup" };

struct fail { int step; int err; };

static const char base_path[] = "PATH=/sbin:/bin:/usr/sbin:/usr/bin";

static void child_fail(int fd, int step)
{
	struct fail f = { step, errno };
	ssize_t n = write(fd, &f, sizeof f);
	(void)n;   /* nothing else can be done: the parent sees EOF and exit 127 */
	_exit(127);
}

static int set_ids(const struct svc_conf *c, int fd)
{
	char buf[16384];
	gid_t groups[32];
	uid_t uid = 0;
	gid_t gid = 0;
	int ngroups = 0;
	int have_user = c->user[0] != 0, have_group = c->group[0] != 0;
	if (have_user) {
		if (passwd_user(c->user, &uid, &gid, buf, sizeof buf) < 0) {
			errno = ENOENT;
			child_fail(fd, STEP_USER);
		}
		ngroups = passwd_groups_of(c->user, groups, 32, buf, sizeof buf);
	}
	if (have_group) {
		if (passwd_group(c->group, &gid, buf, sizeof buf) < 0) {
			errno = ENOENT;
			child_fail(fd, STEP_GROUP);
		}
	}
	if (have_user || have_group) {
		if (setgroups((size_t)ngroups, groups) < 0)
			child_fail(fd, STEP_GROUP);
		if (setgid(gid) < 0)
			child_fail(fd, STEP_GROUP);
	}
	if (have_user && setuid(uid) < 0)
		child_fail(fd, STEP_USER);
	return 0;
}

/* Join the job's cgroup (fd: its cgroup.procs, -1: none) before anything
 * else, so every process the service ever makes is in it. */
static void join_cgroup(int cgroup_fd, int fd)
{
	if (cgroup_fd < 0)
		return;
	if (write(cgroup_fd, "0", 1) != 1)
		child_fail(fd, STEP_CGROUP);
	close(cgroup_fd);
}

static void child(const struct svc_conf *c, int cgroup_fd, int fd)
{
	join_cgroup(cgroup_fd, fd);
	sig_child_reset();
	if (setsid() < 0)
		child_fail(fd, STEP_SETUP);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0 && dup2(null, 0) < 0)
		child_fail(fd, STEP_SETUP);
	set_ids(c, fd);
	if (chdir(c->workdir[0] ? c->workdir : "/") < 0)
		child_fail(fd, STEP_CHDIR);

	char *argv[SVC_ARGS_MAX + 1];
	char *envp[SVC_ENV_MAX + 2];
	svc_argv(c, argv, SVC_ARGS_MAX + 1);
	envp[0] = (char *)base_path;
	svc_envv(c, envp + 1, SVC_ENV_MAX + 1);
	execve(argv[0], argv, envp);
	child_fail(fd, STEP_EXEC);
}

pid_t spawn_svc(const struct svc_conf *c, int cgroup_fd, char *why, size_t whylen)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		int e = errno;
		snprintf(why, whylen, "pipe: %s", strerror(e));
		return -e;
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(p[0]);
		close(p[1]);
		snprintf(why, whylen, "fork: %s", strerror(e));
		return -e;
	}
	if (pid == 0) {
		close(p[0]);
		child(c, cgroup_fd, p[1]);
	}
	close(p[1]);
	struct fail f;
	ssize_t n;
	do
		n = read(p[0], &f, sizeof f);
	while (n < 0 && errno == EINTR);
	close(p[0]);
	if (n != (ssize_t)sizeof f)
		return pid;   /* EOF: exec succeeded */
	/* The child is exiting right now; reap it here so the SIGCHLD path
	 * never sees a pid it does not know. */
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (f.step < STEP_SETUP || f.step >= STEP_COUNT)
		f.step = STEP_SETUP;
	const char *arg = f.step == STEP_EXEC ? c->args : f.step == STEP_USER ? c->user :
			  f.step == STEP_CGROUP ? c->name :
			  f.step == STEP_GROUP ? c->group : f.step == STEP_CHDIR ? c->workdir : "";
	const char *what = strerror(f.err);
	if (f.err == ENOENT && (f.step == STEP_USER || f.step == STEP_GROUP))
		what = f.step == STEP_USER ? "no such user" : "no such group";
	snprintf(why, whylen, "%s %s: %s", step_names[f.step], arg, what);
	return f.err > 0 ? -f.err : -EIO;
}

int spawn_err_transient(int err)
{
	switch (err < 0 ? -err : err) {
	case EAGAIN: case ENOMEM: case EMFILE: case ENFILE: case ETXTBSY: case EIO: case EINTR:
		return 1;
	default:
		return 0;
	}
}
