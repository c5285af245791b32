/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of boot_console() (init/platform/boot.c, board.ini's
 * console): a character device takes fds 0-2 with blocking flags and
 * PID 1's log follows it; a regular file, a directory or a missing path
 * leaves fds 0-2 alone and returns the error.  Each case runs in a child,
 * since it moves the process's own fds 0-2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/platform/boot.h"
#include "tests/unit/t.h"

/* boot_console(path) in a child: its result, and where the child's fd 1
 * then points (what, at most 127 bytes) and whether it is non-blocking. */
static int run(const char *path, char *what, int *flags)
{
	int p[2];
	if (pipe(p) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		int keep = dup(p[1]);   /* survives the dup2 onto 0-2 */
		int r = boot_console(path);
		char link[128] = "";
		ssize_t n = readlink("/proc/self/fd/1", link, sizeof link - 1);
		link[n > 0 ? n : 0] = 0;
		dprintf(keep, "%d %d %s", r, fcntl(1, F_GETFL) & O_NONBLOCK ? 1 : 0, link);
		_exit(0);
	}
	close(p[1]);
	char buf[256];
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	close(p[0]);
	waitpid(pid, NULL, 0);
	buf[n > 0 ? n : 0] = 0;
	int r = 0;
	if (sscanf(buf, "%d %d %127s", &r, flags, what) < 2)
		return -999;
	return r;
}

int main(void)
{
	char what[128] = "", before[128] = "";
	int flags = -1;
	ssize_t n = readlink("/proc/self/fd/1", before, sizeof before - 1);
	before[n > 0 ? n : 0] = 0;

	is_int(run("/dev/null", what, &flags), 0, "a character device: taken");
	is_str(what, "/dev/null", "fd 1 is on it");
	is_int(flags, 0, "and blocking (what services inherit)");

	what[0] = 0;
	is_int(run("/etc/passwd", what, &flags), -ENOTTY, "a regular file: refused");
	is_str(what, before, "fd 1 unchanged");
	what[0] = 0;
	is_int(run("/", what, &flags), -EISDIR, "a directory: refused (it does not open)");
	is_str(what, before, "fd 1 unchanged");
	what[0] = 0;
	is_int(run("/nonexistent/tty", what, &flags), -ENOENT, "a missing path: refused");
	is_str(what, before, "fd 1 unchanged");
	return done();
}
