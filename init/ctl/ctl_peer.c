/* SPDX-License-Identifier: MIT */
/*
 * Control peers (see ctl_peer.h).  Memory: one fixed buffer of
 * CTL_PEER_GROUPS_MAX gids; a peer in more groups than that is judged by
 * its uid and primary gid only (getsockopt says ERANGE: it is refused
 * unless those suffice), and the log says so.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "init/ctl/ctl_peer.h"
#include "init/rt/log.h"
#include "svc/conf/passwd.h"

static gid_t control_gid = CTL_NO_GROUP;

int ctl_peer_set_group(const char *name)
{
	char buf[16384];   /* /etc/group, read once at load */
	gid_t gid;
	control_gid = CTL_NO_GROUP;
	if (!name[0])
		return 0;
	if (passwd_group(name, &gid, buf, sizeof buf) < 0 || gid == CTL_NO_GROUP)
		return -ENOENT;
	control_gid = gid;
	return 0;
}

/* Is the control group among the peer's supplementary groups? */
static bool in_group_list(int fd, const struct ctl_peer *p)
{
	static gid_t groups[CTL_PEER_GROUPS_MAX];
	socklen_t len = sizeof groups;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0) {
		log_warn("control: groups of pid %d (uid %u): %s: judged by uid and gid only",
			 (int)p->pid, (unsigned)p->uid, errno == ERANGE ? "more than 256" : strerror(errno));
		return false;
	}
	for (socklen_t i = 0; i < len / sizeof groups[0]; i++)
		if (groups[i] == control_gid)
			return true;
	return false;
}

int ctl_peer_get(int fd, struct ctl_peer *p)
{
	struct ucred cr;
	socklen_t l = sizeof cr;
	p->pid = 0;
	p->uid = (uid_t)-1;
	p->gid = (gid_t)-1;
	p->may_control = false;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &l) < 0)
		return -errno;
	p->pid = cr.pid;
	p->uid = cr.uid;
	p->gid = cr.gid;
	if (cr.uid == 0)
		p->may_control = true;
	else if (control_gid != CTL_NO_GROUP)
		p->may_control = cr.gid == control_gid || in_group_list(fd, p);
	return 0;
}
