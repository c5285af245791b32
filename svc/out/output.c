/* SPDX-License-Identifier: MIT */
/* Service output: pipes, reading, sinks.  See svc/out/output.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/log.h"
#include "init/rt/loop.h"
#include "svc/conf/conf.h"
#include "svc/out/logfile.h"
#include "svc/out/output.h"

_Static_assert(CONF_LOG_RING_MIN == RING_SIZE_MIN && CONF_LOG_RING_MAX == RING_SIZE_MAX &&
	       CONF_LOG_KEEP_MAX == LOGFILE_KEEP_MAX && CONF_LOG_SIZE_MIN == OUT_SIZE_MIN,
	       "init.ini accepts what svc/out/ can do");

#define OUT_DRAIN_MAX (256u << 10)   /* bytes read from a pipe whose writers are gone */
#define PARTS_MAGIC   0x4b505254u    /* "KPRT" */
#define READ_CHUNK    4096

struct parts_area {
	uint32_t magic;
	uint32_t slots;
	struct ring_part part[SVC_MAX];
};

/* One job's output, in PID 1's own memory; jobs[i] pairs with part[i]. */
struct out_job {
	bool used;
	uint16_t id;
	uint8_t mode;                /* enum svc_log */
	char name[SVC_NAME_MAX];
	char path[SVC_PATH_MAX];     /* log = file:PATH */
	uint32_t run;
	int rfd, wfd;                /* the pipe, -1: none */
	int file_fd;                 /* -1: not open (after a re-exec: opened on the next line) */
	uint64_t file_bytes;
	struct loop_handler h;
};

static struct out_job jobs[SVC_MAX];   /* an entry's fields mean something only while used */
static int seen;                       /* 1 + the highest entry ever used: lookups stop there */
static struct ring ring;
static struct parts_area *parts;
static void *map;
static size_t map_len;
static int ring_fd = -1;
static uint32_t file_size = OUT_SIZE_DEFAULT, file_keep = OUT_KEEP_DEFAULT;
static int kmsg_fd = -1;
static bool kmsg_tried;

static size_t parts_off(uint32_t ring_bytes)
{
	return (ring_mem_bytes(ring_bytes) + 7u) & ~(size_t)7u;
}

static size_t shared_bytes(uint32_t ring_bytes)
{
	return parts_off(ring_bytes) + sizeof(struct parts_area);
}

int out_setup(uint32_t ring_bytes, uint32_t size, uint32_t keep)
{
	file_size = size < OUT_SIZE_MIN ? OUT_SIZE_MIN : size;
	file_keep = keep > LOGFILE_KEEP_MAX ? LOGFILE_KEEP_MAX : keep;
	size_t len = shared_bytes(ring_bytes);
	int fd = memfd_create("keel-log", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0 || ftruncate(fd, (off_t)len) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return -e;
	}
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED || ring_init(&ring, m, len, ring_bytes) < 0) {
		int e = m == MAP_FAILED ? errno : EINVAL;
		if (m != MAP_FAILED)
			munmap(m, len);
		close(fd);
		return -e;
	}
	fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
	map = m;
	map_len = len;
	ring_fd = fd;
	parts = (struct parts_area *)((char *)m + parts_off(ring_bytes));
	parts->magic = PARTS_MAGIC;
	parts->slots = SVC_MAX;
	return 0;
}

const struct ring *out_ring(void)
{
	return ring.h ? &ring : NULL;
}

/* Entry i taken: lookups go as far as it. */
static void taken(int i)
{
	if (i >= seen)
		seen = i + 1;
}

static struct out_job *by_id(uint16_t id)
{
	for (int i = 0; i < seen; i++)
		if (jobs[i].used && jobs[i].id == id)
			return &jobs[i];
	return NULL;
}

/* A free entry for id, its partial line emptied; NULL if none. */
static struct out_job *new_entry(uint16_t id, const char *name)
{
	if (!parts)
		return NULL;
	for (int i = 0; i < SVC_MAX; i++) {
		struct out_job *o = &jobs[i];
		if (o->used)
			continue;
		memset(o, 0, sizeof *o);
		o->used = true;
		taken(i);
		o->id = id;
		o->rfd = o->wfd = o->file_fd = -1;
		snprintf(o->name, sizeof o->name, "%s", name);
		parts->part[i].id = id;
		parts->part[i].len = 0;
		return o;
	}
	return NULL;
}

