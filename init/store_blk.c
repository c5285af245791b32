/* SPDX-License-Identifier: MIT */
/*
 * The block-device journal back-end (an eMMC/SD partition or a virtual
 * disk): the shared pread/pwrite + fdatasync operations, "erase" writes
 * 0xFF (never BLKDISCARD: what a discarded range reads back is undefined),
 * and frames are 512-byte aligned so one frame never shares a sector with
 * an older one (a torn sector write can then only hit the frame in flight).
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mount.h>

#include "init/store.h"

#define BLK_ERASE 4096u
#define BLK_PROG  512u
#define BLK_MAX   (1u << 30)

int store_blk_open(struct store *s, int fd, uint32_t size, uint32_t flags)
{
	uint64_t bytes = 0;
	if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
		return -errno;
	if (bytes > BLK_MAX)
		bytes = BLK_MAX;
	if (size && size < bytes)
		bytes = size;
	s->fd = fd;
	s->ops = &store_fd_ops;
	s->geom.size = (uint32_t)bytes - (uint32_t)bytes % BLK_ERASE;
	s->geom.erase = BLK_ERASE;
	s->geom.prog = BLK_PROG;
	s->geom.flags = flags & STORE_RDONLY;
	return 0;
}
