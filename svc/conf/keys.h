/* SPDX-License-Identifier: MIT */
/*
 * The INI key tables, as X-macros: one row per key gives its name, its value
 * type, the struct field it fills, the field holding its count (lists only;
 * other rows repeat the field) and its flags.  In [service] rows a field
 * is one of struct svc_text (svc/conf/conf_int.h): its text fields, or
 * conf.X for a scalar of the struct svc_conf being filled.  svc/conf/conf.c expands them into
 * the lookup tables; tests/unit/test_conf.c checks every row is documented
 * in docs/service.md, so names, parsers and docs cannot drift apart.
 * Flags: K_ONE single-valued (a second occurrence is an error), K_MULTI
 * repeatable, K_CONT takes indented continuation lines.
 */
#ifndef KEEL_KEYS_H
#define KEEL_KEYS_H

/* Value types; each has one parser in svc/conf/conf.c (set_value). */
enum conf_type {
	T_ARGV,       /* exec: quoted words, argv[0] resolved to an absolute path */
	T_ENV,        /* K=V, one per line */
	T_NAMES,      /* service names, space/comma separated */
	T_SOCKETS,    /* absolute unix socket paths, space/comma separated */
	T_PORTS,      /* tcp:N udp:N tcp6:N udp6:N */
	T_TYPE,       /* simple|oneshot|notify|forking */
	T_RESTART,    /* always|on-failure|no */
	T_ONLIMIT,    /* stop|reboot|safe-mode */
	T_DURATION,   /* 500ms 2s 1m 1h, bare number = seconds -> uint32_t ms */
	T_SIZE,       /* 4K 1M 1G, bare number = bytes -> uint32_t */
	T_RLIMIT,     /* restart_limit: 0..RESTART_LIMIT_MAX (svc/conf/svc.h) */
	T_U32,        /* 0..4294967295 */
	T_BOOL,       /* yes|no|true|false|1|0 */
	T_SIGNAL,     /* TERM, SIGTERM, 15 -> uint8_t */
	T_USER,       /* user or group name, or a number */
	T_PATH,       /* absolute path */
	T_PATH_OPT,   /* absolute path, or empty for none */
	T_SOCKPATH,   /* absolute path short enough for sun_path */
	T_GROUPS,     /* user/group names or numbers, space/comma separated */
	T_CAPS,       /* capability names (cap_net_raw), space/comma separated -> uint64_t bits */
	T_LIMIT,      /* a count 0..2^62 or "infinity" -> uint64_t */
	T_LIMIT_SIZE, /* a size (4K 1M 1G 1T) up to 2^62 or "infinity" -> uint64_t */
	T_UMASK,      /* octal 0..0777 -> uint16_t */
	T_OOM,        /* -1000..1000 -> int16_t */
	T_NICE,       /* -20..19 -> int8_t */
	T_READY,      /* fd:N|pidfile|port|socket -> ready, ready_fd */
	T_LOG,        /* ring|file:PATH|console|kmsg|null -> log_mode, log_path */
	T_PATH_NOT,   /* absolute path, may start with '!' (kept in the value) */
	T_PATH_DASH,  /* absolute path, may start with '-' (kept in the value) */
	T_CMDWORD,    /* [!]WORD[=VALUE]: printable, no blank, no quote */
	T_HOOK,       /* a command like exec, one line, into a SVC_HOOK_BYTES field */
};

#define K_ONE   0
#define K_MULTI 1
#define K_CONT  2

