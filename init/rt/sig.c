/* SPDX-License-Identifier: MIT */
/*
 * One signalfd for every asynchronous signal.  Nothing runs in signal
 * context: the loop reads the fd until EAGAIN and hands each signal to
 * its caller.  The synchronous kernel signals stay unblocked so a bug
 * still produces a core rather than a hang.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "init/rt/sig.h"
#include "init/rt/num.h"

static const int kernel_sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };

static void blocked_set(sigset_t *s)
{
	sigfillset(s);
	for (size_t i = 0; i < sizeof kernel_sigs / sizeof kernel_sigs[0]; i++)
		sigdelset(s, kernel_sigs[i]);
}

int sig_block(void)
{
	sigset_t s;
	blocked_set(&s);
	return sigprocmask(SIG_SETMASK, &s, NULL) < 0 ? -errno : 0;
}

int sig_open(void)
{
	sigset_t s;
	blocked_set(&s);
	int fd = signalfd(-1, &s, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

void sig_drain(int fd, void (*on_signal)(int, int))
{
	struct signalfd_siginfo si[8];
	for (;;) {
		ssize_t n = read(fd, si, sizeof si);
		if (n <= 0)
			return;   /* EAGAIN: drained; other errors: nothing to read */
		for (size_t i = 0; i < (size_t)n / sizeof si[0]; i++)
			on_signal((int)si[i].ssi_signo, (int)si[i].ssi_pid);
	}
}

void sig_child_reset(void)
{
	sigset_t s;
	sigemptyset(&s);
	for (int i = 1; i < NSIG; i++)
		signal(i, SIG_DFL);
	sigprocmask(SIG_SETMASK, &s, NULL);
}

static const struct { int no; const char *name; } names[] = {
	{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" }, { SIGILL, "ILL" },
	{ SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" }, { SIGBUS, "BUS" }, { SIGFPE, "FPE" },
	{ SIGKILL, "KILL" }, { SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" }, { SIGCHLD, "CHLD" },
	{ SIGCONT, "CONT" }, { SIGSTOP, "STOP" }, { SIGTSTP, "TSTP" }, { SIGTTIN, "TTIN" },
	{ SIGTTOU, "TTOU" }, { SIGURG, "URG" }, { SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" },
	{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" }, { SIGIO, "IO" },
	{ SIGPWR, "PWR" }, { SIGSYS, "SYS" },
};

const char *sig_name(int signo)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].no == signo)
			return names[i].name;
	return "";
}

const char *sig_exit_text(int status, int short_form, char *buf, size_t len)
{
	if (status < 0)
		snprintf(buf, len, "%s %s", short_form ? "signal" : "killed by signal", sig_name(-status));
	else
		snprintf(buf, len, "%s %d", short_form ? "exit" : "exited with code", status);
	return buf;
}

int sig_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	if (*s >= '0' && *s <= '9') {
		uint64_t v;
		return num_whole(s, NSIG - 1, &v) < 0 || v == 0 ? -1 : (int)v;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(names[i].name, s) == 0)
			return names[i].no;
	return -1;
}
