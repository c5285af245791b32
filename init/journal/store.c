/* SPDX-License-Identifier: MIT */
/*
 * The fd journal back-end (init/journal/store.h): a regular file, a block device
 * or an MTD character device.  Reads and programs are read/write loops;
 * a program is followed by fdatasync except on MTD, whose write() is
 * synchronous and which has no fsync.  Erase is MEMERASE on MTD, else
 * writing 0xFF (never BLKDISCARD or fallocate: what a discarded range
 * reads back is undefined, and unwritten extents would make every append
 * a metadata update).  Block devices get P = 512 so a frame never shares
 * a sector with an older one.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <mtd/mtd-user.h>

#include "init/journal/store.h"

/* Read or write all of buf at off (lseek then read/write, which PID 1
 * links anyway; its signals are blocked, so no EINTR). */
static int fd_io(struct store *s, uint32_t off, const void *buf, uint32_t len, int wr)
{
	if (lseek(s->fd, off, SEEK_SET) < 0)
		return -errno;
	for (uint8_t *p = (uint8_t *)(uintptr_t)buf; len;) {
		ssize_t n = wr ? write(s->fd, p, len) : read(s->fd, p, len);
		if (n <= 0)
			return n ? -errno : -EIO;
		p += n, len -= (uint32_t)n;
	}
	return 0;
}

static int fd_read(struct store *s, uint32_t off, void *buf, uint32_t len)
{
	return fd_io(s, off, buf, len, 0);
}

static int fd_sync(struct store *s, int r)
{
	return r || (s->geom.flags & STORE_MTD) || !fdatasync(s->fd) ? r : -errno;
}

static int fd_prog(struct store *s, uint32_t off, const void *buf, uint32_t len)
{
	return fd_sync(s, fd_io(s, off, buf, len, 1));
}

/* 0xFF over [off, off + len), synced. */
static int fd_erase(struct store *s, uint32_t off, uint32_t len)
{
	uint8_t ff[512];
	int r = 0;
	if (s->geom.flags & STORE_MTD) {
		struct erase_info_user ei = { .start = off, .length = len };
		return ioctl(s->fd, MEMERASE, &ei) ? -errno : 0;
	}
	memset(ff, 0xff, sizeof ff);
	for (uint32_t n; !r && len; off += n, len -= n)
		r = fd_io(s, off, ff, n = len < sizeof ff ? len : (uint32_t)sizeof ff, 1);
	return fd_sync(s, r);
}

static void fd_close(struct store *s)
{
	(void)close(s->fd);   /* data is already synced */
}

static const struct store_ops fd_ops = {
	.read = fd_read, .prog = fd_prog, .erase = fd_erase, .close = fd_close,
};

int store_open(struct store *s, const char *path, uint32_t size, uint32_t flags)
{
	struct mtd_info_user mi = { .erasesize = 4096, .writesize = 16 };
	struct stat st;
	/* O_NONBLOCK: opening a FIFO (or a tty) must not wait for the other end. */
	int fd = open(path, (flags & STORE_RDONLY ? O_RDONLY : O_RDWR | O_CREAT) | O_CLOEXEC | O_NONBLOCK, 0600);
	off_t end = -1;
	int r = 0;
	if (fd >= 0 && !fstat(fd, &st)) {   /* files and devices only: a FIFO or socket read could block */
		errno = EINVAL;
		if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode))
			end = lseek(fd, 0, SEEK_END);
	}
	*s = (struct store){ .ops = &fd_ops, .fd = fd, .geom.flags = flags };   /* errno stays */
	mi.size = end > STORE_MAX ? STORE_MAX : (uint32_t)end;
	if (end < 0) {
		r = -errno;
	} else if (!ioctl(fd, MEMGETINFO, &mi)) {
		s->geom.flags |= STORE_MTD;
	} else if (S_ISBLK(st.st_mode)) {
		mi.writesize = 512;
		mi.size = size && size < mi.size ? size : mi.size;
	} else if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;
	} else if (mi.size < size && !(flags & STORE_RDONLY)) {
		/* Extend with 0xFF; a power cut here leaves a shorter file, extended next boot. */
		r = fd_erase(s, mi.size, size - mi.size);
		mi.size = size;
		sync();   /* the directory entry too (once, at creation) */
	}
	s->geom.erase = mi.erasesize;
	s->geom.prog = mi.writesize > 16 ? mi.writesize : 16;
	s->geom.size = (mi.size < STORE_MAX ? mi.size : STORE_MAX) & ~(mi.erasesize - 1);   /* MTD too */
	if (r && fd >= 0)
		fd_close(s);
	return r;
}
