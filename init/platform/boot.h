/* SPDX-License-Identifier: MIT */
/*
 * Early boot for PID 1: the API filesystems where missing, fds 0-2 on the
 * console, and whether this is the real system or a PID namespace.
 */
#ifndef KEEL_BOOT_H
#define KEEL_BOOT_H

#include <stdbool.h>

/* Mount /proc, /sys, /dev (devtmpfs), /run (tmpfs) where missing, put
 * fds 0-2 on /dev/console when they are closed.  Never fatal: failures
 * are logged.  Only call as PID 1. */
void boot_early(void);

/* PID 1 of the initial PID namespace (a real boot, not a container or
 * an `unshare --pid` test).  Valid after /proc is mounted. */
bool boot_real_system(void);
/* board.ini's console: if path is a character device, fds 0-2 (what
 * services inherit, blocking) go there and PID 1's log follows (its own
 * non-blocking description, init/rt/log.h).  Anything else, or a device
 * that does not open, keeps the console it has, and says so.  0 or -errno. */
int boot_console(const char *path);

#endif
