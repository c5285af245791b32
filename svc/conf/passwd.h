/* SPDX-License-Identifier: MIT */
/*
 * User and group lookups for the spawn child: /etc/passwd and /etc/group
 * read a line at a time through a caller buffer (a longer line keeps its
 * whole fields only).  No
 * NSS, no malloc (musl's getpwnam family allocates and pulls in ~10 KB).
 * A name that is all digits is taken as the number itself (0..4294967294;
 * larger ones are looked up as names and not found): a numeric user gets
 * the primary group of its passwd entry if it has one, else the gid of
 * the same number.  Ids in the files outside that range skip the line.
 */
#ifndef KEEL_PASSWD_H
#define KEEL_PASSWD_H

#include <stddef.h>
#include <sys/types.h>

/* 0 with the ids set, or -ENOENT. */
int passwd_user(const char *name, uid_t *uid, gid_t *gid, char *buf, size_t len);
int passwd_group(const char *name, gid_t *gid, char *buf, size_t len);
/* The groups that list user as a member, into list[0..max); returns the count. */
int passwd_groups_of(const char *user, gid_t *list, int max, char *buf, size_t len);

#endif
