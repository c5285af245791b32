// SPDX-License-Identifier: MIT
/*
 * The bench's service program (tools/bench/README section of docs/bench.md).
 * Static musl; every event is one O_APPEND write of the line
 *   "TAG EVENT NS PID ARG\n"
 * to FILE, NS being CLOCK_MONOTONIC, so the harness reads times the
 * processes wrote themselves.  Modes:
 *   svc t0 FILE CMD ARGS...        write "t0 exec", then execv(CMD): the
 *                                  stamp just before the system under test
 *                                  becomes PID 1
 *   svc stamp FILE TAG             write "start", then sleep for ever
 *   svc kill FILE TAG MS           write "start", sleep MS, write "kill",
 *                                  SIGKILL itself (S3fast)
 *   svc orphans FILE N FIFO        fork N grandchildren that wait on a pipe
 *                                  and get re-parented to PID 1; write
 *                                  "armed"; on a byte from FIFO close the
 *                                  pipe (all exit at once), write "released",
 *                                  wait until kill(pid, 0) fails for every
 *                                  one (reaped), write "done" (S5)
 *   svc allup CMDLINE...           (S8, in the guest) poll /proc until a
 *                                  process runs each CMDLINE (its words
 *                                  joined by commas), then write
 *                                  "bench-s8: all up NS init EXEC end" on
 *                                  /dev/console, NS being CLOCK_BOOTTIME
 *                                  (since the kernel started), EXEC when
 *                                  the kernel exec'd /init (its log line)
 * A run file "#!/bench/bin/svc MODE ARGS" (runit, s6) gives one argv word
 * with spaces: it is split here, so no shell sits in the respawn path.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_ARGS = 32, MAX_CMDLINES = 16 };

static long long clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void event(const char *file, const char *tag, const char *what, long long arg)
{
	char line[160];
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	int len;

	if (fd < 0)
		return;
	len = snprintf(line, sizeof line, "%s %s %lld %d %lld\n", tag, what,
		       clock_ns(CLOCK_MONOTONIC), (int)getpid(), arg);
	if (write(fd, line, (size_t)len) < 0)
		_exit(111);
	close(fd);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void wait_gate(int fd)
{
	char byte;

	while (read(fd, &byte, 1) < 0 && errno == EINTR)
		;
}

static int orphans(const char *file, int count, const char *fifo)
{
	pid_t *pids = mmap(NULL, sizeof(pid_t) * (size_t)count, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int gate[2], failures = 0, left;

	if (pids == MAP_FAILED || pipe(gate) < 0)
		return 1;
	for (int i = 0; i < count; i++) {
		pid_t mid = fork();

		if (mid == 0) {
			pid_t leaf = fork();

			if (leaf == 0) {
				close(gate[1]);
				wait_gate(gate[0]);
				_exit(0);
			}
			pids[i] = leaf;
			_exit(leaf < 0);
		}
		if (mid < 0)
			failures++;
		else
			while (waitpid(mid, NULL, 0) < 0 && errno == EINTR)
				;
	}
	close(gate[0]);
	event(file, "o", "armed", failures);
	int trigger = open(fifo, O_RDONLY);

	if (trigger < 0)
		return 1;
	wait_gate(trigger);
	event(file, "o", "released", failures);
	close(gate[1]);
	do {
		left = 0;
		for (int i = 0; i < count; i++)
			if (pids[i] > 0 && kill(pids[i], 0) == 0)
				left++;
		if (left)
			sleep_ms(1);
	} while (left);
	event(file, "o", "done", count);
	return 0;
}

/* 1 when /proc/PID/cmdline of some process, its NULs read as commas, is
 * WANT ("/bin/busybox,syslogd,-n"). */
static int cmdline_running(const char *want)
{
	DIR *dir = opendir("/proc");
	struct dirent *entry;
	size_t want_len = strlen(want);
	int found = 0;

	if (!dir)
		return 0;
	while (!found && (entry = readdir(dir))) {
		char path[300], text[256];
		ssize_t len;
		int fd;

		if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/cmdline", entry->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, text, sizeof text);
		close(fd);
		if (len > 0 && text[len - 1] == '\0')
			len--;
		for (ssize_t i = 0; i < len; i++)
			if (text[i] == '\0')
				text[i] = ',';
		found = len > 0 && (size_t)len == want_len && !memcmp(text, want, want_len);
	}
	closedir(dir);
	return found;
}

/* When the kernel exec'd /init, ns since boot: the timestamp of the
 * kernel's "Run /init as init process" line (printed at info level, so
 * in the log even with "quiet"); -1 when not found. */
static long long init_exec_ns(void)
{
	static char log[1 << 20];
	const char *hit, *open_bracket;
	int len = klogctl(3, log, (int)sizeof log - 1);
	long long sec = 0, usec = 0;

	if (len <= 0)
		return -1;
	log[len] = '\0';
	hit = strstr(log, "Run /init as init process");
	if (!hit)
		return -1;
	open_bracket = hit;
	while (open_bracket > log && *open_bracket != '[')
		open_bracket--;
	if (sscanf(open_bracket, "[ %lld.%lld]", &sec, &usec) != 2)
		return -1;
	return sec * 1000000000LL + usec * 1000LL;
}

static _Noreturn void allup(int count, char **cmdlines)
{
	char line[100];
	int up, console, len;

	do {
		up = 0;
		for (int i = 0; i < count; i++)
			up += cmdline_running(cmdlines[i]);
		if (up < count)
			sleep_ms(2);
	} while (up < count);
	len = snprintf(line, sizeof line, "bench-s8: all up %lld init %lld end\n", clock_ns(CLOCK_BOOTTIME),
		       init_exec_ns());
	console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (console >= 0 && write(console, line, (size_t)len) < 0)
		_exit(111);
	for (;;)
		pause();
}

/* "#!/bench/bin/svc MODE ARGS" arrives as argv[1] = "MODE ARGS". */
static int split_shebang(char **argv, char **out)
{
	int n = 0;

	out[n++] = argv[0];
	for (char *word = strtok(argv[1], " "); word && n < MAX_ARGS - 1; word = strtok(NULL, " "))
		out[n++] = word;
	out[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	char *split[MAX_ARGS];

	if (argc >= 2 && strchr(argv[1], ' ')) {
		argc = split_shebang(argv, split);
		argv = split;
	}
	if (argc >= 4 && !strcmp(argv[1], "t0")) {
		event(argv[2], "t0", "exec", 0);
		execv(argv[3], argv + 3);
		return 127;
	}
	if (argc >= 4 && !strcmp(argv[1], "stamp")) {
		event(argv[2], argv[3], "start", 0);
		for (;;)
			pause();
	}
	if (argc >= 5 && !strcmp(argv[1], "kill")) {
		event(argv[2], argv[3], "start", 0);
		sleep_ms(atol(argv[4]));
		event(argv[2], argv[3], "kill", 0);
		kill(getpid(), SIGKILL);
	}
	if (argc >= 5 && !strcmp(argv[1], "orphans")) {
		event(argv[2], "o", "start", 0);
		return orphans(argv[2], atoi(argv[3]), argv[4]);
	}
	if (argc >= 3 && argc - 2 <= MAX_CMDLINES && !strcmp(argv[1], "allup"))
		allup(argc - 2, argv + 2);
	fprintf(stderr, "usage: svc t0|stamp|kill|orphans|allup ...\n");
	return 2;
}
