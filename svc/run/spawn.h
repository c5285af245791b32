/* SPDX-License-Identifier: MIT */
/*
 * Starting a service process: clone a vfork-style child (it shares PID 1's
 * memory and PID 1 waits until it has exec'd or exited), set it up
 * (signals, session, fds, env, limits, groups/user/capabilities, workdir,
 * no_new_privs) and execve its argv without a shell.
 * Setup or exec failures come back in the child's struct in PID 1's frame.
 */
#ifndef KEEL_SPAWN_H
#define KEEL_SPAWN_H

#include <stddef.h>
#include <sys/types.h>
#include "svc/conf/svc.h"

/* How the child may say it is ready (svc/run/ready.c fills it): fd >= 0
 * becomes the child's fd c->ready_fd (ready = fd:N); env, if not NULL,
 * is added to its environment ("NOTIFY_SOCKET=..." for type = notify). */
struct spawn_ready {
	int fd;
	const char *env;
};

/* Start c; with cgroup_fd >= 0 (a cgroup.procs open for writing) the
 * child joins that cgroup first; rd may be NULL.  Returns the pid, or -errno when clone, setup or exec failed; then
 * why (if not NULL) says which step, e.g. "exec /bin/x: No such file". */
pid_t spawn_svc(const struct svc_conf *c, int cgroup_fd, const struct spawn_ready *rd,
		char *why, size_t whylen);

/* Another command of c (a hook: exec_start_pre, exec_stop_post, or an
 * init.ini hook with a root conf), in c's set-up (user, env, workdir,
 * privileges, output), without readiness. */
struct spawn_cmd {
	const char *args;   /* packed argv, argv[0] absolute */
	size_t size;
	int argc;
};
pid_t spawn_cmd(const struct svc_conf *c, const struct spawn_cmd *cmd, int cgroup_fd,
		char *why, size_t whylen);

/* Is -err worth a retry (EAGAIN, ENOMEM, EMFILE, ENFILE, ETXTBSY, EIO, EINTR)? */
int spawn_err_transient(int err);

#endif
