// SRCS: svc/reclaim/reclaim_proc.c svc/reclaim/reclaim_diag.c init/rt/num.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the parsers of kernel text and records that reclaim
 * trusts: /proc/net/{tcp,udp}{,6} lines, /proc/PID/stat, the Uid line of
 * /proc/PID/status, and unix_diag netlink answers.  The first byte picks
 * the case; the rest is the input.  Besides the sanitizers, two properties
 * trap when broken, for any bytes a user controls: a process name (comm)
 * placed in a real stat line never moves a field, and a socket name placed
 * in a well-formed unix_diag record never makes or drops a record.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "svc/reclaim/reclaim_diag.h"
#include "svc/reclaim/reclaim_proc.h"

#define MAX_IN 4096

static char text[MAX_IN + 1];
static unsigned char rec[MAX_IN + 64] __attribute__((aligned(8)));

/* Every line of the input through the inet parser. */
static void inet_lines(const uint8_t *d, size_t n)
{
	struct rproc_inet in;
	size_t start = 0;

	memcpy(text, d, n);
	text[n] = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && text[i] != '\n')
			continue;
		text[i] = 0;
		if (rproc_inet_line(text + start, &in) == 0 && strchr(text + start, '\n'))
			__builtin_trap();
		start = i + 1;
	}
}

/* Any comm (no NUL: the kernel has none in it) in a real stat line. */
static void stat_comm(const uint8_t *d, size_t n)
{
	static const char tail[] = ") S 77 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 4567 1000 1 0\n";
	struct rproc_stat st;
	size_t len = n > 64 ? 64 : n;

	if (memchr(d, 0, len))
		return;
	memcpy(text, "123 (", 5);
	memcpy(text + 5, d, len);
	memcpy(text + 5 + len, tail, sizeof tail);
	if (rproc_stat_parse(text, &st) != 0 || st.pid != 123 || st.ppid != 77 || st.state != 'S' ||
	    st.start != 4567)
		__builtin_trap();
	size_t kept = len < RPROC_COMM_MAX - 1 ? len : RPROC_COMM_MAX - 1;
	if (memcmp(st.comm, d, kept) != 0 || st.comm[kept] != 0)
		__builtin_trap();
}

static void raw_text(const uint8_t *d, size_t n, int which)
{
	struct rproc_stat st;
	uid_t uids[4];

	memcpy(text, d, n);
	text[n] = 0;
	if (which == 0 && rproc_stat_parse(text, &st) == 0 && !memchr(st.comm, 0, sizeof st.comm))
		__builtin_trap();
	if (which == 1)
		(void)rproc_status_uids(text, uids);
}

static void count(const struct rdiag_unix *u, void *arg)
{
	int *n = arg;
	(void)u;
	(*n)++;
}

/* diag_name's one record always carries its VFS attribute. */
static void count_bound(const struct rdiag_unix *u, void *arg)
{
	count(u, arg);
	if (!u->bound)
		__builtin_trap();
}

/* Any socket name, with its length, in a well-formed record. */
static void diag_name(const uint8_t *d, size_t n)
{
	struct unix_diag_msg m = { .udiag_family = AF_UNIX, .udiag_type = SOCK_STREAM, .udiag_ino = 0xdead };
	struct unix_diag_vfs v = { 1, 2 };
	size_t len = n > 200 ? 200 : n, at = sizeof(struct nlmsghdr);
	uint16_t a[2];
	int records = 0;

	memcpy(rec + at, &m, sizeof m);
	at += sizeof m;
	a[0] = (uint16_t)(4 + len);
	a[1] = UNIX_DIAG_NAME;
	memcpy(rec + at, a, 4);
	memcpy(rec + at + 4, d, len);
	at += (4 + len + 3) & ~(size_t)3;
	a[0] = 4 + sizeof v;
	a[1] = UNIX_DIAG_VFS;
	memcpy(rec + at, a, 4);
	memcpy(rec + at + 4, &v, sizeof v);
	at += 4 + sizeof v;
	struct nlmsghdr h = { .nlmsg_len = (uint32_t)at, .nlmsg_type = SOCK_DIAG_BY_FAMILY };
	memcpy(rec, &h, sizeof h);
	if (rdiag_parse(rec, at, count_bound, &records) != 0 || records != 1)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > MAX_IN + 1)
		return 0;
	const uint8_t *d = data + 1;
	size_t n = size - 1;
	int records = 0;

	switch (data[0] % 6) {
	case 0:
		inet_lines(d, n);
		break;
	case 1:
		stat_comm(d, n);
		break;
	case 2:
		raw_text(d, n, 0);
		break;
	case 3:
		raw_text(d, n, 1);
		break;
	case 4:
		memcpy(rec, d, n);
		if (rdiag_parse(rec, n, count, &records) >= 0 && (size_t)records > n / 24)
			__builtin_trap();   /* a record takes 16 + 16 bytes at least */
		break;
	default:
		diag_name(d, n);
		break;
	}
	return 0;
}
