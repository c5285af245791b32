// SRCS: init/reexec_state.c svc/run/restart.c init/rt/esc.c svc/conf/conf_val.c init/rt/sig.c init/rt/num.c init/rt/lines.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the re-exec state reader (init/reexec_state.c).
 * Oracles: (1) it never reads out of bounds or crashes (ASan, UBSan);
 * (2) whatever it accepts passes its own check and writes back into a
 * state that reads the same, field for field, and writes the same text;
 * (3) read from an fd a line at a time (as re-exec does) it gives the
 * same answer and the same state as read whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "init/reexec_state.h"

static struct reexec_state first, second;
static char text[REEXEC_STATE_MAX], again[REEXEC_STATE_MAX], line[REEXEC_STATE_BUF];

/* The longest line of data, its newline included. */
static size_t longest_line(const uint8_t *data, size_t size)
{
	size_t best = 0, start = 0;
	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n') {
			if (i + 1 - start > best)
				best = i + 1 - start;
			start = i + 1;
		}
	return size - start > best ? size - start : best;
}

/* Oracle (3): whole is reexec_state_read()'s answer for data.  A line
 * longer than the fd reader's buffer is refused there, never cut. */
static void same_through_fd(const uint8_t *data, size_t size, int whole)
{
	static int fd = -1;
	char why[128];
	if (fd < 0 && (fd = memfd_create("fuzz-state", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size || lseek(fd, 0, SEEK_SET) < 0)
		abort();
	int r = reexec_state_read_fd(&second, fd, line, sizeof line, why, sizeof why);
	if (longest_line(data, size) > sizeof line - 1)
		whole = -1;
	if ((r == 0) != (whole == 0) || (r == 0 && memcmp(&first, &second, sizeof first) != 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[128];
	int whole = reexec_state_read(&first, (const char *)data, size, why, sizeof why);
	same_through_fd(data, size, whole);
	if (whole != 0)
		return 0;
	if (reexec_state_check(&first, why, sizeof why) != 0)
		abort();
	int n = reexec_state_write(&first, text, sizeof text);
	if (n <= 0)
		abort();
	if (reexec_state_read(&second, text, (size_t)n, why, sizeof why) != 0)
		abort();
	if (second.version != REEXEC_STATE_VERSION)
		abort();
	second.version = first.version;   /* an older state is written in the current version */
	if (memcmp(&first, &second, sizeof first) != 0)
		abort();
	int m = reexec_state_write(&second, again, sizeof again);
	if (m != n || memcmp(text, again, (size_t)n) != 0)
		abort();
	return 0;
}
