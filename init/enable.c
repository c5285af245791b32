/* SPDX-License-Identifier: MIT */
/*
 * initctl enable/disable (init/enable.h): the journal when there is one,
 * else a file for this boot.  The file:
 *
 *     keel-enabled BOOT_ID
 *     disable NAME
 *     enable NAME
 *
 * one line per service, the last line of a name wins.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/enable.h"
#include "init/journal/journal.h"
#include "init/rt/lines.h"
#include "init/rt/log.h"
#include "svc/conf/conf_val.h"
#include "svc/run/state.h"

#define BOOT_ID_MAX 40                               /* a UUID is 36 characters */
#define FILE_MAX (64 + SVC_MAX * (SVC_NAME_MAX + 9)) /* the header and 64 "disable NAME" lines */
#define HEADER "keel-enabled "
_Static_assert(ENABLE_LINE_MAX >= sizeof HEADER + BOOT_ID_MAX && ENABLE_LINE_MAX >= sizeof "disable " + SVC_NAME_MAX,
	       "a line of the file fits enable_read()'s buffer");

_Static_assert((int)JOB_ENABLE_ON == (int)JOURNAL_ENABLED && (int)JOB_ENABLE_OFF == (int)JOURNAL_DISABLED,
	       "a job's enable is the journal's enable key");

static bool in_journal;
static char path[SVC_PATH_MAX + 16];   /* DIR/keel/enabled */
static char boot_id[BOOT_ID_MAX];
static struct {
	char name[SVC_NAME_MAX];
	uint8_t enable;
} set[SVC_MAX];
static int nset;

/* This kernel boot's id, "-" if it cannot be read. */
static void read_boot_id(void)
{
	snprintf(boot_id, sizeof boot_id, "-");
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char buf[BOOT_ID_MAX];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	size_t len = 0;
	while (n > 0 && len < (size_t)n && buf[len] > ' ' && buf[len] < 0x7f)
		len++;
	if (len > 0)
		snprintf(boot_id, sizeof boot_id, "%.*s", (int)len, buf);
}

/* The slot of name in set[], a new one if it has none; NULL when full. */
static int slot_of(const char *name, bool add)
{
	for (int i = 0; i < nset; i++)
		if (!strcmp(set[i].name, name))
			return i;
	if (!add || nset == SVC_MAX)
		return -1;
	snprintf(set[nset].name, sizeof set[nset].name, "%s", name);
	set[nset].enable = JOB_ENABLE_FILE;
	return nset++;
}

static void take(void *u, const char *name, uint8_t enable)
{
	(void)u;
	int i = slot_of(name, true);
	if (i >= 0)
		set[i].enable = enable;
}

/* One line of the file: "enable NAME" or "disable NAME"; 0 if it is not one. */
static uint8_t parse_line(const char *line, size_t len, char *name)
{
	static const struct { const char *word; uint8_t enable; } words[] = {
		{ "enable ", JOB_ENABLE_ON }, { "disable ", JOB_ENABLE_OFF } };
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		size_t wl = strlen(words[w].word);
		if (len <= wl || memcmp(line, words[w].word, wl))
			continue;
		size_t nl = len - wl;
		if (nl >= SVC_NAME_MAX || !val_svc_name(line + wl, nl))
			return 0;
		memcpy(name, line + wl, nl);
		name[nl] = '\0';
		return words[w].enable;
	}
	return 0;
}

/* The first line: HEADER then this boot's id. */
static bool is_header(const char *line, size_t len, const char *id)
{
	size_t hl = strlen(HEADER), il = strlen(id);
	return len == hl + il && memcmp(line, HEADER, hl) == 0 && memcmp(line + hl, id, il) == 0;
}

int enable_read(int fd, char *buf, size_t len, const char *id,
		void (*cb)(void *u, const char *name, uint8_t enable), void *u)
{
	struct lines l;
	lines_init(&l, fd, buf, len);
	char *line;
	size_t n;
	bool cut;
	int r = lines_next(&l, &line, &n, &cut);
	if (r < 0)
		return r;
	if (r == 0 || l.unended || !is_header(line, n, id))
		return -EINVAL;   /* not ours, or another boot's */
	int taken = 0;
	while ((r = lines_next(&l, &line, &n, &cut)) > 0) {
		if (l.unended)
			continue;   /* cut short or too long: not taken */
		char name[SVC_NAME_MAX];
		uint8_t enable = parse_line(line, n, name);
		if (enable) {
			cb(u, name, enable);
			taken++;
		}
	}
	return r < 0 ? r : taken;
}

