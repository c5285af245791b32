/* SPDX-License-Identifier: MIT */
/*
 * Directory listing without opendir (musl's opendir allocates): the
 * kernel's getdents64 into a caller buffer, walked entry by entry.
 */
#ifndef KEEL_KDIR_H
#define KEEL_KDIR_H

#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

struct kdirent {                       /* the kernel's linux_dirent64 */
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Fill buf with entries of the open directory fd: bytes, 0 at the end,
 * or -1 with errno. */
static inline long kdir_read(int fd, void *buf, unsigned long len)
{
	return syscall(SYS_getdents64, fd, buf, len);
}

#endif
