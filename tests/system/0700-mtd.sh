#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The journal's MTD back-end on a real kernel (issue 4): Debian's generic
# kernel (tools/kernel-generic.sh) with mtdram (RAM-backed NOR-like MTD,
# 256 KiB in 16 KiB erase blocks) as /dev/mtd0.  A small /init wrapper loads
# the modules and execs keel, so the device exists when PID 1 opens the
# journal.  A crash-looping service writes enough records to fill several
# segments (MEMERASE at every segment switch); then, in the same boot,
# `initctl journal` and `initctl system` must show an intact journal.
# RAM-backed: one boot only (QEMU.md §6).
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
bash "$TOP/tools/kernel-generic.sh" "$BUILD" >&2 || { ok 1 "generic kernel fetched"; done_testing; }
G=$BUILD/kernel-generic
image plain "$BUILD/init" || { ok 1 "image built"; done_testing; }
X=$T/mtd.x
mkdir -p "$X/etc/svc.d" "$X/lib/modules" "$X/sbin"
cp "$BUILD/init" "$X/keel"
ln -s ../keel "$X/sbin/initctl"
cp "$(find "$G/lib/modules" -name mtd.ko)" "$(find "$G/lib/modules" -name mtdram.ko)" "$X/lib/modules/"
: > "$X/etc/modules"          # the cloud kernel's modules do not fit this kernel
cat > "$X/init" <<'SH'
#!/bin/sh
/bin/busybox insmod /lib/modules/mtd.ko
/bin/busybox insmod /lib/modules/mtdram.ko total_size=256 erase_size=16
exec /keel
SH
chmod 755 "$X/init"
cat > "$X/etc/init.ini" <<'INI'
[init]
svc_dir = /etc/svc.d
control = /run/keel.sock
journal = /dev/mtd0
boot_ok_after = 1h
shutdown_timeout = 5s
INI
cat > "$X/etc/svc.d/flapper.ini" <<'INI'
[service]
exec = /bin/sh -c "exit 1"
restart_delay = 5ms
restart_limit = 32
restart_window = 50ms
INI
mkdir -p "$X/lib/keel"
cat > "$X/lib/keel/mtdcheck.sh" <<'SH'
#!/bin/sh
# Wait until 1,200 records were written, stop the storm, print, power off.
until [ "$(initctl journal -n 1 | tail -1 | cut -d' ' -f1)" -ge 1200 ] 2>/dev/null; do sleep 0.5; done
initctl stop flapper
echo "keel-check: system $(initctl system --json)"
echo "keel-check: journal $(initctl journal --json -n 200)"
initctl poweroff
SH
chmod 755 "$X/lib/keel/mtdcheck.sh"
cat > "$X/etc/svc.d/autotest.ini" <<'INI'
[service]
log = console
type = oneshot
exec = /lib/keel/mtdcheck.sh
INI
extra mtd

KERNEL=$G/vmlinux BOOT_TIMEOUT=120 boot m1 mtd m1
like "$(grep -m1 'journal /dev/mtd0' "$T/m1.log")" "keel: (warning: )?journal /dev/mtd0" "PID 1 opened the journal on /dev/mtd0"
check "no RAM-only fallback" sh -c "! grep -q 'history is kept in RAM only' '$T/m1.log'"
sys=$(grep -m1 'keel-check: system' "$T/m1.log" | sed 's/.*keel-check: system //')
jr=$(grep -m1 'keel-check: journal' "$T/m1.log" | sed 's/.*keel-check: journal //')
check "the boot check printed the journal" [ -n "$jr" ]
like "$sys" '"journal":true' "system: the journal is open"
like "$sys" '"crc_errors":0' "system: no CRC errors"
like "$sys" '"io_errors":0' "system: no I/O errors"
res=$(printf '%s' "$jr" | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
seqs = [x["seq"] for x in r]
f = [x for x in r if x["name"] == "flapper" and x["type"] == "job"]
print("n=%d" % len(f), "mono" if all(b > a for a, b in zip(seqs, seqs[1:])) else "not-mono",
      "firstseq=%d" % (seqs[0] if seqs else -1), "lastseq=%d" % (seqs[-1] if seqs else -1),
      "maxrc=%d" % max([x["restart_count"] for x in f] or [-1]))' 2>&1)
diag "$res"
like "$res" "n=(1[5-9][0-9]|200)" "the last 200 records read back from the MTD journal are the storm's"
like "$res" " mono " "sequence numbers strictly increase"
# About 340 records fit a 16 KiB segment: 1,200 records went through
# several segment switches, each an erase (MEMERASE) and a snapshot.
like "$res" "lastseq=(1[2-9][0-9][0-9]|[2-9][0-9]{3}|[0-9]{5,})" "1,200+ records written: the ring of 16 KiB segments was erased and reopened several times"
check "the board powered off cleanly" grep -q "reboot: Power down" "$T/m1.log"
[ "$_fail" = 0 ] || show_log m1 40
done_testing
