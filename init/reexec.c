/* SPDX-License-Identifier: MIT */
/*
 * Re-exec with state hand-over.  The state goes through a memfd as text,
 * one line per job, so a newer binary with a different struct layout can
 * still read it:
 *   keel-state 1
 *   ctl FD
 *   ids LAST_ID
 *   reexec T1 T2 T3            (monotonic ms of recent re-execs, 0 = none)
 *   job ID NAME STATE PID WANT RC EXIT STARTED SINCE DEADLINE RS_HEAD RS_COUNT
 *       RS_QUICK RS_DELAY RS_NEXT AT0..AT31 |WHY      (one line)
 * Monotonic time survives execve, so deadlines stay absolute.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/clock.h"
#include "init/ctl.h"
#include "init/log.h"
#include "init/reexec.h"
#include "init/sig.h"
#include "init/watchdog.h"
#include "svc/state.h"

#define CHECK_TIMEOUT_MS 5000

static char self[SVC_PATH_MAX];
static char ini_path[SVC_PATH_MAX];
static uint64_t history[REEXEC_MAX];   /* ring of recent re-exec times */
static int wd_fd = -1;                 /* watchdog fd handed over */

int reexec_watchdog_fd(void)
{
	return wd_fd;
}

void reexec_setup(const char *init_ini)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = 0;
	snprintf(ini_path, sizeof ini_path, "%s", init_ini);
}

