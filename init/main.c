/* SPDX-License-Identifier: MIT */
/*
 * Entry point: argv[0] decides init or initctl.  As init, the ordered boot
 * steps run here; this is the only file that may die() (before the loop).
 * Once loop_run() starts, nothing exits: errors are logged and retried.
 *   init [-c INIT_INI]     PID 1, or a subreaper when not PID 1
 *   init --check [-c F]    parse the configuration, report, exit 0/1
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "init/platform/board.h"
#include "init/platform/boot.h"
#include "init/ctl/ctl.h"
#include "init/ctl/initctl.h"
#include "init/journal/journal.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "init/reexec.h"
#include "init/rt/sig.h"
#include "init/platform/watchdog.h"
#include "init/system.h"
#include "svc/run/cgroup.h"
#include "svc/conf/conf.h"
#include "svc/run/state.h"

#define INIT_INI_DEFAULT "/etc/init.ini"

static void die(const char *what, int err) __attribute__((noreturn));
static void die(const char *what, int err)
{
	log_err("fatal: %s: %s", what, strerror(err));
	if (getpid() == 1)
		for (;;)
			pause();   /* PID 1 must not exit: the kernel would panic */
	exit(111);
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* PID 1 is the last process the OOM killer may pick (its services get 0
 * back: svc/run/privs.c).  Without CAP_SYS_RESOURCE (a container) this fails:
 * say so and go on. */
static void protect_from_oom(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : write(fd, "-1000", 5);

	if (n != 5)
		log_info("oom_score_adj -1000: %s (left as it is)", n < 0 ? strerror(errno) : "short write");
	if (fd >= 0)
		close(fd);
}

static void usage_exit(void)
{
	fprintf(stderr, "usage: init [-c INIT_INI] [--check]\n");
	exit(100);
}

static void report(const char *msg)
{
	fprintf(stderr, "%s\n", msg);
}

static int check_only(const char *ini, const struct init_conf *ic)
{
	static struct svc_conf tab[SVC_MAX];
	int n = conf_load_dir(ic->svc_dir, tab, SVC_MAX, report);
	if (n < 0) {
		fprintf(stderr, "%s: cannot read service directory %s: %s\n", ini, ic->svc_dir, strerror(-n));
		return 1;
	}
	int bad = 0;
	for (int i = 0; i < n; i++)
		bad += tab[i].bad;
	printf("%d services, %d broken\n", n, bad);
	return bad ? 1 : 0;
}

static void open_journal(const struct init_conf *ic, int resume)
{
	int r = resume ? journal_resume(ic->journal, ic->journal_size) : journal_open(ic->journal, ic->journal_size);
	const struct journal_info *ji = journal_get_info();
	if (r < 0)
		log_err("journal %s: %s: history is kept in RAM only this boot", ic->journal, strerror(-r));
	else if (ji->fresh && !resume)
		log_warn("journal %s: no usable history found: started a fresh journal", ic->journal);
	else
		log_info("journal %s: %u records, boot %u", ic->journal, (unsigned)ji->records, (unsigned)ji->boot);
	if (ji->torn_tails || ji->crc_errors || ji->io_errors)
		log_warn("journal %s: recovered %u torn tails, %u CRC errors, %u I/O errors", ic->journal,
			 (unsigned)ji->torn_tails, (unsigned)ji->crc_errors, (unsigned)ji->io_errors);
}

int main(int argc, char **argv)
{
	if (strcmp(base(argv[0]), "initctl") == 0)
		return initctl_main(argc, argv);

	const char *ini = INIT_INI_DEFAULT;
	int check = 0, handover = -1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			ini = argv[++i];
		else if (strcmp(argv[i], "--reexec") == 0 && i + 1 < argc)
			handover = atoi(argv[++i]);
		else if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (getpid() != 1)
			usage_exit();
		/* As PID 1, unknown words come from the kernel command line: ignore. */
	}

	int r = sig_block();
	if (r < 0)
		die("blocking signals", -r);
	if (getpid() == 1 && handover < 0 && !check)
		boot_early();
	else if (!check && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		die("PR_SET_CHILD_SUBREAPER", errno);
	log_setup(2, 0);
	if (getpid() == 1 && !check)
		protect_from_oom();

	struct init_conf ic;
	static struct board b;
	char err[256];
	r = conf_parse_init(ini, &ic, err, sizeof err);
	if (r == -ENOENT && strcmp(ini, INIT_INI_DEFAULT) != 0)
		log_err("%s: using the defaults", err);   /* a -c FILE that is not there */
	else if (r < 0 && r != -ENOENT) {
		log_err("%s (using defaults for the rest)", err);
		if (check)
			return 1;
	}
	if (board_load(BOARD_FILE, &b, err, sizeof err) < 0)
		log_err("%s", err);
	if (getpid() == 1 && handover < 0 && !check && boot_real_system())
		board_mount(&b);
	/* init.ini wins; the board supplies what it leaves open. */
	if (!ic.journal[0])
		snprintf(ic.journal, sizeof ic.journal, "%s", b.journal);
	if (!ic.watchdog[0] && b.watchdog[0]) {
		snprintf(ic.watchdog, sizeof ic.watchdog, "%s", b.watchdog);
		if (b.watchdog_timeout_ms)
			ic.watchdog_timeout_ms = b.watchdog_timeout_ms;
	}
	if (check)
		return check_only(ini, &ic);

	log_info("starting (pid %d, config %s)", (int)getpid(), ini);
	(void)cgroup_setup(getpid() == 1 && handover < 0 && boot_real_system());
	if ((r = loop_init()) < 0)
		die("event loop", -r);
	int sfd = sig_open();
	if (sfd < 0)
		die("signalfd", -sfd);
	if ((r = loop_add(sfd, LOOP_TAG_SIGNAL)) < 0)
		die("epoll add signalfd", -r);
	reexec_setup(ini);
	if (ic.journal[0])
		open_journal(&ic, handover >= 0);
	system_setup(ini, &ic, sfd);
	int cfd = handover >= 0 ? reexec_restore(handover) : -1;
	state_cgroup_adopt();
	if (ic.watchdog[0])
		watchdog_setup(ic.watchdog, ic.watchdog_timeout_ms, reexec_watchdog_fd());
	if (cfd >= 0)
		ctl_adopt(cfd);
	else
		cfd = ctl_open(ic.control);
	if (cfd < 0) {
		if (cfd == -EADDRINUSE && getpid() != 1)
			die(ic.control, EADDRINUSE);   /* another init answers there */
		log_err("control socket %s: %s (initctl will not work)", ic.control, strerror(-cfd));
	} else if ((r = loop_add(cfd, LOOP_TAG_CTL)) < 0) {
		log_err("epoll add control socket: %s", strerror(-r));
	}

	/* From here on we must not die. */
	static const struct loop_ops ops = { system_on_signal_fd, system_tick };
	loop_run(&ops);
}
