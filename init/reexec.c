/* SPDX-License-Identifier: MIT */
/*
 * Re-exec with state hand-over.  The state goes through a memfd as text
 * (init/reexec_state.h: every text field escaped and length-prefixed, the
 * reader strict), so a newer binary with a different struct layout can
 * still read it and no job name or why text can forge a line.  The old
 * image reads back what it wrote before it executes anything; the new
 * image refuses the whole state on anything out of place.  Monotonic time
 * survives execve, so deadlines stay absolute.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init/health/boothook.h"
#include "init/rt/clock.h"
#include "init/rt/esc.h"
#include "init/rt/log.h"
#include "init/reexec.h"
#include "init/reexec_check.h"
#include "init/reexec_state.h"
#include "init/rt/sig.h"
#include "init/scratch.h"
#include "svc/conf/conf_store.h"
#include "svc/out/output.h"
#include "svc/run/forking.h"
#include "svc/run/state.h"

static char self[SVC_PATH_MAX];
static char ini_path[SVC_PATH_MAX];
static uint64_t history[REEXEC_MAX];   /* ring of recent re-exec times */

void reexec_setup(const char *init_ini)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = 0;
	snprintf(ini_path, sizeof ini_path, "%s", init_ini);
}

/* The running boot hooks and the output pipes (a job's, or a running
 * boot hook's) into s. */
static void fill_hooks_pipes(struct reexec_state *s)
{
	for (int h = 0; h < BOOTHOOK_COUNT; h++) {
		pid_t pid;
		uint64_t deadline;
		if (boothook_running(h, &pid, &deadline))
			s->boothooks[s->nboothooks++] = (struct reexec_boothook){ (uint8_t)h, pid, deadline };
	}
	struct out_pipe pipes[SVC_MAX];
	int n = out_handover(&s->log_fd, pipes, SVC_MAX);
	for (int i = 0; i < n; i++) {
		bool hook = false;
		for (int k = 0; k < s->nboothooks; k++)
			hook |= pipes[i].id == BOOTHOOK_ID(s->boothooks[k].hook);
		if (pipes[i].id < OUT_ID_OWN || hook)
			s->pipes[s->npipes++] = (struct reexec_pipe){ pipes[i].id, pipes[i].rfd, pipes[i].wfd };
	}
}

/* The jobs and hand-over fds as a state (see init/reexec_state.h). */
static void fill_state(struct reexec_state *s, const struct reexec_fds *fds)
{
	memset(s, 0, sizeof *s);
	s->ctl_fd = fds->ctl;
	s->client_fd = fds->client;
	s->watchdog_fd = fds->watchdog;
	s->notify_fd = fds->notify;
	fill_hooks_pipes(s);
	s->last_id = job_last_id();
	memcpy(s->history, history, sizeof history);
	for (int i = 0; i < job_slots(); i++) {
		const struct job *j = job_at(i);
		if (!j->used)
			continue;
		struct reexec_job *o = &s->jobs[s->njobs++];
		o->id = j->id;
		o->state = j->state;
		o->want = j->want;
		o->held = j->held;
		o->stop_pending = j->stop_pending;
		o->in_pre = j->in_pre;
		o->pre_ok = j->pre_ok;
		o->hook_late = j->hook_late;
		o->pid = j->pid;
		o->sid = j->sid;
		o->fork_wait = forking_waiting(j);
		o->post_pid = j->post_pid;
		o->post_deadline_ms = j->post_deadline_ms;
		o->restart_count = j->restart_count;
		o->last_exit = j->last_exit;
		o->started_ms = j->started_ms;
		o->since_ms = j->since_ms;
		o->deadline_ms = j->deadline_ms;
		o->rs = *j->rs;
		o->name_len = strnlen(j->conf->name, sizeof o->name - 1);
		memcpy(o->name, j->conf->name, o->name_len);
		o->why_len = strnlen(j->why, sizeof o->why - 1);
		memcpy(o->why, j->why, o->why_len);
	}
}

/* Write the state into fd, then read it back from fd with the new image's
 * reader: what this image cannot read back is never handed over (the
 * read-back overwrites st: it has been written).  fd is left at 0.
 * 0, or -1 with msg set. */
static int write_state(int fd, const struct reexec_fds *fds, char *msg, size_t len, union scratch *s)
{
	struct reexec_state *st = &s->reexec.st;
	char why[96];
	fill_state(st, fds);
	int r = reexec_state_write_fd(st, fd, s->reexec.buf, sizeof s->reexec.buf);
	if (r < 0) {
		snprintf(msg, len, "reexec: cannot write state: %s; still running the old image", strerror(-r));
		return -1;
	}
	if (lseek(fd, 0, SEEK_SET) < 0 ||
	    reexec_state_read_fd(st, fd, s->reexec.buf, sizeof s->reexec.buf, why, sizeof why) < 0 ||
	    lseek(fd, 0, SEEK_SET) < 0) {
		snprintf(msg, len, "reexec refused: the state does not read back (%s); still running the old image",
			 why);
		return -1;
	}
	return 0;
}

