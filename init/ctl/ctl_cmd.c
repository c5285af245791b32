/* SPDX-License-Identifier: MIT */
/*
 * What each control command does, server side.  One table maps command
 * names to handlers; every handler answers with text and an exit code
 * (ctl_proto.h CTL_*).  The functions it calls return 0 or -errno; this
 * file alone turns those into exit codes (exit_code()).  Unknown commands
 * and wrong argument counts get a clear message and CTL_USAGE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init/ctl/ctl.h"
#include "init/ctl/ctl_proto.h"
#include "init/ctl/logcmd.h"
#include "init/rt/esc.h"
#include "init/rt/log.h"
#include "init/enable.h"
#include "init/health/health.h"
#include "init/journal/journal.h"
#include "init/reexec.h"
#include "init/scratch.h"
#include "init/shutdown.h"
#include "init/ctl/status.h"
#include "init/platform/watchdog.h"
#include "init/system.h"
#include "svc/run/notify.h"
#include "svc/run/state.h"
#include "init/rt/num.h"

/* A command's one-line answer, before escaping. */
#define CTL_MSG_MAX 256

typedef int (*cmd_fn)(char **w, int n, struct reply *r);

static struct job *need_job(const char *name, struct reply *r)
{
	struct job *j = job_by_name(name);
	if (!j)
		reply_err(r, "%s: no such service\n", name);
	return j;
}

/* The exit code for a result of 0 or -errno.  -ENOENT is "no such
 * service" only from a command about one service (svc); elsewhere (a
 * missing svc_dir, a missing binary to re-exec) it is an error. */
static int exit_code(int rc, int svc)
{
	if (rc >= 0)
		return CTL_OK;
	if (rc == -EBUSY)
		return CTL_REFUSED;
	if (rc == -ENOENT && svc)
		return CTL_NOTFOUND;
	return CTL_ERR;
}

/* rc is 0 or -errno.  msg may carry outside text (a why with a process
 * name or a path from a service file): shown escaped, one line. */
static int answer(struct reply *r, int rc, int svc, const char *msg)
{
	char line[CTL_MSG_MAX * ESC_BYTE_MAX];
	esc_show(line, sizeof line, msg);
	if (rc >= 0)
		reply_out(r, "%s\n", line);
	else
		reply_err(r, "%s\n", line);
	return exit_code(rc, svc);
}

static int cmd_status(char **w, int n, struct reply *r)
{
	int json = 0;
	const char *name = NULL;
	for (int i = 1; i < n; i++) {
		if (strcmp(w[i], "--json") == 0)
			json = 1;
		else if (!name)
			name = w[i];
		else {
			reply_err(r, "usage: status [--json] [NAME]\n");
			return CTL_USAGE;
		}
	}
	return exit_code(status_render(r, name, json), 1);
}

static int cmd_job(char **w, int n, struct reply *r,
		   int (*op)(struct job *, char *, size_t))
{
	if (n != 2) {
		reply_err(r, "usage: %s NAME\n", w[0]);
		return CTL_USAGE;
	}
	struct job *j = need_job(w[1], r);
	if (!j)
		return CTL_NOTFOUND;
	char msg[CTL_MSG_MAX];
	return answer(r, op(j, msg, sizeof msg), 1, msg);
}

/* start and restart: a disabled service starts all the same, for this
 * boot only, and the answer says so. */
static int note_disabled(const struct job *j, int rc, char *msg, size_t len)
{
	size_t used = strlen(msg);
	if (rc == 0 && job_disabled(j))
		snprintf(msg + used, len - used, " (it stays disabled: not started at boot)");
	return rc;
}

static int start_once(struct job *j, char *msg, size_t len)
{
	return note_disabled(j, state_start(j, msg, len), msg, len);
}

static int restart_once(struct job *j, char *msg, size_t len)
{
	return note_disabled(j, state_restart(j, msg, len), msg, len);
}

static int enable_on(struct job *j, char *msg, size_t len) { return enable_set(j, true, msg, len); }
static int enable_off(struct job *j, char *msg, size_t len) { return enable_set(j, false, msg, len); }

