/* SPDX-License-Identifier: MIT */
/*
 * One scratch area for PID 1's two big, short-lived jobs: loading the
 * service directory (boot, reload, --check) and the re-exec state
 * (written by the old image, read back by the new one).  Each runs to its
 * end inside one pass of the loop and they never overlap, so they share
 * the same pages.  Giving the area back returns its pages to the kernel
 * (madvise MADV_DONTNEED): between uses it is not resident, whatever the
 * table's capacity.  Nothing allocates.
 */
#ifndef KEEL_SCRATCH_H
#define KEEL_SCRATCH_H

#include "init/reexec_state.h"
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
};

/* The area, or NULL while another user holds it. */
union scratch *scratch_take(void);

/* Give it back: its pages are released (their contents are gone). */
void scratch_give(union scratch *s);

#endif
