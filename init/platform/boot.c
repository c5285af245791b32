/* SPDX-License-Identifier: MIT */
/*
 * Early mounts and console.  "Where missing" is decided per filesystem
 * (/proc/self, /sys/kernel, /dev/null, /run being a mount point), so the
 * same binary is harmless as PID 1 of a test namespace that already has
 * them.  devtmpfs is mounted only on a real system: in a namespace it
 * would expose the host's devices.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init/platform/boot.h"
#include "init/rt/log.h"

#define PROC_PID_INIT_INO 0xEFFFFFFCu   /* the initial pid namespace's inode */

bool boot_real_system(void)
{
	struct stat st;
	return getpid() == 1 && stat("/proc/self/ns/pid", &st) == 0 && st.st_ino == PROC_PID_INIT_INO;
}

static bool exists(const char *p)
{
	return access(p, F_OK) == 0;
}

static bool is_mountpoint(const char *dir)
{
	struct stat a, b;
	return stat(dir, &a) == 0 && stat("/", &b) == 0 && a.st_dev != b.st_dev;
}

static void do_mount(const char *src, const char *dir, const char *type, unsigned long fl, const char *data)
{
	(void)mkdir(dir, 0755);   /* EEXIST is the usual case */
	if (mount(src, dir, type, fl, data) < 0)
		log_err("mount %s on %s: %s", type, dir, strerror(errno));
}

static void console_fds(void)
{
	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		fd = open("/dev/null", O_RDWR);
	for (int i = 0; i < 3 && fd >= 0; i++)
		if (fcntl(i, F_GETFD) < 0)
			(void)dup2(fd, i);
	if (fd > 2)
		close(fd);
}

int boot_console(const char *path)
{
	/* O_NONBLOCK: a tty with modem control must not hold PID 1 in open(). */
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int e = fd < 0 ? errno : fstat(fd, &st) < 0 ? errno : S_ISCHR(st.st_mode) ? 0 : ENOTTY;
	if (e == 0 && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		e = errno;   /* services inherit a blocking description */
	for (int i = 0; i < 3 && e == 0; i++)
		if (dup2(fd, i) < 0)
			e = errno;
	if (fd >= 0)
		close(fd);
	if (e) {
		log_err("console %s: %s: keeping the console PID 1 has (/dev/console)", path,
			e == ENOTTY ? "not a character device" : strerror(e));
		return -e;
	}
	log_setup(2, 0);   /* PID 1's own non-blocking description of the new one */
	log_info("console: %s", path);
	return 0;
}

void boot_early(void)
{
	const unsigned long nosuid = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	umask(022);
	if (chdir("/") < 0)
		log_err("chdir /: %s", strerror(errno));
	if (!exists("/proc/self"))
		do_mount("proc", "/proc", "proc", nosuid, NULL);
	bool real = boot_real_system();
	if (!exists("/sys/kernel"))
		do_mount("sysfs", "/sys", "sysfs", nosuid, NULL);
	if (real && !exists("/dev/null"))
		do_mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
	console_fds();
	/* ctrl-alt-del: SIGINT to PID 1, a clean reboot, instead of the
	 * kernel's immediate restart (kernel.ctrl-alt-del = 0). */
	if (real && reboot(RB_DISABLE_CAD) < 0)
		log_err("ctrl-alt-del to SIGINT: %s", strerror(errno));
	if (real && !is_mountpoint("/run"))
		do_mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
}
