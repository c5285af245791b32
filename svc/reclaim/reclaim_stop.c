/* SPDX-License-Identifier: MIT */
/*
 * Step 2 of a reclaim: signal the holders a scan marked RV_STOP, through
 * pidfds the caller watches, then SIGKILL what outlived the deadline.
 * Invariants: nothing here waits; a pid is signalled only after a pidfd
 * pins it and its start time still matches the scan (so a pid reused
 * since the scan is never hit); nothing is signalled unless the whole
 * scan said RECLAIM_STOP (a conflict anywhere stops nothing).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "svc/reclaim/reclaim.h"
#include "svc/reclaim/reclaim_proc.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434           /* same number on every arch */
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

/* Whether pid is still the process the scan saw (same start time). */
static bool same_process(pid_t pid, uint64_t start)
{
	struct rproc_stat st;

	return rproc_pid_stat(pid, &st) == 0 && st.start == start && st.state != 'Z' && st.state != 'X';
}

static bool seen(const struct reclaim_pidfd *out, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (out[i].pid == pid)
			return true;
	return false;
}

/* Signal one holder; true when out got an entry. */
static bool stop_one(const struct reclaim_hold *h, int sig, struct reclaim_pidfd *out)
{
	int fd = (int)syscall(SYS_pidfd_open, h->pid, 0);

	if (fd < 0 && errno != ENOSYS)
		return false;   /* ESRCH: gone already */
	if (!same_process(h->pid, h->start)) {
		if (fd >= 0)
			close(fd);
		return false;   /* exited, and maybe the pid is someone else's now */
	}
	if (fd >= 0)
		(void)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);   /* ESRCH: exited, fd reads ready */
	else
		(void)kill(h->pid, sig);   /* old kernel: a small race, closed by the rescan */
	*out = (struct reclaim_pidfd){ .fd = fd, .pid = h->pid, .start = h->start };
	return true;
}

int reclaim_stop(const struct reclaim_result *r, int sig, struct reclaim_pidfd *out, int max)
{
	int n = 0;

	if (r->status != RECLAIM_STOP)
		return -EBUSY;
	for (int i = 0; i < r->n && n < max; i++) {
		const struct reclaim_hold *h = &r->h[i];
		if (h->verdict != RV_STOP || h->pid <= 1 || seen(out, n, h->pid))
			continue;
		if (stop_one(h, sig, &out[n]))
			n++;
	}
	return n;
}

bool reclaim_exited(const struct reclaim_pidfd *p)
{
	if (p->fd < 0)
		return !same_process(p->pid, p->start);
	struct pollfd q = { .fd = p->fd, .events = POLLIN };
	return poll(&q, 1, 0) > 0;
}

int reclaim_kill(const struct reclaim_pidfd *p, int n)
{
	int sent = 0;

	for (int i = 0; i < n; i++) {
		if (reclaim_exited(&p[i]))
			continue;
		int r = p[i].fd >= 0 ? (int)syscall(SYS_pidfd_send_signal, p[i].fd, SIGKILL, NULL, 0)
				     : kill(p[i].pid, SIGKILL);
		if (r == 0)
			sent++;
	}
	return sent;
}

void reclaim_close(struct reclaim_pidfd *p, int n)
{
	for (int i = 0; i < n; i++) {
		if (p[i].fd >= 0)
			close(p[i].fd);
		p[i].fd = -1;
	}
}
