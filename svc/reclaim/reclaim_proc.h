/* SPDX-License-Identifier: MIT */
/*
 * The /proc readers behind svc/reclaim/reclaim.c (prefix rproc_): line parsers for
 * /proc/net/{tcp,tcp6,udp,udp6} (no names in them: parsed by structure;
 * unix sockets come from svc/reclaim/reclaim_diag.h, never from /proc/net/unix,
 * whose raw names can forge lines), /proc/PID/stat and status, the boot time, the
 * "same program" test on /proc/PID/exe, and the walk that maps socket
 * inodes to pids through /proc/PID/fd.  Nothing allocates: files are read
 * with read(2) into stack buffers, directories with getdents64 into stack
 * buffers (musl's opendir mallocs), and every walk has a fixed bound.  The
 * root ("/proc" by default) is module state so unit tests can point it at
 * a fake tree.
 */
#ifndef KEEL_RECLAIM_PROC_H
#define KEEL_RECLAIM_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RPROC_ROOT_MAX  96      /* root path incl. NUL */
#define RPROC_LINE_MAX  512     /* longer lines are skipped */
#define RPROC_PIDS_MAX  32768   /* processes one walk visits */
#define RPROC_LINKS_MAX 262144  /* fd links one walk reads */
#define RPROC_COMM_MAX  16      /* like the kernel's TASK_COMM_LEN */

/* TCP states as /proc/net/tcp prints them. */
#define RPROC_TCP_ESTABLISHED 0x01
#define RPROC_TCP_CLOSE       0x07
#define RPROC_TCP_LISTEN      0x0A
/* Use root instead of "/proc" (NULL or "" restores "/proc"); a root of
 * RPROC_ROOT_MAX bytes or more is cut. */
void rproc_set_root(const char *root);
const char *rproc_root(void);

/* One socket line of /proc/net/{tcp,tcp6,udp,udp6}. */
struct rproc_inet {
	uint16_t port;     /* local port */
	uint8_t state;     /* st column */
	uint64_t inode;    /* 0: no socket inode (TIME_WAIT and the like) */
};
/* Parse one line (the header line is rejected).  Accepts IPv4 (8 hex
 * digits) and IPv6 (32) local addresses.  0, or -EINVAL. */
int rproc_inet_line(const char *line, struct rproc_inet *out);

/* What /proc/PID/stat says about one process (the one parser of it). */
struct rproc_stat {
	pid_t pid;
	pid_t ppid;
	pid_t sid;                  /* session */
	char state;                 /* R S D Z T ... */
	uint64_t start;             /* starttime: clock ticks after boot */
	char comm[RPROC_COMM_MAX];  /* NUL-terminated, cut at 15 bytes */
};
/* Parse the text of /proc/PID/stat: "PID (COMM) S PPID ...".  COMM is
 * printed raw (any user sets it: blanks, ')' and newlines included), so
 * it ends at the LAST ')' and nothing in it moves a field.  0, or -EINVAL. */
int rproc_stat_parse(const char *text, struct rproc_stat *out);
/* Read and parse <root>/PID/stat.  0, -ENOENT when there is no such
 * process, other -errno. */
int rproc_pid_stat(pid_t pid, struct rproc_stat *out);

/* The real, effective, saved and filesystem uid of the "Uid:" line of a
 * /proc/PID/status text.  The Name line before it is escaped by the
 * kernel; even so a text with two "Uid:" lines is rejected.  0, -EINVAL. */
int rproc_status_uids(const char *text, uid_t uids[4]);
/* Read and parse <root>/PID/status.  0, -ENOENT (no such process), -errno. */
int rproc_pid_uids(pid_t pid, uid_t uids[4]);

/* The "btime" of <root>/stat: boot time in seconds since the epoch.
 * 0, or -errno (-EINVAL when the line is missing). */
int rproc_btime(uint64_t *sec);

/* Whether <root>/PID/exe is the program at path: the same file (device
 * and inode), or the same path text (a " (deleted)" suffix ignored, so an
 * upgraded binary still counts).  1 same, 0 different, -errno (-ENOENT:
 * the process is gone or has no exe, like a kernel thread). */
int rproc_same_exe(pid_t pid, const char *path);

/* Call fn(line, arg) for every line (without its '\n') of <root>/rel,
 * e.g. rel "net/tcp".  Lines of RPROC_LINE_MAX bytes or more are skipped.
 * 0, or -errno when the file cannot be opened or read. */
typedef void rproc_line_fn(const char *line, void *arg);
int rproc_lines(const char *rel, rproc_line_fn *fn, void *arg);

/* Call fn(pid, inode, arg) for every open fd of every process that is a
 * socket ("socket:[inode]").  Processes that vanish or cannot be read are
 * skipped.  0 when the walk was complete, 1 when it stopped at
 * RPROC_PIDS_MAX or RPROC_LINKS_MAX, -errno when the root cannot be read. */
typedef void rproc_sock_fn(pid_t pid, uint64_t inode, void *arg);
int rproc_socket_fds(rproc_sock_fn *fn, void *arg);

#endif
