/* SPDX-License-Identifier: MIT */
/*
 * Readiness of a starting job (see svc/run/ready.h).  Invariants: a probe
 * never blocks (files opened non-blocking, a non-blocking connect, /proc
 * read through svc/reclaim's parsers); a message moves only the job its
 * sender belongs to; outside text (STATUS=) is kept escaped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/esc.h"
#include "init/rt/log.h"
#include "svc/reclaim/reclaim.h"
#include "svc/reclaim/reclaim_proc.h"
#include "svc/run/cgroup.h"
#include "svc/run/forking.h"
#include "svc/run/notify.h"
#include "svc/run/notify_msg.h"
#include "svc/run/ready.h"
#include "svc/run/state_int.h"

bool ready_awaited(const struct svc_conf *c)
{
	return c->type == SVC_NOTIFY || c->type == SVC_FORKING || (c->type == SVC_SIMPLE && c->ready != READY_SPAWN);
}

bool ready_waiting(const struct job *j)
{
	return j->used && j->state == JOB_STARTING && (j->pid || forking_waiting(j)) && !j->in_pre &&
	       j->conf->type != SVC_ONESHOT;
}

int ready_prepare(const struct job *j, struct spawn_ready *sr)
{
	sr->fd = -1;
	sr->env = j->conf->type == SVC_NOTIFY ? notify_env() : NULL;
	if (j->conf->type != SVC_SIMPLE || j->conf->ready != READY_FD)
		return 0;
	int fd = notify_connect();
	if (fd < 0)
		return fd;
	sr->fd = fd;
	return 0;
}

unsigned ready_spawned(struct job *j, uint64_t now)
{
	j->not_ready = false;
	j->status[0] = 0;
	j->check_ms = 0;
	j->check_step_ms = READY_STEP_MIN_MS;
	j->ready_ms = -1;
	forking_spawned(j);
	if (j->conf->type == SVC_ONESHOT)
		return JOB_STARTING;   /* until it is done */
	if (!ready_awaited(j->conf)) {
		j->ready_ms = 0;
		return JOB_RUNNING;
	}
	if (j->conf->ready_timeout_ms)
		j->deadline_ms = now + j->conf->ready_timeout_ms;
	if (j->conf->type == SVC_SIMPLE && j->conf->ready >= READY_PIDFILE)
		j->check_ms = now + READY_STEP_MIN_MS;
	return JOB_STARTING;
}

/* j is ready now: running, and the time it took. */
static void ready_now(struct job *j)
{
	if (!ready_waiting(j))
		return;
	j->deadline_ms = 0;
	j->check_ms = 0;
	j->ready_ms = (int64_t)(clock_ms() - j->started_ms);
	job_set_state(j, JOB_RUNNING, NULL);
}

struct job *ready_job_of(pid_t pid)
{
	char name[SVC_NAME_MAX];
	struct rproc_stat st;
	if (pid <= 1)
		return NULL;
	struct job *j = job_by_pid(pid);
	if (j)
		return j;
	if (cgroup_active())
		return cgroup_job_of(pid, name, sizeof name) == 1 ? job_by_name(name) : NULL;
	if (rproc_pid_stat(pid, &st) < 0 || st.sid <= 1)
		return NULL;
	for (int i = 0; i < job_slots(); i++) {
		j = job_at(i);
		if (j->used && j->pid && j->sid == st.sid)
			return j;   /* only descendants of its leader are in its session */
	}
	return NULL;
}

void ready_message(pid_t pid, const char *buf, size_t len)
{
	static unsigned ignored;
	struct notify_msg msg;
	struct job *j = ready_job_of(pid);
	bool fd_mode = j && j->conf->type == SVC_SIMPLE && j->conf->ready == READY_FD;
	if (!j || !j->pid || (j->conf->type != SVC_NOTIFY && !fd_mode)) {
		ignored++;
		if ((ignored & (ignored - 1)) == 0)   /* the 1st, 2nd, 4th, 8th... */
			log_warn("notify: ignored a message from pid %d, not of a job that may speak (%u so far)",
				 (int)pid, ignored);
		return;
	}
	notify_parse(buf, len, &msg);
	if (fd_mode) {
		if (msg.newline)
			ready_now(j);
		return;
	}
	if (msg.status)
		esc_text(j->status, sizeof j->status, msg.status, msg.status_len);
	if (msg.ready)
		ready_now(j);
}

/* The declared pidfile holds the pid of a live process of j. */
static bool pidfile_ready(const struct job *j)
{
	int pid = reclaim_pidfile_read(j->conf->pidfile);
	return pid > 0 && ready_job_of(pid) == j;
}

struct port_find {
	uint16_t port;
	bool udp;
	bool found;
};

static void port_line(const char *line, void *arg)
{
	struct port_find *find = arg;
	struct rproc_inet in;
	if (rproc_inet_line(line, &in) == 0 && in.inode && in.port == find->port &&
	    (find->udp || in.state == RPROC_TCP_LISTEN))
		find->found = true;
}

/* Port p is listening (tcp) or bound (udp), in its table or the IPv6
 * one (a dual-stack [::] socket is listed only there). */
static bool port_ready(const struct svc_port *port)
{
	bool udp = port->proto == PROTO_UDP || port->proto == PROTO_UDP6;
	bool v6 = port->proto == PROTO_TCP6 || port->proto == PROTO_UDP6;
	struct port_find find = { port->port, udp, false };
	if (!v6)
		(void)rproc_lines(udp ? "net/udp" : "net/tcp", port_line, &find);
	if (!find.found)
		(void)rproc_lines(udp ? "net/udp6" : "net/tcp6", port_line, &find);
	return find.found;
}

/* The unix socket at path accepts a connect (non-blocking: a full
 * backlog, EAGAIN, still means someone listens). */
static bool socket_ready(const char *path)
{
	static const int types[] = { SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	for (int i = 0; i < 3; i++) {
		int fd = socket(AF_UNIX, types[i] | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return false;
		int r = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ? 0 : errno;
		close(fd);
		if (r != EPROTOTYPE)
			return r == 0 || r == EAGAIN;
	}
	return false;
}

static bool probe(const struct job *j)
{
	const struct svc_conf *c = j->conf;
	bool all = true;
	if (c->ready == READY_PIDFILE)
		return pidfile_ready(j);
	for (int i = 0; all && c->ready == READY_PORT && i < c->nports; i++)
		all = port_ready(&c->ports[i]);
	for (int i = 0; all && c->ready == READY_SOCKET && i < c->nsockets; i++)
		all = socket_ready(c->sockets[i]);
	return all;
}

void ready_probe(struct job *j, uint64_t now)
{
	j->check_ms = 0;
	if (!ready_waiting(j))
		return;
	if (j->conf->type == SVC_FORKING) {
		int r = forking_probe(j);
		if (r > 0)
			ready_now(j);
		if (r != 0)
			return;
	} else if (probe(j)) {
		ready_now(j);
		return;
	}
	j->check_step_ms *= 2;
	if (j->check_step_ms < READY_STEP_MIN_MS)
		j->check_step_ms = READY_STEP_MIN_MS;   /* 0 after a re-exec: never a busy loop */
	if (j->check_step_ms > READY_STEP_MAX_MS)
		j->check_step_ms = READY_STEP_MAX_MS;
	j->check_ms = now + j->check_step_ms;
}
