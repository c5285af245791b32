/* SPDX-License-Identifier: MIT */
/*
 * `initctl status`: the job table as a readable table or as JSON.
 */
#ifndef KEEL_STATUS_H
#define KEEL_STATUS_H

#include "init/ctl/ctl.h"
#include "svc/run/job.h"

/* All jobs (name NULL) or one; json selects the format.  Returns 0, or
 * -ENOENT when there is no such service. */
int status_render(struct ctl_reply *r, const char *name, int json);

/* s as a JSON string: '"' and '\\' escaped with a backslash, every
 * other byte outside 0x20..0x7e as \u00XX (the byte value as the code
 * point), so the reply is valid JSON (pure ASCII) whatever s holds.
 * status_json_text writes it with its quotes into dst (size len; cut
 * before a character that would not fit, NUL-terminated) and returns
 * the length; a character takes at most STATUS_JSON_BYTE_MAX bytes. */
#define STATUS_JSON_BYTE_MAX 6
size_t status_json_text(char *dst, size_t len, const char *s);
void status_json_str(struct ctl_reply *r, const char *s);

/* "exit 3", "signal KILL", "-" into buf. */
const char *status_exit_text(int32_t e, char *buf, size_t len);

#endif
