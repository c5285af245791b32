/* SPDX-License-Identifier: MIT */
/*
 * init.ini's boot hooks: on_boot_healthy runs once when the boot is
 * declared healthy (an A/B setup marks its slot good there), and
 * on_boot_unhealthy once when boot health gives up on this boot
 * (init/health/health.c decides when).  Each is a short child of PID 1,
 * run as root with PATH only, workdir /, output on PID 1's console;
 * never waited for, killed after SVC_HOOK_TIMEOUT_MS.  Its end is
 * journaled as a JOB record of the pseudo-job "@on_boot_healthy" or
 * "@on_boot_unhealthy" (state done or failed, its exit).
 */
#ifndef KEEL_BOOTHOOK_H
#define KEEL_BOOTHOOK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/conf/conf.h"

enum boothook { BOOTHOOK_HEALTHY, BOOTHOOK_UNHEALTHY, BOOTHOOK_COUNT };

/* At boot: the commands of ic (a re-exec sets them up again as already
 * run: ran = true). */
void boothook_setup(const struct init_conf *ic, bool ran);
/* Hook h's moment came: run it unless that moment came before in this
 * boot (then started is already true) or it has no command. */
void boothook_run(enum boothook h);
/* Has hook h been started this boot? */
bool boothook_started(enum boothook h);
/* A reaped child: true if it was a boot hook (logged and journaled). */
bool boothook_exited(pid_t pid, int wstatus);
/* Kill a hook past its timeout; the next deadline it needs (0: none). */
uint64_t boothook_tick(uint64_t now_ms);

#endif
