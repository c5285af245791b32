/* SPDX-License-Identifier: MIT */
/*
 * /etc/board.ini: what differs between boards, as data (board/README.md).
 * [board] name, console, journal, watchdog,
 * watchdog_timeout, and repeatable mount = SOURCE TARGET FSTYPE OPTIONS.
 */
#ifndef KEEL_BOARD_H
#define KEEL_BOARD_H

#include <stddef.h>
#include <stdint.h>
#include "svc/conf/svc.h"

#define BOARD_FILE "/etc/board.ini"
#define BOARD_MOUNTS_MAX 8

struct board_mount {
	char src[64], target[64], fstype[16], opts[96];
};

struct board {
	char name[32];
	char console[SVC_PATH_MAX];
	char journal[SVC_PATH_MAX];
	char watchdog[SVC_PATH_MAX];     /* "" or "none": no watchdog */
	uint32_t watchdog_timeout_ms;
	struct board_mount mounts[BOARD_MOUNTS_MAX];
	int nmounts;
};

/* Read path into b (zeroed first).  A missing file is not an error.
 * Returns 0, or -1 with err = "path:line: what" (what was read before the
 * error is kept). */
int board_load(const char *path, struct board *b, char *err, size_t errlen);

/* Mount b's extra mounts in order (PID 1 of a real system only); each
 * failure is logged, none is fatal. */
void board_mount(const struct board *b);

#endif
