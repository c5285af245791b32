/* SPDX-License-Identifier: MIT */
/*
 * init.ini's boot hooks: on_boot_healthy runs once when the boot is
 * declared healthy (an A/B setup marks its slot good there), and
 * on_boot_unhealthy once when boot health gives up on this boot
 * (init/health/health.c decides when).  Each is a short child of PID 1,
 * run as root with PATH only, workdir /, output in the log ring under
 * its own id (`initctl log @on_boot_healthy`; the console when there is
 * no ring or no free output slot); never waited for, killed after
 * SVC_HOOK_TIMEOUT_MS.  It is journaled as JOB records of the pseudo-job
 * "@on_boot_healthy" or "@on_boot_unhealthy": running when spawned, then
 * done or failed with its exit (failed with no exit: the spawn failed).
 */
#ifndef KEEL_BOOTHOOK_H
#define KEEL_BOOTHOOK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/conf/conf.h"
#include "svc/out/output.h"

enum boothook { BOOTHOOK_HEALTHY, BOOTHOOK_UNHEALTHY, BOOTHOOK_COUNT };

/* Hook h's id in the log ring: above every job id (OUT_ID_OWN..). */
#define BOOTHOOK_ID(h) (OUT_ID_OWN + (unsigned)(h))

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
/* Re-exec hand-over.  Is hook h running?  Its pid and kill time (0:
 * already killed) then. */
bool boothook_running(enum boothook h, pid_t *pid, uint64_t *deadline_ms);
/* In the new image, after boothook_setup(): hook h runs as pid (a child
 * of PID 1, checked by the caller), killed at deadline_ms. */
void boothook_adopt(enum boothook h, pid_t pid, uint64_t deadline_ms);
/* ... and its output pipe (svc/out/ checks it).  0 or -EINVAL. */
int boothook_adopt_pipe(enum boothook h, int rfd, int wfd);
/* The hook named name ("@on_boot_healthy"), or -ENOENT. */
int boothook_by_name(const char *name);
/* The name of the hook whose ring id is id, or NULL. */
const char *boothook_name(unsigned id);
/* Kill a hook past its timeout; the next deadline it needs (0: none). */
uint64_t boothook_tick(uint64_t now_ms);

#endif
