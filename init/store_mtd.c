/* SPDX-License-Identifier: MIT */
/*
 * The MTD character-device journal back-end (/dev/mtdN): geometry from
 * MEMGETINFO, erase with MEMERASE, programs with write() (synchronous on
 * MTD; mtdchar has no fsync, so none is called).  NOR (bit-writeable) gets
 * a 16-byte frame alignment, NAND its page size.  Devices without erase
 * (MTD_NO_ERASE, e.g. mtdram) are "erased" by writing 0xFF.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <mtd/mtd-user.h>

#include "init/store.h"

#define MTD_PROG_MIN 16u
#define MTD_MAX_PROG 4096u

static int mtd_erase(struct store *s, uint32_t off, uint32_t len)
{
	if (s->ctx) {   /* MTD_NO_ERASE */
		uint8_t ff[256];
		memset(ff, 0xff, sizeof ff);
		for (uint32_t o = 0; o < len; o += sizeof ff) {
			int r = store_fd_write(s, off + o, ff, sizeof ff);
			if (r)
				return r;
		}
		return 0;
	}
	struct erase_info_user ei = { .start = off, .length = len };
	return ioctl(s->fd, MEMERASE, &ei) < 0 ? -errno : 0;
}

static const struct store_ops mtd_ops = {
	.read = store_fd_read, .prog = store_fd_write, .erase = mtd_erase, .close = store_fd_close,
};

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

int store_mtd_open(struct store *s, int fd, uint32_t flags)
{
	struct mtd_info_user mi;
	if (ioctl(fd, MEMGETINFO, &mi) < 0)
		return -errno;
	uint32_t prog = mi.writesize > MTD_PROG_MIN ? mi.writesize : MTD_PROG_MIN;
	if (!pow2(mi.erasesize) || !pow2(prog) || prog > MTD_MAX_PROG || mi.size % mi.erasesize)
		return -EINVAL;
	if (!(flags & STORE_RDONLY) && !(mi.flags & MTD_WRITEABLE))
		return -EROFS;
	s->fd = fd;
	s->ops = &mtd_ops;
	s->ctx = (mi.flags & MTD_NO_ERASE) ? s : NULL;
	s->geom.size = mi.size;
	s->geom.erase = mi.erasesize;
	s->geom.prog = prog;
	s->geom.flags = (flags & STORE_RDONLY) | ((mi.flags & MTD_BIT_WRITEABLE) ? STORE_BITWRITE : 0);
	return 0;
}
