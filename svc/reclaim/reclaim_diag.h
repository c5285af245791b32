/* SPDX-License-Identifier: MIT */
/*
 * Unix sockets as the kernel's unix_diag (NETLINK_SOCK_DIAG) reports them
 * (prefix rdiag_): for each socket its inode and, when it is bound to a
 * file, that file's device and inode.  This replaces /proc/net/unix for
 * reclaim: the kernel prints socket names there raw, newlines included,
 * so any user can forge a line; a netlink answer is binary records of
 * declared lengths, and the bound file is matched by device and inode,
 * never by its name.  Nothing allocates; the dump is read with
 * MSG_DONTWAIT (the kernel fills each part during the recv itself) and
 * a bounded number of parts, so PID 1 never waits here.
 */
#ifndef KEEL_RECLAIM_DIAG_H
#define KEEL_RECLAIM_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RDIAG_PARTS_MAX 4096   /* recv calls one dump may take (-E2BIG past) */

/* One unix socket of a dump. */
struct rdiag_unix {
	uint32_t ino;        /* socket inode: "socket:[ino]" in /proc/PID/fd */
	uint8_t type;        /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	uint8_t state;       /* TCP_LISTEN (10) when listening, TCP_CLOSE (7) when not */
	bool bound;          /* bound to a file: vfs_dev and vfs_ino are set */
	uint32_t vfs_dev;    /* the file's device, kernel encoding (rdiag_kdev) */
	uint32_t vfs_ino;    /* the file's inode (low 32 bits) */
};
typedef void rdiag_unix_fn(const struct rdiag_unix *u, void *arg);

/* Parse one received buffer of netlink messages, calling fn for each
 * well-formed unix socket record.  A record or attribute whose length
 * does not fit is never read past: the parse stops with -EBADMSG.
 * 1 when NLMSG_DONE was seen, 0 when more is to come, -errno from an
 * NLMSG_ERROR, or -EBADMSG. */
int rdiag_parse(const void *buf, size_t len, rdiag_unix_fn *fn, void *arg);

/* Dump every unix socket of this network namespace through fn.  0, or
 * -errno: -EPROTONOSUPPORT or -ENOENT when the kernel has no unix_diag
 * (the module is not loaded), -E2BIG past RDIAG_PARTS_MAX parts. */
int rdiag_unix_dump(rdiag_unix_fn *fn, void *arg);

/* st_dev (userspace encoding) as unix_diag reports devices (the kernel's
 * internal dev_t: major << 20 | minor). */
uint32_t rdiag_kdev(dev_t dev);

#endif
