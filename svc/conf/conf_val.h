/* SPDX-License-Identifier: MIT */
/*
 * Value parsers for the config loader: pure functions from a string to a
 * value (no I/O, no allocation), shared by svc/conf/conf.c and its tests.  Each
 * returns 0 on success and -1 on a bad value, leaving the output untouched.
 * (Durations and sizes are conf_duration_ms()/conf_size() in svc/conf/conf.h.)
 */
#ifndef KEEL_CONF_VAL_H
#define KEEL_CONF_VAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "svc/conf/svc.h"

/* yes|no|true|false|1|0 (exact, lower case). */
int val_bool(const char *s, bool *b);

/* Decimal integer 0..max, no sign, no spaces. */
int val_uint(const char *s, uint32_t max, uint32_t *out);

/* Decimal integer min..max with an optional leading '-', no spaces. */
int val_int(const char *s, int32_t min, int32_t max, int32_t *out);

/* Octal integer 0..max (1 to 4 digits, e.g. 022, 0027). */
int val_octal(const char *s, uint32_t max, uint32_t *out);

/* A resource limit: "infinity" (UINT64_MAX) or a number 0..SVC_LIMIT_MAX;
 * with sized, a K, M, G or T suffix (powers of 1024, either case) too. */
int val_limit(const char *s, bool sized, uint64_t *out);

/* The capability named s[0..len) ("cap_net_raw", any case) as its number,
 * or -1.  Knows capabilities 0..VAL_CAP_LAST. */
int val_cap(const char *s, size_t len);
#define VAL_CAP_LAST 40

/* True if s is all digits: a user or group given by number. */
bool val_is_id(const char *s);

/* Index of s in names[0..n), or -1. */
int val_enum(const char *s, const char *const *names, int n);

/* A signal by name (TERM, SIGTERM, term: init/rt/sig.c's table) or number
 * 1..31. */
int val_signal(const char *s, uint8_t *sig);

/* True if s[0..len) is a valid service name: 1..SVC_NAME_MAX-1 characters
 * of letters, digits, '-', '_', '.', '@', not starting with '.' or '@'. */
bool val_svc_name(const char *s, size_t len);

/* True if s is a user or group name (letters, digits, '_', '.', '-', not
 * starting with '-') or a decimal id, shorter than SVC_USER_MAX. */
bool val_user(const char *s);

/* "tcp:22" (s[0..len)) into p.  Protocols tcp, udp, tcp6, udp6; port 1..65535. */
int val_port(const char *s, size_t len, struct svc_port *p);

/* "tcp", "udp", "tcp6", "udp6" for an enum svc_proto. */
const char *val_proto_name(int proto);

/* The next word of a space/comma separated list: skips separators at *s,
 * sets *word and returns its length (0 at the end), advancing *s past it. */
size_t val_next_item(const char **s, const char **word);

/* Format "path:line: " + fmt into out[0..size) (truncated, always NUL-terminated). */
void val_vmsg(char *out, size_t size, const char *path, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

#endif
