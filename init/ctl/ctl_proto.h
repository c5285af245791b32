/* SPDX-License-Identifier: MIT */
/*
 * The control protocol between initctl and init (the contract).
 * Transport: a SOCK_SEQPACKET Unix socket, mode 0666; reading commands for
 * anyone, the others for root or control_group (SO_PEERCRED, init/ctl/ctl_peer.h).
 * Request: one packet, the command words separated by NUL bytes
 * ("start\0netd"), at most CTL_REQ_MAX bytes.
 * Reply: packets of at most CTL_PKT_MAX bytes; the first byte says what
 * follows: 'o' text for stdout, 'e' text for stderr, 'x' then one byte,
 * the exit code, which ends the reply.  Exit codes: CTL_* below.  Text
 * packets come in the order the command wrote its texts, any number of
 * them: at most CTL_REPLY_MAX bytes of stdout text in all, CTL_PKT_MAX
 * of stderr text.  A reply the client did not read in time ends without
 * the 'x' packet (init closes the connection).
 * A reply that starts with a 'b' packet means init was too busy to read
 * the request (it did not run): the client may connect again.  A 'b'
 * packet is followed by an 'e' text and the exit code 111 for clients
 * that do not retry.
 */
#ifndef KEEL_CTL_PROTO_H
#define KEEL_CTL_PROTO_H

#define CTL_REQ_MAX   1024
#define CTL_PKT_MAX   4096
#define CTL_REPLY_MAX 32768      /* the whole stdout text of a reply, all packets */
/* The default socket path: INIT_CONTROL_DEFAULT in svc/conf/conf.h. */

/* Exit codes of a reply; they are initctl's exit codes (docs/initctl.md).
 * Inside PID 1 functions return 0 or -errno; only the command table
 * (ctl_cmd.c) turns those into these. */
enum {
	CTL_OK = 0,        /* done, or nothing to do (idempotent) */
	CTL_ERR = 1,       /* could not do it (reason in the message) */
	CTL_REFUSED = 2,   /* not now: e.g. start while stopping (-EBUSY) */
	CTL_NOTFOUND = 3,  /* no such service (-ENOENT) */
	CTL_DENIED = 4,    /* not root and not in control_group: refused */
	CTL_USAGE = 100,   /* malformed request */
	CTL_SYS = 111,     /* initctl could not reach init */
};

#define CTL_OUT  'o'
#define CTL_ERRT 'e'
#define CTL_EXIT 'x'
#define CTL_BUSY 'b'

#endif
