/* SPDX-License-Identifier: MIT */
/*
 * The service model: what one /etc/svc.d/NAME.ini says, as a fixed-size
 * struct, and the capacities every table in keel is sized from.  Nothing
 * here allocates; a service file maps onto one struct svc_conf, whose
 * strings live in the configuration arena (svc/conf/arena.h).
 */
#ifndef KEEL_SVC_H
#define KEEL_SVC_H

#include <stdbool.h>
#include <stdint.h>

/* Services (and jobs) per system: a compile-time knob (make
 * KEEL_MAX_JOBS=N; docs/design.md has the bytes each one costs). */
#ifndef KEEL_MAX_JOBS
#define KEEL_MAX_JOBS 64
#endif
_Static_assert(KEEL_MAX_JOBS >= 1 && KEEL_MAX_JOBS <= 1024, "KEEL_MAX_JOBS: 1 to 1024");
#define SVC_MAX          KEEL_MAX_JOBS
#define SVC_NAME_MAX     32   /* name incl. NUL: file name without ".ini" */
#define SVC_PATH_MAX     128  /* any path in a service file, incl. NUL */
#define SVC_ARGS_BYTES   512  /* packed argv: words separated by NUL */
#define SVC_ARGS_MAX     32   /* argv words */
#define SVC_HOOK_BYTES   256  /* packed argv of exec_start_pre, exec_stop_post, init.ini hooks */
#define SVC_ENV_BYTES    512  /* packed "K=V" strings separated by NUL */
#define SVC_ENV_MAX      16
#define SVC_DEPS_MAX     8    /* after= / requires= targets each */
#define SVC_SOCK_MAX     4    /* sockets= paths */
#define SVC_PORT_MAX     4    /* ports= entries */
#define SVC_USER_MAX     32
#define SVC_GROUPS_BYTES 64   /* supplementary_groups: packed names, NUL separated */
#define SVC_GROUPS_MAX   8
#define SVC_ERR_MAX      192  /* one error message "file:line: what" */
#define SVC_CMDWORD_MAX  64   /* condition_kernel_cmdline value incl. NUL */
#define SVC_LINE_MAX     198  /* longest line inih keeps whole (INI_MAX_LINE 200 - '\n' - NUL) */
#define RESTART_LIMIT_MAX 32  /* largest restart_limit: the restart ring's size (svc/run/restart.h) */

#define SVC_CAPS_KEEP    UINT64_MAX          /* no capabilities key: the uid's defaults */
#define SVC_LIMIT_KEEP   (UINT64_MAX - 1)    /* no limit_* key: inherited */
#define SVC_LIMIT_MAX    (UINT64_C(1) << 62) /* largest finite limit accepted */
#define SVC_OOM_KEEP     INT16_MIN           /* no oom_score_adj key */
#define SVC_NICE_KEEP    INT8_MIN            /* no nice key */

/* SVC_FORKING: the spawned process forks a daemon and exits 0; the
 * daemon's pid (pidfile, or the one process left in the job's cgroup)
 * is the job's main pid from then on (svc/run/forking.h). */
enum svc_type { SVC_SIMPLE, SVC_ONESHOT, SVC_NOTIFY, SVC_FORKING };
enum svc_restart { RESTART_ALWAYS, RESTART_ON_FAILURE, RESTART_NO };
enum svc_on_limit { ONLIMIT_STOP, ONLIMIT_REBOOT, ONLIMIT_SAFE };
enum svc_proto { PROTO_TCP, PROTO_UDP, PROTO_TCP6, PROTO_UDP6 };
/* ready = ...: how a service says it is ready (type = notify: READY=1 on
 * its NOTIFY_SOCKET instead); READY_SPAWN: ready once spawned. */
enum svc_ready { READY_SPAWN, READY_FD, READY_PIDFILE, READY_PORT, READY_SOCKET };
#define SVC_READY_FD_MIN 3
#define SVC_READY_FD_MAX 255
/* log = ...: where stdout and stderr go (svc/out/output.h). */
enum svc_log { SVC_LOG_RING, SVC_LOG_FILE, SVC_LOG_CONSOLE, SVC_LOG_KMSG, SVC_LOG_NULL };

struct svc_port {
	uint8_t proto;         /* enum svc_proto */
	uint16_t port;
};

/* Defaults of a service file (conf.c); also what a job without a file
 * (re-exec hand-over) and a zero restart_delay fall back to. */
#define SVC_RESTART_DELAY_MS 1000
#define SVC_STOP_TIMEOUT_MS  5000
#define SVC_READY_TIMEOUT_MS 30000
#define SVC_HOOK_TIMEOUT_MS  30000

