/* SPDX-License-Identifier: MIT */
/*
 * The re-exec's pre-flight: the new binary is run with --check against
 * the same init.ini before PID 1 replaces itself, bounded in time.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/reexec_check.h"
#include "init/rt/clock.h"
#include "init/rt/esc.h"
#include "init/rt/sig.h"

#define CHECK_TIMEOUT_MS 5000

/* The check child: its stdout and stderr go into the pipe's write end. */
static void check_child(int out, const char *self, const char *ini_path)
{
	sig_child_reset();
	dup2(out, 1);
	dup2(out, 2);
	char *argv[] = { (char *)self, (char *)"--check", (char *)"-c", (char *)ini_path, NULL };
	execv(self, argv);
	_exit(127);
}

/* Read the child's output until it closes it (keeping what fits in
 * first), bounded by deadline; 0, or -ETIMEDOUT. */
static int collect(int rd, uint64_t deadline, char *first, size_t len)
{
	size_t n = 0;
	for (;;) {
		uint64_t now = clock_ms();
		if (now >= deadline)
			return -ETIMEDOUT;
		struct pollfd p = { .fd = rd, .events = POLLIN };
		int r = poll(&p, 1, (int)(deadline - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 ? -ETIMEDOUT : -errno;
		char tmp[512];
		ssize_t k = read(rd, tmp, sizeof tmp);
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (k <= 0)
			break;
		size_t take = (size_t)k < len - 1 - n ? (size_t)k : len - 1 - n;
		memcpy(first + n, tmp, take);
		n += take;
	}
	first[n] = 0;
	return 0;
}

/* The line of the check's output that says what is broken: the first one
 * that is not a log line ("keel: ..."), else the first line. */
static const char *broken_line(char *out)
{
	char *pick = NULL;
	for (char *line = out; *line && !pick;) {
		char *nl = strchr(line, '\n');
		if (strncmp(line, "keel: ", 6) != 0)
			pick = line;
		line = nl ? nl + 1 : line + strlen(line);
	}
	if (!pick)
		pick = out;
	pick[strcspn(pick, "\n")] = 0;
	return pick;
}

/* Wait for pid until deadline (through a pidfd when there is one), then
 * reap it; its wait status, or -ETIMEDOUT after killing it. */
static int reap_by(pid_t pid, uint64_t deadline)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int timed_out = 0;
	if (pfd >= 0) {
		uint64_t now = clock_ms();
		struct pollfd p = { .fd = pfd, .events = POLLIN };
		timed_out = now >= deadline || poll(&p, 1, (int)(deadline - now)) == 0;
		close(pfd);
	}
	if (timed_out)
		kill(pid, SIGKILL);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return timed_out ? -ETIMEDOUT : st;
}

int reexec_preflight(const char *self, const char *ini_path, char *msg, size_t len)
{
	int pp[2];
	if (pipe2(pp, O_CLOEXEC | O_NONBLOCK) < 0) {
		snprintf(msg, len, "reexec: pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(msg, len, "reexec: fork: %s", strerror(errno));
		close(pp[0]);
		close(pp[1]);
		return -1;
	}
	if (pid == 0)
		check_child(pp[1], self, ini_path);
	close(pp[1]);
	static char first[1024], shown[192];
	uint64_t deadline = clock_ms() + CHECK_TIMEOUT_MS;
	int r = collect(pp[0], deadline, first, sizeof first);
	close(pp[0]);
	int st = reap_by(pid, r < 0 ? 0 : deadline);
	if (st == -ETIMEDOUT) {
		snprintf(msg, len, "reexec refused: %s --check did not finish in %d ms", self, CHECK_TIMEOUT_MS);
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char how[32];
		sig_exit_text(WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st), 1, how, sizeof how);
		esc_str(shown, sizeof shown, broken_line(first));
		snprintf(msg, len, "reexec refused: --check failed (%s)%s%s; still running the old image",
			 how, shown[0] ? ": " : "", shown);
		return -1;
	}
	return 0;
}
