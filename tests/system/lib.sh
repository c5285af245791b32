# SPDX-License-Identifier: MIT
# System test library: boot an initramfs on the QEMU board through
# tools/qemu-run.sh (the same runner `make run` uses) and judge the console.
# TAP output.  Each boot gets its own flash image and console log in a temp
# dir; at most 2 QEMUs run at once (the measured sweet spot on 2 cores).
# Source it from a test: . "$(dirname "$0")/lib.sh"
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
BOARD=${BOARD:-qemu-x86_64}
PY=/usr/bin/python3
T=$(mktemp -d /tmp/keel-sys.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$TOP/tests/tap.sh"

# The kernel is fetched on demand (make check runs tools/deps.sh first).
need_kernel() {
	[ -f "$BUILD/kernel/vmlinux" ] || ls "$BUILD"/kernel/boot/vmlinuz-* >/dev/null 2>&1 ||
		BUILD=$BUILD bash "$TOP/tools/deps.sh" --kernel >&2
}

# image NAME INIT: pack the board's initramfs with INIT as /init into
# $T/NAME.cpio.gz.
image() {
	INIT=$2 OUT=$T/$1.cpio.gz STAGE=$T/$1.d \
		bash "$TOP/tools/mkinitramfs.sh" "$BOARD" "$BUILD" 2>"$T/$1.mk.err" ||
		{ diag "mkinitramfs failed:"; sed 's/^/#   /' "$T/$1.mk.err"; return 1; }
	rm -rf "$T/$1.d"
}

# extra NAME: $T/NAME.cpio.gz = $T/plain.cpio.gz (see image) plus a second
# archive of the files under $T/NAME.x (the kernel unpacks concatenated
# archives in order, so later files replace earlier ones).
extra() {
	cp "$T/plain.cpio.gz" "$T/$1.cpio.gz"
	(cd "$T/$1.x" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >> "$T/$1.cpio.gz"
}

# boot_start NAME [IMAGE [FLASH]]: boot $T/IMAGE.cpio.gz (default NAME) in
# the background in autotest mode, with flash $T/FLASH.img (default NAME;
# boots that share a flash name share the board's flash).  The console goes
# to $T/NAME.log, the verdict line to $T/NAME.verdict.  With CUT_AT=REGEX
# set, QEMU is killed (power cut) once a console line matches.
boot_start() {
	need_kernel
	AUTOTEST=1 QUIET=1 INITRD="$T/${2:-$1}.cpio.gz" FLASH="$T/${3:-$1}.img" LOG="$T/$1.log" \
		TIMEOUT=${BOOT_TIMEOUT:-90} CUT_AT=${CUT_AT:-} \
		bash "$TOP/tools/qemu-run.sh" "$BOARD" "$BUILD" </dev/null 2>"$T/$1.verdict" &
	eval "_boot_pid_$1=$!"
}

# boot_wait NAME: wait for boot NAME; sets RC (qemu-run's status) and VERDICT.
boot_wait() {
	local pid
	eval "pid=\$_boot_pid_$1"
	wait "$pid"
	RC=$?
	VERDICT=$(grep -m1 '^qemu-run:' "$T/$1.verdict")
	[ -n "$VERDICT" ] || VERDICT=$(tail -n1 "$T/$1.verdict")
}

# boot NAME [IMAGE [FLASH]]: boot_start + boot_wait.
boot() { boot_start "$@"; boot_wait "$1"; }

# guest_json NAME KEY: the one-line JSON the boot check printed after
# "keel-autotest: KEY " (json = status, system, journal).
guest_json() { grep -m1 "keel-autotest: $2 " "$T/$1.log" | sed "s/.*keel-autotest: $2 //"; }

# show_log NAME [LINES]: the console's last lines as TAP comments.
show_log() { diag "console of $1 (last ${2:-40} lines):"; tail -n "${2:-40}" "$T/$1.log" | sed 's/^/#   /'; }

# status_rows NAME: the `initctl status` output the guest printed.
status_rows() {
	sed -n '/keel-autotest: status begin/,/keel-autotest: status end/p' "$T/$1.log" |
		grep -v 'keel-autotest:'
}

# field NAME COLUMN: from a status table on stdin, NAME's value in COLUMN
# (NAME, STATE, PID, ...); the header row is the first line with NAME and
# STATE, lines before it are a preamble.
field() {
	awk -v n="$1" -v c="$2" '
		!h { split("", col); for (i = 1; i <= NF; i++) col[$i] = i
		     h = ("NAME" in col) && ("STATE" in col); next }
		$col["NAME"] == n { print $col[c]; exit }'
}

# example_services: NAME:WANT for every service in rootfs/etc/svc.d except
# autotest; WANT is "done" for a oneshot, "running" otherwise.
example_services() {
	local f n
	for f in "$TOP"/rootfs/etc/svc.d/*.ini; do
		n=$(basename "$f" .ini)
		[ "$n" = autotest ] && continue
		if grep -Eq '^[[:space:]]*type[[:space:]]*=[[:space:]]*oneshot' "$f"; then
			echo "$n:done"
		else
			echo "$n:running"
		fi
	done
}
