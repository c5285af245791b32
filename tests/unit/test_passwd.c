/* SPDX-License-Identifier: MIT */
/* svc/conf/passwd.c against this machine's /etc/passwd and /etc/group. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "svc/conf/passwd.h"
#include "tests/unit/t.h"

int main(void)
{
	char buf[16384];
	uid_t u = 99;
	gid_t g = 99;
	is_int(passwd_user("root", &u, &g, buf, sizeof buf), 0, "root found");
	is_int(u, 0, "root uid 0");
	is_int(g, 0, "root gid 0");
	struct passwd *pw = getpwnam("nobody");
	if (pw) {
		is_int(passwd_user("nobody", &u, &g, buf, sizeof buf), 0, "nobody found");
		is_int(u, pw->pw_uid, "nobody uid agrees with libc");
		is_int(g, pw->pw_gid, "nobody gid agrees with libc");
	}
	is_int(passwd_user("1234", &u, &g, buf, sizeof buf), 0, "a number is a uid");
	is_int(u, 1234, "uid 1234");
	is_int(passwd_user("4294967294", &u, &g, buf, sizeof buf), 0, "the largest uid");
	is_int(u, 4294967294u, "uid 4294967294");
	u = 99;
	is_int(passwd_user("4294967295", &u, &g, buf, sizeof buf), -ENOENT, "(uid_t)-1 is no uid");
	is_int(passwd_user("99999999999", &u, &g, buf, sizeof buf), -ENOENT, "an overflowing uid is no uid");
	is_int(u, 99, "and sets nothing");
	if (pw) {
		char num[16];
		snprintf(num, sizeof num, "%u", (unsigned)pw->pw_uid);
		is_int(passwd_user(num, &u, &g, buf, sizeof buf), 0, "nobody by number");
		is_int(g, pw->pw_gid, "a numeric user with an entry gets its primary group");
	}
	is_int(passwd_user("4321", &u, &g, buf, sizeof buf), 0, "a uid without an entry");
	is_int(g, 4321, "gets the gid of the same number");
	is_int(passwd_group("4294967295", &g, buf, sizeof buf), -ENOENT, "(gid_t)-1 is no gid");
	is_int(passwd_user("no-such-user-keel", &u, &g, buf, sizeof buf), -ENOENT, "unknown user: -ENOENT");
	is_int(passwd_user("roo", &u, &g, buf, sizeof buf), -ENOENT, "a prefix of a name does not match");
	struct group *gr = getgrnam("daemon");
	if (gr) {
		is_int(passwd_group("daemon", &g, buf, sizeof buf), 0, "group daemon found");
		is_int(g, gr->gr_gid, "daemon gid agrees with libc");
	}
	is_int(passwd_group("no-such-group-keel", &g, buf, sizeof buf), -ENOENT, "unknown group: -ENOENT");
	gid_t list[32];
	int n = passwd_groups_of("no-such-user-keel", list, 32, buf, sizeof buf);
	is_int(n, 0, "no groups for an unknown user");
	char small[8];
	is_int(passwd_user("root", &u, &g, small, sizeof small), -ENOENT, "a buffer too small finds nothing, safely");
	FILE *pf = fopen("/etc/passwd", "r");
	char first[64] = "";
	if (pf && fgets(first, sizeof first, pf) && strncmp(first, "root:x:0:0:", 11) == 0) {
		/* Lines longer than the buffer: only whole fields count. */
		char b10[10], b12[12];
		is_int(passwd_user("root", &u, &g, b10, sizeof b10), -ENOENT,
		       "root:x:0:0 cut inside the gid: no id is read from a cut field");
		u = g = 99;
		is_int(passwd_user("root", &u, &g, b12, sizeof b12), 0, "cut after root:x:0:0: found");
		ok(u == 0 && g == 0, "with uid 0 and gid 0");
	}
	if (pf)
		fclose(pf);
	return done();
}