static int cmd_start(char **w, int n, struct reply *r) { return cmd_job(w, n, r, start_once); }
static int cmd_enable(char **w, int n, struct reply *r) { return cmd_job(w, n, r, enable_on); }
static int cmd_disable(char **w, int n, struct reply *r) { return cmd_job(w, n, r, enable_off); }
static int cmd_stop(char **w, int n, struct reply *r) { return cmd_job(w, n, r, state_stop); }

static int cmd_restart(char **w, int n, struct reply *r)
{
	if (n == 2 && strcmp(w[1], "--all") == 0) {
		char msg[CTL_MSG_MAX];
		return answer(r, state_restart_all(msg, sizeof msg), 0, msg);
	}
	return cmd_job(w, n, r, restart_once);
}

static int cmd_reload(char **w, int n, struct reply *r)
{
	if (n != 1) {
		reply_err(r, "usage: reload\n");
		return CTL_USAGE;
	}
	char msg[CTL_MSG_MAX];
	return answer(r, system_reload(msg, sizeof msg), 0, msg);
}

static int shut(int how, int n, struct reply *r)
{
	if (n != 1) {
		reply_err(r, "usage: %s\n", shutdown_name(how));
		return CTL_USAGE;
	}
	system_shutdown(how);
	reply_out(r, "%s: stopping all services\n", shutdown_name(how));
	return CTL_OK;
}

static int cmd_poweroff(char **w, int n, struct reply *r) { (void)w; return shut(SHUT_POWEROFF, n, r); }
static int cmd_reboot(char **w, int n, struct reply *r) { (void)w; return shut(SHUT_REBOOT, n, r); }
static int cmd_halt(char **w, int n, struct reply *r) { (void)w; return shut(SHUT_HALT, n, r); }

static int cmd_reexec(char **w, int n, struct reply *r)
{
	(void)w;
	if (n != 1) {
		reply_err(r, "usage: reexec\n");
		return CTL_USAGE;
	}
	char msg[CTL_MSG_MAX];
	struct reexec_fds fds = { ctl_listen_fd(), ctl_current_client(), watchdog_fd(), notify_fd() };
	return answer(r, reexec_now(&fds, msg, sizeof msg), 0, msg);
}

static int cmd_unquarantine(char **w, int n, struct reply *r)
{
	if (n != 2) {
		reply_err(r, "usage: unquarantine NAME\n");
		return CTL_USAGE;
	}
	char msg[CTL_MSG_MAX];
	return answer(r, health_unquarantine(w[1], msg, sizeof msg), 1, msg);
}

static int cmd_system(char **w, int n, struct reply *r)
{
	if (n > 2 || (n == 2 && strcmp(w[1], "--json") != 0)) {
		reply_err(r, "usage: system [--json]\n");
		return CTL_USAGE;
	}
	health_render(r, n == 2);
	return CTL_OK;
}

/* initctl journal: the newest records that fit the reply.  Rows come
 * oldest first, so a first pass adds up their lengths and the second
 * leaves out the oldest until the rest fits (text: a first line says how
 * many; JSON: stays a valid array of records, the count goes to stderr). */
#define HIST_ROW_MAX 512
#define HIST_BUDGET (CTL_REPLY_MAX - 256)   /* room for the note and "[", "]" */

struct hist {
	struct reply *r;
	int json;
	int first;
	int counting;        /* first pass: only add up lengths */
	size_t total;        /* bytes of all rows (first pass) */
	size_t seen;         /* bytes of the rows passed so far (second pass) */
	unsigned skipped;    /* oldest rows left out */
};

/* The hook a HOOK record names (its state key). */
static const char *hook_name(uint32_t which)
{
	return which == JOURNAL_HOOK_PRE ? "exec_start_pre" : which == JOURNAL_HOOK_POST ? "exec_stop_post" : "?";
}