static struct ring_part *part_of(const struct out_job *o)
{
	return &parts->part[o - jobs];
}

/* ---- sinks ---- */

static void ring_rec(const struct out_job *o, uint8_t kind, const char *text, size_t len)
{
	if (!ring.h)
		return;
	struct ring_line l = { .ms = clock_ms(), .run = o->run, .id = o->id, .kind = kind, .len = (uint16_t)len };
	ring_put(&ring, &l, text);
}

/* A new file for o's run (rotating the old ones); false if it cannot be had. */
static bool file_begin(struct out_job *o, bool continued)
{
	if (o->file_fd >= 0)
		close(o->file_fd);
	o->file_fd = -1;
	int r = logfile_rotate(o->path, file_keep);
	if (r < 0)
		log_warn("%s: rotating %s: %s", o->name, o->path, strerror(-r));
	int fd = logfile_open(o->path, false, &o->file_bytes);
	if (fd < 0) {
		log_err("%s: log file %s: %s; its output goes to the ring", o->name, o->path,
			fd == -EINVAL ? "not a regular file" : strerror(-fd));
		return false;
	}
	o->file_fd = fd;
	r = logfile_header(fd, o->name, o->id, o->run, continued);
	o->file_bytes += r > 0 ? (uint64_t)r : 0;
	return true;
}

static void file_line(struct out_job *o, const char *text, size_t len)
{
	if (o->file_fd < 0) {
		/* After a re-exec: carry on in the file as it is. */
		int fd = logfile_open(o->path, true, &o->file_bytes);
		if (fd < 0) {
			o->mode = SVC_LOG_RING;
			ring_rec(o, RING_OUT, text, len);
			return;
		}
		o->file_fd = fd;
	}
	if (o->file_bytes + len + 1 > file_size && !file_begin(o, true)) {
		o->mode = SVC_LOG_RING;
		ring_rec(o, RING_OUT, text, len);
		return;
	}
	struct iovec iov[2] = { { (void *)text, len }, { (void *)"\n", 1 } };
	ssize_t n = writev(o->file_fd, iov, 2);
	if (n > 0)
		o->file_bytes += (uint64_t)n;
}

static bool kmsg_ready(void)
{
	if (!kmsg_tried) {
		kmsg_tried = true;
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	}
	return kmsg_fd >= 0;
}

/* "<30>name: text": facility daemon, level info. */
static void kmsg_line(const struct out_job *o, const char *text, size_t len)
{
	char head[SVC_NAME_MAX + 8];
	int k = snprintf(head, sizeof head, "<30>%s: ", o->name);
	struct iovec iov[2] = { { head, (size_t)k }, { (void *)text, len } };
	ssize_t n = writev(kmsg_fd, iov, 2);
	(void)n;   /* the kernel rate-limits /dev/kmsg writers: a drop is its choice */
}

/* One line of o (a void * for ring_feed). */
static void emit(void *arg, const char *text, size_t len)
{
	struct out_job *o = arg;
	if (o->mode == SVC_LOG_FILE)
		file_line(o, text, len);
	else if (o->mode == SVC_LOG_KMSG && kmsg_ready())
		kmsg_line(o, text, len);
	else
		ring_rec(o, RING_OUT, text, len);   /* ring, and a run started before a reload to console */
}

/* ---- reading ---- */

static void flush_part(struct out_job *o)
{
	struct ring_part *p = part_of(o);
	if (p->len) {
		emit(o, p->buf, p->len);
		p->len = 0;
	}
}

static void unwatch(struct out_job *o)
{
	if (o->rfd >= 0) {
		loop_del(o->rfd);
		close(o->rfd);
	}
	if (o->wfd >= 0)
		close(o->wfd);
	o->rfd = o->wfd = -1;
}

/* Read up to budget bytes; 1 when the pipe is empty, 0 when the budget
 * ran out first. */