static int put_state(int fd, const struct reexec_fds *fds, char *msg, size_t len)
{
	union scratch *s = scratch_take();
	if (!s) {
		snprintf(msg, len, "reexec refused: scratch space busy; still running the old image");
		return -1;
	}
	int r = write_state(fd, fds, msg, len, s);
	scratch_give(s);
	return r;
}

/* Refused when REEXEC_MAX re-execs happened in the last REEXEC_WINDOW_MS:
 * -EBUSY with msg set, else 0. */
static int rate_limit(uint64_t now, char *msg, size_t len)
{
	int recent = 0;
	uint64_t oldest = 0;
	for (int i = 0; i < REEXEC_MAX; i++)
		if (history[i] && now - history[i] < REEXEC_WINDOW_MS) {
			recent++;
			if (!oldest || history[i] < oldest)
				oldest = history[i];
		}
	if (recent < REEXEC_MAX)
		return 0;
	snprintf(msg, len, "reexec refused: %d re-execs in the last %d s (limit %d); next allowed in %llu ms",
		 recent, REEXEC_WINDOW_MS / 1000, REEXEC_MAX, (unsigned long long)(oldest + REEXEC_WINDOW_MS - now));
	return -EBUSY;
}

/* The state in a fresh memfd, rewound for the new image: its fd, or -1
 * with msg set. */
static int state_memfd(const struct reexec_fds *fds, char *msg, size_t len)
{
	int fd = memfd_create("keel-state", 0);
	if (fd < 0) {
		snprintf(msg, len, "reexec: memfd: %s", strerror(errno));
		return -1;
	}
	if (put_state(fd, fds, msg, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The hand-over fds stay open across execve (keep) or close on exec again. */
static void inherit(const struct reexec_fds *fds, bool keep)
{
	int flags = keep ? 0 : FD_CLOEXEC;
	if (fds->ctl >= 0)
		fcntl(fds->ctl, F_SETFD, flags);
	if (fds->client >= 0)
		fcntl(fds->client, F_SETFD, flags);
	if (fds->watchdog >= 0)
		fcntl(fds->watchdog, F_SETFD, flags);
	if (fds->notify >= 0)
		fcntl(fds->notify, F_SETFD, flags);
	out_inherit(keep);
}

int reexec_now(const struct reexec_fds *fds, char *msg, size_t len)
{
	uint64_t now = clock_ms();
	int r = rate_limit(now, msg, len);
	if (r < 0)
		return r;
	if (state_shutting_down()) {
		snprintf(msg, len, "reexec refused: shutting down");
		return -EBUSY;
	}
	if (!self[0] || reexec_preflight(self, ini_path, msg, len) < 0)
		return -ENOEXEC;

	/* Record this attempt in place of the oldest entry. */
	int slot = 0;
	for (int i = 1; i < REEXEC_MAX; i++)
		if (history[i] < history[slot])
			slot = i;
	uint64_t saved = history[slot];
	history[slot] = now;

	int fd = state_memfd(fds, msg, len);
	if (fd < 0) {
		history[slot] = saved;
		return -EIO;
	}
	inherit(fds, true);
	char fdarg[16];
	snprintf(fdarg, sizeof fdarg, "%d", fd);
	log_info("re-executing %s", self);
	char *argv[] = { self, (char *)"--reexec", fdarg, (char *)"-c", ini_path, NULL };
	execv(self, argv);
	int e = errno;
	inherit(fds, false);
	close(fd);
	history[slot] = saved;
	snprintf(msg, len, "reexec: execv %s: %s; still running the old image", self, strerror(e));
	return -e;
}

/* Every fd from 3 up closes on exec, whatever the state names: an fd the
 * old image left open for the hand-over never reaches a service. */
static void cloexec_inherited(void)
{
	if (syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */) == 0)
		return;
	for (int fd = 3; fd <= REEXEC_FD_MAX && fd < 4096; fd++) {
		int fl = fcntl(fd, F_GETFD);
		if (fl >= 0 && !(fl & FD_CLOEXEC))
			fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
	}
}

/* Is fd a unix socket, listening or not, as the state claims? */
static bool unix_socket(int fd, int listening)
{
	struct stat sb;
	int dom = 0, acc = -1;
	socklen_t l1 = sizeof dom, l2 = sizeof acc;
	return fstat(fd, &sb) == 0 && S_ISSOCK(sb.st_mode) &&
	       getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &l1) == 0 && dom == AF_UNIX &&
	       getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &l2) == 0 && acc == listening;
}

