/* SPDX-License-Identifier: MIT */
/*
 * A reply as it is made: what a control command prints on the client's
 * stdout and stderr, streamed.  A leaf: the commands, status, boot
 * health and the watchdog write into it; the control server
 * (init/ctl/ctl.c) gives it a sink that sends packets.
 *
 * The texts collect in one buffer of a packet's size.  When it is full,
 * or when the command turns from one text to the other, its bytes go to
 * the sink at once; reply_end() sends the rest.  So the client gets the
 * texts in the order the command wrote them, and a reply of any length
 * costs PID 1 one buffer.  What was sent cannot be taken back: a
 * command that must say something about its whole output (how much was
 * left out, a JSON array kept valid) decides before it writes, by
 * counting first (init/ctl/ctl_cmd.c journal, init/ctl/logcmd.c).
 *
 * Bounds (the protocol's, init/ctl/ctl_proto.h): at most REPLY_OUT_MAX
 * bytes of stdout text and REPLY_ERR_MAX of stderr text in all; what
 * goes past them is cut and the reply marked truncated.
 *
 * The sink must never wait (PID 1 does not): when it fails (a client
 * that does not read, so its socket buffer is full; a client gone), the
 * rest of the reply is dropped; reply_end() says so.
 */
#ifndef KEEL_REPLY_H
#define KEEL_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#define REPLY_OUT_MAX 32768   /* the whole stdout text (init/ctl/ctl_proto.h CTL_REPLY_MAX) */
#define REPLY_ERR_MAX 4096    /* the whole stderr text (one packet's worth: CTL_PKT_MAX) */
#define REPLY_CHUNK   4095    /* the text of one packet (CTL_PKT_MAX less its kind byte) */

/* The two texts; their values are the client's fds. */
enum reply_text { REPLY_OUT = 1, REPLY_ERR = 2 };

/* Takes n > 0 bytes of one text, without waiting; 0 or -errno. */
typedef int reply_sink(int fd, enum reply_text which, const char *text, size_t n);

struct reply {
	char buf[REPLY_CHUNK];   /* text not sent yet, all of one kind */
	size_t n;                /* bytes in buf */
	enum reply_text held;    /* which text buf holds */
	size_t nout, nerr;       /* bytes of each text given to the sink so far */
	reply_sink *sink;        /* where the texts go (never NULL) */
	int fd;                  /* passed to sink: the client */
	int failed;              /* 0, or the sink's -errno: the rest is dropped */
	bool truncated;          /* a text went past its bound */
};

/* Begin a reply (empty, nothing sent) that goes to sink(fd, ...). */
void reply_start(struct reply *r, reply_sink *sink, int fd);
void reply_out(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reply_err(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Send what is held.  0 when the whole reply reached the sink, else the
 * sink's -errno (the reply was cut there). */
int reply_end(struct reply *r);

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
