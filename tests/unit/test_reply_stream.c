/* SPDX-License-Identifier: MIT */
/*
 * The streamed reply (init/rt/reply.c): pieces of at most a packet, in
 * the order written, the bounds of each text, a failing sink drops the
 * rest; then the control server's packets over a real
 * socket pair (init/ctl/ctl.c ctl_answer_fd): many packets in order, and
 * a client that does not read stops the reply without blocking.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "init/ctl/ctl.h"
#include "init/ctl/ctl_proto.h"
#include "init/rt/reply.h"
#include "tests/unit/t.h"

#define PIECES_MAX 64

/* What a test sink was given. */
static struct {
	enum reply_text which[PIECES_MAX];
	size_t len[PIECES_MAX];
	int n;              /* calls */
	int fail_at;        /* the call (1-based) that fails with -EAGAIN; 0: none */
	char text[2][REPLY_OUT_MAX + REPLY_CHUNK + 1];   /* [0] stdout, [1] stderr */
	size_t used[2];
} got;

static int catch_piece(int fd, enum reply_text which, const char *text, size_t n)
{
	(void)fd;
	got.n++;
	if (got.fail_at && got.n >= got.fail_at)
		return -EAGAIN;
	if (got.n <= PIECES_MAX) {
		got.which[got.n - 1] = which;
		got.len[got.n - 1] = n;
	}
	int k = which == REPLY_ERR;
	memcpy(got.text[k] + got.used[k], text, n);
	got.used[k] += n;
	got.text[k][got.used[k]] = 0;
	return 0;
}

static struct reply r;

static void begin(int fail_at)
{
	memset(&got, 0, sizeof got);
	got.fail_at = fail_at;
	reply_start(&r, catch_piece, -1);
}

/* Line i of a long numbered text: "line 00042 ...\n", 64 bytes. */
static void line_of(int i, char *buf, size_t len)
{
	snprintf(buf, len, "line %05d %-52s\n", i, "abcdefghijklmnopqrstuvwxyz");
}

static void test_reply_stream_pieces(void)
{
	begin(0);
	char want[400 * 64 + 1] = "", line[80];
	for (int i = 0; i < 400; i++) {   /* 25600 bytes: more than six packets */
		line_of(i, line, sizeof line);
		reply_out(&r, "%s", line);
		strcat(want, line);
	}
	ok(got.n == 25600 / REPLY_CHUNK, "full pieces went out while the text was made (%d)", got.n);
	is_int(reply_end(&r), 0, "the end: the sink took all of it");
	is_int(got.n, 25600 / REPLY_CHUNK + 1, "then the rest as one more piece");
	int whole = 1;
	for (int i = 0; i < got.n; i++)
		whole &= got.which[i] == REPLY_OUT && got.len[i] == (i + 1 < got.n ? REPLY_CHUNK : 25600 % REPLY_CHUNK);
	ok(whole, "every piece but the last is a whole packet of stdout text");
	ok(strcmp(got.text[0], want) == 0, "the pieces in order are the text");
	ok(!r.truncated, "not truncated");
}

static void test_reply_stream_order(void)
{
	begin(0);
	reply_out(&r, "a%d", 1);
	reply_err(&r, "b%d", 2);
	reply_err(&r, "c");
	reply_out(&r, "d");
	reply_end(&r);
	is_int(got.n, 3, "out, err, out: three pieces");
	ok(got.which[0] == REPLY_OUT && got.which[1] == REPLY_ERR && got.which[2] == REPLY_OUT,
	   "in the order the texts were written");
	is_str(got.text[0], "a1d", "stdout text");
	is_str(got.text[1], "b2c", "stderr text: both writes in one piece");
}

static void test_reply_stream_bounds(void)
{
	begin(0);
	char line[80];
	for (int i = 0; i < 600; i++) {   /* 38400 bytes */
		line_of(i, line, sizeof line);
		reply_out(&r, "%s", line);
	}
	reply_end(&r);
	is_int(got.used[0], REPLY_OUT_MAX, "stdout text cut at REPLY_OUT_MAX");
	ok(r.truncated, "and marked truncated");
	begin(0);
	for (int i = 0; i < 100; i++)
		reply_err(&r, "%s", "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrs\n");
	reply_end(&r);
	is_int(got.used[1], REPLY_ERR_MAX, "stderr text cut at REPLY_ERR_MAX");
	ok(r.truncated, "and marked truncated");
	begin(0);
	reply_out(&r, "%*s", REPLY_OUT_MAX, "x");   /* exactly the bound, in one write */
	reply_end(&r);
	ok(got.used[0] == REPLY_OUT_MAX && !r.truncated, "a text of exactly the bound is whole");
}

