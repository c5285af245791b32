/* SPDX-License-Identifier: MIT */
/*
 * Entry point: argv[0] decides init or initctl.  As init, the ordered boot
 * steps run here; this is the only file that may die() (before the loop).
 * Once loop_run() starts, nothing exits: errors are logged and retried.
 *   init [-c INIT_INI]     PID 1, or a subreaper when not PID 1
 *   init --check [-c F]    parse the configuration, report, exit 0/1
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init/platform/board.h"
#include "init/platform/boot.h"
#include "init/ctl/ctl.h"
#include "init/ctl/ctl_proto.h"
#include "init/ctl/initctl.h"
#include "init/journal/journal.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "init/reexec.h"
#include "init/rt/sig.h"
#include "init/scratch.h"
#include "init/platform/watchdog.h"
#include "init/system.h"
#include "svc/run/cgroup.h"
#include "svc/run/notify.h"
#include "svc/conf/conf.h"
#include "svc/out/output.h"
#include "svc/run/state.h"
#include "init/rt/num.h"

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
	union scratch *s = scratch_take();   /* the only user in this process */
	struct svc_conf *tab = s->services;
	int n = conf_load_dir(ic->svc_dir, tab, SVC_MAX, &s->conf_work, report);
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
	/* Free: init.ini's read gave it back, the first load and a re-exec's
	 * state come after.  Without it the journal runs RAM-only (-EINVAL). */
	union scratch *s = scratch_take();
	if (!s)
		log_err("journal %s: scratch area busy: nothing to recover with", ic->journal);
	struct jstate *work = s ? &s->journal_work : NULL;
	int r = resume ? journal_resume(ic->journal, ic->journal_size, work)
		       : journal_open(ic->journal, ic->journal_size, work);
	if (s)
		scratch_give(s);
	const struct journal_info *ji = journal_get_info();
	if (r < 0)
		log_err("journal %s: %s: history is kept in RAM only this boot", ic->journal, strerror(-r));
	else if (ji->fresh && !resume)
		log_warn("journal %s: no usable history found: started a fresh journal", ic->journal);
	else
		log_info("journal %s: %u records, boot %u", ic->journal, (unsigned)ji->records, (unsigned)ji->boot);
	char damage[160];
	if (journal_damage_text(ji, damage, sizeof damage))
		log_warn("journal %s: recovered %s", ic->journal, damage);
}

/* The command line of init: -c INIT_INI, --check, --reexec FD. */
struct args {
	const char *ini;
	int check;
	int handover;   /* the state fd of a re-exec, -1 on a normal boot */
};

/* The state fd after --reexec.  Not a number: an fd that cannot be
 * open, so reexec_restore() reports the state unreadable and recovers as
 * from any bad state. */
static int handover_fd(const char *arg)
{
	uint64_t fd;
	return num_whole(arg, INT_MAX, &fd) == 0 ? (int)fd : INT_MAX;
}

static void parse_args(int argc, char **argv, struct args *a)
{
	a->ini = INIT_INI_DEFAULT;
	a->check = 0;
	a->handover = -1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			a->ini = argv[++i];
		else if (strcmp(argv[i], "--reexec") == 0 && i + 1 < argc)
			a->handover = handover_fd(argv[++i]);
		else if (strcmp(argv[i], "--check") == 0)
			a->check = 1;
		else if (getpid() != 1)
			usage_exit();
		/* As PID 1, unknown words come from the kernel command line: ignore. */
	}
}

/* init.ini, its file read through the scratch area's conf_work.  An
 * init.ini with errors is logged and its defaults stand in for the rest;
 * with --check it ends the check: -1. */
static int read_init_ini(const struct args *a, struct init_conf *ic, union scratch *s)
{
	char err[256];
	int r = conf_parse_init(a->ini, ic, &s->conf_work, err, sizeof err);
	if (r == -ENOENT && strcmp(a->ini, INIT_INI_DEFAULT) != 0)
		log_err("%s: using the defaults", err);   /* a -c FILE that is not there */
	else if (r < 0 && r != -ENOENT) {
		log_err("%s (using defaults for the rest)", err);
		if (a->check)
			return -1;
	}
	return 0;
}

/* board.ini into b (mounted when this is a real boot): init.ini wins; the
 * board supplies what it leaves open.  Nothing of b is used past here. */
static void apply_board(const struct args *a, struct init_conf *ic, struct board *b)
{
	char err[256];
	if (board_load(BOARD_FILE, b, err, sizeof err) < 0)
		log_err("%s", err);
	if (getpid() == 1 && a->handover < 0 && !a->check && boot_real_system()) {
		if (b->console[0])
			(void)boot_console(b->console);   /* a re-exec keeps fds 0-2 */
		board_mount(b);
	}
	if (!ic->journal[0])
		snprintf(ic->journal, sizeof ic->journal, "%s", b->journal);
	if (!ic->watchdog[0] && b->watchdog[0]) {
		snprintf(ic->watchdog, sizeof ic->watchdog, "%s", b->watchdog);
		if (b->watchdog_timeout_ms)
			ic->watchdog_timeout_ms = b->watchdog_timeout_ms;
	}
}

