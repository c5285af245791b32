#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# PID 1 of a bench sandbox's new pid/mount/uts/ipc/net namespaces, started
# by tools/bench/compare.py through unshare.  Builds a private root on a
# tmpfs, then becomes the system under test:
#   tools/bench/nsroot.sh RUN BIN ARGV...
# RUN holds cfg/ (-> /bench/cfg), etc/ (copied over /etc), out/ (-> the
# host's RUN/out, read-write: the services' stamp files) and an optional
# hook.sh, sourced with ROOT set just before the chroot (a row copies its
# binary in, masks a directory).  BIN holds svc and refinit (-> /bench/bin,
# read-only).  The host's /usr is bound read-only; /bin /sbin /lib /lib64
# are links into it.  The last step is
#   chroot ROOT /bench/bin/svc t0 /bench/out/t0 ARGV...
# so the t0 stamp is written just before ARGV[0] is exec'd as PID 1.
set -euo pipefail
RUN=$1 BIN=$2
shift 2
ROOT=$RUN/root
mkdir -p "$ROOT"
mount -t tmpfs -o mode=0755,size=128m bench-root "$ROOT"
cd "$ROOT"
mkdir -p usr proc sys dev etc run tmp var/log root bench/bin bench/out bench/cfg bench/sut
chmod 1777 tmp
for d in bin sbin lib lib64; do ln -s "usr/$d" "$d"; done
mount --bind /usr usr
mount -o remount,bind,ro usr
mount -t proc -o nosuid,nodev,noexec proc proc
# /sys stays an empty tmpfs: no system under test sees the host's cgroups.
mount -t tmpfs -o mode=0755,size=64k sys sys
mount -t tmpfs -o mode=0755,size=64k dev dev
mknod -m 666 dev/null c 1 3
mknod -m 666 dev/zero c 1 5
mknod -m 666 dev/urandom c 1 9
: >"$RUN/console.log"
: >dev/console
mount --bind "$RUN/console.log" dev/console
for f in passwd group nsswitch.conf ld.so.cache hostname; do
	[ -e "/etc/$f" ] && cp -a "/etc/$f" etc/
done
cp -a "$RUN/etc/." etc/
cp -a "$RUN/cfg/." bench/cfg/
# Files as from a built image: an old mtime (runsvdir waits a second
# before its first scan of a directory changed in the current second).
find bench/cfg etc -exec touch -h -d @946684800 {} +
mount --bind "$BIN" bench/bin
mount -o remount,bind,ro bench/bin
mount --bind "$RUN/out" bench/out
# shellcheck disable=SC1091
[ -f "$RUN/hook.sh" ] && . "$RUN/hook.sh"
cd /
exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb \
	chroot "$ROOT" /bench/bin/svc t0 /bench/out/t0 "$@"