static void test_reply_stream_failed_sink(void)
{
	begin(2);   /* the second piece fails: a client whose buffer is full */
	char line[80];
	for (int i = 0; i < 400; i++) {
		line_of(i, line, sizeof line);
		reply_out(&r, "%s", line);
	}
	reply_err(&r, "note\n");
	is_int(reply_end(&r), -EAGAIN, "reply_end says the reply was cut");
	is_int(got.n, 2, "after the failure nothing more was given to the sink");
	is_int(got.used[0], REPLY_CHUNK, "the client has the first piece only");
	is_int(got.used[1], 0, "and no stderr text");
}

/* Read the packets of one reply from fd: the stdout text into out, the
 * exit code (or -1 when the connection ended without one); *npkt counts
 * the text packets, *kinds_ok is false if one was not CTL_OUT or too long. */
static int read_packets(int fd, char *out, size_t cap, int *npkt, int *kinds_ok)
{
	char pkt[CTL_PKT_MAX + 16];
	size_t used = 0;
	*npkt = 0;
	*kinds_ok = 1;
	for (;;) {
		ssize_t n = recv(fd, pkt, sizeof pkt, 0);
		if (n <= 0)
			return -1;
		if (pkt[0] == CTL_EXIT && n == 2)
			return (unsigned char)pkt[1];
		(*npkt)++;
		if (pkt[0] != CTL_OUT || n > CTL_PKT_MAX || used + (size_t)n - 1 > cap)
			*kinds_ok = 0;
		else {
			memcpy(out + used, pkt + 1, (size_t)n - 1);
			used += (size_t)n - 1;
		}
		out[used] = 0;
	}
}

static char big[20000 + 1], back[REPLY_OUT_MAX + 1];

static void test_reply_stream_socket(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0) {
		ok(0, "socketpair");
		return;
	}
	char line[80];
	big[0] = 0;
	for (int i = 0; i < 312; i++) {   /* 19968 bytes */
		line_of(i, line, sizeof line);
		strcat(big, line);
	}
	ctl_answer_fd(sv[0], CTL_NOTFOUND, big);   /* sends, closes sv[0] */
	int npkt, kinds_ok;
	int code = read_packets(sv[1], back, sizeof back - 1, &npkt, &kinds_ok);
	close(sv[1]);
	is_int(code, CTL_NOTFOUND, "the exit code packet ends the reply");
	is_int(npkt, (int)(strlen(big) + REPLY_CHUNK - 1) / REPLY_CHUNK, "the text came in packets of a packet's size");
	ok(kinds_ok, "each a CTL_OUT packet of at most CTL_PKT_MAX bytes");
	ok(strcmp(back, big) == 0, "in order: the text whole");
}

/* A client that does not read: its socket buffer fills, the reply stops
 * there without waiting (alarm: a blocked send would end the test). */
static void test_reply_stream_full_socket(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0) {
		ok(0, "socketpair");
		return;
	}
	int small = 4096;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	char text[REPLY_OUT_MAX - 100 + 1];
	memset(text, 'q', sizeof text - 1);
	text[sizeof text - 1] = 0;
	alarm(20);
	ctl_answer_fd(sv[0], CTL_OK, text);   /* must return: never blocks */
	alarm(0);
	ok(1, "the server returned while the client read nothing");
	int npkt, kinds_ok;
	int code = read_packets(sv[1], back, sizeof back - 1, &npkt, &kinds_ok);
	close(sv[1]);
	is_int(code, -1, "no exit code: the reply was cut and the connection closed");
	ok(npkt >= 1 && strlen(back) < strlen(text), "the client got a part only (%d packets, %zu bytes)", npkt,
	   strlen(back));
	ok(kinds_ok && strspn(back, "q") == strlen(back), "and that part is the start of the text");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_reply_stream_pieces();
	test_reply_stream_order();
	test_reply_stream_bounds();
	test_reply_stream_failed_sink();
	test_reply_stream_socket();
	test_reply_stream_full_socket();
	return done();
}
