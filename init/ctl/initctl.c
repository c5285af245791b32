/* SPDX-License-Identifier: MIT */
/*
 * The initctl client: parse the command line, send one request packet,
 * print the reply packets to stdout/stderr, exit with the code init sent.
 * The socket is -s PATH, else $INITCTL_SOCKET, else /run/keel.sock.
 * A request init did not read (busy, or the connection closed before it
 * was read) is sent again on a new connection; the wait for init's
 * answer is bounded by -t SECONDS (default 10): then exit 111 with a
 * message.  Printing the answer is not bounded (a pager may hold it).
 */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "init/ctl/ctl_proto.h"
#include "init/ctl/initctl.h"
#include "init/ctl/logcmd.h"
#include "svc/conf/conf.h"

static const char usage[] =
	"usage: initctl [-s SOCKET] [-t SECONDS] COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  status [--json] [NAME]   job table: id, state, pid, restarts, last exit, uptime, why\n"
	"  start NAME               start a service (no-op if it runs; refused while it stops)\n"
	"  stop NAME                stop a service (no-op if stopped; cancels a pending restart)\n"
	"  restart NAME             stop then start; requests during a restart coalesce\n"
	"  enable NAME              start it at boot again (journal; without one, this boot only)\n"
	"  disable NAME             do not start it at boot nor for a dependent (same)\n"
	"  restart --all            restart every running service once, in dependency order\n"
	"  reload                   re-read the service files and apply the difference\n"
	"  reexec                   re-execute init's binary, keeping every service running\n"
	"  journal [-n N] [--json]  the last N journal records (default 50): boots, job events\n"
	"  log [NAME] [-n N] [--run K] [--all] [-t] [-f]\n"
	"                           service output kept in RAM: NAME's current run (all jobs\n"
	"                           without NAME); --run K, --all runs; -f follows\n"
	"  system [--json]          boot number, unhealthy streak, safe mode, quarantines\n"
	"  unquarantine NAME        let a quarantined service start again (and start it)\n"
	"  watchdog [test]          watchdog state; test: stop kicking it, the board must reset\n"
	"  poweroff | reboot | halt stop every service in reverse order, then the machine\n"
	"\n"
	"options:\n"
	"  -s SOCKET                control socket (default $INITCTL_SOCKET or " INIT_CONTROL_DEFAULT ")\n"
	"  -t SECONDS               give up after SECONDS without an answer (default 10, 0: wait)\n"
	"  -h, --help               this text\n"
	"\n"
	"exit codes: 0 ok, 1 failed, 2 refused (e.g. start while stopping), 3 no such service,\n"
	"            4 permission denied (not root, not in init.ini's control_group),\n"
	"            100 usage, 111 cannot reach init (no socket, no access to it, busy, timeout)\n";

#define TIMEOUT_DEFAULT 10
#define TIMEOUT_MAX 86400
#define NOT_SERVED (-EAGAIN)   /* init did not read the request: ask again */

static char timeout_msg[2][320];          /* [busy seen] */
static volatile sig_atomic_t busy_seen;
static unsigned long long *follow_cursor; /* log -f: the cursor of the last reply */

static int put(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t k = write(fd, buf, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += k;
		n -= (size_t)k;
	}
	return 0;
}

static void on_alarm(int signo)
{
	(void)signo;
	const char *msg = timeout_msg[busy_seen ? 1 : 0];
	(void)!write(2, msg, strlen(msg));
	_exit(111);
}

/* -t: whole seconds, 0 to TIMEOUT_MAX; -1 if not that. */
static int parse_timeout(const char *arg)
{
	int v = 0;
	if (!*arg)
		return -1;
	for (const char *p = arg; *p; p++) {
		if (*p < '0' || *p > '9' || v > TIMEOUT_MAX)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= TIMEOUT_MAX ? v : -1;
}

static void arm_timeout(const char *sock, int seconds)
{
	if (!seconds)
		return;
	snprintf(timeout_msg[0], sizeof timeout_msg[0], "initctl: no answer from init at %s within %d s\n", sock, seconds);
	snprintf(timeout_msg[1], sizeof timeout_msg[1],
		 "initctl: init at %s stayed busy (too many control clients) for %d s\n", sock, seconds);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned)seconds);
}

/* log -f: a stderr text that starts with the cursor line gives the
 * cursor; the bytes of that line (0 if there is none). */
static size_t take_cursor(const char *text, size_t n)
{
	size_t k = sizeof LOGCMD_CURSOR - 1;
	const char *nl = memchr(text, '\n', n);
	if (!nl || (size_t)(nl - text) <= k || memcmp(text, LOGCMD_CURSOR, k) != 0)
		return 0;
	unsigned long long v = 0;
	for (const char *p = text + k; p < nl && *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long long)(*p - '0');
	*follow_cursor = v;
	return (size_t)(nl - text) + 1;
}

/* The reply packets of one request: the exit code init sent, 111 when
 * the connection ends without one, NOT_SERVED when init never read it. */
