#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The boot chart (journal-dump --chart, docs/bootchart.md): keel as PID 1
# with a file journal and four services (a oneshot, a service after it, one
# that crashes and is restarted, one that is blocked); the chart of that
# boot, drawn while it runs (no HEALTHY, no SHUTDOWN), is well-formed SVG
# with one bar per service, restarts, failures and the blocked service
# marked, and renders to PNG; the events carry ms since boot; a copy whose
# last frame is torn still draws; a forged journal with a hostile name
# comes out escaped and its quarantine noted; a boot with no records is an empty chart, exit 2.
. "$(dirname "$0")/lib.sh"
J=$T/journal.img
DUMP=$BUILD/journal-dump
command -v xmllint >/dev/null && command -v rsvg-convert >/dev/null ||
	{ echo "1..0 # SKIP xmllint or rsvg-convert missing (bash tools/deps.sh)"; exit 0; }
svc setup <<EOF
[service]
type = oneshot
exec = /bin/sh -c "sleep 0.1"
EOF
svc app <<EOF
[service]
after = setup
exec = /bin/sleep 1001
EOF
svc crasher <<EOF
[service]
exec = /bin/sh -c "sleep 0.2; kill -SEGV \$\$"
restart_delay = 100ms
restart_limit = 30
restart_window = 1m
EOF
svc quitter <<EOF
[service]
exec = /bin/sh -c "exit 3"
restart_delay = 100ms
restart_limit = 1
restart_window = 1m
EOF
write_init_ini "journal = $J
journal_size = 128K"
rc_of() { jfield "$1" restart_count; }
ns_start
check "setup done" wait_for 15 state_is setup done
check "app running" wait_for 15 state_is app running
check "quitter blocked" wait_for 15 state_is quitter blocked
check "crasher restarted twice" wait_for 15 eval '[ "$(rc_of crasher)" -ge 2 ] 2>/dev/null'

# The chart of the running boot (the journal is a regular file: read it as is).
count() { xmllint --xpath "count(//*[local-name()='$2'][@class='$3'])" "$1" 2>/dev/null; }
"$DUMP" --chart "$J" > "$T/boot.svg" 2> "$T/dump.err"; rc=$?
is "$rc" 0 "journal-dump --chart exits 0 on a boot in progress"
check "the chart is well-formed XML" xmllint --noout "$T/boot.svg"
is "$(count "$T/boot.svg" g bar)" 4 "one bar per service of the boot"
for s in setup app crasher quitter; do
	is "$(xmllint --xpath "count(//*[local-name()='g'][@class='bar'][*[local-name()='title']='$s'])" "$T/boot.svg")" 1 \
		"a bar for $s"
done
bar() { xmllint --xpath "count(//*[local-name()='g'][@class='bar'][*[local-name()='title']='$1']//*[@class='$2'])" \
	"$T/boot.svg"; }
check "crasher: at least two restarts marked" test "$(bar crasher restart)" -ge 2
check "crasher: at least two failures marked (signal 11)" test "$(bar crasher fail)" -ge 2
like "$(cat "$T/boot.svg")" "killed by signal 11" "a failure says how the service ended"
is "$(bar quitter 'span blocked')" 1 "quitter: its blocked span"
is "$(bar quitter note)" 1 "quitter: a note"
like "$(xmllint --xpath "//*[local-name()='g'][@class='bar'][*[local-name()='title']='quitter']/*[@class='note']/text()" \
	"$T/boot.svg")" "^blocked, 1 restart$" "quitter: noted blocked after 1 restart"
is "$(bar app 'span running')" 1 "app: one running span"
check "setup: a oneshot bar, done" test "$(bar setup 'span starting')$(bar setup 'span running')" != "00"
is "$(bar app fail)$(bar setup fail)" 00 "no failure marked on the services that did not fail"
like "$(cat "$T/boot.svg")" "never healthy" "no HEALTHY record: the heading says so"
! grep -qiE '<script|href=|@import|url\(' "$T/boot.svg"; ok $? "no script, link or external resource"
rsvg-convert -o "$T/boot.png" "$T/boot.svg" 2>"$T/rsvg.err"; rc=$?
is "$rc" 0 "rsvg-convert renders it"
like "$(file -b "$T/boot.png")" "^PNG image data" "to a PNG"

