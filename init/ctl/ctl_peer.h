/* SPDX-License-Identifier: MIT */
/*
 * Who is on the other end of a control connection, and may it control
 * (start, stop, reload, power off...)?  Root may; so may a member of
 * init.ini's control_group, by the peer's primary gid or its supplementary
 * groups as the kernel recorded them at connect() (SO_PEERCRED,
 * SO_PEERGROUPS: binary, no /proc text, no race with a pid being reused).
 * Any local user may read (status, journal, system, log): the command
 * table in ctl_cmd.c marks which command is which.
 */
#ifndef KEEL_CTL_PEER_H
#define KEEL_CTL_PEER_H

#include <stdbool.h>
#include <sys/types.h>

#define CTL_NO_GROUP ((gid_t)-1)
#define CTL_PEER_GROUPS_MAX 256   /* supplementary groups looked at */

struct ctl_peer {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	bool may_control;   /* root, or in control_group */
};

/* Look control_group up (a name in /etc/group, or a number; "" for root
 * only) and use it from now on.  0, or -ENOENT (no such group: root only). */
int ctl_peer_set_group(const char *name);

/* Fill p for the client on fd.  -errno when the kernel does not say
 * (the peer is then nobody: uid and gid -1, may not control). */
int ctl_peer_get(int fd, struct ctl_peer *p);

#endif
