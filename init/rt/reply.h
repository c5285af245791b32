/* SPDX-License-Identifier: MIT */
/*
 * A reply under construction: what a control command prints on the
 * client's stdout and stderr, in two bounded buffers (a reply that does
 * not fit is cut and marked truncated).  A leaf: the commands, status,
 * boot health and the watchdog write into it; the control server
 * (init/ctl/ctl.c) sends it.
 */
#ifndef KEEL_REPLY_H
#define KEEL_REPLY_H

#include <stddef.h>

#define REPLY_OUT_MAX 32768   /* the whole stdout text (init/ctl/ctl_proto.h CTL_REPLY_MAX) */
#define REPLY_ERR_MAX 4096    /* the whole stderr text (one packet: CTL_PKT_MAX) */

struct reply {
	char out[REPLY_OUT_MAX];
	size_t nout;
	char err[REPLY_ERR_MAX];
	size_t nerr;
	int truncated;
};

/* Empty both texts. */
void reply_reset(struct reply *r);
void reply_out(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reply_err(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* s as a JSON string: '"' and '\\' escaped with a backslash, every
 * other byte outside 0x20..0x7e as \u00XX (the byte value as the code
 * point), so the reply is valid JSON (pure ASCII) whatever s holds.
 * reply_json_text writes it with its quotes into dst (size len; cut
 * before a character that would not fit, NUL-terminated) and returns
 * the length; a character takes at most REPLY_JSON_BYTE_MAX bytes.
 * reply_json_str appends it to r's stdout text. */
#define REPLY_JSON_BYTE_MAX 6
size_t reply_json_text(char *dst, size_t len, const char *s);
void reply_json_str(struct reply *r, const char *s);

#endif