/* A refused state: close every unix socket the old image left open (this
 * image has opened none yet), so the old control socket no longer answers
 * for a dead listener (the fresh one can bind its path) and a waiting
 * initctl sees the connection close instead of waiting for ever. */
static void drop_inherited_sockets(void)
{
	struct rlimit rl;
	int max = REEXEC_FD_MAX;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)max)
		max = (int)rl.rlim_cur;
	for (int fd = 3; fd < max; fd++) {
		struct stat sb;
		if (fstat(fd, &sb) == 0 && S_ISSOCK(sb.st_mode))
			close(fd);
	}
}

/* The handed-over fds are what the state says they are. */
static int check_live_fds(const struct reexec_state *s, char *why, size_t len)
{
	struct stat sb;
	if (s->ctl_fd >= 0 && !unix_socket(s->ctl_fd, 1)) {
		snprintf(why, len, "ctl fd %d is not a listening unix socket", s->ctl_fd);
		return -EINVAL;
	}
	if (s->client_fd >= 0 && !unix_socket(s->client_fd, 0)) {
		snprintf(why, len, "client fd %d is not a connected unix socket", s->client_fd);
		return -EINVAL;
	}
	if (s->watchdog_fd >= 0 && (fstat(s->watchdog_fd, &sb) < 0 || !S_ISCHR(sb.st_mode) ||
				    (fcntl(s->watchdog_fd, F_GETFL) & O_ACCMODE) == O_RDONLY)) {
		snprintf(why, len, "watchdog fd %d is not a writable device", s->watchdog_fd);
		return -EINVAL;
	}
	int type = 0;
	socklen_t tl = sizeof type;
	if (s->notify_fd >= 0 && (!unix_socket(s->notify_fd, 0) ||
				  getsockopt(s->notify_fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 || type != SOCK_DGRAM)) {
		snprintf(why, len, "notify fd %d is not a unix datagram socket", s->notify_fd);
		return -EINVAL;
	}
	return 0;
}

/* The job of r: the loaded one of that name, or a placeholder to stop
 * (its file is gone); NULL if the table is full. */
static struct job *job_for(const struct reexec_job *r)
{
	struct job *j = job_by_name(r->name);
	if (j)
		return j;
	struct svc_conf c;
	memset(&c, 0, sizeof c);
	conf_store_empty(&c);
	c.name = conf_store_live(r->name);   /* the job's name outlives this state */
	if (!c.name)
		return NULL;   /* the configuration arena is full: treated as a full table */
	c.stop_signal = SIGTERM;
	c.stop_timeout_ms = SVC_STOP_TIMEOUT_MS;
	c.restart = RESTART_NO;
	j = job_new(&c);
	if (j)
		j->remove = true;   /* its file is gone: stop it */
	return j;
}

/* Is pid a child of this process (running, or exited and not yet
 * reaped)?  What a hook's pid from the state must be before PID 1 will
 * ever signal it. */
static bool own_child(pid_t pid)
{
	siginfo_t si;
	return pid > 1 && waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0;
}

/* r's hooks: a running exec_start_pre is the job's process again (its
 * kill time is the job's deadline), a running exec_stop_post keeps its
 * own; a hook pid that is not our child is dropped. */
static void restore_hooks(struct job *j, const struct reexec_job *r)
{
	j->in_pre = r->in_pre;
	j->pre_ok = r->pre_ok;
	j->hook_late = r->hook_late;
	if (r->in_pre && !own_child(r->pid)) {
		log_err("reexec: %s: exec_start_pre pid %d is not a child of PID 1: dropped", r->name, (int)r->pid);
		j->pid = 0;   /* starting without a process: stopped (state_restore) */
		j->in_pre = false;
	}
	if (r->post_pid && own_child(r->post_pid)) {
		j->post_pid = r->post_pid;
		j->post_deadline_ms = r->post_deadline_ms;
	} else if (r->post_pid) {
		log_err("reexec: %s: exec_stop_post pid %d is not a child of PID 1: dropped", r->name,
			(int)r->post_pid);
	}
}

static struct job *restore_job(const struct reexec_job *r)
{
	struct job *j = job_for(r);
	if (!j)
		return NULL;
	j->id = r->id;
	j->pid = r->pid;
	j->sid = r->sid;
	j->fork_phase = r->fork_wait ? FORK_WAIT : r->pid && j->conf->type == SVC_FORKING ? FORK_MAIN : FORK_NONE;
	restore_hooks(j, r);
	j->want = r->want && !j->remove;
	j->held = r->held;
	j->stop_pending = r->stop_pending;
	j->restart_count = r->restart_count;
	j->last_exit = r->last_exit;
	j->started_ms = r->started_ms;
	j->deadline_ms = r->deadline_ms;
	*j->rs = r->rs;
	memcpy(j->why, r->why, r->why_len);   /* r->why_len < JOB_WHY_MAX (checked) */
	j->why[r->why_len] = 0;
	state_restore(j, r->state, r->since_ms);
	return j;
}

/* Whether a job other than j has j's id. */
static bool id_shared(const struct job *j)
{
	for (int i = 0; i < job_slots(); i++) {
		const struct job *k = job_at(i);
		if (k != j && k->used && k->id == j->id)
			return true;
	}
	return false;
}

/* Put the jobs of s back; jobs new to this image keep the id they were
 * loaded with (the journal's, docs/journal.md "Job ids") unless a
 * restored job has it, else get fresh ids. */
static int restore_jobs(const struct reexec_state *s)
{
	bool restored[SVC_MAX] = { false };
	unsigned last = s->last_id;
	int jobs = 0;
	for (int i = 0; i < s->njobs; i++) {
		struct job *j = restore_job(&s->jobs[i]);
		if (j) {
			restored[j - job_at(0)] = true;
			jobs++;
		} else {
			log_err("reexec: no free slot for job %s", s->jobs[i].name);
		}
	}
	for (int i = 0; i < job_slots(); i++) {
		struct job *j = job_at(i);
		if (!j->used || restored[i])
			continue;
		if (!id_shared(j)) {
			last = j->id > last ? j->id : last;
			continue;
		}
		if (last + 1 >= OUT_ID_OWN) {   /* the ids above are PID 1's own */
			log_err("reexec: no job id left for %s: not loaded", j->conf->name);
			job_free(j);
			continue;
		}
		j->id = (uint16_t)++last;
	}
	job_set_last_id(last);
	return jobs;
}

/* p is the pipe of a boot hook that was handed over: adopt it.  0 or
 * -EINVAL. */
static int boot_hook_pipe(const struct reexec_pipe *p)
{
	pid_t pid;
	uint64_t deadline;
	unsigned h = p->id - OUT_ID_OWN;
	if (p->id < OUT_ID_OWN || h >= BOOTHOOK_COUNT || !boothook_running(h, &pid, &deadline))
		return -EINVAL;
	return boothook_adopt_pipe(h, p->rfd, p->wfd);
}

/* The output ring and pipes of s (svc/out/ checks each: a memfd that
 * holds a ring, both ends of one pipe); one that fails is closed and
 * logged, the rest of the state stands. */
static void restore_output(const struct reexec_state *s)
{
	if (s->log_fd >= 0 && out_adopt_ring(s->log_fd) < 0) {
		log_err("reexec: fd %d is not an output ring: service output kept so far is lost", s->log_fd);
		close(s->log_fd);
	}
	for (int i = 0; i < s->npipes; i++) {
		const struct reexec_pipe *p = &s->pipes[i];
		const struct job *j = job_by_id(p->id);
		if (j && out_adopt_pipe(p->id, j->conf, j->restart_count, p->rfd, p->wfd) == 0)
			continue;
		if (!j && boot_hook_pipe(p) == 0)
			continue;
		log_err("reexec: fds %d %d are not the output pipe of job %u: closed", p->rfd, p->wfd, (unsigned)p->id);
		close(p->rfd);
		close(p->wfd);
	}
}

/* The hand-over in fd, read and applied with s as its buffers: the jobs
 * handed over, or -1. */
static int restore_from(int fd, struct reexec_fds *fds, union scratch *s)
{
	struct reexec_state *st = &s->reexec.st;
	char why[128];
	struct stat sb;
	int r = -EINVAL;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		snprintf(why, sizeof why, "fd %d is not a memfd or a file: it could block a read", fd);
	else
		r = reexec_state_read_fd(st, fd, s->reexec.buf, sizeof s->reexec.buf, why, sizeof why);
	close(fd);
	cloexec_inherited();
	if (r < 0 || check_live_fds(st, why, sizeof why) < 0) {
		log_err("reexec: state refused (%s): nothing handed over, starting fresh", why);
		drop_inherited_sockets();
		return -1;
	}
	memcpy(history, st->history, sizeof history);
	for (int i = 0; i < st->nboothooks; i++) {
		const struct reexec_boothook *h = &st->boothooks[i];
		if (own_child(h->pid))
			boothook_adopt(h->hook, h->pid, h->deadline_ms);
	}
	int jobs = restore_jobs(st);
	restore_output(st);
	log_info("re-executed: %d jobs handed over", jobs);
	fds->ctl = st->ctl_fd;
	fds->client = st->client_fd;
	fds->watchdog = st->watchdog_fd;
	fds->notify = st->notify_fd;
	return jobs;
}

int reexec_restore(int fd, struct reexec_fds *fds)
{
	fds->ctl = fds->client = fds->watchdog = fds->notify = -1;
	union scratch *s = scratch_take();   /* free: this runs before anything else */
	int r = restore_from(fd, fds, s);
	scratch_give(s);
	return r;
}