# ms since boot: the JOB events of one service are in order and not all on
# whole seconds (one in a thousand would be by chance).
ms=$("$DUMP" --json "$J" 2>/dev/null | "$PY" -c '
import json,sys
r=[json.loads(l) for l in sys.stdin]
t=[x["t"]*1000+x["ms"] for x in r if x.get("type")=="JOB" and x.get("job")=="crasher"]
print(len(t), t==sorted(t), any(x["ms"] for x in r if x.get("type")=="JOB"), all(0<=x.get("ms",0)<=999 for x in r))')
like "$ms" "^[0-9]+ True True True$" "JOB records carry ms (0..999), in order"

# A torn tail: the last frame cut short (as a power cut mid-write leaves it).
ctl poweroff >/dev/null; ns_wait_exit 20
cp "$J" "$T/torn.img"
last=$("$DUMP" --json "$J" 2>/dev/null | "$PY" -c '
import json,sys
r=[json.loads(l) for l in sys.stdin]
g=[x["layout"]["seg_size"] for x in r if x.get("type")=="SNAPSHOT"][0]
print(r[-1]["seg"]*g + r[-1]["off"])')
printf '\x00\x00\x00\x00\x00\x00\x00\x00' | dd of="$T/torn.img" bs=1 seek=$((last + 8)) conv=notrunc status=none
"$DUMP" --chart "$T/torn.img" > "$T/torn.svg" 2> "$T/torn.err"; rc=$?
is "$rc" 0 "a torn tail: journal-dump --chart exits 0"
like "$(tail -1 "$T/torn.err")" " 1 torn tails" "and counts the torn tail"
check "the torn journal's chart is well-formed" xmllint --noout "$T/torn.svg"
is "$(count "$T/torn.svg" g bar)" 4 "still one bar per service"
rsvg-convert -o "$T/torn.png" "$T/torn.svg"; ok $? "and renders"

# Boot by number; a boot with no records.
"$DUMP" --chart 1 "$J" > "$T/one.svg" 2>/dev/null; rc=$?
is "$rc" 0 "--chart 1 draws boot 1"
"$DUMP" --chart 7 "$J" > "$T/none.svg" 2>/dev/null; rc=$?
is "$rc" 2 "--chart 7 (no such boot): exit 2"
check "and still a well-formed, empty chart" xmllint --noout "$T/none.svg"
"$DUMP" --chart 0 "$J" >/dev/null 2>&1; is "$?" 100 "boot 0: usage"
"$DUMP" --json 1 "$J" >/dev/null 2>&1; is "$?" 100 "a boot number without --chart: usage"

# A forged journal (two 8 KiB segments, P 16) whose service name is markup,
# quarantined at the end.
"$PY" - "$T/forged.img" <<'PY'
import struct, sys, cbor2
T = []
for i in range(256):
    c = i
    for _ in range(8): c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
    T.append(c)
def crc(b):
    c = 0xffffffff
    for x in b: c = (c >> 8) ^ T[(c ^ x) & 0xff]
    return c ^ 0xffffffff
layout = 13 | 4 << 5 | 2 << 10
none = -2**31
name = '<b>&"\'x</b>'
recs = [[15, 1, 0, 0, 0, 0, 0, 0, layout, 0], [1, 1, 0, 0, 0, 0, 0, 0, 5],
        [5, 1, 1, 0, 0, 0, none, 0, name, 10], [3, 1, 1, 0, 1, 0, none, 20], [3, 1, 1, 1, 2, 0, none, 250],
        [6, 1, 1, 2, 1, 300]]
img = bytearray(b'\xff' * 16384)
off = 0
for seq, r in enumerate(recs, 1):
    pl = cbor2.dumps(r, canonical=True)
    f = bytes([0x4a, 3]) + struct.pack('<HI', len(pl), seq) + pl
    f += struct.pack('<I', crc(f))
    img[off:off + len(f)] = f
    off += -(-len(f) // 16) * 16
open(sys.argv[1], 'wb').write(img)
PY
"$DUMP" --chart "$T/forged.img" > "$T/forged.svg" 2>"$T/forged.err"; rc=$?
is "$rc" 0 "a forged journal: chart drawn"
check "well-formed despite a name of markup" xmllint --noout "$T/forged.svg"
like "$(cat "$T/forged.svg")" "&lt;b&gt;&amp;&quot;&apos;x&lt;/b&gt;" "the name is escaped"
is "$(count "$T/forged.svg" g bar)" 1 "one bar"
like "$(xmllint --xpath "//*[@class='note']/text()" "$T/forged.svg")" "^quarantined$" "noted quarantined"
done_testing