/* The file, if it is this boot's: into set[]. */
static void load_file(void)
{
	char buf[ENABLE_LINE_MAX];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return;
	struct stat st;
	int r = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? enable_read(fd, buf, sizeof buf, boot_id, take, NULL) :
									       -EBADF;
	close(fd);
	if (r == -EBADF)
		return;
	if (r < 0)
		log_info("%s: from another boot or not keel's: ignored", path);
	else
		log_info("%s: %d service%s enabled or disabled for this boot", path, r, r == 1 ? "" : "s");
}

void enable_setup(const char *control)
{
	in_journal = journal_get_info()->open;
	nset = 0;
	const char *slash = strrchr(control, '/');
	int dirlen = slash ? (int)(slash - control) : 0;
	snprintf(path, sizeof path, "%.*s/keel/enabled", dirlen, control);
	read_boot_id();
	if (!in_journal)
		load_file();
}

uint8_t enable_of(const char *name)
{
	if (in_journal) {
		struct journal_rec rec;
		return journal_job_last(name, &rec) ? JOB_ENABLE_FILE : (uint8_t)rec.enable;
	}
	int i = slot_of(name, false);
	return i < 0 ? JOB_ENABLE_FILE : set[i].enable;
}

/* set[] into the file: a temporary file, then renamed over it. */
static int write_file(void)
{
	char buf[FILE_MAX], tmp[sizeof path + 4], dir[sizeof path];
	int n = snprintf(buf, sizeof buf, HEADER "%s\n", boot_id);
	for (int i = 0; i < nset; i++)
		if (set[i].enable != JOB_ENABLE_FILE)
			n += snprintf(buf + n, sizeof buf - (size_t)n, "%s %s\n",
				      set[i].enable == JOB_ENABLE_ON ? "enable" : "disable", set[i].name);
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(tmp, sizeof tmp, "%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
	if (fd < 0)
		return -errno;
	ssize_t w = write(fd, buf, (size_t)n);
	int e = w == n ? 0 : w < 0 ? -errno : -EIO;
	if (close(fd) < 0 && !e)
		e = -errno;
	if (!e && rename(tmp, path) < 0)
		e = -errno;
	if (e)
		unlink(tmp);
	return e;
}

/* Keep the setting; the text saying where, or why not. */
static int keep(const char *name, uint8_t enable, char *where, size_t len)
{
	int r;
	if (in_journal) {
		r = journal_enable(name, enable);
		snprintf(where, len, r ? "for this boot only: journal write failed: %s" : "kept in the journal",
			 strerror(-r));
		return r;
	}
	int i = slot_of(name, true);
	if (i < 0)
		r = -ENOSPC;
	else {
		set[i].enable = enable;
		r = write_file();
	}
	if (r)
		snprintf(where, len, "for this boot only: no journal, and %s: %s", path, strerror(-r));
	else
		snprintf(where, len, "for this boot only: no journal (kept in %s)", path);
	return r;
}

int enable_set(struct job *j, bool on, char *msg, size_t len)
{
	uint8_t enable = on ? JOB_ENABLE_ON : JOB_ENABLE_OFF;
	char where[SVC_PATH_MAX + 96];
	int r = keep(j->conf->name, enable, where, sizeof where);
	state_set_enable(j, enable);
	bool up = j->state == JOB_STARTING || j->state == JOB_RUNNING || j->state == JOB_BACKOFF;
	const char *now = "";
	if (on && !up && !j->want)
		now = "; not started now (initctl start starts it)";
	else if (!on && up)
		now = "; still running (initctl stop stops it)";
	snprintf(msg, len, "%s: %s %s%s", j->conf->name, on ? "enabled" : "disabled", where, now);
	if (r)
		log_warn("%s", msg);
	return r;
}