/* X(key, type, field, count field, flags) for [service] in svc.d/NAME.ini */
#define SVC_KEYS(X) \
	X(exec,              T_ARGV,     args,                 conf.argc,       K_CONT) \
	X(type,              T_TYPE,     conf.type,                 conf.type,       K_ONE) \
	X(after,             T_NAMES,    after,                conf.nafter,     K_MULTI | K_CONT) \
	X(requires,          T_NAMES,    requires,             conf.nrequires,  K_MULTI | K_CONT) \
	X(restart,           T_RESTART,  conf.restart,              conf.restart,    K_ONE) \
	X(restart_delay,     T_DURATION, conf.restart_delay_ms,     conf.restart_delay_ms, K_ONE) \
	X(restart_delay_max, T_DURATION, conf.restart_delay_max_ms, conf.restart_delay_max_ms, K_ONE) \
	X(restart_limit,     T_RLIMIT,     conf.restart_limit,        conf.restart_limit, K_ONE) \
	X(restart_window,    T_DURATION, conf.restart_window_ms,    conf.restart_window_ms, K_ONE) \
	X(stable_after,      T_DURATION, conf.stable_after_ms,      conf.stable_after_ms, K_ONE) \
	X(on_limit,          T_ONLIMIT,  conf.on_limit,             conf.on_limit,   K_ONE) \
	X(user,              T_USER,     user,                 user,       K_ONE) \
	X(group,             T_USER,     group,                group,      K_ONE) \
	X(supplementary_groups, T_GROUPS, groups,             conf.ngroups,    K_MULTI | K_CONT) \
	X(capabilities,      T_CAPS,     conf.caps,                 conf.caps,       K_ONE) \
	X(no_new_privs,      T_BOOL,     conf.no_new_privs,         conf.no_new_privs, K_ONE) \
	X(umask,             T_UMASK,    conf.umask,                conf.umask,      K_ONE) \
	X(limit_nofile,      T_LIMIT,    conf.limit_nofile,         conf.limit_nofile, K_ONE) \
	X(limit_core,        T_LIMIT_SIZE, conf.limit_core,         conf.limit_core, K_ONE) \
	X(limit_as,          T_LIMIT_SIZE, conf.limit_as,           conf.limit_as,   K_ONE) \
	X(limit_nproc,       T_LIMIT,    conf.limit_nproc,          conf.limit_nproc, K_ONE) \
	X(oom_score_adj,     T_OOM,      conf.oom_score_adj,        conf.oom_score_adj, K_ONE) \
	X(nice,              T_NICE,     conf.nice,                 conf.nice,       K_ONE) \
	X(env,               T_ENV,      env,                  conf.envc,       K_MULTI | K_CONT) \
	X(workdir,           T_PATH,     workdir,              workdir,    K_ONE) \
	X(stop_signal,       T_SIGNAL,   conf.stop_signal,          conf.stop_signal, K_ONE) \
	X(stop_timeout,      T_DURATION, conf.stop_timeout_ms,      conf.stop_timeout_ms, K_ONE) \
	X(exec_start_pre,    T_HOOK,     pre,                  conf.prec,       K_ONE) \
	X(exec_stop_post,    T_HOOK,     post,                 conf.postc,      K_ONE) \
	X(hook_timeout,      T_DURATION, conf.hook_timeout_ms,      conf.hook_timeout_ms, K_ONE) \
	X(ready,             T_READY,    conf.ready,                conf.ready,      K_ONE) \
	X(ready_timeout,     T_DURATION, conf.ready_timeout_ms,     conf.ready_timeout_ms, K_ONE) \
	X(critical,          T_BOOL,     conf.critical,             conf.critical,   K_ONE) \
	X(safe,              T_BOOL,     conf.safe,                 conf.safe,       K_ONE) \
	X(enabled,           T_BOOL,     conf.enabled,              conf.enabled,    K_ONE) \
	X(condition_path_exists, T_PATH_NOT, cond_path,        cond_path,  K_ONE) \
	X(condition_file_not_empty, T_PATH_NOT, cond_nonempty, cond_nonempty, K_ONE) \
	X(condition_kernel_cmdline, T_CMDWORD, cond_cmdline,   cond_cmdline, K_ONE) \
	X(env_file,          T_PATH_DASH, env_file,            env_file,   K_ONE) \
	X(singleton,         T_BOOL,     conf.singleton,            conf.singleton,  K_ONE) \
	X(kill_others,       T_BOOL,     conf.kill_others,          conf.kill_others, K_ONE) \
	X(pidfile,           T_PATH,     pidfile,              pidfile,    K_ONE) \
	X(sockets,           T_SOCKETS,  sockets,              conf.nsockets,   K_MULTI | K_CONT) \
	X(ports,             T_PORTS,    conf.ports,                conf.nports,     K_MULTI | K_CONT) \
	X(log,               T_LOG,      log_path,             conf.log_mode,   K_ONE)

/* X(key, type, field, count field, flags) for [init] in /etc/init.ini */
#define INIT_KEYS(X) \
	X(svc_dir,           T_PATH,     svc_dir,              svc_dir,    K_ONE) \
	X(control,           T_SOCKPATH, control,              control,    K_ONE) \
	X(journal,           T_PATH_OPT, journal,              journal,    K_ONE) \
	X(journal_size,      T_SIZE,     journal_size,         journal_size, K_ONE) \
	X(boot_ok_after,     T_DURATION, boot_ok_after_ms,     boot_ok_after_ms, K_ONE) \
	X(boot_loop_limit,   T_U32,      boot_loop_limit,      boot_loop_limit, K_ONE) \
	X(shutdown_timeout,  T_DURATION, shutdown_timeout_ms,  shutdown_timeout_ms, K_ONE) \
	X(watchdog,          T_PATH_OPT, watchdog,             watchdog,   K_ONE) \
	X(watchdog_timeout,  T_DURATION, watchdog_timeout_ms,  watchdog_timeout_ms, K_ONE) \
	X(log_ring,          T_SIZE,     log_ring,             log_ring,   K_ONE) \
	X(log_size,          T_SIZE,     log_size,             log_size,   K_ONE) \
	X(log_keep,          T_U32,      log_keep,             log_keep,   K_ONE) \
	X(control_group,     T_USER,     control_group,        control_group, K_ONE) \
	X(on_boot_healthy,   T_HOOK,     on_healthy,           on_healthyc, K_ONE) \
	X(on_boot_unhealthy, T_HOOK,     on_unhealthy,         on_unhealthyc, K_ONE)

#endif
