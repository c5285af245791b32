/* SPDX-License-Identifier: MIT */
/*
 * The loader's working memory (svc/conf/conf.h): the small buffer a file
 * is read through (never the whole file), the text of the service being
 * parsed, and a directory's listing, sorted names and declaration lines.  Only needed while a load or a parse
 * runs, so the caller lends it: PID 1 keeps it in the load side of its
 * scratch area (init/scratch.h), whose pages go back to the kernel after
 * each load; a test or the fuzzer has one of its own.
 */
#ifndef KEEL_CONF_WORK_H
#define KEEL_CONF_WORK_H

#include "svc/conf/conf.h"
#include "svc/conf/svc.h"

/* A service file as the loader parses it: the scalars straight into the
 * struct svc_conf it fills, the strings at their fixed maximum sizes (so a
 * value is checked against its limit as it is read).  Once the file is
 * parsed, conf_store() (svc/conf/conf_store.h) moves the strings into the
 * arena.  One at a time: a load parses service by service. */
struct svc_text {
	struct svc_conf conf;              /* scalars; its strings are set by conf_store() */
	char name[SVC_NAME_MAX];
	char path[SVC_PATH_MAX];
	char args[SVC_ARGS_BYTES];         /* packed: conf.argc words */
	char env[SVC_ENV_BYTES];           /* packed: conf.envc strings */
	char pre[SVC_HOOK_BYTES];          /* packed: conf.prec words */
	char post[SVC_HOOK_BYTES];         /* packed: conf.postc words */
	char after[SVC_DEPS_MAX][SVC_NAME_MAX];      /* one a row; packed once parsed */
	char requires[SVC_DEPS_MAX][SVC_NAME_MAX];
	char user[SVC_USER_MAX];
	char group[SVC_USER_MAX];
	char workdir[SVC_PATH_MAX];
	char groups[SVC_GROUPS_BYTES];     /* packed: conf.ngroups names */
	char cond_path[SVC_PATH_MAX + 1];
	char cond_nonempty[SVC_PATH_MAX + 1];
	char cond_cmdline[SVC_CMDWORD_MAX + 1];
	char env_file[SVC_PATH_MAX + 1];
	char pidfile[SVC_PATH_MAX];
	char sockets[SVC_SOCK_MAX][SVC_PATH_MAX];
	char log_path[SVC_PATH_MAX];
	char error[SVC_ERR_MAX];
};

#define CONF_DENT_BYTES 1024   /* getdents64 records per call (a record is at most 280 bytes) */
/* A file is read through this many bytes (svc/conf/conf_src.h): a line of
 * up to CONF_LINE_BUF - 2 bytes comes whole, a longer one in pieces (any
 * line past SVC_LINE_MAX is an error, so that is all a parse needs). */
#define CONF_LINE_BUF 512

struct conf_work {
	char line[CONF_LINE_BUF];                      /* the file being parsed, a line at a time */
	struct svc_text text;                          /* the service being parsed */
	char dent[CONF_DENT_BYTES] __attribute__((aligned(8)));   /* getdents64 records */
	char names[SVC_MAX][SVC_NAME_MAX];             /* the service directory's sorted names */
	struct conf_lines lines[SVC_MAX];              /* where each one declared things */
};

#endif
