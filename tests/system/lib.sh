# SPDX-License-Identifier: MIT
# System test library: boot an initramfs on the QEMU board through
# tools/qemu-run.sh (the same runner `make run` uses) and judge the console.
# TAP output.  Each boot gets its own flash image and console log in a temp
# dir; at most 2 QEMUs run at once (the measured sweet spot on 2 cores).
# Source it from a test: . "$(dirname "$0")/lib.sh"
# BOARD (default qemu-x86_64) picks the board.  A board of another
# architecture (board/BOARD/arch) has its own build directory, $BUILD/ARCH:
# its keel ($KEEL), kernel and BusyBox; host tools stay in $BUILD.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
BOARD=${BOARD:-qemu-x86_64}
BARCH=$(cat "$TOP/board/$BOARD/arch" 2>/dev/null || echo x86_64)
BBUILD=$BUILD
[ "$BARCH" = x86_64 ] || BBUILD=$BUILD/$BARCH
KEEL=$BBUILD/init
PY=/usr/bin/python3
T=$(mktemp -d /tmp/keel-sys.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$TOP/tests/tap.sh"

# The kernel (and a foreign board's BusyBox) is fetched on demand (make
# check runs tools/deps.sh first).
need_kernel() {
	if [ -f "$BBUILD/kernel/vmlinux" ] || ls "$BBUILD"/kernel/boot/vmlinuz-* >/dev/null 2>&1; then
		[ "$BARCH" = x86_64 ] || [ -x "$BBUILD/busybox/bin/busybox" ] && return 0
	fi
	BUILD=$BBUILD BOARD=$BOARD bash "$TOP/tools/deps.sh" --kernel >&2
}

# image NAME INIT: pack the board's initramfs with INIT as /init into
# $T/NAME.cpio.gz.
image() {
	need_kernel
	INIT=$2 OUT=$T/$1.cpio.gz STAGE=$T/$1.d \
		bash "$TOP/tools/mkinitramfs.sh" "$BOARD" "$BBUILD" 2>"$T/$1.mk.err" ||
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
		bash "$TOP/tools/qemu-run.sh" "$BOARD" "$BBUILD" </dev/null 2>"$T/$1.verdict" &
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

# storm_image: $T/storm.cpio.gz = plain plus a service that crashes and is
# restarted over and over (it prints "flap N" on run N), and a boot check
# that never powers off: a power cut (CUT_AT) ends the boot.
storm_image() {
	mkdir -p "$T/storm.x/etc/svc.d"
	cat > "$T/storm.x/etc/svc.d/flapper.ini" <<'INI'
[service]
log = console
exec = /bin/sh -c "n=$(cat /run/flap 2>/dev/null || echo 0); n=$((n+1)); echo $n > /run/flap; echo flap $n; sleep 0.2; exit 1"
restart_delay = 100ms
restart_limit = 32
restart_window = 1m
INI
	printf '[service]\nexec = /bin/sleep 100000\n' > "$T/storm.x/etc/svc.d/autotest.ini"
	extra storm
}

# storm_journal_checks BOOT: the journal on $T/flash.img, read on the host
# with journal-dump: no CRC error, at most one torn tail, and the storm of
# boot BOOT, cut in the middle, in order up to the cut.
storm_journal_checks() {
	local dump rc summary res
	dump=$("$BUILD/journal-dump" --json "$T/flash.img" 2>"$T/dump.err"); rc=$?
	# journal-dump exits 1 when it saw damage (CRC errors, refused or stale frames); the
	# never-written (zero-filled, not erased) segments of the disk are not damage.
	check "journal-dump reads the flash image (exit $rc)" [ "$rc" -le 1 ]
	summary=$(tail -n1 "$T/dump.err")
	diag "journal-dump: $summary"
	like "$summary" " 0 CRC errors" "no CRC error on the flash"
	like "$summary" " [01] torn tails" "at most one torn tail"
	res=$(printf '%s\n' "$dump" | "$PY" -c '
import json, sys
recs = [json.loads(l) for l in sys.stdin if l.startswith("{\"seq\"")]
seqs = [r["seq"] for r in recs]
flap = [r for r in recs if r.get("type") == "JOB" and r.get("job") == "flapper" and r.get("boot") == int(sys.argv[1])]
rcs = [r["rc"] for r in flap]
print("monotonic" if all(b > a for a, b in zip(seqs, seqs[1:])) else "not-monotonic",
      "records=%d" % len(flap), "maxrc=%d" % (max(rcs) if rcs else -1),
      "rc-nondecreasing" if all(b >= a for a, b in zip(rcs, rcs[1:])) else "rc-decreasing")' "$1")
	diag "$res"
	like "$res" "^monotonic" "frame sequence numbers strictly increase over the whole image"
	like "$res" "rc-nondecreasing" "the storm's restart counts never go back"
	like "$res" "maxrc=([7-9]|[1-9][0-9])" \
		"every restart acknowledged before the cut is there (run 8 printed: restart 7 recorded before its spawn)"
}

# crash_boots N...: boot the loop image (loop_image) on $T/flash.img as
# bN for each N; each must end in the crasher's kernel crash.
crash_boots() {
	local n
	for n in "$@"; do
		boot "b$n" loop flash
		check "boot $n: the kernel crashed (rc $RC: $VERDICT)" grep -q "sysrq: Trigger a crash" "$T/b$n.log"
		[ "$RC" != 0 ] || show_log "b$n"
	done
}

# loop_image: $T/loop.cpio.gz = plain plus a service that crashes the
# kernel (sysrq c) a second after it starts, last of all, and a boot check
# that prints the state between "keel-check: begin" and "keel-check: end"
# after a while (the crasher never stays up), then powers off.
loop_image() {
	mkdir -p "$T/loop.x/etc/svc.d"
	cat > "$T/loop.x/etc/svc.d/crasher.ini" <<'INI'
[service]
after = netd
exec = /bin/sh -c "sleep 1; echo c > /proc/sysrq-trigger"
INI
	cat > "$T/loop.x/etc/svc.d/autotest.ini" <<'INI'
[service]
log = console
type = oneshot
safe = yes
exec = /bin/sh -c "sleep 3; echo keel-check: begin; initctl status; echo keel-check: system $(initctl system --json); echo keel-check: end; initctl poweroff"
INI
	extra loop
}

# quarantine_checks LOG: the boot that quarantined the crasher (boot 4)
# said so in status, system --json and on the console, and ran the rest.
quarantine_checks() {
	local st sys s
	check "boot 4 printed its state" grep -q "keel-check: end" "$1"
	check "boot 4 did not crash" sh -c "! grep -q 'sysrq: Trigger a crash' '$1'"
	st=$(sed -n '/keel-check: begin/,/keel-check: end/p' "$1")
	like "$st" "quarantined: crasher" "boot 4: initctl status says crasher is quarantined"
	is "$(printf '%s\n' "$st" | field crasher STATE)" quarantined "boot 4: the crasher's job is quarantined"
	for s in console syslogd klogd netd; do
		is "$(printf '%s\n' "$st" | field $s STATE)" running "boot 4: $s runs"
	done
	sys=$(grep -m1 "keel-check: system" "$1" | sed 's/.*keel-check: system //')
	like "$sys" '"boot":4' "boot 4: boot number 4"
	like "$sys" '"unhealthy_streak":3' "boot 4: three unhealthy boots in a row"
	like "$sys" '"quarantined":\["crasher"\]' "boot 4: system --json names the quarantine"
	check "boot 4: the console said why" \
		grep -q "crasher quarantined: it was the last service started in 2 unhealthy boots" "$1"
}
