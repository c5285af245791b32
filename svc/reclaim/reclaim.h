/* SPDX-License-Identifier: MIT */
/*
 * Resource reclaim before a start (docs/reclaim.md): find who holds a
 * service's pidfile, unix sockets and ports, clean up what is stale, and
 * stop a holder only when the service says so (singleton or kill_others),
 * the holder is not protected (PID 1, keel, a keel job or a process under
 * one), every uid of it is the service's own, and (singleton) it runs the
 * service's program.  Unix socket holders come from unix_diag, never from
 * /proc/net/unix text; a pidfile others could write is ignored.  PID 1
 * never waits here; the work is split in three steps:
 *   1. reclaim_scan(): synchronous and bounded (a /proc walk, no sleep):
 *      every holder with a verdict, stale pidfiles and socket files
 *      removed, the answer in a fixed-size struct (no allocation);
 *   2. reclaim_stop(): stop_signal to the holders to stop, through
 *      pidfds the caller puts in epoll (readable = exited); at the
 *      deadline reclaim_kill() sends SIGKILL; reclaim_close() ends it;
 *   3. reclaim_scan() again: RECLAIM_FREE means the start may go on.
 */
#ifndef KEEL_RECLAIM_H
#define KEEL_RECLAIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "svc/conf/svc.h"

#define RECLAIM_MAX      16   /* holders one result keeps (more: truncated) */
#define RECLAIM_COMM_MAX 16
#define RECLAIM_WHAT_MAX SVC_PATH_MAX

/* What a holder holds. */
enum reclaim_kind { RK_PIDFILE, RK_SOCKET, RK_PORT };

/* X(id, text): what happens to a holder.  The text is the status word. */
#define RECLAIM_VERDICTS(X)                                              \
	X(RV_STALE,     "stale")      /* stale file: removed (kept when dry) */ \
	X(RV_REUSED,    "reused")     /* pidfile names an unrelated live pid: pidfile removed, pid untouched */ \
	X(RV_STOP,      "stop")       /* ours to stop: singleton or kill_others */ \
	X(RV_REFUSE,    "refuse")     /* held, and the service may not stop it */ \
	X(RV_PROTECTED, "protected")  /* PID 1, keel, a keel job: never signalled */ \
	X(RV_UNKNOWN,   "unknown")    /* held, but no holder visible in /proc */ \
	X(RV_IGNORED,   "ignored")    /* pidfile others could write: not trusted, not used */ \
	X(RV_ERROR,     "error")      /* could not check or clean up (see err) */

enum reclaim_verdict {
#define RECLAIM_VERDICT_ENUM(id, s) id,
	RECLAIM_VERDICTS(RECLAIM_VERDICT_ENUM)
#undef RECLAIM_VERDICT_ENUM
	RV_COUNT
};

/* X(id, text): why a holder got its verdict (the formatter's words). */
#define RECLAIM_DETAILS(X)                                                     \
	X(RD_NONE,      "")                                                    \
	X(RD_NOPID,     "no pid in it")                                        \
	X(RD_DEAD,      "not running")                                         \
	X(RD_OTHER_EXE, "runs another program")                                \
	X(RD_LATER,     "started after the pidfile was written")               \
	X(RD_REFUSED,   "connection refused")                                  \
	X(RD_UNBOUND,   "no socket bound to it")                               \
	X(RD_INIT,      "PID 1")                                               \
	X(RD_SELF,      "keel itself")                                         \
	X(RD_JOB,       "a keel job")                                          \
	X(RD_HIDDEN,    "holder not visible in /proc")                         \
	X(RD_NOTSOCK,   "not a socket")                                        \
	X(RD_OTHER_UID, "runs as another user than the service")               \
	X(RD_NOUSER,    "the service's user is unknown")                       \
	X(RD_NODIAG,    "holder cannot be identified (no unix_diag)")          \
	X(RD_DIR_OPEN,  "in a directory other users can write")                \
	X(RD_FILE_OPEN, "owned or writable by another user")                   \
	X(RD_ERRNO,     "")

enum reclaim_detail {
#define RECLAIM_DETAIL_ENUM(id, s) id,
	RECLAIM_DETAILS(RECLAIM_DETAIL_ENUM)
#undef RECLAIM_DETAIL_ENUM
	RD_COUNT
};

/* One holder of one declared resource. */
struct reclaim_hold {
	uint8_t kind;                  /* enum reclaim_kind */
	uint8_t verdict;               /* enum reclaim_verdict */
	uint8_t detail;                /* enum reclaim_detail */
	uint8_t index;                 /* which sockets[]/ports[] entry (0 for the pidfile) */
	pid_t pid;                     /* 0: no process (a stale file, RV_UNKNOWN) */
	pid_t job_pid;                 /* RD_JOB: the keel job's pid (pid itself or an ancestor) */
	int err;                       /* RV_ERROR: the errno */
	uid_t uid;                     /* RD_OTHER_UID: the holder's first uid not allowed;
					* RD_DIR_OPEN, RD_FILE_OPEN: the owner or -1 (any user) */
	uint64_t start;                /* the holder's start time (ticks), checked again by reclaim_stop() */
	char comm[RECLAIM_COMM_MAX];   /* the holder's command name */
	char what[RECLAIM_WHAT_MAX];   /* "/run/x.pid", "/run/x.sock", "tcp:8080" */
};

