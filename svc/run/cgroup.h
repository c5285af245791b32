/* SPDX-License-Identifier: MIT */
/*
 * Which processes belong to a job.  With cgroup v2 each job has its own
 * cgroup "svc-NAME" below the cgroup keel was started in (no controllers,
 * nothing delegated); the kernel's member list is the truth.  Without
 * cgroup v2 the fallback is weaker: the job's session (its first process
 * leads one) plus a /proc scan for descendants of session members; a
 * process that leaves the session and is orphaned is lost to it.
 * Every function works on the job's name and, for the fallback, the
 * session id (the pid of the job's first process).  Kernel text read
 * here (mountinfo, /proc/PID/cgroup, cgroup.procs) is parsed by length.
 */
#ifndef KEEL_CGROUP_H
#define KEEL_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CGROUP_PATH_MAX 256   /* a cgroup path (mount + own + job) */
#define CGROUP_PIDS_MAX 65536 /* members one pass handles at most */

/* Find the cgroup2 mount (/proc/self/mountinfo) and keel's own cgroup
 * (/proc/self/cgroup).  may_mount: PID 1 of a real system mounts cgroup2
 * at /sys/fs/cgroup when none is mounted.  0, or -errno (then the
 * fallback is used). */
int cgroup_setup(bool may_mount);
/* cgroup v2 in use (after a successful cgroup_setup). */
bool cgroup_active(void);
/* The directory job cgroups go in ("" when not active). */
const char *cgroup_base(void);
/* keel's own cgroup as /proc/PID/cgroup shows it ("" for the root). */
const char *cgroup_own(void);

/* Create the job's cgroup (exists already: fine).  0 or -errno. */
int cgroup_create(const char *name);
/* The job's cgroup.procs for writing (O_CLOEXEC: the spawn child writes
 * "0" to join).  fd or -errno. */
int cgroup_procs_fd(const char *name);
/* The job's cgroup.events for the loop (EPOLLPRI on change).  fd or -errno. */
int cgroup_events_fd(const char *name);
/* Remove the (empty) cgroup.  0 (also when it was not there) or -errno. */
int cgroup_remove(const char *name);

/* How many processes the job's cgroup has; with exactly one, its pid
 * in *pid (else 0).  -ENOSYS without cgroup v2, other -errno. */
int cgroup_one_member(const char *name, pid_t *pid);
/* Does the job have a process?  1, 0, or -errno. */
int cgroup_populated(const char *name, pid_t sid);
/* How many processes the job has, or -errno. */
int cgroup_count(const char *name, pid_t sid);
/* Send sig to every process proven to be the job's (pidfd, then the
 * membership is checked again).  The count signalled, or -errno. */
int cgroup_signal(const char *name, pid_t sid, int sig);
/* Kill everything in the job: cgroup.kill where the kernel has it, else
 * SIGKILL to each member.  0 or -errno. */
int cgroup_kill(const char *name, pid_t sid);

/* Which job pid is in: its name into name (1), 0 when it is in no job's
 * cgroup (or cgroups are not active), -errno when pid cannot be read. */
int cgroup_job_of(pid_t pid, char *name, size_t len);

/* Parsers, for the unit test.  Each reads exactly len bytes of buf.
 * The first cgroup2 mount: its mount point and its root, unescaped.
 * 0, -ENOENT when there is none, -ENAMETOOLONG, -EINVAL. */
int cgroup_parse_mountinfo(const char *buf, size_t len, char *mnt, size_t mlen, char *root, size_t rlen);
/* The cgroup v2 path ("0::PATH" line) of a /proc/PID/cgroup text.
 * 0, -ENOENT, -ENAMETOOLONG, -EINVAL. */
int cgroup_parse_self(const char *buf, size_t len, char *path, size_t plen);
/* The job name of a cgroup path below base ("BASE/svc-NAME[/...]"):
 * 1 with name set, 0 when it is not a job's. */
int cgroup_name_of(const char *base, const char *path, char *name, size_t len);
/* "populated" of a cgroup.events text: 1, 0, or -EINVAL. */
int cgroup_parse_events(const char *buf, size_t len);

/* cgroup.procs is read in chunks: numbers may span two reads. */
typedef int cgroup_pid_fn(pid_t pid, void *arg);
struct cgroup_pidscan {
	long cur;    /* the number being read, -1 none */
	bool bad;    /* the current word is not a pid */
	int count;   /* pids handed to fn */
};
void cgroup_pids_begin(struct cgroup_pidscan *s);
/* Feed one chunk; fn is called for each complete pid.  A nonzero return
 * of fn stops (and is returned).  Stops at CGROUP_PIDS_MAX pids (1). */
int cgroup_pids_feed(struct cgroup_pidscan *s, const char *buf, size_t len, cgroup_pid_fn *fn, void *arg);
int cgroup_pids_end(struct cgroup_pidscan *s, cgroup_pid_fn *fn, void *arg);

#endif
