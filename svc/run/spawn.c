/* SPDX-License-Identifier: MIT */
/*
 * fork + execve for services.  The child never returns into PID 1's code:
 * every path ends in execve or _exit.  It joins the job's cgroup first,
 * resets the signal mask and dispositions, starts a new session, gets
 * /dev/null on stdin, its output pipe on stdout/stderr (svc/out/: or
 * PID 1's console, or /dev/null, as its log key says), drops
 * privileges (svc/run/privs.c: limits, nice, oom_score_adj, umask, groups,
 * capabilities, user), changes directory, sets no_new_privs and execs.  A
 * failure writes {errno, step, value} into a CLOEXEC pipe; zero bytes on
 * that pipe mean the exec succeeded.  User and group names are looked up
 * in the child (svc/conf/passwd.c: no NSS, no malloc).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/rt/sig.h"
#include "svc/conf/argv.h"
#include "svc/out/output.h"
#include "svc/run/envfile.h"
#include "svc/run/privs.h"
#include "svc/run/spawn.h"

/* What the child reports when a step fails: the step ("exec", "user",
 * "limit_nofile"...), the value at fault and errno.  Fits one pipe write. */
struct fail {
	int err;
	char step[24];
	char arg[SVC_PATH_MAX];
};

static const char base_path[] = "PATH=" ARGV_SEARCH_PATH;
static struct envfile from_file;   /* env_file, read by PID 1 before each fork */

static void child_fail(int fd, const char *step, const char *arg, int err)
{
	struct fail f;

	memset(&f, 0, sizeof f);
	f.err = err;
	snprintf(f.step, sizeof f.step, "%s", step);
	snprintf(f.arg, sizeof f.arg, "%s", arg);
	ssize_t n = write(fd, &f, sizeof f);
	(void)n;   /* nothing else can be done: the parent sees EOF and exit 127 */
	_exit(127);
}

/* keel's PATH first unless the service sets its own: exactly one PATH;
 * then env (what env_file also sets is left to env_file), env_file, and
 * extra (NOTIFY_SOCKET=...) last, if not NULL. */
static void child_env(const struct svc_conf *c, char **envp, const char *extra)
{
	char *own[SVC_ENV_MAX + 1];
	int nown = svc_envv(c, own, SVC_ENV_MAX + 1), n = 0;
	for (int i = 0; i < nown; i++)
		if (!envfile_sets(&from_file, own[i]))
			envp[1 + n++] = own[i];
	envfile_vars(&from_file, envp + 1 + n);
	n += from_file.n;
	envp[n + 1] = (char *)extra;
	envp[n + 2] = NULL;
	for (int i = 1; i <= n; i++)
		if (strncmp(envp[i], "PATH=", 5) == 0) {
			memmove(envp, envp + 1, (size_t)(n + 2) * sizeof *envp);
			return;
		}
	envp[0] = (char *)base_path;
}

/* The readiness fd at the number the service expects (ready = fd:N);
 * dup2 clears close-on-exec, and so must fcntl when it is there already. */
static void ready_fd(const struct svc_conf *c, const struct spawn_ready *rd, int fd)
{
	if (!rd || rd->fd < 0)
		return;
	if (rd->fd == c->ready_fd ? fcntl(rd->fd, F_SETFD, 0) < 0 : dup2(rd->fd, c->ready_fd) < 0)
		child_fail(fd, "ready", "", errno);
}

/* Join the job's cgroup (cgroup_fd: its cgroup.procs, -1: none) before
 * anything else, so every process the service ever makes is in it. */
static void join_cgroup(const struct svc_conf *c, int cgroup_fd, int fd)
{
	if (cgroup_fd < 0)
		return;
	if (write(cgroup_fd, "0", 1) != 1)
		child_fail(fd, "cgroup", c->name, errno);
	close(cgroup_fd);
}

static void child(const struct svc_conf *c, const struct spawn_cmd *cmd, int cgroup_fd,
		  const struct spawn_ready *rd, int fd)
{
	struct privs_fail pf;

	join_cgroup(c, cgroup_fd, fd);
	sig_child_reset();
	if (setsid() < 0)
		child_fail(fd, "setup", "", errno);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0 && dup2(null, 0) < 0)
		child_fail(fd, "setup", "", errno);
	int r = out_child_stdio(c->name);
	if (r < 0)
		child_fail(fd, "log", c->log_path, -r);
	if (rd && rd->fd >= 0 && fd == c->ready_fd)   /* keep the error pipe clear of fd N */
		fd = fcntl(fd, F_DUPFD_CLOEXEC, SVC_READY_FD_MAX + 1);
	ready_fd(c, rd, fd);   /* after stdout/stderr: fd N may be the number the log pipe had */
	r = privs_drop(c, &pf);
	if (r < 0)
		child_fail(fd, pf.step, pf.arg, -r);
	if (chdir(c->workdir[0] ? c->workdir : "/") < 0)
		child_fail(fd, "workdir", c->workdir, errno);

	char *argv[SVC_ARGS_MAX + 1];
	char *envp[SVC_ENV_MAX + ENVFILE_VARS + 3];
	if (cmd)
		argv_unpack(cmd->args, cmd->size, cmd->argc, argv, SVC_ARGS_MAX + 1);
	else
		svc_argv(c, argv, SVC_ARGS_MAX + 1);
	child_env(c, envp, rd ? rd->env : NULL);
	r = privs_seal(c, &pf);
	if (r < 0)
		child_fail(fd, pf.step, pf.arg, -r);
	execve(argv[0], argv, envp);
	child_fail(fd, "exec", argv[0], errno);
}

static pid_t spawn(const struct svc_conf *c, const struct spawn_cmd *cmd, int cgroup_fd,
		   const struct spawn_ready *rd, char *why, size_t whylen)
{
	int env_err = envfile_load(c->env_file, &from_file, why, whylen);
	if (env_err < 0)
		return env_err;
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
		child(c, cmd, cgroup_fd, rd, p[1]);
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
	f.step[sizeof f.step - 1] = '\0';
	f.arg[sizeof f.arg - 1] = '\0';
	const char *what = strerror(f.err);
	if (f.err == ENOENT && strcmp(f.step, "user") == 0)
		what = "no such user";
	else if (f.err == ENOENT && (strcmp(f.step, "group") == 0 ||
				     strcmp(f.step, "supplementary_groups") == 0))
		what = "no such group";
	snprintf(why, whylen, "%s %s: %s", f.step, f.arg, what);
	return f.err > 0 ? -f.err : -EIO;
}

pid_t spawn_svc(const struct svc_conf *c, int cgroup_fd, const struct spawn_ready *rd,
		char *why, size_t whylen)
{
	return spawn(c, NULL, cgroup_fd, rd, why, whylen);
}

pid_t spawn_cmd(const struct svc_conf *c, const struct spawn_cmd *cmd, int cgroup_fd,
		char *why, size_t whylen)
{
	return spawn(c, cmd, cgroup_fd, NULL, why, whylen);
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