static int read_some(struct out_job *o, size_t budget)
{
	char buf[READ_CHUNK];
	while (budget) {
		ssize_t n = read(o->rfd, buf, budget < sizeof buf ? budget : sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 1;
		if (n <= 0) {
			/* Cannot happen while PID 1 holds the write end. */
			log_err("%s: output pipe: %s; closed", o->name, n < 0 ? strerror(errno) : "end of file");
			unwatch(o);
			return 1;
		}
		ring_feed(part_of(o), buf, (size_t)n, emit, o);
		budget -= (size_t)n;
	}
	return 0;
}

static void on_readable(void *arg)
{
	read_some(arg, OUT_BUDGET);
}

/* What the writers that are gone left, then the partial line. */
static void drain(struct out_job *o)
{
	if (o->rfd >= 0)
		read_some(o, OUT_DRAIN_MAX);
	flush_part(o);
}

static int watch(struct out_job *o)
{
	o->h.fn = on_readable;
	o->h.arg = o;
	int r = loop_add(o->rfd, &o->h);
	if (r < 0)
		unwatch(o);
	return r;
}

static int open_pipe(struct out_job *o)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	o->rfd = p[0];
	o->wfd = p[1];
	if (fcntl(o->rfd, F_SETFL, O_NONBLOCK) < 0) {
		int e = errno;
		unwatch(o);
		return -e;
	}
	return watch(o);
}

/* ---- the job's side ---- */

static bool wants_pipe(uint8_t mode)
{
	return mode == SVC_LOG_RING || mode == SVC_LOG_FILE || mode == SVC_LOG_KMSG;
}

/* The sink of a new run, with its fall-backs (logged). */
static void begin_sink(struct out_job *o)
{
	static bool kmsg_said;
	if (o->mode == SVC_LOG_KMSG && !kmsg_ready()) {
		if (!kmsg_said)
			log_warn("/dev/kmsg is not writable: the output of services with log = kmsg goes to the ring");
		kmsg_said = true;
		o->mode = SVC_LOG_RING;
	}
	if (o->mode == SVC_LOG_FILE && !file_begin(o, false))
		o->mode = SVC_LOG_RING;
	if (o->mode == SVC_LOG_RING)
		ring_rec(o, RING_START, "", 0);
}

void out_run_start(uint16_t id, const struct svc_conf *c, uint32_t run)
{
	struct out_job *o = by_id(id);
	if (!o && !(o = new_entry(id, c->name)))
		return;   /* no shared memory: the console, as before */
	drain(o);
	snprintf(o->name, sizeof o->name, "%s", c->name);
	snprintf(o->path, sizeof o->path, "%s", c->log_path);
	o->mode = c->log_mode;
	o->run = run;
	if (o->file_fd >= 0 && o->mode != SVC_LOG_FILE) {
		close(o->file_fd);
		o->file_fd = -1;
	}
	if (!wants_pipe(o->mode))
		return;
	int r = o->rfd < 0 ? open_pipe(o) : 0;
	if (r < 0) {
		log_err("%s: output pipe: %s; its output goes to the console", o->name, strerror(-r));
		o->mode = SVC_LOG_CONSOLE;
		return;
	}
	begin_sink(o);
}

void out_run_end(uint16_t id, int32_t exit)
{
	struct out_job *o = by_id(id);
	if (!o)
		return;
	drain(o);
	if (o->mode == SVC_LOG_RING)
		ring_rec(o, RING_END, (const char *)&exit, sizeof exit);
}

void out_job_gone(uint16_t id)
{
	struct out_job *o = by_id(id);
	if (!o)
		return;
	drain(o);
	unwatch(o);
	if (o->file_fd >= 0)
		close(o->file_fd);
	o->used = false;
	parts->part[o - jobs].id = 0;
}

