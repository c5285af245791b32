/* SPDX-License-Identifier: MIT */
/*
 * The control socket server.  Probe before bind (a live owner means
 * another init: refuse; a refused connect means a stale socket: unlink;
 * anything but a socket is left alone), bind as mode 0666, accept without
 * blocking; what a peer may ask is checked per command (ctl_peer.h).  A
 * client that connects but has not sent yet is parked in a table with a
 * deadline; when the table is full, the client parked longest is told
 * that init is busy, one that may not control first: a flood of those
 * cannot crowd out root.  Replies are sent
 * without waiting, a packet at a time as the command makes them
 * (init/rt/reply.h): a client that does not read loses the rest of its
 * reply.  No request can stall the loop.
 */
#ifndef KEEL_CTL_H
#define KEEL_CTL_H

#include <stddef.h>
#include <stdint.h>

#include "init/rt/loop.h"
#include "init/rt/reply.h"
#include "init/ctl/ctl_peer.h"

#define CTL_CLIENTS 64

/* Executes one request (words[0] is the command); returns its exit code.
 * Implemented by init/ctl/ctl_cmd.c. */
int ctl_cmd(char **words, int n, const struct ctl_peer *peer, struct reply *r);

/* Open the listening socket at path.  Returns fd or -errno (-EADDRINUSE
 * when a live init already answers there, -ENOTSOCK when something that
 * is not a socket is at path: it is not removed). */
int ctl_open(const char *path);

/* The client being served right now (-1 outside a request): re-exec
 * hands it over so the new image answers it. */
int ctl_current_client(void);

/* Answer a handed-over client: text on stdout, exit code, close. */
void ctl_answer_fd(int fd, int code, const char *text);

/* Use fd, a listening socket handed over by re-exec. */
void ctl_adopt(int fd);

/* The loop's handler of the listening socket (register it with
 * loop_add() after ctl_open() or ctl_adopt()): accept every pending client. */
extern const struct loop_handler ctl_listen_handler;

/* Drop parked clients whose deadline passed; returns the next deadline
 * (0 if none). */
uint64_t ctl_expire(uint64_t now_ms);

/* The listening socket's fd (-1 if none), for re-exec to hand over: it
 * stays open and is not unlinked. */
int ctl_listen_fd(void);

#endif
