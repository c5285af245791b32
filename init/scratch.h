/* SPDX-License-Identifier: MIT */
/*
 * One scratch area for PID 1's two big, short-lived jobs: loading the
 * service directory (boot, reload, --check) and the re-exec state
 * (written by the old image, read back by the new one); and, lent at
 * other times, to smaller ones that would otherwise each hold BSS of
 * their own.  Each user takes the area, runs to its end inside one step
 * of the boot or one pass of the loop, and gives it back, so no two
 * overlap and they share the same pages (scratch_take() refuses a second
 * user all the same).  Giving the area back returns its pages to the
 * kernel (madvise MADV_DONTNEED): between uses it is not resident,
 * whatever the table's capacity.  Nothing allocates.
 */
#ifndef KEEL_SCRATCH_H
#define KEEL_SCRATCH_H

#include "init/journal/jrec.h"
#include "init/platform/board.h"
#include "init/rt/esc.h"
#include "init/reexec_state.h"
#include "svc/out/ring.h"
#include "svc/reclaim/reclaim.h"
#include "svc/conf/conf_work.h"
#include "svc/conf/svc.h"

union scratch {
	struct {   /* a load (conf_load_dir()): its output and working memory */
		struct svc_conf services[SVC_MAX];
		struct conf_work conf_work;   /* also init.ini's read at boot (init/main.c) */
	};
	struct {
		struct reexec_state st;          /* written, then read back into */
		char buf[REEXEC_STATE_BUF];      /* a line at a time (init/reexec_state.h) */
	} reexec;
	/* The journal's second state (init/journal/journal.h): the recovery
	 * of journal_open/journal_resume (init/main.c: a boot step of its own,
	 * after init.ini's read and before the first load and before a
	 * re-exec's state is read back) and the walks of `initctl journal`
	 * (init/ctl/ctl_cmd.c: a command, run from the loop, where a load or
	 * a re-exec never is under way). */
	struct jstate journal_work;
	/* `initctl status` (init/ctl/status.c): who holds what a job
	 * declares, a dry scan per job shown; a command, from the loop. */
	struct reclaim_result status_holders;
	/* `initctl log` (init/ctl/logcmd.c): a ring record's text and its
	 * rows (escaped, with a header and the job's name), one record at a
	 * time in each of the command's two passes; a command, from the loop. */
	struct scratch_log {
		char text[RING_LINE_MAX];
		char row[RING_LINE_MAX * ESC_BYTE_MAX + 128];
	} log;
	/* board.ini's values (init/main.c load_config()): read, applied and
	 * dropped in that boot step, the area's first use, once init.ini's
	 * read (conf_work) is done with. */
	struct board board;
};

/* The area, or NULL while another user holds it. */
union scratch *scratch_take(void);

/* Give it back: its pages are released (their contents are gone). */
void scratch_give(union scratch *s);

#endif