/* A service's configuration as PID 1 keeps it: the scalars, and every
 * string as a pointer into the configuration arena (svc/conf/arena.h),
 * never NULL ("" when not given).  Packed lists (args, env, pre, post,
 * groups, after, requires) are "a\0b\0" with their counts, as in the
 * file's order (svc_word() below reads one word).  The loader fills it
 * from a struct svc_text (svc/conf/conf_work.h: the same
 * fields at their fixed maximum sizes, SVC_*_MAX above, which still bound
 * every value).  Copying the struct copies the pointers: the arena keeps
 * the strings of every job's configuration and staged one
 * (svc/run/job.h) across a reload (docs/design.md, "Memory"). */
struct svc_conf {
	/* The strings, each a pointer into the configuration arena. */
	const char *name;
	const char *path;                  /* the .ini file it came from */
	const char *args;                  /* argv[0] NUL argv[1] NUL ...; argv[0] is absolute */
	const char *env;                   /* K=V NUL K=V NUL ... */
	const char *pre;                   /* exec_start_pre, packed like args; prec 0: none */
	const char *post;                  /* exec_stop_post */
	const char *after;                 /* after= names, packed like args: nafter */
	const char *requires;              /* requires= names, packed: nrequires */
	const char *user;                  /* empty: root */
	const char *group;
	const char *workdir;               /* empty: "/" */
	const char *groups;                /* supplementary_groups: name NUL name NUL ... */
	/* Conditions, checked before every start (svc/run/cond.h); a leading
	 * '!' negates; "": none. */
	const char *cond_path;             /* condition_path_exists */
	const char *cond_nonempty;         /* condition_file_not_empty */
	const char *cond_cmdline;          /* condition_kernel_cmdline: WORD or WORD=VALUE */
	const char *env_file;              /* KEY=VALUE lines; a leading '-': may be missing */
	const char *pidfile;
	const char *sockets[SVC_SOCK_MAX];
	const char *log_path;              /* log = file:PATH */
	const char *error;                 /* "path:line: what" (bad set) */

	/* The scalars, widest first (no padding between them). */
	uint64_t hash;                     /* FNV-1a of the file bytes: reload diff */
	/* Least privilege (svc/run/privs.c applies them in the spawn child). */
	uint64_t caps;                     /* bit n keeps capability n; SVC_CAPS_KEEP: key not given */
	uint64_t limit_nofile, limit_core; /* SVC_LIMIT_KEEP: not given; UINT64_MAX: infinity */
	uint64_t limit_as, limit_nproc;

	uint32_t hook_timeout_ms;          /* default SVC_HOOK_TIMEOUT_MS */
	uint32_t restart_delay_ms;         /* default SVC_RESTART_DELAY_MS */
	uint32_t restart_delay_max_ms;     /* default = restart_delay_ms (no back-off) */
	uint32_t restart_window_ms;        /* default 60000 */
	uint32_t stable_after_ms;          /* default = restart_window_ms */
	uint32_t stop_timeout_ms;          /* default SVC_STOP_TIMEOUT_MS */
	uint32_t ready_timeout_ms;         /* default SVC_READY_TIMEOUT_MS; 0: no limit */

	struct svc_port ports[SVC_PORT_MAX];
	uint16_t umask;                    /* default 0022 */
	int16_t oom_score_adj;             /* SVC_OOM_KEEP: not given */
	uint16_t restart_limit;            /* default 5 */

	/* Counts of the packed lists and of after, requires, sockets, ports. */
	uint8_t argc, envc, prec, postc, ngroups;
	uint8_t nafter, nrequires, nsockets, nports;
	int8_t nice;                       /* SVC_NICE_KEEP: not given */
	uint8_t type;                      /* enum svc_type */
	uint8_t restart;                   /* enum svc_restart */
	uint8_t on_limit;                  /* enum svc_on_limit */
	uint8_t stop_signal;               /* default SIGTERM */
	uint8_t ready;                     /* enum svc_ready */
	uint8_t ready_fd;                  /* ready = fd:N: N */
	uint8_t log_mode;                  /* enum svc_log, default ring */

	bool no_new_privs;                 /* default yes */
	bool critical, safe;
	bool enabled;                      /* default yes; initctl enable/disable overrides it */
	bool singleton, kill_others;
	/* Set by the loader: a service with bad set is never started. */
	bool bad;
};

/* The argv words of c, into out[] (at most max-1 words, NULL-terminated).
 * Pointers point into c->args.  Returns the word count. */
int svc_argv(const struct svc_conf *c, char **out, int max);

/* Same for the env strings ("K=V"). */
int svc_envv(const struct svc_conf *c, char **out, int max);

/* Word k of a packed list (args, env, pre, post, groups, after,
 * requires), 0 <= k < the list's count. */
const char *svc_word(const char *packed, int k);

#endif
