/* SPDX-License-Identifier: MIT */
/*
 * Control socket server: socket set-up, peer check, request framing and
 * reply packets.  What each command does is in ctl_cmd.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "init/clock.h"
#include "init/ctl.h"
#include "init/ctl_proto.h"
#include "init/log.h"
#include "init/loop.h"
#include "svc/state.h"

#define CTL_PARK_MS 2000

struct ctl_reply {
	char out[CTL_REPLY_MAX];
	size_t nout;
	char err[CTL_PKT_MAX];
	size_t nerr;
	int truncated;
};

static struct ctl_reply reply;   /* one request at a time: static, not stack */
static int listen_fd = -1;
static int current = -1;
static struct { int fd; uint64_t deadline; } parked[CTL_CLIENTS];

static void vappend(char *buf, size_t cap, size_t *n, int *trunc, const char *fmt, va_list ap)
{
	if (*n >= cap - 1) {
		*trunc = 1;
		return;
	}
	int k = vsnprintf(buf + *n, cap - *n, fmt, ap);
	if (k < 0)
		return;
	if ((size_t)k >= cap - *n) {
		*trunc = 1;
		*n = cap - 1;
	} else {
		*n += (size_t)k;
	}
}

void ctl_out(struct ctl_reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(r->out, sizeof r->out, &r->nout, &r->truncated, fmt, ap);
	va_end(ap);
}

void ctl_err(struct ctl_reply *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(r->err, sizeof r->err, &r->nerr, &r->truncated, fmt, ap);
	va_end(ap);
}

int ctl_listen_fd(void)
{
	return listen_fd;
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
	(void)unlink(path);           /* stale or absent: either way gone now */
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	mode_t old = umask(077);
	int r = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (r < 0 || listen(fd, 16) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	listen_fd = fd;
	for (int i = 0; i < CTL_CLIENTS; i++)
		parked[i].fd = -1;
	return fd;
}

void ctl_adopt(int fd)
{
	listen_fd = fd;
	for (int i = 0; i < CTL_CLIENTS; i++)
		parked[i].fd = -1;
}

static void send_pkt(int fd, char kind, const char *data, size_t len)
{
	char pkt[CTL_PKT_MAX];
	pkt[0] = kind;
	memcpy(pkt + 1, data, len);
	/* Non-blocking: a client that does not read loses its reply. */
	(void)send(fd, pkt, len + 1, MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void send_text(int fd, char kind, const char *buf, size_t n)
{
	for (size_t off = 0; off < n; off += CTL_PKT_MAX - 1) {
		size_t k = n - off < CTL_PKT_MAX - 1 ? n - off : CTL_PKT_MAX - 1;
		send_pkt(fd, kind, buf + off, k);
	}
}

int ctl_current_client(void)
{
	return current;
}

void ctl_answer_fd(int fd, int code, const char *text)
{
	send_text(fd, CTL_OUT, text, strlen(text));
	char c = (char)code;
	send_pkt(fd, CTL_EXIT, &c, 1);
	close(fd);
}

static void serve(int fd, char *req, size_t len)
{
	char *words[32];
	int n = 0;
	req[len] = 0;
	for (size_t i = 0; i < len && n < 32; ) {
		words[n++] = req + i;
		i += strlen(req + i) + 1;
	}
	reply.nout = reply.nerr = 0;
	reply.truncated = 0;
	current = fd;
	int code = n ? ctl_cmd(words, n, &reply) : CTL_USAGE;
	current = -1;
	if (!n)
		ctl_err(&reply, "empty request\n");
	if (reply.truncated)
		ctl_err(&reply, "(output truncated)\n");
	send_text(fd, CTL_OUT, reply.out, reply.nout);
	send_text(fd, CTL_ERRT, reply.err, reply.nerr);
	char c = (char)code;
	send_pkt(fd, CTL_EXIT, &c, 1);
}

/* Try to read the request; 1 = finished with fd (closed), 0 = not yet. */
static int try_serve(int fd)
{
	static char req[CTL_REQ_MAX + 1];
	ssize_t n = recv(fd, req, CTL_REQ_MAX, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n > 0)
		serve(fd, req, (size_t)n);
	close(fd);
	return 1;
}

static int peer_is_root(int fd)
{
	struct ucred cr;
	socklen_t l = sizeof cr;
	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &l) == 0 && cr.uid == 0;
}

void ctl_accept(int lfd)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			return;   /* EAGAIN, or a transient error: the next event retries */
		if (!peer_is_root(fd)) {
			static const char msg[] = "permission denied: initctl needs root\n";
			send_pkt(fd, CTL_ERRT, msg, sizeof msg - 1);
			char c = CTL_ERR;
			send_pkt(fd, CTL_EXIT, &c, 1);
			close(fd);
			log_warn("control: refused a request from a non-root peer");
			continue;
		}
		if (try_serve(fd))
			continue;
		int slot = -1;
		for (int i = 0; i < CTL_CLIENTS; i++)
			if (parked[i].fd < 0) {
				slot = i;
				break;
			}
		if (slot < 0 || loop_add(fd, LOOP_TAG_CLIENT + slot) < 0) {
			close(fd);   /* too many idle clients: drop this one */
			continue;
		}
		parked[slot].fd = fd;
		parked[slot].deadline = clock_ms() + CTL_PARK_MS;
	}
}

static void unpark(int slot)
{
	loop_del(parked[slot].fd);
	parked[slot].fd = -1;
}

void ctl_client_ready(int slot)
{
	if (slot < 0 || slot >= CTL_CLIENTS || parked[slot].fd < 0)
		return;
	int fd = parked[slot].fd;
	loop_del(fd);
	if (try_serve(fd)) {
		parked[slot].fd = -1;
		return;
	}
	loop_add(fd, LOOP_TAG_CLIENT + slot);
}

uint64_t ctl_expire(uint64_t now)
{
	uint64_t next = 0;
	for (int i = 0; i < CTL_CLIENTS; i++) {
		if (parked[i].fd < 0)
			continue;
		if (parked[i].deadline <= now) {
			int fd = parked[i].fd;
			unpark(i);
			close(fd);
		} else if (!next || parked[i].deadline < next) {
			next = parked[i].deadline;
		}
	}
	return next;
}
