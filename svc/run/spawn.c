/* SPDX-License-Identifier: MIT */
/*
 * clone + execve for services, vfork style: the child is started with
 * CLONE_VM | CLONE_VFORK, so it shares PID 1's memory (no page tables to
 * copy: the cost of fork grows with what PID 1 has mapped) and PID 1 is
 * suspended until the child has called execve or exited.  The child runs
 * on its own stack, an array in spawn()'s frame, so it never touches the
 * frames PID 1 returns into.  Every path of the child ends in execve or
 * _exit.  It joins the job's cgroup first, resets the signal mask and
 * dispositions, starts a new session, gets /dev/null on stdin, its output
 * pipe on stdout/stderr (svc/out/: or PID 1's console, or /dev/null, as
 * its log key says), drops privileges (svc/run/privs.c: limits, nice,
 * oom_score_adj, umask, groups, capabilities, user), changes directory,
 * sets no_new_privs and execs.  A failure is written as {errno, step,
 * value} into spawn()'s frame, which PID 1 reads once clone() returns.
 * User and group names are looked up in the child (svc/conf/passwd.c: no
 * NSS, no malloc).
 *
 * The rules for the child, because the memory it writes is PID 1's:
 *  - it writes only its own stack and struct start: no static or global
 *    of PID 1 (it reads them: the configuration, the output table,
 *    env_file's variables, all set up by PID 1 before the clone);
 *  - it calls only functions that keep no state in libc: system calls
 *    (privs.c makes the id changes raw system calls: musl's setuid()
 *    family goes to every thread through a lock), keel's snprintf
 *    (init/rt/fmt.c, on the stack), string functions; no stdio stream,
 *    no malloc, no getpwnam, no exit() (atexit, stdio flush): _exit();
 *  - errno is PID 1's errno (the same thread pointer): PID 1 reads
 *    nothing from errno after a clone that succeeded;
 *  - PID 1 installs no signal handler (init/rt/sig.c: one signalfd), so
 *    a signal the child takes before execve runs no code of PID 1: it
 *    kills, stops or is ignored; the child has its own copy of the
 *    dispositions (no CLONE_SIGHAND), and resets them before unblocking;
 *  - its file table, working directory, umask, limits and credentials
 *    are its own (no CLONE_FILES, CLONE_FS, CLONE_THREAD).  The memory's
 *    "dumpable" flag is shared: the child clears it first (a core signal
 *    before execve must not dump, and before Linux 5.16, kill, everything
 *    that shares the memory: PID 1), a uid change clears it too, and
 *    PID 1 sets it back after the clone.  Only a root keel clears it: the
 *    /proc/self files of a process that is not dumpable belong to root,
 *    and privs.c opens /proc/self/oom_score_adj (a keel that is not root,
 *    a subreaper under a user, changes no uid either).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/rt/pages.h"
#include "init/rt/sig.h"
#include "svc/conf/argv.h"
#include "svc/out/output.h"
#include "svc/run/envfile.h"
#include "svc/run/privs.h"
#include "svc/run/spawn.h"

/* What the child reports when a step fails: the step ("exec", "user",
 * "limit_nofile"...), the value at fault and errno (0: it exec'd). */
struct fail {
	int err;
	char step[24];
	char arg[SVC_PATH_MAX];
};

/* What the child gets, and what it leaves for PID 1: one struct in
 * spawn()'s frame, the only memory of PID 1's the child writes. */
struct start {
	const struct svc_conf *conf;
	const struct spawn_cmd *cmd;
	const struct spawn_ready *rd;
	int cgroup_fd;
	int dumpable;        /* PID 1's dumpable flag before the child cleared it; -1: untouched */
	struct fail fail;
};

/*
 * The child's stack.  Its deepest path is child() (0.9 KiB: argv of
 * SVC_ARGS_MAX + 1 pointers, envp of SVC_ENV_MAX + ENVFILE_VARS + 3,
 * child_env()'s copy of the env pointers, a struct privs_fail) ->
 * privs_drop() -> set_groups() (16.2 KiB: the line buffer for /etc/passwd
 * and /etc/group, the group ids) -> passwd_user() -> the line reader, or
 * privs' fail() -> snprintf (init/rt/fmt.c): 0.5 KiB more either way.
 * gcc -fstack-usage of the x86_64 objects adds it up to 18.3 KiB;
 * 24 KiB leaves a quarter spare for other compilers and targets.  It is
 * on PID 1's stack, not in its BSS: only the pages a child touches are
 * ever made.
 */
#define CHILD_STACK (24 * 1024)

static const char base_path[] = "PATH=" ARGV_SEARCH_PATH;
static struct envfile from_file;   /* env_file, read by PID 1 before each clone; the child reads it */

static void child_fail(struct start *s, const char *step, const char *arg, int err)
	__attribute__((noreturn));

