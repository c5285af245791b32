/* SPDX-License-Identifier: MIT */
/*
 * The regular-file journal back-end, the fd operations it shares with the
 * block back-end, and store_open(), which picks the back-end by file type.
 * A new file is written in full with 0xFF under a temporary name, synced,
 * renamed and its directory synced, so a power cut never leaves a short or
 * sparse journal file; after that only pwrite + fdatasync touch it (no
 * fallocate: unwritten extents would make each append a metadata update).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/store.h"

#define FILE_ERASE 4096u     /* the "erase block" of a file */
#define FILE_PROG  16u       /* frame alignment in a file */
#define FILE_MAX   (1u << 30)

/* pread or pwrite all of buf, retrying short transfers and EINTR. */
static int fd_io(int fd, uint8_t *p, uint32_t len, uint32_t off, bool wr)
{
	while (len) {
		ssize_t n = wr ? pwrite(fd, p, len, off) : pread(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n, off += (uint32_t)n, len -= (uint32_t)n;
	}
	return 0;
}

int store_fd_read(struct store *s, uint32_t off, void *buf, uint32_t len)
{
	return fd_io(s->fd, buf, len, off, false);
}

int store_fd_write(struct store *s, uint32_t off, const void *buf, uint32_t len)
{
	return fd_io(s->fd, (uint8_t *)(uintptr_t)buf, len, off, true);
}

static int fd_sync(int fd)
{
	return fdatasync(fd) < 0 ? -errno : 0;
}

static int fd_prog(struct store *s, uint32_t off, const void *buf, uint32_t len)
{
	int r = store_fd_write(s, off, buf, len);
	return r ? r : fd_sync(s->fd);
}

/* Write 0xFF over [off, off+len) with write(); no sync. */
static int fill_ff(struct store *s, uint32_t off, uint32_t len)
{
	uint8_t ff[1024];
	memset(ff, 0xff, sizeof ff);
	while (len) {
		uint32_t n = len < sizeof ff ? len : (uint32_t)sizeof ff;
		int r = store_fd_write(s, off, ff, n);
		if (r)
			return r;
		off += n, len -= n;
	}
	return 0;
}

static int fd_erase(struct store *s, uint32_t off, uint32_t len)
{
	int r = fill_ff(s, off, len);
	return r ? r : fd_sync(s->fd);
}

void store_fd_close(struct store *s)
{
	if (s->fd >= 0)
		(void)close(s->fd);   /* data is already synced */
	s->fd = -1;
}

const struct store_ops store_fd_ops = {
	.read = store_fd_read, .prog = fd_prog, .erase = fd_erase, .close = store_fd_close,
};

static int sync_dir_of(const char *path)
{
	char dir[256];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (n >= sizeof dir)
		return -ENAMETOOLONG;
	if (!slash)
		memcpy(dir, ".", 2);
	else if (!n)
		memcpy(dir, "/", 2);
	else
		memcpy(dir, path, n), dir[n] = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = fsync(fd) < 0 ? -errno : 0;
	(void)close(fd);
	return r;
}

/* tmp full of 0xFF, fsync, rename over path, fsync the directory. */
static int create_ff(const char *path, uint32_t size)
{
	char tmp[256];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return -ENAMETOOLONG;
	struct store t = { .fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) };
	if (t.fd < 0)
		return -errno;
	int r = fill_ff(&t, 0, size);
	if (!r && fsync(t.fd) < 0)
		r = -errno;
	store_fd_close(&t);
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r)
		(void)unlink(tmp);   /* best effort: the next boot starts over */
	return r ? r : sync_dir_of(path);
}

int store_file_open(struct store *s, const char *path, uint32_t size, uint32_t flags)
{
	bool ro = flags & STORE_RDONLY;
	size -= size % FILE_ERASE;
	s->fd = open(path, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (s->fd < 0 && errno == ENOENT && !ro) {
		int r = size && size <= FILE_MAX ? create_ff(path, size) : -EINVAL;
		if (r)
			return r;
		s->fd = open(path, O_RDWR | O_CLOEXEC);
	}
	if (s->fd < 0)
		return -errno;
	struct stat st;
	int r = fstat(s->fd, &st) < 0 ? -errno : !S_ISREG(st.st_mode) ? -EINVAL
		: st.st_size > FILE_MAX ? -EFBIG : 0;
	if (r) {
		store_fd_close(s);
		return r;
	}
	s->ops = &store_fd_ops;
	s->geom.size = (uint32_t)st.st_size - (uint32_t)st.st_size % FILE_ERASE;
	s->geom.erase = FILE_ERASE;
	s->geom.prog = FILE_PROG;
	s->geom.flags = flags & STORE_RDONLY;
	return 0;
}

int store_open(struct store *s, const char *path, uint32_t size, uint32_t flags)
{
	struct stat st;
	s->fd = -1;
	s->ctx = NULL;
	if (stat(path, &st) < 0 || S_ISREG(st.st_mode))
		return store_file_open(s, path, size, flags);
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
		return -EINVAL;
	int fd = open(path, (flags & STORE_RDONLY ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = S_ISCHR(st.st_mode) ? store_mtd_open(s, fd, flags) : store_blk_open(s, fd, size, flags);
	if (r)
		(void)close(fd);
	return r;
}