int out_child_stdio(const char *name)
{
	const struct out_job *o = NULL;
	for (int i = 0; i < seen && !o; i++)
		if (jobs[i].used && strcmp(jobs[i].name, name) == 0)
			o = &jobs[i];
	if (!o || o->mode == SVC_LOG_CONSOLE)
		return 0;
	int fd = o->wfd;
	if (o->mode == SVC_LOG_NULL)
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return o->mode == SVC_LOG_NULL ? -errno : 0;
	if (dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		return -errno;
	return 0;
}

/* ---- re-exec ---- */

int out_handover(int *fd, struct out_pipe *pipes, int max)
{
	int n = 0;
	*fd = ring_fd;
	for (int i = 0; i < seen && n < max; i++)
		if (jobs[i].used && jobs[i].rfd >= 0 && jobs[i].wfd >= 0)
			pipes[n++] = (struct out_pipe){ jobs[i].id, jobs[i].rfd, jobs[i].wfd };
	return n;
}

void out_inherit(bool keep)
{
	int flags = keep ? 0 : FD_CLOEXEC;
	if (ring_fd >= 0)
		fcntl(ring_fd, F_SETFD, flags);
	for (int i = 0; i < seen; i++)
		if (jobs[i].used && jobs[i].rfd >= 0 && jobs[i].wfd >= 0) {
			fcntl(jobs[i].rfd, F_SETFD, flags);
			fcntl(jobs[i].wfd, F_SETFD, flags);
		}
}

static bool parts_ok(const struct parts_area *p)
{
	if (p->magic != PARTS_MAGIC || p->slots != SVC_MAX)
		return false;
	for (int i = 0; i < SVC_MAX; i++)
		if (p->part[i].len > RING_LINE_MAX)
			return false;
	return true;
}

int out_adopt_ring(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || fcntl(fd, F_GET_SEALS) < 0 ||
	    st.st_size < (off_t)sizeof(struct ring_hdr) || (uint64_t)st.st_size > shared_bytes(RING_SIZE_MAX))
		return -EINVAL;   /* not a memfd of a size a ring can have */
	size_t len = (size_t)st.st_size;
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return -EINVAL;
	const struct ring_hdr *h = m;
	struct ring r;
	if (h->size > RING_SIZE_MAX || len != shared_bytes(h->size) || ring_attach(&r, m, len) < 0 ||
	    !parts_ok((const struct parts_area *)((char *)m + parts_off(h->size)))) {
		munmap(m, len);
		return -EINVAL;
	}
	if (map)
		munmap(map, map_len);
	if (ring_fd >= 0)
		close(ring_fd);
	map = m;
	map_len = len;
	ring = r;
	ring_fd = fd;
	parts = (struct parts_area *)((char *)m + parts_off(h->size));
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return 0;
}

/* Both fds are the two ends of one pipe, read and write. */
static bool pipe_pair(int rfd, int wfd)
{
	struct stat a, b;
	return fstat(rfd, &a) == 0 && fstat(wfd, &b) == 0 && S_ISFIFO(a.st_mode) && S_ISFIFO(b.st_mode) &&
	       a.st_ino == b.st_ino && a.st_dev == b.st_dev &&
	       (fcntl(rfd, F_GETFL) & O_ACCMODE) == O_RDONLY && (fcntl(wfd, F_GETFL) & O_ACCMODE) == O_WRONLY;
}

int out_adopt_pipe(uint16_t id, const struct svc_conf *c, uint32_t run, int rfd, int wfd)
{
	if (!parts || by_id(id) || !pipe_pair(rfd, wfd))
		return -EINVAL;
	int slot = -1;
	for (int i = 0; i < SVC_MAX && slot < 0; i++)
		if (parts->part[i].id == id && !jobs[i].used)
			slot = i;   /* its partial line is waiting there */
	for (int i = 0; i < SVC_MAX && slot < 0; i++)
		if (!jobs[i].used)
			slot = i;
	if (slot < 0)
		return -EINVAL;
	struct out_job *o = &jobs[slot];
	memset(o, 0, sizeof *o);
	o->used = true;
	taken(slot);
	o->id = id;
	o->file_fd = -1;
	o->rfd = rfd;
	o->wfd = wfd;
	o->run = run;
	o->mode = c->log_mode;
	snprintf(o->name, sizeof o->name, "%s", c->name);
	snprintf(o->path, sizeof o->path, "%s", c->log_path);
	if (parts->part[slot].id != id) {
		parts->part[slot].id = id;
		parts->part[slot].len = 0;
	}
	fcntl(rfd, F_SETFL, O_NONBLOCK);
	fcntl(rfd, F_SETFD, FD_CLOEXEC);
	fcntl(wfd, F_SETFD, FD_CLOEXEC);
	return watch(o);
}
