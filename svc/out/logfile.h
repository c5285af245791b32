/* SPDX-License-Identifier: MIT */
/*
 * The file sink of service output (log = file:PATH): rotation, opening
 * that never blocks and never follows a link, and the header line each
 * run (and each file of a run) starts with.  Plain file operations on a
 * local file system: nothing here waits on a pipe, a tty or a device.
 */
#ifndef KEEL_LOGFILE_H
#define KEEL_LOGFILE_H

#include <stdbool.h>
#include <stdint.h>

#define LOGFILE_KEEP_MAX 16      /* log_keep: PATH.1 .. PATH.16 at most */

/* PATH.{keep-1} -> PATH.keep, ..., PATH -> PATH.1 (PATH.keep, if any, is
 * replaced); keep 0 removes PATH.  Missing files are skipped.  0 or
 * -errno of the first rename that failed otherwise. */
int logfile_rotate(const char *path, unsigned keep);

/* Open path for writing (created 0640; emptied unless append), refusing
 * anything but a regular file (O_NOFOLLOW|O_NONBLOCK, checked with
 * fstat before it is emptied).  *size gets its length.  The fd, or
 * -errno (-EINVAL: not a regular file). */
int logfile_open(const char *path, bool append, uint64_t *size);

/* Write the header line of a run into fd: name, job id, restart_count,
 * monotonic ms and the wall clock; continued: the same run went on from
 * a full file.  The bytes written, or -errno. */
int logfile_header(int fd, const char *name, unsigned id, uint32_t run, bool continued);

#endif