static size_t hist_json(const struct journal_rec *x, const char *t, char *row, size_t len)
{
	char name[SVC_NAME_MAX * REPLY_JSON_BYTE_MAX + 3];
	reply_json_text(name, sizeof name, x->name);
	int n = snprintf(row, len, "{\"seq\":%u,\"type\":\"%s\",\"boot\":%u,\"t\":%u,\"name\":%s",
			 (unsigned)x->seq, t, (unsigned)x->boot, (unsigned)x->t, name);
	if (x->type == JREC_JOB && x->exit == JOURNAL_EXIT_NONE)
		n += snprintf(row + n, len - (size_t)n, ",\"state\":\"%s\",\"restart_count\":%u,\"exit\":null",
			      job_state_name(x->state), (unsigned)x->restart_count);
	else if (x->type == JREC_JOB)
		n += snprintf(row + n, len - (size_t)n, ",\"state\":\"%s\",\"restart_count\":%u,\"exit\":%d",
			      job_state_name(x->state), (unsigned)x->restart_count, (int)x->exit);
	else if (x->type == JREC_HOOK)
		n += snprintf(row + n, len - (size_t)n, ",\"hook\":\"%s\",\"exit\":%d", hook_name(x->state),
			      (int)x->exit);
	n += snprintf(row + n, len - (size_t)n, "}");
	return (size_t)n;
}

/* One record as a row (no separator); its length. */
static size_t hist_format(int json, const struct journal_rec *x, char *row, size_t len)
{
	static const char *const types[] = { [JREC_BOOT] = "boot", [JREC_HEALTHY] = "healthy",
		[JREC_JOB] = "job", [JREC_START] = "start", [JREC_BIND] = "bind", [JREC_QUAR] = "quarantine",
		[JREC_SHUTDOWN] = "shutdown", [JREC_ENABLE] = "enable", [JREC_HOOK] = "hook",
		[JREC_SNAPSHOT] = "snapshot" };
	const char *t = x->type < sizeof types / sizeof types[0] && types[x->type] ? types[x->type] : "?";
	if (json)
		return hist_json(x, t, row, len);
	char ex[32], name[SVC_NAME_MAX * ESC_BYTE_MAX];
	status_exit_text(x->exit, ex, sizeof ex);
	esc_show(name, sizeof name, x->name);
	if (x->type == JREC_HOOK)
		return (size_t)snprintf(row, len, "%-7u boot %-4u %6us  %-10s %-16s %-11s %s\n", (unsigned)x->seq,
					(unsigned)x->boot, (unsigned)x->t, t, name, hook_name(x->state), ex);
	if (x->type == JREC_JOB)
		return (size_t)snprintf(row, len, "%-7u boot %-4u %6us  %-10s %-16s %-11s restarts %-4u %s\n",
					(unsigned)x->seq, (unsigned)x->boot, (unsigned)x->t, t, name,
					job_state_name(x->state), (unsigned)x->restart_count, ex);
	return (size_t)snprintf(row, len, "%-7u boot %-4u %6us  %-10s %s%s\n", (unsigned)x->seq, (unsigned)x->boot,
				(unsigned)x->t, t, name, x->type != JREC_ENABLE ? "" :
				x->enable == JOURNAL_DISABLED ? " disabled" : " enabled");
}

static void hist_row(void *u, const struct journal_rec *x)
{
	struct hist *h = u;
	char row[HIST_ROW_MAX];
	size_t n = hist_format(h->json, x, row, sizeof row);
	if (n >= sizeof row)
		n = sizeof row - 1;
	n += 1;   /* the JSON comma (text: counted all the same) */
	if (h->counting) {
		h->total += n;
		return;
	}
	size_t rest = h->total - h->seen;   /* this row and all newer ones */
	h->seen += n;
	if (rest > HIST_BUDGET) {
		h->skipped++;
		return;
	}
	if (h->first && h->skipped && !h->json)
		reply_out(h->r, "(%u older records left out: the reply holds %d KiB)\n", h->skipped,
			CTL_REPLY_MAX / 1024);
	reply_out(h->r, "%s%s", h->json && !h->first ? "," : "", row);
	h->first = 0;
}

