/* SPDX-License-Identifier: MIT */
/*
 * Opening a file from outside to read it: a service file, an env_file, a
 * service's pidfile.  Only a regular file is taken, and it is opened
 * O_NONBLOCK, so a FIFO or a device planted at the path can never make
 * PID 1 wait on the open or on a read.
 */
#ifndef KEEL_FILE_H
#define KEEL_FILE_H

/* path opened read-only, close-on-exec, without a controlling tty or
 * blocking, plus flags (e.g. O_NOFOLLOW); the fd if it is a regular file,
 * else -EINVAL (it is closed), or -errno. */
int file_open_regular(const char *path, int flags);

#endif
