#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Power cut during a crash storm (issue 4): a service that crashes and is
# restarted over and over; QEMU is killed in the middle of it; the next
# boot counts one more boot, and the journal on the flash image, read on
# the host with build/journal-dump, holds the storm's records in order up
# to the cut, with no CRC error and at most one torn tail.  The boot chart
# (journal-dump --chart) of the cut boot, which never finished, and of the
# boot after it: well-formed SVG with one bar per service of that boot,
# the storm's restarts marked, and the full boot's shutdown on the axis.
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
image plain "$BUILD/init" || { ok 1 "image built"; done_testing; }
# The storm image: the same initramfs plus a second cpio archive with one
# more service (the kernel unpacks concatenated archives in order).
storm_image

boot b1 plain flash
is "$RC" 0 "boot 1 passes: $VERDICT"
[ "$RC" = 0 ] || show_log b1

CUT_AT='^flap 8' boot b2 storm flash
is "$RC" 0 "boot 2 is cut (QEMU killed) in the middle of the crash storm: $VERDICT"
[ "$RC" = 0 ] || show_log b2
check "the storm ran: the flapper was restarted at least 7 times before the cut" grep -q '^flap 8' "$T/b2.log"

boot b3 plain flash
is "$RC" 0 "boot 3 after the cut passes: $VERDICT"
[ "$RC" = 0 ] || show_log b3
is "$(guest_json b3 system | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["boot"])')" 3 \
	"boot 3: the cut boot was counted"

storm_journal_checks 2

# bars SVG: the names of its bars (class "bar", the name as <title>), sorted.
bars() {
	"$PY" -c '
import sys, xml.etree.ElementTree as E
n = "{http://www.w3.org/2000/svg}"
print(" ".join(sorted(g.find(n + "title").text for g in E.parse(sys.argv[1]).iter(n + "g") if g.get("class") == "bar")))' "$1"
}
svcs=$(cd "$TOP/rootfs/etc/svc.d" && ls -- *.ini | sed 's/\.ini$//')
for b in 2 3; do
	"$BUILD/journal-dump" --chart "$b" "$T/flash.img" > "$T/chart$b.svg" 2>/dev/null; rc=$?
	check "journal-dump --chart $b draws boot $b (exit $rc)" [ "$rc" -le 1 ]
	check "the chart of boot $b is well-formed" xmllint --noout "$T/chart$b.svg"
	want=$(printf '%s\n' $svcs $([ "$b" = 2 ] && echo flapper) | sort -u | tr '\n' ' ')
	is "$(bars "$T/chart$b.svg") " "$want" "boot $b: one bar per service of the boot"
done
restarts=$(xmllint --xpath "count(//*[local-name()='g'][*[local-name()='title']='flapper']//*[@class='restart'])" \
	"$T/chart2.svg")
check "the cut boot's chart marks the storm's restarts ($restarts)" [ "$restarts" -ge 7 ]
like "$(cat "$T/chart2.svg")" "never healthy" "the cut boot never became healthy"
like "$(cat "$T/chart3.svg")" "class=\"mark\".*>shutdown [0-9]+\.[0-9]{3} s<" "boot 3's clean shutdown is on the axis"
done_testing