/* Run the new binary with --check; 0 if it exits 0 in time. */
static int preflight(char *msg, size_t len)
{
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(msg, len, "reexec: fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		sig_child_reset();
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		char *argv[] = { self, (char *)"--check", (char *)"-c", ini_path, NULL };
		execv(self, argv);
		_exit(127);
	}
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd >= 0) {
		struct pollfd p = { .fd = pfd, .events = POLLIN };
		int r = poll(&p, 1, CHECK_TIMEOUT_MS);
		close(pfd);
		if (r == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			snprintf(msg, len, "reexec refused: %s --check did not finish in %d ms", self, CHECK_TIMEOUT_MS);
			return -1;
		}
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(msg, len, "reexec refused: %s --check failed (%s %d); still running the old image",
			 self, WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	return 0;
}

static int put_state(int fd, int ctlfd, int client)
{
	char line[1024];
	int n = snprintf(line, sizeof line, "keel-state 1\nctl %d\nclient %d\nwatchdog %d\nids %u\nreexec",
			 ctlfd, client, watchdog_fd(), job_last_id());
	for (int i = 0; i < REEXEC_MAX; i++)
		n += snprintf(line + n, sizeof line - (size_t)n, " %llu", (unsigned long long)history[i]);
	n += snprintf(line + n, sizeof line - (size_t)n, "\n");
	if (write(fd, line, (size_t)n) != n)
		return -1;
	for (int i = 0; i < SVC_MAX; i++) {
		const struct job *j = job_at(i);
		if (!j->used)
			continue;
		n = snprintf(line, sizeof line, "job %u %s %u %d %d %u %d %llu %llu %llu %u %u %u %u %llu",
			     (unsigned)j->id, j->conf.name, (unsigned)j->state, (int)j->pid, (int)j->want,
			     (unsigned)j->restart_count, (int)j->last_exit,
			     (unsigned long long)j->started_ms, (unsigned long long)j->since_ms,
			     (unsigned long long)j->deadline_ms, (unsigned)j->rs.head, (unsigned)j->rs.count,
			     (unsigned)j->rs.quick, (unsigned)j->rs.delay_ms, (unsigned long long)j->rs.next_ms);
		for (int k = 0; k < RESTART_LIMIT_MAX; k++)
			n += snprintf(line + n, sizeof line - (size_t)n, " %llu", (unsigned long long)j->rs.at[k]);
		n += snprintf(line + n, sizeof line - (size_t)n, " |%s\n", j->why);
		if (n >= (int)sizeof line || write(fd, line, (size_t)n) != n)
			return -1;
	}
	return 0;
}

int reexec_now(char *msg, size_t len)
{
	uint64_t now = clock_ms();
	int recent = 0;
	uint64_t oldest = 0;
	for (int i = 0; i < REEXEC_MAX; i++)
		if (history[i] && now - history[i] < REEXEC_WINDOW_MS) {
			recent++;
			if (!oldest || history[i] < oldest)
				oldest = history[i];
		}
	if (recent >= REEXEC_MAX) {
		snprintf(msg, len, "reexec refused: %d re-execs in the last %d s (limit %d); next allowed in %llu ms",
			 recent, REEXEC_WINDOW_MS / 1000, REEXEC_MAX,
			 (unsigned long long)(oldest + REEXEC_WINDOW_MS - now));
		return CTL_REFUSED;
	}
	if (state_shutting_down()) {
		snprintf(msg, len, "reexec refused: shutting down");
		return CTL_REFUSED;
	}
	if (!self[0] || preflight(msg, len) < 0)
		return CTL_ERR;

	/* Record this attempt in place of the oldest entry. */
	int slot = 0;
	for (int i = 1; i < REEXEC_MAX; i++)
		if (history[i] < history[slot])
			slot = i;
	uint64_t saved = history[slot];
	history[slot] = now;

	int fd = memfd_create("keel-state", 0);
	int ctlfd = ctl_listen_fd(), client = ctl_current_client();
	if (fd < 0 || put_state(fd, ctlfd, client) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		snprintf(msg, len, "reexec: cannot write state: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		history[slot] = saved;
		return CTL_ERR;
	}
	if (ctlfd >= 0)
		fcntl(ctlfd, F_SETFD, 0);
	if (client >= 0)
		fcntl(client, F_SETFD, 0);
	if (watchdog_fd() >= 0)
		fcntl(watchdog_fd(), F_SETFD, 0);
	char fdarg[16];
	snprintf(fdarg, sizeof fdarg, "%d", fd);
	log_info("re-executing %s", self);
	char *argv[] = { self, (char *)"--reexec", fdarg, (char *)"-c", ini_path, NULL };
	execv(self, argv);
	int e = errno;
	if (ctlfd >= 0)
		fcntl(ctlfd, F_SETFD, FD_CLOEXEC);
	if (client >= 0)
		fcntl(client, F_SETFD, FD_CLOEXEC);
	if (watchdog_fd() >= 0)
		fcntl(watchdog_fd(), F_SETFD, FD_CLOEXEC);
	close(fd);
	history[slot] = saved;
	snprintf(msg, len, "reexec: execv %s: %s; still running the old image", self, strerror(e));
	return CTL_ERR;
}

/* Next number of a state line; *ok cleared when there is none. */
static long long num(char **p, int *ok)
{
	char *end;
	long long v = strtoll(*p, &end, 10);
	if (end == *p)
		*ok = 0;
	*p = end;
	return v;
}

static struct job *restore_job(char *line)
{
	char name[SVC_NAME_MAX], *why = strstr(line, " |");
	int ok = 1;
	if (why)
		*why = 0, why += 2;
	char *p = line + 4, *sp;   /* after "job " */
	unsigned id = (unsigned)num(&p, &ok);
	while (*p == ' ')
		p++;
	sp = strchr(p, ' ');
	if (!sp || sp - p >= SVC_NAME_MAX)
		return NULL;
	memcpy(name, p, (size_t)(sp - p));
	name[sp - p] = 0;
	p = sp;
	unsigned st = (unsigned)num(&p, &ok);
	int pid = (int)num(&p, &ok);
	unsigned want = (unsigned)num(&p, &ok), rc = (unsigned)num(&p, &ok);
	int ex = (int)num(&p, &ok);
	unsigned long long started = (unsigned long long)num(&p, &ok), since = (unsigned long long)num(&p, &ok);
	unsigned long long deadline = (unsigned long long)num(&p, &ok);
	unsigned head = (unsigned)num(&p, &ok), count = (unsigned)num(&p, &ok);
	unsigned quick = (unsigned)num(&p, &ok), delay = (unsigned)num(&p, &ok);
	unsigned long long next = (unsigned long long)num(&p, &ok);
	if (!ok)
		return NULL;
	struct job *j = job_by_name(name);
	if (!j) {
		struct svc_conf c;
		memset(&c, 0, sizeof c);
		snprintf(c.name, sizeof c.name, "%s", name);
		c.stop_signal = SIGTERM;
		c.stop_timeout_ms = 5000;
		c.restart = RESTART_NO;
		j = job_new(&c);
		if (!j)
			return NULL;
		j->remove = true;   /* its file is gone: stop it */
		want = 0;
	}
	for (int k = 0; k < RESTART_LIMIT_MAX; k++)
		j->rs.at[k] = (uint64_t)num(&p, &ok);
	j->id = (uint16_t)id;
	j->pid = pid;
	j->want = want != 0;
	j->restart_count = rc;
	j->last_exit = ex;
	j->started_ms = started;
	j->deadline_ms = deadline;
	j->rs.head = (uint8_t)head;
	j->rs.count = (uint8_t)count;
	j->rs.quick = (uint8_t)quick;
	j->rs.delay_ms = delay;
	j->rs.next_ms = next;
	snprintf(j->why, sizeof j->why, "%s", why ? why : "");
	state_restore(j, st, since);
	return j;
}

int reexec_restore(int fd)
{
	static char buf[SVC_MAX * 1024 + 256];
	size_t n = 0;
	ssize_t k;
	while (n < sizeof buf - 1 && (k = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)k;
	close(fd);
	buf[n] = 0;
	if (strncmp(buf, "keel-state 1\n", 13) != 0) {
		log_err("reexec: no usable state handed over; starting fresh");
		return -1;
	}
	int ctlfd = -1, client = -1, jobs = 0;
	unsigned last = 0;
	bool restored[SVC_MAX] = { false };
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		int ok = 1;
		char *p = strchr(line, ' ');
		if (!p)
			continue;
		if (strncmp(line, "ctl ", 4) == 0) {
			ctlfd = (int)num(&p, &ok);
			continue;
		}
		if (strncmp(line, "client ", 7) == 0) {
			client = (int)num(&p, &ok);
			continue;
		}
		if (strncmp(line, "watchdog ", 9) == 0) {
			wd_fd = (int)num(&p, &ok);
			continue;
		}
		if (strncmp(line, "ids ", 4) == 0) {
			last = (unsigned)num(&p, &ok);
			continue;
		}
		if (strncmp(line, "reexec ", 7) == 0) {
			for (int i = 0; i < REEXEC_MAX; i++)
				history[i] = (uint64_t)num(&p, &ok);
			continue;
		}
		if (strncmp(line, "job ", 4) == 0) {
			struct job *j = restore_job(line);
			if (j) {
				restored[j - job_at(0)] = true;
				jobs++;
			} else
				log_err("reexec: bad state line: %.60s", line);
		}
	}
	/* Jobs restored keep their ids; jobs new to this image get fresh ones. */
	for (int i = 0; i < SVC_MAX; i++) {
		struct job *j = job_at(i);
		if (j->used && restored[i] && j->id > last)
			last = j->id;
	}
	for (int i = 0; i < SVC_MAX; i++) {
		struct job *j = job_at(i);
		if (j->used && !restored[i])
			j->id = (uint16_t)++last;
	}
	job_set_last_id(last);
	log_info("re-executed: %d jobs handed over", jobs);
	if (ctlfd >= 0)
		fcntl(ctlfd, F_SETFD, FD_CLOEXEC);
	if (client >= 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "re-executed: %d jobs handed over\n", jobs);
		ctl_answer_fd(client, CTL_OK, msg);
	}
	return ctlfd;
}