static int cmd_journal(char **w, int n, struct reply *r)
{
	struct hist h = { .r = r, .first = 1, .counting = 1 };
	int count = 50;
	for (int i = 1; i < n; i++) {
		if (strcmp(w[i], "--json") == 0) {
			h.json = 1;
		} else if (strcmp(w[i], "-n") == 0 && i + 1 < n) {
			uint64_t v;
			if (num_whole(w[++i], 10000, &v) < 0 || v == 0) {
				reply_err(r, "journal: -n takes a number from 1 to 10000\n");
				return CTL_USAGE;
			}
			count = (int)v;
		} else {
			reply_err(r, "usage: journal [-n N] [--json]\n");
			return CTL_USAGE;
		}
	}
	/* The walks' state, lent from the scratch area: a command runs from
	 * the loop, never inside a load or a re-exec. */
	union scratch *s = scratch_take();
	if (!s) {
		reply_err(r, "journal: scratch area busy: try again\n");
		return CTL_REFUSED;
	}
	if (!journal_get_info()->open && !h.json)
		reply_out(r, "(no journal on flash this boot: no history to show; the boot count and quarantines "
			"are kept in RAM: initctl system)\n");
	journal_history(count, hist_row, &h, &s->journal_work);
	h.counting = 0;
	if (h.json)
		reply_out(r, "[");
	journal_history(count, hist_row, &h, &s->journal_work);
	scratch_give(s);
	if (h.json)
		reply_out(r, "]\n");
	if (h.json && h.skipped)
		reply_err(r, "journal: %u older records left out: the reply holds %d KiB\n", h.skipped,
			CTL_REPLY_MAX / 1024);
	return CTL_OK;
}

static int cmd_watchdog(char **w, int n, struct reply *r)
{
	if (n > 2 || (n == 2 && strcmp(w[1], "test") != 0)) {
		reply_err(r, "usage: watchdog [test]\n");
		return CTL_USAGE;
	}
	return exit_code(watchdog_ctl(r, n == 2), 0);
}

static int cmd_log(char **w, int n, struct reply *r)
{
	int rc = logcmd_render(w, n, r);
	return rc == -EINVAL ? CTL_USAGE : exit_code(rc, 1);
}

/* Who may run a command: CMD_CONTROL (root or control_group, the
 * default of an entry that says nothing) or CMD_ANYONE (any local user:
 * it only reads). */
enum { CMD_CONTROL, CMD_ANYONE };

static const struct { const char *name; cmd_fn fn; int who; } cmds[] = {
	{ "log", cmd_log, CMD_ANYONE },
	{ "watchdog", cmd_watchdog, CMD_CONTROL },
	{ "unquarantine", cmd_unquarantine, CMD_CONTROL },
	{ "system", cmd_system, CMD_ANYONE },
	{ "journal", cmd_journal, CMD_ANYONE },
	{ "reexec", cmd_reexec, CMD_CONTROL },
	{ "status", cmd_status, CMD_ANYONE },
	{ "start", cmd_start, CMD_CONTROL },
	{ "enable", cmd_enable, CMD_CONTROL },
	{ "disable", cmd_disable, CMD_CONTROL },
	{ "stop", cmd_stop, CMD_CONTROL },
	{ "restart", cmd_restart, CMD_CONTROL },
	{ "reload", cmd_reload, CMD_CONTROL },
	{ "poweroff", cmd_poweroff, CMD_CONTROL },
	{ "reboot", cmd_reboot, CMD_CONTROL },
	{ "halt", cmd_halt, CMD_CONTROL },
};

static int denied(const char *cmd, const struct ctl_peer *peer, struct reply *r)
{
	reply_err(r, "permission denied: %s needs root or the control group (uid %d)\n", cmd,
		  (int)peer->uid);
	log_warn("control: refused %s from uid %d gid %d (pid %d)", cmd, (int)peer->uid,
		 (int)peer->gid, (int)peer->pid);
	return CTL_DENIED;
}

int ctl_cmd(char **w, int n, const struct ctl_peer *peer, struct reply *r)
{
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(w[0], cmds[i].name) != 0)
			continue;
		if (cmds[i].who != CMD_ANYONE && !peer->may_control)
			return denied(cmds[i].name, peer, r);
		return cmds[i].fn(w, n, r);
	}
	reply_err(r, "unknown command '%.64s' (see initctl --help)\n", w[0]);
	return CTL_USAGE;
}
