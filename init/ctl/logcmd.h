/* SPDX-License-Identifier: MIT */
/*
 * `initctl log`: service output kept in the ring (svc/out/ring.h), as
 * escaped text in a bounded reply.
 *   log [NAME] [-n N] [--run K] [--all] [-t] [--after SEQ]
 * NAME: that job's current run (the lines since its last start); without
 * NAME every kept line of every job, each prefixed with the job's name.
 * NAME may be a boot hook's pseudo-job (@on_boot_healthy, ...).
 * --run K: the run with restart_count K.  --all: every kept run, each
 * under a header with its restart_count and exit.  -n N: the last N.
 * -t: monotonic seconds first.  --after SEQ (initctl -f): only lines
 * newer than SEQ, oldest first; the stderr text then starts with
 * "@cursor SEQ" for the next request.  Lines that do not fit the reply
 * are left out, the oldest first (--after: the newest, for next time).
 */
#ifndef KEEL_LOGCMD_H
#define KEEL_LOGCMD_H

#include "init/rt/reply.h"

#define LOGCMD_CURSOR "@cursor "

/* The reply for the words w[0..n) (w[0] is "log").  0; -EINVAL for bad
 * usage, -ENOENT for no such service (the message is in r). */
int logcmd_render(char **w, int n, struct reply *r);

#endif