/* The overall answer. */
enum reclaim_status {
	RECLAIM_FREE,      /* nothing blocks the start */
	RECLAIM_STOP,      /* only holders the service may stop: reclaim_stop() */
	RECLAIM_CONFLICT,  /* something may not or cannot be stopped: do not start */
};

struct reclaim_result {
	uint8_t status;                /* enum reclaim_status */
	uint8_t n;                     /* holds used */
	bool truncated;                /* more holders than RECLAIM_MAX, or the /proc walk hit its bound */
	bool dry;                      /* scanned with RECLAIM_DRY: nothing removed */
	bool singleton, kill_others;   /* the service's settings, for the formatter */
	char name[SVC_NAME_MAX];       /* the service */
	struct reclaim_hold h[RECLAIM_MAX];
};

/* Tells whether pid is the process of a keel job (the caller's job table;
 * it may also say yes for any process a job owns, e.g. by its cgroup). */
typedef bool reclaim_job_fn(pid_t pid);

/* Flags of reclaim_scan(). */
#define RECLAIM_DRY 1   /* look only: no unlink, no connect (initctl status) */

/* Read /proc at root instead of "/proc" (tests use a fake tree; NULL
 * restores "/proc").  Pidfiles and socket paths are always real paths. */
void reclaim_set_proc_root(const char *root);

/* The pid in the pidfile at path, for a job watching its own daemon's
 * (`ready = pidfile`, `type = forking`): opened without following a
 * symlink and without blocking, read only if it is a regular file, its
 * first 24 bytes parsed by init/rt/num.h num_pidfile().  The pid (> 0),
 * 0 when it names none (or cannot be read), -errno when it cannot be
 * opened (-ENOENT: there is none), -EINVAL when it is no regular file.
 * (Reclaim's own scan reads the file in its own way: it judges who may
 * have written it before it believes it.) */
int reclaim_pidfile_read(const char *path);


/* Step 1 (and 3): find every holder of c's pidfile, sockets and ports and
 * give each a verdict; without RECLAIM_DRY, remove stale pidfiles (dead
 * pid, no pid, or a reused pid whose process is left alone) and stale
 * socket files (connect refused).  is_job says whether a pid is a keel
 * job (may be NULL); self is keel's own pid.  Never signals, never waits.
 * Fills *r and returns r->status. */
int reclaim_scan(const struct svc_conf *c, reclaim_job_fn *is_job, pid_t self,
		 int flags, struct reclaim_result *r);

/* One pidfd per distinct pid that reclaim_stop() signalled. */
struct reclaim_pidfd {
	int fd;       /* pidfd (readable once the process exited); -1 when the
		       * kernel has no pidfd_open (signalled with kill(2): rescan) */
	pid_t pid;
	uint64_t start;   /* its start time, to tell a reused pid without a pidfd */
};

/* Step 2: send sig to every RV_STOP holder of r (once per pid), but only
 * when r->status is RECLAIM_STOP.  Each pid is re-checked through its
 * pidfd (same start time as in the scan) so a pid reused since the scan is
 * never signalled.  Writes up to max entries to out.  Count, or -EBUSY
 * when r is not RECLAIM_STOP.  The caller owns the fds: epoll them with a
 * deadline of stop_timeout, then reclaim_kill(), then reclaim_close(). */
int reclaim_stop(const struct reclaim_result *r, int sig, struct reclaim_pidfd *out, int max);

/* SIGKILL every process of p[0..n) that has not exited yet.  Count sent. */
int reclaim_kill(const struct reclaim_pidfd *p, int n);

/* Whether p's process has exited (a poll of its pidfd that does not wait;
 * for fd -1 a look at /proc).  */
bool reclaim_exited(const struct reclaim_pidfd *p);

/* Close every fd of p[0..n) and set it to -1. */
void reclaim_close(struct reclaim_pidfd *p, int n);

/* One human line for h[i] of r, for logs and status, e.g.
 * "port tcp:8080 held by pid 123 (nc): refusing, singleton=no".
 * Returns what snprintf returns. */
int reclaim_fmt(const struct reclaim_result *r, int i, char *buf, size_t len);

/* What blocks the start, in one line for job->why: the first blocking
 * holder's line, plus " (+N more)".  "" when r->status is RECLAIM_FREE. */
int reclaim_why(const struct reclaim_result *r, char *buf, size_t len);

/* "stale", "stop", ... ; "?" for an unknown number. */
const char *reclaim_verdict_name(unsigned v);

#endif