static void child_fail(struct start *s, const char *step, const char *arg, int err)
{
	memset(&s->fail, 0, sizeof s->fail);
	s->fail.err = err > 0 ? err : EIO;
	snprintf(s->fail.step, sizeof s->fail.step, "%s", step);
	snprintf(s->fail.arg, sizeof s->fail.arg, "%s", arg);
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
static void ready_fd(struct start *s)
{
	const struct spawn_ready *rd = s->rd;
	int want = s->conf->ready_fd;

	if (!rd || rd->fd < 0)
		return;
	if (rd->fd == want ? fcntl(rd->fd, F_SETFD, 0) < 0 : dup2(rd->fd, want) < 0)
		child_fail(s, "ready", "", errno);
}

/* Join the job's cgroup (cgroup_fd: its cgroup.procs, -1: none) before
 * anything else, so every process the service ever makes is in it. */
static void join_cgroup(struct start *s)
{
	if (s->cgroup_fd < 0)
		return;
	if (write(s->cgroup_fd, "0", 1) != 1)
		child_fail(s, "cgroup", s->conf->name, errno);
	close(s->cgroup_fd);
}

/* Session, stdin on /dev/null, stdout/stderr as the log key says, and
 * the readiness fd after them (fd N may be the number the log pipe had). */
static void child_fds(struct start *s)
{
	const struct svc_conf *c = s->conf;

	if (setsid() < 0)
		child_fail(s, "setup", "", errno);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0 && dup2(null, 0) < 0)
		child_fail(s, "setup", "", errno);
	int r = out_child_stdio(c->name);
	if (r < 0)
		child_fail(s, "log", c->log_path, -r);
	ready_fd(s);
}

/* The child (clone()'s function): never returns. */
static int child(void *arg)
{
	struct start *s = arg;
	const struct svc_conf *c = s->conf;
	struct privs_fail pf;

	/* Before anything can fault: see the header. */
	if (geteuid() == 0) {
		s->dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	}
	join_cgroup(s);
	sig_child_reset();
	child_fds(s);
	int r = privs_drop(c, &pf);
	if (r < 0)
		child_fail(s, pf.step, pf.arg, -r);
	if (chdir(c->workdir[0] ? c->workdir : "/") < 0)
		child_fail(s, "workdir", c->workdir, errno);

	char *argv[SVC_ARGS_MAX + 1];
	char *envp[SVC_ENV_MAX + ENVFILE_VARS + 3];
	if (s->cmd)
		argv_unpack(s->cmd->args, s->cmd->size, s->cmd->argc, argv, SVC_ARGS_MAX + 1);
	else
		svc_argv(c, argv, SVC_ARGS_MAX + 1);
	child_env(c, envp, s->rd ? s->rd->env : NULL);
	r = privs_seal(c, &pf);
	if (r < 0)
		child_fail(s, pf.step, pf.arg, -r);
	execve(argv[0], argv, envp);
	child_fail(s, "exec", argv[0], errno);
}

/* The child's failure as the text of why; -errno. */
static int report(const struct fail *f, char *why, size_t whylen)
{
	const char *what = strerror(f->err);
	if (f->err == ENOENT && strcmp(f->step, "user") == 0)
		what = "no such user";
	else if (f->err == ENOENT && (strcmp(f->step, "group") == 0 ||
				     strcmp(f->step, "supplementary_groups") == 0))
		what = "no such group";
	snprintf(why, whylen, "%s %s: %s", f->step, f->arg, what);
	return -f->err;
}

static pid_t spawn(const struct svc_conf *c, const struct spawn_cmd *cmd, int cgroup_fd,
		   const struct spawn_ready *rd, char *why, size_t whylen)
{
	int env_err = envfile_load(c->env_file, &from_file, why, whylen);
	if (env_err < 0)
		return env_err;
	struct start s = { .conf = c, .cmd = cmd, .rd = rd, .cgroup_fd = cgroup_fd, .dumpable = -1 };
	_Alignas(16) char stack[CHILD_STACK];
	/* Here PID 1 waits until the child has exec'd or exited. */
	pid_t pid = clone(child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &s);
	if (pid < 0) {
		int e = errno;
		snprintf(why, whylen, "clone: %s", strerror(e));
		return -e;
	}
	if (s.dumpable == 1)
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	/* The child's stack is PID 1's memory (this frame's): what a child
	 * wrote there (18 KiB deep when it looks up a user) would otherwise
	 * stay resident in PID 1 for good. */
	pages_release(stack, sizeof stack);
	if (s.fail.err == 0)
		return pid;   /* exec'd */
	/* The child is exiting right now; reap it here so the SIGCHLD path
	 * never sees a pid it does not know. */
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return report(&s.fail, why, whylen);
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
