// SRCS: svc/run/notify_msg.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the notify message parser (svc/run/notify_msg.c):
 * any datagram.  Besides the sanitizers: the STATUS span lies inside the
 * input, READY=1 is reported only when the input holds that line, and
 * the newline flag says exactly whether the input has a newline.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "svc/run/notify_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct notify_msg m;
	int n = notify_parse(buf, size, &m);
	if (n < 0 || (m.ready && !memmem(buf, size, "READY=1", 7)))
		__builtin_trap();
	if (m.status && (m.status < buf + 7 || m.status + m.status_len > buf + size ||
			 memcmp(m.status - 7, "STATUS=", 7) != 0))
		__builtin_trap();
	if (m.newline != (memchr(buf, '\n', size) != NULL))
		__builtin_trap();
	return 0;
}
