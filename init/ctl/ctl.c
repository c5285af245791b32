/* SPDX-License-Identifier: MIT */
/*
 * Control socket server: socket set-up, peer check, request framing and
 * reply packets.  What each command does is in ctl_cmd.c.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/ctl/ctl.h"
#include "init/ctl/ctl_peer.h"
#include "init/ctl/ctl_proto.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "init/rt/pages.h"
#include "svc/run/state.h"

#define CTL_PARK_MS 2000      /* a client has this long to send its request */
#define CTL_BACKLOG 64
#define CTL_ACCEPT_BURST 64   /* accepts per event: the loop stays fair */

_Static_assert(REPLY_OUT_MAX == CTL_REPLY_MAX && REPLY_ERR_MAX == CTL_PKT_MAX && REPLY_CHUNK + 1 == CTL_PKT_MAX,
	       "a reply holds what the protocol allows, a packet at a time");

struct parked_client {
	int fd;                   /* -1: free slot */
	bool may_control;         /* root or control_group: never evicted by others */
	uint64_t deadline;
	struct loop_handler ready;   /* the loop calls it with this entry */
};

/* The reply being made (one request at a time): a packet's buffer,
 * page-aligned so that its page goes back once the reply is sent. */
static struct reply reply __attribute__((aligned(PAGE_MIN)));
static int listen_fd = -1;
static int current = -1;
static struct parked_client parked[CTL_CLIENTS];

static void client_ready(void *arg);

int ctl_listen_fd(void)
{
	return listen_fd;
}

static void clear_slots(void)
{
	for (int i = 0; i < CTL_CLIENTS; i++) {
		parked[i].fd = -1;
		parked[i].ready.fn = client_ready;
		parked[i].ready.arg = &parked[i];
	}
}

/* Nothing but a socket is ever removed at path: a file someone put there
 * (or a typo in init.ini naming one) stays, and there is no control socket. */
static int remove_stale(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		log_err("control socket %s: that path is not a socket: not removing it", path);
		return -ENOTSOCK;
	}
	return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}

int ctl_open(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path)
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
		close(fd);
		return -EADDRINUSE;   /* a live init answers there */
	}
	close(fd);
	int r = remove_stale(path);   /* stale or absent: either way gone now */
	if (r < 0)
		return r;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* Born 0666: any local user may connect; what each may ask is
	 * checked per command (ctl_peer.h, docs/security.md). */
	mode_t old = umask(0111);
	r = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (r < 0 || listen(fd, CTL_BACKLOG) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	listen_fd = fd;
	clear_slots();
	return fd;
}

void ctl_adopt(int fd)
{
	listen_fd = fd;
	clear_slots();
}

/* One packet, never waiting: 0 or -errno (-EAGAIN: the client does not
 * read and its socket buffer is full). */