/* init.ini, then board.ini; 0, or -1 when --check must end. */
static int load_config(const struct args *a, struct init_conf *ic)
{
	/* Free: nothing else runs yet.  Held for both files, one after the
	 * other (init.ini's read is done when board.ini's is made). */
	union scratch *s = scratch_take();
	if (!s) {
		log_err("scratch area busy: %s and %s not read (using the defaults)", a->ini, BOARD_FILE);
		conf_init_defaults(ic);
		return a->check ? -1 : 0;
	}
	int r = read_init_ini(a, ic, s);
	if (r == 0) {
		/* The name passed the parser's id check: plain text to log.  Not
		 * an error for --check: the host's /etc/group is not the board's,
		 * and root only is the safe side. */
		if (ctl_peer_set_group(ic->control_group) < 0)
			log_err("%s: control_group '%s': no such group (control is for root only)", a->ini,
				ic->control_group);
		apply_board(a, ic, &s->board);
	}
	scratch_give(s);
	return r;
}

/* The event loop with the signalfd in it; returns the signalfd. */
static int open_loop(void)
{
	int r = loop_init();
	if (r < 0)
		die("event loop", -r);
	int sfd = sig_open();
	if (sfd < 0)
		die("signalfd", -sfd);
	if ((r = loop_add(sfd, &system_signal_handler)) < 0)
		die("epoll add signalfd", -r);
	return sfd;
}

/* A re-exec: take the state over and answer the client that asked for it. */
static void take_over(int state_fd, struct reexec_fds *fds)
{
	int jobs = reexec_restore(state_fd, fds);
	if (fds->client >= 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "re-executed: %d jobs handed over\n", jobs);
		ctl_answer_fd(fds->client, CTL_OK, msg);
	}
}

/* The control socket: the one handed over, or a new one at path. */
static void open_control(const char *path, int handed_over)
{
	int cfd = handed_over;
	int r;
	if (cfd >= 0)
		ctl_adopt(cfd);
	else
		cfd = ctl_open(path);
	if (cfd < 0) {
		if (cfd == -EADDRINUSE && getpid() != 1)
			die(path, EADDRINUSE);   /* another init answers there */
		log_err("control socket %s: %s (initctl will not work)", path, strerror(-cfd));
	} else if ((r = loop_add(cfd, &ctl_listen_handler)) < 0) {
		log_err("epoll add control socket: %s", strerror(-r));
	}
}

_Static_assert(CONF_JOURNAL_SIZE_MIN == JOURNAL_SIZE_MIN && CONF_JOURNAL_SIZE_MAX == JOURNAL_SIZE_MAX,
	       "init.ini accepts the journal sizes the journal lays out");

/* The loop's tick: the supervision tick, then the parked control clients. */
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* keel proves a process is a job's before it signals it through a pidfd
 * (Linux 5.3).  On an older kernel the stop paths fall back to kill()
 * after the proof, with the small pid-reuse race pidfds close: say so
 * once, at start, rather than never. */
static void warn_old_kernel(void)
{
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (fd >= 0)
		close(fd);
	else if (errno == ENOSYS)
		log_err("this kernel has no pidfd_open (Linux 5.3 or later is needed): "
			"processes are signalled with kill() after the proof they are a job's, "
			"racing pid reuse");
}

static uint64_t tick(uint64_t now)
{
	uint64_t next = system_tick(now);
	uint64_t c = ctl_expire(now);
	if (c && (!next || c < next))
		next = c;
	return next;
}

int main(int argc, char **argv)
{
	if (strcmp(base(argv[0]), "initctl") == 0)
		return initctl_main(argc, argv);

	struct args a;
	parse_args(argc, argv, &a);
	int r = sig_block();
	if (r < 0)
		die("blocking signals", -r);
	if (getpid() == 1 && a.handover < 0 && !a.check)
		boot_early();
	else if (!a.check && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		die("PR_SET_CHILD_SUBREAPER", errno);
	/* PID 1 of a real system copies its own lines to /dev/kmsg (dmesg). */
	log_setup(2, getpid() == 1 && !a.check && boot_real_system());
	if (getpid() == 1 && !a.check)
		protect_from_oom();

	struct init_conf ic;
	if (load_config(&a, &ic) < 0)
		return 1;
	if (a.check)
		return check_only(a.ini, &ic);

	log_info("starting (pid %d, config %s)", (int)getpid(), a.ini);
	warn_old_kernel();
	(void)cgroup_setup(getpid() == 1 && a.handover < 0 && boot_real_system());
	int sfd = open_loop();
	if ((r = out_setup(ic.log_ring, ic.log_size, ic.log_keep)) < 0)
		log_err("service output ring: %s: services write to the console", strerror(-r));
	reexec_setup(a.ini);
	if (ic.journal[0])
		open_journal(&ic, a.handover >= 0);
	system_setup(a.ini, &ic, sfd);
	struct reexec_fds handed = { -1, -1, -1, -1 };
	if (a.handover >= 0)
		take_over(a.handover, &handed);
	r = notify_setup(handed.notify);
	if (r < 0 && handed.notify >= 0)
		r = notify_setup(-1);   /* a fresh one: jobs starting with the old name time out */
	if (r < 0)
		log_err("notify socket: %s (type = notify and ready = fd:N services will time out)", strerror(-r));
	state_cgroup_adopt();
	if (ic.watchdog[0])
		watchdog_setup(ic.watchdog, ic.watchdog_timeout_ms, handed.watchdog);
	open_control(ic.control, handed.ctl);

	/* From here on we must not die. */
	loop_run(tick);
}
