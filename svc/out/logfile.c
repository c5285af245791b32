/* SPDX-License-Identifier: MIT */
/* The file sink of service output: see svc/out/logfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "init/rt/clock.h"
#include "init/rt/utc.h"
#include "svc/conf/svc.h"
#include "svc/out/logfile.h"

#define ROT_PATH_MAX (SVC_PATH_MAX + 8)

int logfile_rotate(const char *path, unsigned keep)
{
	char from[ROT_PATH_MAX], to[ROT_PATH_MAX];
	int err = 0;
	if (keep > LOGFILE_KEEP_MAX)
		keep = LOGFILE_KEEP_MAX;
	if (keep == 0)
		return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
	for (unsigned k = keep; k >= 1; k--) {
		if (k == 1)
			snprintf(from, sizeof from, "%s", path);
		else
			snprintf(from, sizeof from, "%s.%u", path, k - 1);
		snprintf(to, sizeof to, "%s.%u", path, k);
		if (rename(from, to) < 0 && errno != ENOENT && !err)
			err = -errno;
	}
	return err;
}

int logfile_open(const char *path, bool append, uint64_t *size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0640);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	*size = (uint64_t)st.st_size;
	if (!append && st.st_size > 0) {
		if (ftruncate(fd, 0) < 0) {
			int e = errno;
			close(fd);
			return -e;
		}
		*size = 0;
	}
	return fd;
}

int logfile_header(int fd, const char *name, unsigned id, uint32_t run, bool continued)
{
	char line[160], wall[UTC_TEXT_MAX] = "";
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0 && utc_format(ts.tv_sec, wall, sizeof wall) < 0)
		wall[0] = '\0';
	uint64_t ms = clock_ms();
	int n = snprintf(line, sizeof line, "-- keel: %s id %u run %u%s at %llu.%03llus %s --\n", name, id,
			 (unsigned)run, continued ? " (continued)" : "", (unsigned long long)(ms / 1000),
			 (unsigned long long)(ms % 1000), wall);
	if (n >= (int)sizeof line)
		n = (int)sizeof line - 1;
	ssize_t w = write(fd, line, (size_t)n);
	return w < 0 ? -errno : (int)w;
}
