/* SPDX-License-Identifier: MIT */
/*
 * The initctl client: parse the command line, send one request packet,
 * print the reply packets to stdout/stderr, exit with the code init sent.
 * The socket is -s PATH, else $INITCTL_SOCKET, else /run/keel.sock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "init/ctl_proto.h"
#include "init/initctl.h"

static const char usage[] =
	"usage: initctl [-s SOCKET] COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  status [--json] [NAME]   job table: id, state, pid, restarts, last exit, uptime, why\n"
	"  start NAME               start a service (no-op if it runs; refused while it stops)\n"
	"  stop NAME                stop a service (no-op if stopped; cancels a pending restart)\n"
	"  restart NAME             stop then start; requests during a restart coalesce\n"
	"  restart --all            restart every running service once, in dependency order\n"
	"  reload                   re-read the service files and apply the difference\n"
	"  reexec                   re-execute init's binary, keeping every service running\n"
	"  journal [-n N] [--json]  the last N journal records (default 50): boots, job events\n"
	"  system [--json]          boot number, unhealthy streak, safe mode, quarantines\n"
	"  unquarantine NAME        let a quarantined service start again (and start it)\n"
	"  watchdog [test]          watchdog state; test: stop kicking it, the board must reset\n"
	"  poweroff | reboot | halt stop every service in reverse order, then the machine\n"
	"\n"
	"options:\n"
	"  -s SOCKET                control socket (default $INITCTL_SOCKET or " CTL_SOCKET_DEFAULT ")\n"
	"  -h, --help               this text\n"
	"\n"
	"exit codes: 0 ok, 1 failed, 2 refused (e.g. start while stopping), 3 no such service,\n"
	"            100 usage, 111 cannot reach init\n";

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

int initctl_main(int argc, char **argv)
{
	const char *sock = getenv("INITCTL_SOCKET");
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
		sock = CTL_SOCKET_DEFAULT;

	char req[CTL_REQ_MAX];
	size_t len = 0;
	for (; i < argc; i++) {
		size_t k = strlen(argv[i]) + 1;
		if (len + k > sizeof req) {
			fprintf(stderr, "initctl: request too long\n");
			return 100;
		}
		memcpy(req + len, argv[i], k);
		len += k;
	}

	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(sock) >= sizeof sa.sun_path) {
		fprintf(stderr, "initctl: socket path too long: %s\n", sock);
		return 100;
	}
	strcpy(sa.sun_path, sock);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		fprintf(stderr, "initctl: cannot reach init at %s: %s\n", sock, strerror(errno));
		return 111;
	}
	if (send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
		fprintf(stderr, "initctl: send: %s\n", strerror(errno));
		return 111;
	}
	char pkt[CTL_PKT_MAX];
	for (;;) {
		ssize_t n = recv(fd, pkt, sizeof pkt, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "initctl: connection closed without an answer\n");
			return 111;
		}
		if (pkt[0] == CTL_EXIT && n >= 2)
			return (unsigned char)pkt[1];
		put(pkt[0] == CTL_ERRT ? 2 : 1, pkt + 1, (size_t)n - 1);
	}
}
