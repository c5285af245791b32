/* SPDX-License-Identifier: MIT */
/*
 * Value parsers for the config loader: pure functions from a string to a
 * value (no I/O, no allocation), shared by svc/conf.c and its tests.  Each
 * returns 0 on success and -1 on a bad value, leaving the output untouched.
 * (Durations and sizes are conf_duration_ms()/conf_size() in svc/conf.h.)
 */
#ifndef KEEL_CONF_VAL_H
#define KEEL_CONF_VAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "svc/svc.h"

/* yes|no|true|false|1|0 (exact, lower case). */
int val_bool(const char *s, bool *b);

/* Decimal integer 0..max, no sign, no spaces. */
int val_uint(const char *s, uint32_t max, uint32_t *out);

/* Index of s in names[0..n), or -1. */
int val_enum(const char *s, const char *const *names, int n);

/* A signal by name (TERM, SIGTERM, term) or number 1..31. */
int val_signal(const char *s, uint8_t *sig);

/* The name of signal sig without "SIG" ("TERM"), or NULL if not in the table. */
const char *val_signal_name(int sig);

/* True if s[0..len) is a valid service name: 1..SVC_NAME_MAX-1 characters
 * of letters, digits, '-', '_', '.', '@', not starting with '.'. */
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
