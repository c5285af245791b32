// SRCS: svc/run/cgroup.c svc/run/cgroup_members.c init/rt/lines.c init/rt/log.c init/rt/esc.c svc/reclaim/reclaim_proc.c init/rt/num.c
/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the kernel text keel reads to track a job's
 * processes: /proc/self/mountinfo, /proc/PID/cgroup, cgroup.events and
 * cgroup.procs (fed in chunks cut where the first input byte says).
 * Invariants trap: results are NUL-terminated inside their buffers, a
 * cgroup path is absolute, a job name has only service-name characters,
 * every pid handed out is in 1..4194304.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "svc/run/cgroup.h"

static int pid_ok(pid_t pid, void *arg)
{
	(void)arg;
	if (pid < 1 || pid > 4194304)
		__builtin_trap();
	return 0;
}

static void name_ok(const char *name)
{
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '_' || *c == '.' || *c == '@'))
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char mnt[64], root[64], path[64], name[32];
	if (cgroup_parse_mountinfo(text, size, mnt, sizeof mnt, root, sizeof root) == 0 &&
	    (!memchr(mnt, 0, sizeof mnt) || !memchr(root, 0, sizeof root)))
		__builtin_trap();
	if (cgroup_parse_self(text, size, path, sizeof path) == 0) {
		if (path[0] != '/' || !memchr(path, 0, sizeof path))
			__builtin_trap();
		if (cgroup_name_of("", path, name, sizeof name) == 1)
			name_ok(name);
	}
	int e = cgroup_parse_events(text, size);
	if (e < -22 || e > 1)
		__builtin_trap();
	struct cgroup_pidscan s;
	cgroup_pids_begin(&s);
	size_t cut = size ? data[0] % (size + 1) : 0;
	cgroup_pids_feed(&s, text, cut, pid_ok, NULL);
	cgroup_pids_feed(&s, text + cut, size - cut, pid_ok, NULL);
	cgroup_pids_end(&s, pid_ok, NULL);
	return 0;
}
