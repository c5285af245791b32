/* SPDX-License-Identifier: MIT */
/* The notify message parser: see svc/run/notify_msg.h. */
#include <string.h>

#include "svc/run/notify_msg.h"

/* Does line[0..n) start with the n-byte key k? */
static bool has_key(const char *line, size_t n, const char *k, size_t kn)
{
	return n >= kn && memcmp(line, k, kn) == 0;
}

int notify_parse(const char *buf, size_t len, struct notify_msg *m)
{
	int found = 0;
	size_t pos = 0;

	memset(m, 0, sizeof *m);
	m->newline = memchr(buf, '\n', len) != NULL;
	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		pos += n + 1;
		if (n == 7 && has_key(line, n, "READY=1", 7)) {
			m->ready = true;
			found++;
		} else if (has_key(line, n, "STATUS=", 7)) {
			m->status = line + 7;
			m->status_len = n - 7;
			found++;
		}
	}
	return found;
}