static int read_reply(int fd)
{
	char pkt[CTL_PKT_MAX];
	int any = 0;
	for (;;) {
		ssize_t n = recv(fd, pkt, sizeof pkt, 0);
		if (n < 0 && errno == EINTR)
			continue;
		/* One request packet was sent: a reset before any answer means
		 * init closed the connection without reading it. */
		if (!any && ((n < 0 && errno == ECONNRESET) || (n > 0 && pkt[0] == CTL_BUSY)))
			return NOT_SERVED;
		if (n <= 0) {
			fprintf(stderr, "initctl: connection closed without an answer\n");
			return 111;
		}
		if (!any)
			alarm(0);   /* init answered: printing it may take the reader's time */
		any = 1;
		if (pkt[0] == CTL_EXIT && n >= 2)
			return (unsigned char)pkt[1];
		size_t skip = 1;
		if (pkt[0] == CTL_ERRT && follow_cursor)
			skip += take_cursor(pkt + 1, (size_t)n - 1);
		put(pkt[0] == CTL_ERRT ? 2 : 1, pkt + skip, (size_t)n - skip);
	}
}

/* One connection, one request: its exit code, or NOT_SERVED. */
static int ask(const struct sockaddr_un *sa, const char *req, size_t len)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)sa, sizeof *sa) < 0) {
		int e = errno;
		if (e == EACCES || e == EPERM)
			fprintf(stderr, "initctl: permission denied: cannot connect to %s\n", sa->sun_path);
		else
			fprintf(stderr, "initctl: cannot reach init at %s: %s\n", sa->sun_path, strerror(e));
		return 111;
	}
	int code;
	if (send(fd, req, len, MSG_NOSIGNAL) == (ssize_t)len) {
		code = read_reply(fd);
	} else if (errno == EPIPE || errno == ECONNRESET) {
		code = NOT_SERVED;   /* closed before it read the request */
	} else {
		fprintf(stderr, "initctl: send: %s\n", strerror(errno));
		code = 111;
	}
	close(fd);
	return code;
}

/* Ask until init reads the request; -t bounds the whole. */
static int ask_until_served(const struct sockaddr_un *sa, const char *req, size_t len)
{
	for (int attempt = 0;; attempt++) {
		int code = ask(sa, req, len);
		if (code != NOT_SERVED)
			return code;
		busy_seen = 1;
		struct timespec nap = { 0, (10L << (attempt < 4 ? attempt : 4)) * 1000000L };
		nanosleep(&nap, NULL);
	}
}

/* Append word to the request req (len bytes so far); -1 if too long. */
static int add_word(char *req, size_t *len, const char *word)
{
	size_t k = strlen(word) + 1;
	if (*len + k > CTL_REQ_MAX)
		return -1;
	memcpy(req + *len, word, k);
	*len += k;
	return 0;
}

/* log ... -f: ask again and again with the cursor of the last answer
 * (init keeps no stream open); -n N counts for the first answer only.
 * Ends on an error or a signal. */
static int follow(const struct sockaddr_un *sa, const char *sock, int timeout, char **words, int n)
{
	static unsigned long long cursor;
	follow_cursor = &cursor;
	for (int round = 0;; round++) {
		char req[CTL_REQ_MAX], num[24];
		size_t len = 0;
		int bad = 0;
		for (int i = 0; i < n; i++) {
			if (strcmp(words[i], "-f") == 0)
				continue;
			if (round && strcmp(words[i], "-n") == 0 && i + 1 < n) {
				i++;
				continue;
			}
			bad |= add_word(req, &len, words[i]);
		}
		snprintf(num, sizeof num, "%llu", cursor);
		bad |= add_word(req, &len, "--after") | add_word(req, &len, num);
		if (bad) {
			fprintf(stderr, "initctl: request too long\n");
			return 100;
		}
		arm_timeout(sock, timeout);
		int code = ask_until_served(sa, req, len);
		if (code != 0)
			return code;
		struct timespec nap = { 0, 250000000L };
		nanosleep(&nap, NULL);
	}
}

static bool wants_follow(char **words, int n)
{
	if (n < 1 || strcmp(words[0], "log") != 0)
		return false;
	for (int i = 1; i < n; i++)
		if (strcmp(words[i], "-f") == 0)
			return true;
	return false;
}

int initctl_main(int argc, char **argv)
{
	const char *sock = getenv("INITCTL_SOCKET");
	int timeout = TIMEOUT_DEFAULT;
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--json") != 0 && strcmp(argv[i], "--all") != 0; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			put(1, usage, sizeof usage - 1);
			return 0;
		}
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			sock = argv[++i];
			continue;
		}
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			timeout = parse_timeout(argv[++i]);
			if (timeout >= 0)
				continue;
			fprintf(stderr, "initctl: -t wants whole seconds from 0 to %d, not %s\n", TIMEOUT_MAX, argv[i]);
			return 100;
		}
		fprintf(stderr, "initctl: unknown option %s\n%s", argv[i], usage);
		return 100;
	}
	if (i >= argc) {
		fprintf(stderr, "%s", usage);
		return 100;
	}
	if (strcmp(argv[i], "help") == 0) {
		put(1, usage, sizeof usage - 1);
		return 0;
	}
	if (!sock || !*sock)
		sock = INIT_CONTROL_DEFAULT;

	char req[CTL_REQ_MAX];
	size_t len = 0;
	for (int k = i; k < argc; k++)
		if (add_word(req, &len, argv[k]) < 0) {
			fprintf(stderr, "initctl: request too long\n");
			return 100;
		}

	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(sock) >= sizeof sa.sun_path) {
		fprintf(stderr, "initctl: socket path too long: %s\n", sock);
		return 100;
	}
	strcpy(sa.sun_path, sock);
	if (wants_follow(argv + i, argc - i))
		return follow(&sa, sock, timeout, argv + i, argc - i);
	arm_timeout(sock, timeout);
	return ask_until_served(&sa, req, len);
}
