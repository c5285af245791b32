/* SPDX-License-Identifier: MIT */
/*
 * unix_diag reader for reclaim: one NETLINK_SOCK_DIAG dump of the unix
 * sockets with their bound file (UDIAG_SHOW_VFS).  Invariants: every
 * record and attribute is read only within its declared length and the
 * buffer; no allocation (one static receive buffer: scans never nest);
 * no wait (MSG_DONTWAIT, at most RDIAG_PARTS_MAX parts).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "svc/reclaim/reclaim_diag.h"

/* An attribute header (struct rtattr / nlattr: length, type). */
struct attr {
	uint16_t len;
	uint16_t type;
};

#define ALIGN4(n) (((n) + 3u) & ~(size_t)3u)

uint32_t rdiag_kdev(dev_t dev)
{
	return (uint32_t)((major(dev) << 20) | (minor(dev) & 0xfffffu));
}

/* Whether a record that says it has rec_len bytes holds its own header
 * (hdr bytes) and ends within the len bytes left. */
static bool fits(size_t rec_len, size_t hdr, size_t len)
{
	return rec_len >= hdr && rec_len <= len;
}

/* Step over a record of rec_len bytes (padded to 4) at *p; false (and
 * *len 0) when nothing follows. */
static bool advance(const unsigned char **p, size_t *len, size_t rec_len)
{
	size_t step = ALIGN4(rec_len);

	if (step >= *len) {
		*len = 0;
		return false;
	}
	*p += step;
	*len -= step;
	return true;
}

/* The attributes after the fixed part of one record. */
static int parse_attrs(const unsigned char *p, size_t len, struct rdiag_unix *u)
{
	while (len >= sizeof(struct attr)) {
		struct attr a;
		memcpy(&a, p, sizeof a);
		if (!fits(a.len, sizeof a, len))
			return -EBADMSG;
		size_t body = a.len - sizeof a;
		if ((a.type & NLA_TYPE_MASK) == UNIX_DIAG_VFS) {
			struct unix_diag_vfs v;
			if (body != sizeof v)
				return -EBADMSG;
			memcpy(&v, p + sizeof a, sizeof v);
			u->bound = true;
			u->vfs_ino = v.udiag_vfs_ino;
			u->vfs_dev = v.udiag_vfs_dev;
		}
		if (!advance(&p, &len, a.len))
			break;
	}
	return len == 0 ? 0 : -EBADMSG;
}

/* One SOCK_DIAG_BY_FAMILY record (payload of n bytes at p). */
static int parse_record(const unsigned char *p, size_t n, rdiag_unix_fn *fn, void *arg)
{
	struct unix_diag_msg m;

	if (n < sizeof m)
		return -EBADMSG;
	memcpy(&m, p, sizeof m);
	if (m.udiag_family != AF_UNIX)
		return -EBADMSG;
	struct rdiag_unix u = { .ino = m.udiag_ino, .type = m.udiag_type, .state = m.udiag_state };
	size_t fixed = ALIGN4(sizeof m);
	int r = n > fixed ? parse_attrs(p + fixed, n - fixed, &u) : 0;
	if (r < 0)
		return r;
	fn(&u, arg);
	return 0;
}

int rdiag_parse(const void *buf, size_t len, rdiag_unix_fn *fn, void *arg)
{
	const unsigned char *p = buf;

	while (len >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, p, sizeof h);
		if (!fits(h.nlmsg_len, sizeof h, len))
			return -EBADMSG;
		size_t body = h.nlmsg_len - sizeof h;
		if (h.nlmsg_type == NLMSG_DONE)
			return 1;
		if (h.nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr e;
			if (body < sizeof e.error)
				return -EBADMSG;
			memcpy(&e.error, p + sizeof h, sizeof e.error);
			return e.error < 0 && e.error > -4096 ? e.error : -EBADMSG;
		}
		if (h.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
			int r = parse_record(p + sizeof h, body, fn, arg);
			if (r < 0)
				return r;
		}
		if (!advance(&p, &len, h.nlmsg_len))
			break;
	}
	return len == 0 ? 0 : -EBADMSG;
}

/* Send the dump request on fd.  0, or -errno. */
static int request(int fd)
{
	struct {
		struct nlmsghdr h;
		struct unix_diag_req r;
	} q;

	memset(&q, 0, sizeof q);
	q.h.nlmsg_len = sizeof q;
	q.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	q.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	q.h.nlmsg_seq = 1;
	q.r.sdiag_family = AF_UNIX;
	q.r.udiag_states = ~0u;
	q.r.udiag_show = UDIAG_SHOW_VFS;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n = sendto(fd, &q, sizeof q, 0, (struct sockaddr *)&kernel, sizeof kernel);
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof q ? 0 : -EIO;
}

int rdiag_unix_dump(rdiag_unix_fn *fn, void *arg)
{
	static unsigned char buf[8192] __attribute__((aligned(8)));
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (fd < 0)
		return -errno;
	int r = request(fd);
	for (int part = 0; r == 0; part++) {
		if (part == RDIAG_PARTS_MAX) {
			r = -E2BIG;
			break;
		}
		ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = -errno;
		else if (n == 0 || (size_t)n > sizeof buf)
			r = n ? -EMSGSIZE : -EBADMSG;
		else
			r = rdiag_parse(buf, (size_t)n, fn, arg);
	}
	close(fd);
	return r < 0 ? r : 0;
}
