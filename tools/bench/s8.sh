#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# S8: the QEMU board booted with keel as /init and with BusyBox init as
# /init: same kernel, same initramfs contents (tools/mkinitramfs.sh), same
# services.  keel runs the board's services from /etc/svc.d; BusyBox init
# runs the same ones from an inittab written for them (the mounts keel makes
# itself are sysinit lines; setup and modules are sysinit lines, the
# daemons and the console shell respawn lines).  In both, one more process,
# `svc allup`, polls /proc until the three daemons and the console shell
# run, then writes "bench-s8: all up NS init EXEC end" on the console, NS
# being the guest's CLOCK_BOOTTIME (the time from the kernel's start) and
# EXEC the time of the kernel's "Run /init as init process" log line.  QEMU is killed once the
# whole line is there (tools/qemu-run.sh's CUT_AT).  TCG, one vCPU.
#   tools/bench/s8.sh BUILD          (S8_BOOTS [5] boots of each, alternating)
set -u
cd "$(dirname "$0")/../.." || exit 1
build=${1:-build}
boots=${S8_BOOTS:-5}
dir=$build/bench/s8
board=qemu-x86_64
if ! ls "$build"/kernel/vmlinux "$build"/kernel/boot/vmlinuz-* >/dev/null 2>&1; then
	echo "== S8 skipped: no kernel in $build/kernel (make image fetches it)"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/overlay/bench" "$dir/overlay/etc/svc.d"
musl-gcc -Os -static -Wall -Wextra -Werror -o "$dir/overlay/bench/svc" tools/bench/svc.c || exit 1

# The processes that make "all services up", as /proc/PID/cmdline with
# commas between the words (the board's svc.d exec lines).
up="/bin/busybox,syslogd,-n,-C64 /bin/busybox,klogd,-n /bin/busybox,httpd,-f,-p,8080,-h,/srv/www /bin/sh,-l"
o=$dir/overlay
printf '[service]\nexec = /bench/svc allup %s\ntype = simple\n' "$up" >"$o/etc/svc.d/benchup.ini"
# The board's boot check would run and power off; in this image it never starts.
printf '[service]\nexec = /bin/true\ntype = oneshot\ncondition_kernel_cmdline = keel.bench=never\n' >"$o/etc/svc.d/autotest.ini"
{
	echo "::sysinit:/bin/mount -t proc proc /proc"
	echo "::sysinit:/bin/mount -t sysfs sysfs /sys"
	echo "::sysinit:/bin/mount -t devtmpfs devtmpfs /dev"
	echo "::sysinit:/bin/mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run"
	echo "::sysinit:/bin/mkdir -p /dev/pts"
	echo "::sysinit:/bin/mount -t devpts -o nosuid,noexec,gid=5,mode=620 devpts /dev/pts"
	echo "::sysinit:/bin/mount -t tmpfs -o nosuid,nodev,mode=1777,size=16M tmpfs /tmp"
	echo "::sysinit:/lib/keel/setup.sh"
	echo "::sysinit:/lib/keel/modules.sh"
	echo "::once:/bench/svc allup $up"
	echo "::respawn:/bin/busybox syslogd -n -C64"
	echo "::respawn:/bin/busybox klogd -n"
	echo "::respawn:/bin/busybox httpd -f -p 8080 -h /srv/www"
	echo "ttyS0::respawn:/lib/keel/console.sh"
} >"$o/etc/inittab"
# Both images: the same base (tools/mkinitramfs.sh, keel as /init) and the
# same overlay, a second cpio the kernel unpacks over the first (a file of
# the same name is replaced); BusyBox's has a third one, /init as a link to
# /bin/busybox, so both unpack the same bytes but for that link.
pack() { (cd "$1" && find . -mindepth 1 -exec touch -h -d @0 {} + &&
	find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -1 -n >"$2"; }
pack "$o" "$dir/overlay.cpio.gz"
mkdir -p "$dir/bbinit"
ln -s bin/busybox "$dir/bbinit/init"
pack "$dir/bbinit" "$dir/bbinit.cpio.gz"
OUT=$dir/base.cpio.gz STAGE=$dir/base.d bash tools/mkinitramfs.sh "$board" "$build" >/dev/null || exit 1
rm -rf "$dir/base.d"
cat "$dir/base.cpio.gz" "$dir/overlay.cpio.gz" >"$dir/keel.cpio.gz"
cat "$dir/base.cpio.gz" "$dir/overlay.cpio.gz" "$dir/bbinit.cpio.gz" >"$dir/busybox.cpio.gz"

echo "== S8: the QEMU board, kernel start -> all services up (TCG; $boots boots each, median)"
for i in $(seq 1 "$boots"); do
	for sys in keel busybox; do
		log=$dir/$sys-$i.log
		# A fresh flash every boot: QEMU is killed before keel's
		# boot_ok_after, so keel would count the boots unhealthy and, after
		# two, quarantine the last service started (docs/restart.md).
		rm -f "$dir/flash.img"
		INITRD=$dir/$sys.cpio.gz LOG=$log FLASH=$dir/flash.img TIMEOUT=${S8_TIMEOUT:-120} \
			CUT_AT='bench-s8: all up .* end' QUIET=1 bash tools/qemu-run.sh "$board" "$build" 2>/dev/null
		ns=$(sed -n 's/.*bench-s8: all up \([0-9][0-9]*\) init \([0-9-]*\).*/\1 \2/p' "$log" | head -1)
		echo "$sys ${ns:-none none}" >>"$dir/times"
	done
done
# Column 2: kernel start -> all up; column 3: /init's exec -> all up.
median() {
	awk -v s="$1" -v c="$2" '$1 == s && $2 != "none" { print (c == 2 ? $2 : $2 - $3) / 1e6 }' "$dir/times" | sort -n |
		awk -v s="$1" -v what="$3" '{ v[NR] = $1 } END {
			if (NR == 0) { printf "%-8s %s: no boot reached all up (logs: '"$dir"')\n", s, what; exit }
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%-8s %s: median %.0f ms (min %.0f, max %.0f, %d boots)\n", s, what, m, v[1], v[NR], NR }'
}
for sys in keel busybox; do
	median "$sys" 2 "kernel start -> all up"
	median "$sys" 3 "/init exec   -> all up"
done
echo "== S8 console logs: $dir/*-N.log"
