#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The journal on the board's flash (NVMe namespace backed by an image file)
# through the real kernel: the boot counter survives poweroff and a power
# cut (QEMU killed mid-boot), and records of an earlier boot are read back.
# Four boots in a row on one flash image.
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
image flash "$BUILD/init" || { ok 1 "image built"; done_testing; }

# sysval NAME KEY: a top-level value of `initctl system --json` in boot NAME.
sysval() {
	guest_json "$1" system | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2" 2>/dev/null
}

boot b1 flash flash
is "$RC" 0 "boot 1 on a blank flash passes: $VERDICT"
[ "$RC" = 0 ] || show_log b1
is "$(sysval b1 boot)" 1 "boot 1: the boot counter is 1"
size=$(stat -c %s "$T/flash.img")
check "boot 1 wrote the journal to the flash image" \
	bash -c "! cmp -s -n $size '$T/flash.img' /dev/zero"

boot b2 flash flash
is "$RC" 0 "boot 2 passes: $VERDICT"
[ "$RC" = 0 ] || show_log b2
is "$(sysval b2 boot)" 2 "boot 2: the boot counter is 2"
check "boot 2 reads boot 1's records back from the journal" \
	"$PY" -c 'import json,sys; assert any(r.get("boot") == 1 for r in json.loads(sys.argv[1]))' \
	"$(guest_json b2 journal)"

CUT_AT='keel: netd: running' boot b3 flash flash
is "$RC" 0 "boot 3 is cut (QEMU killed) once services run: $VERDICT"
[ "$RC" = 0 ] || show_log b3

boot b4 flash flash
is "$RC" 0 "boot 4 after the power cut passes: $VERDICT"
[ "$RC" = 0 ] || show_log b4
is "$(sysval b4 boot)" 4 "boot 4: the cut boot was counted, the counter is 4"
done_testing
