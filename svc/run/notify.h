/* SPDX-License-Identifier: MIT */
/*
 * PID 1's notify socket: one AF_UNIX datagram socket with SO_PASSCRED,
 * non-blocking, close-on-exec, in the loop.  Its name is an abstract one
 * the kernel picks (autobind, "@" and five hex digits): nothing on a file
 * system (no /run needed before it is mounted, no stale file, no mode
 * for a non-root service to be allowed through), no clash between two
 * keels in one network namespace, and the name travels with the fd over
 * a re-exec.  Who may speak is decided by the sender's credentials, which
 * the kernel fills in (svc/run/ready.c: only a job's own processes).
 * type = notify services get NOTIFY_SOCKET=@NAME; ready = fd:N services
 * get a datagram socket connected to it as fd N, so a newline written
 * there arrives here with the writer's pid.
 */
#ifndef KEEL_NOTIFY_H
#define KEEL_NOTIFY_H

/* Open the socket, or adopt handed (>= 0: from a re-exec, checked by the
 * caller), and watch it.  The fd, or -errno (readiness by message then
 * never comes: such services time out). */
int notify_setup(int handed);
/* The socket, -1 none (re-exec hands it over). */
int notify_fd(void);
/* "NOTIFY_SOCKET=@NAME", or NULL without a socket. */
const char *notify_env(void);
/* A new datagram socket (close-on-exec) connected to the notify socket,
 * for a ready = fd:N child.  fd or -errno. */
int notify_connect(void);

#endif
