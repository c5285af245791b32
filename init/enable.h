/* SPDX-License-Identifier: MIT */
/*
 * initctl enable/disable: where the setting is kept and how a job gets it
 * (docs/initctl.md).  With a journal on flash it is an ENABLE record
 * (docs/journal.md), so it survives reboots and needs no writable root.
 * Without one it is kept in a small file, keel/enabled in the directory
 * of the control socket (/run/keel/enabled by default), written
 * atomically (a temporary file renamed over it) and read at boot and at
 * re-exec: it holds for this boot only.  The file names the kernel boot
 * it belongs to (/proc/sys/kernel/random/boot_id); a file of another
 * boot is ignored, so a /run that is not a fresh tmpfs cannot carry a
 * setting into the next boot.  Everything read from it is checked: a
 * line that is not "enable NAME" or "disable NAME" with a valid service
 * name is skipped.  No allocation: a fixed table of SVC_MAX names.
 */
#ifndef KEEL_ENABLE_H
#define KEEL_ENABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svc/run/job.h"

/* Decide where settings are kept (the journal if it is open now, else
 * the file next to control) and read the file in the second case. */
void enable_setup(const char *control);

/* The setting kept for name: JOB_ENABLE_FILE (none), _ON or _OFF.  The
 * state machine's enable_of hook. */
uint8_t enable_of(const char *name);

/* initctl enable (on) or disable: keep it, set it on the job, and say
 * where it is kept in msg.  0, or -errno when it could not be kept (the
 * job has it for this boot all the same; msg says why). */
int enable_set(struct job *j, bool on, char *msg, size_t len);

/* Read an enable file of boot boot_id from fd to its end, a line at a
 * time through buf[0..len) (ENABLE_LINE_MAX will do: a longer line is
 * none of the file's), and call cb for each valid line; a line without
 * its '\n' (cut short, or longer than buf) is not taken.  Returns the
 * number of lines taken, -EINVAL when the header is missing or names
 * another boot (nothing taken), or -errno of a read. */
#define ENABLE_LINE_MAX 64   /* holds the header and "disable NAME" with their '\n' */
int enable_read(int fd, char *buf, size_t len, const char *boot_id,
		void (*cb)(void *u, const char *name, uint8_t enable), void *u);

#endif
