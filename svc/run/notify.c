/* SPDX-License-Identifier: MIT */
/*
 * The notify socket (see svc/run/notify.h).  Each loop pass reads at most
 * NOTIFY_BATCH datagrams (the epoll watch is level-triggered: the rest
 * comes next pass), each into a fixed buffer; a longer one is dropped
 * whole.  File descriptors someone passes along are closed at once.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "init/rt/loop.h"
#include "svc/run/notify.h"
#include "svc/run/ready.h"

#define NOTIFY_BATCH 64
#define NOTIFY_MSG_MAX 4096
#define NOTIFY_FDS_MAX 8    /* passed fds looked at (and closed) per message */

static int sock = -1;
static struct sockaddr_un addr;
static socklen_t addr_len;
static char env[32];

static void notify_ready(void *unused);
static const struct loop_handler handler = { notify_ready, NULL };

int notify_fd(void) { return sock; }
const char *notify_env(void) { return sock >= 0 ? env : NULL; }

/* The kernel's autobind name: a NUL, then five lowercase hex digits. */
static int name_of(int fd)
{
	static const char prefix[] = "NOTIFY_SOCKET=@";
	addr_len = sizeof addr;
	if (getsockname(fd, (struct sockaddr *)&addr, &addr_len) < 0)
		return -errno;
	size_t n = addr_len - offsetof(struct sockaddr_un, sun_path);
	if (addr.sun_family != AF_UNIX || n < 2 || n > 16 || addr.sun_path[0])
		return -EINVAL;
	for (size_t i = 1; i < n; i++)
		if (!((addr.sun_path[i] >= '0' && addr.sun_path[i] <= '9') ||
		      (addr.sun_path[i] >= 'a' && addr.sun_path[i] <= 'f')))
			return -EINVAL;
	memcpy(env, prefix, sizeof prefix - 1);
	memcpy(env + sizeof prefix - 1, addr.sun_path + 1, n - 1);
	env[sizeof prefix - 1 + n - 1] = 0;
	return 0;
}

int notify_setup(int handed)
{
	int fd = handed, on = 1, r;
	if (fd < 0) {
		sa_family_t family = AF_UNIX;
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (bind(fd, (struct sockaddr *)&family, sizeof family) < 0) {   /* autobind */
			r = -errno;
			close(fd);
			return r;
		}
	}
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0)
		r = -errno;
	else if ((r = name_of(fd)) == 0)
		r = loop_add(fd, &handler);
	if (r < 0) {
		close(fd);
		return r;
	}
	sock = fd;
	return fd;
}

int notify_connect(void)
{
	if (sock < 0)
		return -ENOTCONN;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, addr_len) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* The sender's pid from the control data (0 when there is none); every
 * passed fd is closed. */
static pid_t sender(struct msghdr *mh)
{
	pid_t pid = 0;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET)
			continue;
		if (cm->cmsg_type == SCM_CREDENTIALS && cm->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
			struct ucred cred;
			memcpy(&cred, CMSG_DATA(cm), sizeof cred);
			pid = cred.pid;
		} else if (cm->cmsg_type == SCM_RIGHTS && cm->cmsg_len >= CMSG_LEN(0)) {
			size_t nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (size_t i = 0; i < nfd; i++) {
				int fd;
				memcpy(&fd, CMSG_DATA(cm) + i * sizeof fd, sizeof fd);
				close(fd);
			}
		}
	}
	return pid;
}

static void notify_ready(void *unused)
{
	static char buf[NOTIFY_MSG_MAX];
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(NOTIFY_FDS_MAX * sizeof(int))];
	} ctl;
	(void)unused;
	for (int i = 0; i < NOTIFY_BATCH; i++) {
		struct iovec iov = { buf, sizeof buf };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
				     .msg_controllen = sizeof ctl.b };
		ssize_t n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;
		pid_t pid = sender(&mh);
		if ((size_t)n > sizeof buf || (mh.msg_flags & MSG_CTRUNC))
			pid = 0;   /* cut: not understood, not trusted */
		ready_message(pid, buf, (size_t)n > sizeof buf ? 0 : (size_t)n);
	}
}
