/* SPDX-License-Identifier: MIT */
/*
 * Final shutdown steps.  The service stop ladder (stop_signal, stop_timeout,
 * KILL) is the state machine's; this file handles the stragglers and the
 * machine.  Only a real system gets its root remounted read-only: in a PID
 * namespace a superblock remount would hit the host's filesystem.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "init/platform/boot.h"
#include "init/rt/kdir.h"
#include "init/rt/log.h"
#include "init/shutdown.h"
#include "svc/reclaim/reclaim_proc.h"
#include "init/rt/num.h"

const char *shutdown_name(int how)
{
	return how == SHUT_POWEROFF ? "poweroff" : how == SHUT_REBOOT ? "reboot" : how == SHUT_HALT ? "halt" : "none";
}

/* PPid of pid from /proc/PID/stat, or -1. */
static pid_t ppid_of(pid_t pid)
{
	struct rproc_stat st;
	return rproc_pid_stat(pid, &st) < 0 ? -1 : st.ppid;
}

int shutdown_signal_all(int sig)
{
	if (getpid() == 1)
		return kill(-1, sig) < 0 ? 0 : -1;
	/* Plain process: our children (services and adopted orphans). */
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	char buf[4096] __attribute__((aligned(8)));
	int count = 0;
	pid_t me = getpid();
	for (;;) {
		long n = kdir_read(fd, buf, sizeof buf);
		if (n <= 0)
			break;
		for (long off = 0; off < n; ) {
			const struct kdirent *d = (const void *)(buf + off);
			off += d->reclen;
			uint64_t pid;
			if (num_whole(d->name, INT_MAX, &pid) < 0 || pid == 0 || ppid_of((pid_t)pid) != me)
				continue;
			if (kill((pid_t)pid, sig) == 0)
				count++;
		}
	}
	close(fd);
	return count;
}

void shutdown_final(int how)
{
	bool real = boot_real_system();
	sync();
	if (real && mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0 && errno != EINVAL)
		log_warn("remount / read-only: %s", strerror(errno));
	if (getpid() == 1) {
		int cmd = how == SHUT_REBOOT ? RB_AUTOBOOT : how == SHUT_HALT ? RB_HALT_SYSTEM : RB_POWER_OFF;
		log_info("%s", shutdown_name(how));
		reboot(cmd);
		log_err("reboot(2): %s", strerror(errno));
		if (real)
			for (;;)
				pause();   /* nothing left to do; never exit PID 1 */
	}
	log_info("all services stopped, exiting");
	_exit(0);
}
