/* SPDX-License-Identifier: MIT */
/*
 * One datagram on PID 1's notify socket, parsed by length (pure: no
 * state, host-buildable for the unit test and the fuzz target).  The
 * sd_notify protocol: newline-separated KEY=VALUE assignments; only
 * READY=1 and STATUS=text mean something here, every other line is
 * ignored.  Any byte may appear (NUL included): nothing here relies on a
 * terminator, and STATUS text is handed back as a span for the caller to
 * escape.  ready = fd:N services write a bare newline instead.
 */
#ifndef KEEL_NOTIFY_MSG_H
#define KEEL_NOTIFY_MSG_H

#include <stdbool.h>
#include <stddef.h>

struct notify_msg {
	bool ready;            /* a line "READY=1" */
	bool newline;          /* the datagram holds a newline (ready = fd:N) */
	const char *status;    /* the last STATUS= value (into the buffer), NULL none */
	size_t status_len;
};

/* Parse buf[0..len) into *m.  Returns the number of assignments
 * understood (READY=1, STATUS=). */
int notify_parse(const char *buf, size_t len, struct notify_msg *m);

#endif