static int send_pkt(int fd, char kind, const char *data, size_t len)
{
	struct iovec iov[2] = { { &kind, 1 }, { (void *)data, len } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
	ssize_t n = sendmsg(fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n < 0)
		return -errno;
	return n == (ssize_t)(len + 1) ? 0 : -EMSGSIZE;
}

/* The reply's sink: each piece of text as one packet. */
static int send_text(int fd, enum reply_text which, const char *text, size_t n)
{
	return send_pkt(fd, which == REPLY_ERR ? CTL_ERRT : CTL_OUT, text, n);
}

/* The end of the reply being made for fd: what is held, then the exit
 * code.  A client that did not take all of it loses the rest (the
 * caller closes it): PID 1 never waits for a reader. */
static void finish(int fd, int code)
{
	char c = (char)code;
	if (reply.truncated)
		reply_err(&reply, "(output truncated)\n");
	if (reply_end(&reply) == 0)
		(void)send_pkt(fd, CTL_EXIT, &c, 1);
	pages_release(&reply, sizeof reply);   /* sent: resident only while a reply is made */
}

int ctl_current_client(void)
{
	return current;
}

void ctl_answer_fd(int fd, int code, const char *text)
{
	reply_start(&reply, send_text, fd);
	reply_out(&reply, "%s", text);
	finish(fd, code);
	close(fd);
}

static void serve(int fd, char *req, size_t len)
{
	struct ctl_peer peer;
	ctl_peer_get(fd, &peer);   /* on error: nobody, may only read */
	char *words[32];
	int n = 0;
	req[len] = 0;
	for (size_t i = 0; i < len && n < 32; ) {
		words[n++] = req + i;
		i += strlen(req + i) + 1;
	}
	reply_start(&reply, send_text, fd);
	current = fd;
	int code = n ? ctl_cmd(words, n, &peer, &reply) : CTL_USAGE;
	current = -1;
	if (!n)
		reply_err(&reply, "empty request\n");
	finish(fd, code);
}

/* Read and answer fd's request if it has come.  1: done with fd (the
 * caller closes it), 0: nothing to read yet. */
static int try_serve(int fd)
{
	static char req[CTL_REQ_MAX + 1];
	ssize_t n = recv(fd, req, CTL_REQ_MAX, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n > 0)
		serve(fd, req, (size_t)n);
	return 1;
}

/* A client whose request was never read: tell it so (initctl connects
 * again), then the caller closes it. */
static void answer_busy(int fd)
{
	static const char msg[] = "init is busy: too many control clients at once\n";
	char code = CTL_SYS;
	if (send_pkt(fd, CTL_BUSY, "", 0) == 0 && send_pkt(fd, CTL_ERRT, msg, sizeof msg - 1) == 0)
		(void)send_pkt(fd, CTL_EXIT, &code, 1);
}

static void unpark(int slot)
{
	loop_del(parked[slot].fd);
	parked[slot].fd = -1;
}

/* The parked client that waited longest among those that may not control
 * (all of them when others_only is false); -1 if none. */
static int oldest(bool others_only)
{
	int old = -1;
	for (int i = 0; i < CTL_CLIENTS; i++) {
		if (parked[i].fd < 0 || (others_only && parked[i].may_control))
			continue;
		if (old < 0 || parked[i].deadline < parked[old].deadline)
			old = i;
	}
	return old;
}

/* A slot must be freed: the client parked longest gives it up (it is
 * served if its request came meanwhile, else told that init is busy). */
static int recycle(int old)
{
	int fd = parked[old].fd;
	unpark(old);
	if (!try_serve(fd))
		answer_busy(fd);
	close(fd);
	return old;
}

/* A slot for a new client.  With the table full, the client that may
 * not control and waited longest gives its slot up: a flood of them only
 * pushes out each other, never root (or control_group). */
static int free_slot(void)
{
	for (int i = 0; i < CTL_CLIENTS; i++)
		if (parked[i].fd < 0)
			return i;
	int old = oldest(true);
	return recycle(old >= 0 ? old : oldest(false));
}

static void park(int fd)
{
	struct ctl_peer peer;
	ctl_peer_get(fd, &peer);
	int slot = free_slot();
	if (loop_add(fd, &parked[slot].ready) < 0) {
		answer_busy(fd);
		close(fd);
		return;
	}
	parked[slot].fd = fd;
	parked[slot].may_control = peer.may_control;
	parked[slot].deadline = clock_ms() + CTL_PARK_MS;
}

static void accept_clients(void *unused)
{
	(void)unused;
	/* A bounded burst: under a flood of connections signals and timers
	 * still get their turn; epoll reports the rest on the next pass. */
	for (int k = 0; k < CTL_ACCEPT_BURST; k++) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			return;   /* EAGAIN, or a transient error: the next event retries */
		if (try_serve(fd))
			close(fd);
		else
			park(fd);
	}
}

const struct loop_handler ctl_listen_handler = { accept_clients, NULL };

/* A parked client is readable. */
static void client_ready(void *arg)
{
	struct parked_client *p = arg;
	if (p->fd < 0)
		return;
	int fd = p->fd;
	if (try_serve(fd)) {
		unpark((int)(p - parked));
		close(fd);
	}
}

uint64_t ctl_expire(uint64_t now)
{
	uint64_t next = 0;
	for (int i = 0; i < CTL_CLIENTS; i++) {
		if (parked[i].fd < 0)
			continue;
		if (parked[i].deadline <= now) {
			/* Closed unserved: a request that came too late is not run
			 * here, after the tick named the next deadline; initctl
			 * sees the connection reset and connects again. */
			int fd = parked[i].fd;
			unpark(i);
			close(fd);
		} else {
			next = clock_earliest(next, parked[i].deadline);
		}
	}
	return next;
}
