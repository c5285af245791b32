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
	uint8_t *p = (uint8_t *)(uintptr_t)buf;
	while (len > 0) {
		ssize_t n = wr ? write(s->fd, p, len) : read(s->fd, p, len);
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;   /* past the end of the file or device */
		p += n;
		len -= (uint32_t)n;
	}
	return 0;
}

static int fd_read(struct store *s, uint32_t off, void *buf, uint32_t len)
{
	return fd_io(s, off, buf, len, 0);
}

/* After a write that returned r: make it durable (MTD writes are). */
static int fd_sync(struct store *s, int r)
{
	if (r || (s->geom.flags & STORE_MTD))
		return r;
	if (fdatasync(s->fd))
		return -errno;
	return 0;
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
	while (!r && len > 0) {
		uint32_t n = len < sizeof ff ? len : (uint32_t)sizeof ff;
		r = fd_io(s, off, ff, n, 1);
		off += n;
		len -= n;
	}
	return fd_sync(s, r);
}

static void fd_close(struct store *s)
{
	(void)close(s->fd);   /* data is already synced */
}

static const struct store_ops fd_ops = {
	.read = fd_read, .prog = fd_prog, .erase = fd_erase, .close = fd_close,
};

/* The size of the file or device open at fd, or -errno: -EINVAL for
 * anything but a regular file or a device (reading a FIFO or a socket
 * could block). */
static off_t file_end(int fd, struct stat *st)
{
	if (fd < 0 || fstat(fd, st))
		return -errno;
	if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode) && !S_ISCHR(st->st_mode))
		return -EINVAL;
	off_t end = lseek(fd, 0, SEEK_END);
	if (end < 0)
		return -errno;
	return end;
}

int store_open(struct store *s, const char *path, uint32_t size, uint32_t flags)
{
	struct mtd_info_user mi = { .erasesize = 4096, .writesize = 16 };
	struct stat st;
	int mode = flags & STORE_RDONLY ? O_RDONLY : O_RDWR | O_CREAT;
	/* O_NONBLOCK: opening a FIFO (or a tty) must not wait for the other end. */
	int fd = open(path, mode | O_CLOEXEC | O_NONBLOCK, 0600);
	off_t end = file_end(fd, &st);
	if (end < 0) {
		if (fd >= 0)
			(void)close(fd);
		return (int)end;
	}
	int r = 0;
	*s = (struct store){ .ops = &fd_ops, .fd = fd, .geom.flags = flags };
	mi.size = end > STORE_MAX ? STORE_MAX : (uint32_t)end;
	if (!ioctl(fd, MEMGETINFO, &mi)) {
		s->geom.flags |= STORE_MTD;
	} else if (S_ISBLK(st.st_mode)) {
		mi.writesize = 512;
		if (size && size < mi.size)
			mi.size = size;
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
	if (mi.size > STORE_MAX)
		mi.size = STORE_MAX;   /* MEMGETINFO gave the whole MTD device */
	s->geom.size = mi.size & ~(mi.erasesize - 1);
	if (r)
		fd_close(s);
	return r;
}
