/* SPDX-License-Identifier: MIT */
/*
 * Escaping of outside text (process names, socket names, file contents,
 * anything a user or the kernel wrote) before it reaches a log line, a
 * status line, JSON or the re-exec state.  Printable ASCII (0x20..0x7e)
 * other than the backslash is copied; a backslash becomes "\\" and every
 * other byte "\xNN" (two lowercase hex digits), so the result is one line
 * of printable ASCII and esc_unescape() gives back the exact bytes.
 * Nothing allocates.
 */
#ifndef KEEL_ESC_H
#define KEEL_ESC_H

#include <stddef.h>

/* The longest escape of one byte ("\xNN"). */
#define ESC_BYTE_MAX 4

/* Escape src[0..n) into dst (size len >= 1; always NUL-terminated).  The
 * result is cut before an escape that would not fit whole.  Returns the
 * length written (without the NUL). */
size_t esc_text(char *dst, size_t len, const char *src, size_t n);

/* Escape the NUL-terminated string src: esc_text(dst, len, src, strlen(src)). */
size_t esc_str(char *dst, size_t len, const char *src);

/* For people only (log lines, status text): like esc_str but a backslash
 * is copied as is, so text that was escaped before (a process name in a
 * why text) is not escaped twice.  Still one line of printable ASCII;
 * not invertible (use esc_text where the bytes must come back). */
size_t esc_show(char *dst, size_t len, const char *src);

/* Undo esc_text: src[0..n) into dst (size len).  Returns the number of
 * bytes written (dst is not NUL-terminated: it may hold NUL bytes), or
 * -EINVAL for a malformed escape or a byte esc_text never writes, or
 * -ENOSPC when dst is too small. */
int esc_unescape(char *dst, size_t len, const char *src, size_t n);

#endif
