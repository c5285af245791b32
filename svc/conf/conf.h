/* SPDX-License-Identifier: MIT */
/*
 * Reading configuration: /etc/init.ini ([init]) and one service file per
 * service ([service]).  Files are read a line at a time through a small
 * buffer in the caller's working memory (struct conf_work,
 * svc/conf/conf_work.h) and fed to inih line by line, so every message
 * names file:line.  No malloc.
 */
#ifndef KEEL_CONF_H
#define KEEL_CONF_H

#include <stddef.h>
#include <stdint.h>
#include "svc/conf/svc.h"

#define CONF_FILE_MAX 16384   /* largest service or init file accepted */

/* The loader's working memory, lent by the caller (svc/conf/conf_work.h). */
struct conf_work;

/* journal_size bounds: the journal's JOURNAL_SIZE_MIN and _MAX
 * (init/journal/journal.h; init/main.c checks that they agree). */
#define CONF_JOURNAL_SIZE_MIN (16u << 10)
#define CONF_JOURNAL_SIZE_MAX (256u << 20)
/* Defaults of init.ini that another module needs too: initctl's socket,
 * the watchdog's timeout when the device does not say. */
#define INIT_CONTROL_DEFAULT "/run/keel.sock"
#define INIT_WATCHDOG_TIMEOUT_MS 30000
/* Service output (svc/out/): the ring's bounds are RING_SIZE_MIN and
 * _MAX, the file's LOGFILE_KEEP_MAX (svc/out/ring.h, logfile.h; the
 * loader and svc/out/ check they agree). */
#define CONF_LOG_RING_MIN (4u << 10)
#define CONF_LOG_RING_MAX (16u << 20)
#define CONF_LOG_RING_DEFAULT (64u << 10)
#define CONF_LOG_SIZE_MIN (4u << 10)
#define CONF_LOG_SIZE_DEFAULT (64u << 10)
#define CONF_LOG_KEEP_MAX 16
#define CONF_LOG_KEEP_DEFAULT 3

struct init_conf {
	char svc_dir[SVC_PATH_MAX];        /* default /etc/svc.d */
	char control[SVC_PATH_MAX];        /* control socket, default INIT_CONTROL_DEFAULT */
	char journal[SVC_PATH_MAX];        /* journal device or file; empty: none */
	uint32_t journal_size;             /* bytes, default 1 MiB (file back-end) */
	uint32_t boot_ok_after_ms;         /* default 30 s */
	uint32_t boot_loop_limit;          /* default 3 */
	uint32_t shutdown_timeout_ms;      /* default 10 s: whole stop phase */
	char watchdog[SVC_PATH_MAX];       /* empty: none */
	uint32_t watchdog_timeout_ms;      /* default INIT_WATCHDOG_TIMEOUT_MS */
	uint32_t log_ring;                 /* bytes of the output ring, default 64K (CONF_LOG_RING_*) */
	uint32_t log_size;                 /* bytes of a log file before it rotates, default 64K */
	uint32_t log_keep;                 /* rotated log files kept, default 3 (0..CONF_LOG_KEEP_MAX) */
	char control_group[SVC_USER_MAX];  /* may control besides root; empty: root only */
	char on_healthy[SVC_HOOK_BYTES];   /* on_boot_healthy, packed argv; count 0: none */
	uint8_t on_healthyc;
	char on_unhealthy[SVC_HOOK_BYTES]; /* on_boot_unhealthy */
	uint8_t on_unhealthyc;
};

/* The defaults of a service file (root, PATH only, workdir /, limits and
 * capabilities inherited). */
void conf_svc_defaults(struct svc_conf *c);

/* Defaults for an init_conf. */
void conf_init_defaults(struct init_conf *ic);

/* Parse init.ini at path into ic (defaults first; they hold for what the
 * file leaves out or gets wrong), read into w.  Returns 0; -ENOENT for a
 * missing file; another -errno when it cannot be read; -EINVAL for a bad
 * value.  Every error fills err = "path:line: what". */
int conf_parse_init(const char *path, struct init_conf *ic, struct conf_work *w, char *err,
		    size_t errlen);

/* Where a service file declared things, for cross-file messages: the line
 * of its [service] header and of each list entry (0: unknown). */
struct conf_lines {
	uint16_t section;
	uint16_t after[SVC_DEPS_MAX];
	uint16_t requires[SVC_DEPS_MAX];
	uint16_t sockets[SVC_SOCK_MAX];
	uint16_t ports[SVC_PORT_MAX];
};

/* Parse one service file, read into w, with lines (may be NULL) filled.
 * The name is the file's base name without ".ini" (letters, digits, '-',
 * '_', '.', '@'; at most SVC_NAME_MAX-1).  On error returns -1, sets
 * c->bad and c->error = "path:line: what" (also copied to err when err is
 * not NULL).  Checks done here: sections, keys, values, over-long lines,
 * exec present and executable. */
int conf_parse_svc_lines(const char *path, struct svc_conf *c, struct conf_lines *lines,
			 struct conf_work *w, char *err, size_t errlen);

/* conf_parse_svc_lines() over the bytes buf[0..len) as if read from path
 * (the name still comes from path; nothing is opened; only w's text is
 * used).  lines may be NULL.  For tests and the fuzzer; buf need not be
 * NUL-terminated. */
int conf_parse_svc_buf(const char *path, const char *buf, size_t len, struct svc_conf *c,
		       struct conf_lines *lines, struct conf_work *w, char *err, size_t errlen);

/* conf_parse_init() over the bytes buf[0..len): 0 or -EINVAL. */
int conf_parse_init_buf(const char *path, const char *buf, size_t len, struct init_conf *ic,
			char *err, size_t errlen);

/* Load every *.ini in dir (sorted by name) into tab[0..max), with w as
 * working memory (what it holds afterwards is of no use: its owner may
 * give its pages back).  Every file
 * gets a slot, broken ones with bad set.  Then the cross-file checks:
 * a requires= target that is missing or bad, a dependency cycle (the
 * message lists it), marks the service bad, and transitively every service
 * that requires a bad one.  report() is called once per bad service with
 * its message.  Returns the slot count, or -errno if dir cannot be read.
 * The strings go into the configuration arena's spare half, emptied first
 * (svc/conf/arena.h): the table is good until the next load, unless the
 * caller swaps the halves (job_conf_swap()) or drops it (arena_load_drop()). */
int conf_load_dir(const char *dir, struct svc_conf *tab, int max, struct conf_work *w,
		  void (*report)(const char *msg));

/* The cross-file checks of conf_load_dir() over tab[0..n) (n <= SVC_MAX),
 * with ln[i] the lines of tab[i]: marks services bad (first error kept) for
 * socket/port conflicts, missing requires= targets, dependency cycles and
 * requiring a bad service (transitively).  Reports nothing. */
void conf_check_table(struct svc_conf *tab, const struct conf_lines *ln, int n);

/* Durations: "500ms", "2s", "1m", "1h", bare number = seconds.  Sizes: "4K",
 * "1M", "1G", bare number = bytes.  Return 0 or -1. */
int conf_duration_ms(const char *s, uint32_t *ms);
int conf_size(const char *s, uint32_t *bytes);

#endif
