#!/usr/bin/env bash
# The journal seen from PID 1: job events are recorded with restart counts
# and exit status, `initctl journal` and the host tool agree, re-exec is
# the same boot (no new BOOT record), a clean poweroff writes SHUTDOWN, and
# a garbage journal never stops the boot (fresh journal, message).
. "$(dirname "$0")/lib.sh"
J=$T/journal.img
DUMP=$BUILD/journal-dump
cp "$INIT" "$T/init"; INIT=$T/init
svc flaky <<EOF
[service]
exec = /bin/sh -c "sleep 0.2; exit 3"
restart_delay = 100ms
restart_limit = 2
restart_window = 1m
EOF
write_init_ini "journal = $J
journal_size = 128K"
types() { ctl journal --json -n 1000 | "$PY" -c 'import json,sys; print(" ".join(r["type"] for r in json.load(sys.stdin)))'; }
ns_start
check "flaky blocked after 2 restarts" wait_for 15 state_is flaky blocked
j=$(ctl journal --json -n 1000)
flaky=$(echo "$j" | "$PY" -c 'import json,sys; print(" ".join("%s/%s/%s" % (r["state"], r["restart_count"], r["exit"]) for r in json.load(sys.stdin) if r["name"]=="flaky"))')
like "$flaky" "^running/0/None backoff/0/3 running/1/3 backoff/1/3 running/2/3 blocked/2/3$" \
	"every state change of flaky is recorded with its restart count and exit code"
like "$(types)" "^boot " "the history starts with this boot's BOOT record"
out=$(ctl reexec); rc=$?
is "$rc" 0 "reexec"
is "$(types | grep -o boot | wc -l)" 1 "re-exec is the same boot: still one BOOT record"
is "$(ctl system --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["boot"])')" 1 "boot number unchanged by re-exec"
ctl poweroff >/dev/null; ns_wait_exit 20
host=$("$DUMP" --json "$J" 2>&1); rc=$?
is "$rc" 0 "journal-dump reads the image"
keep_journal_image 1220 "$J"
first=$("$DUMP" --json --since 5 "$J" 2>/dev/null | head -1)
like "$first" '^\{"seq":6,' "journal-dump --since 5 starts at seq 6"
head -c 65536 "$J" > "$T/short.img"
"$DUMP" "$T/short.img" > /dev/null 2> "$T/short.err"; rc=$?
is "$rc" 111 "a truncated image is refused"
like "$(cat "$T/short.err")" "a truncated copy" "and says why"
like "$("$DUMP" --size 128K "$J" 2>&1 >/dev/null | tail -1)" " 0 CRC errors, 0 refused, 0 stale, 0 seq gaps$" \
	"--size 128K reads the same journal, no damage"
like "$host" '"type":"SHUTDOWN"' "a clean poweroff wrote SHUTDOWN"
is "$(echo "$host" | grep -c '"type":"JOB".*"job":"flaky"')" 6 "journal-dump shows the same 6 flaky records"

# Boot 2 reads it back; then garbage over the whole image.
rm -f "$T/ctl.sock"; : > "$T/console.log"; ns_start
is "$(ctl system --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["boot"])')" 2 "next boot is boot 2"
ctl poweroff >/dev/null; ns_wait_exit 20
head -c 131072 /dev/urandom > "$J"
rm -f "$T/ctl.sock"; : > "$T/console.log"; ns_start
check "boots on a garbage journal" wait_for 10 state_is flaky running
like "$(cat "$T/console.log")" "no usable history found: started a fresh journal" "and says it started a fresh journal"
is "$(ctl system --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["boot"])')" 1 "history starts again at boot 1"

# A journal path that cannot be opened (a directory): RAM only, and
# `initctl journal` says there is no history rather than showing nothing.
ctl poweroff >/dev/null; ns_wait_exit 20
write_init_ini "journal = $T
journal_size = 128K"
rm -f "$T/ctl.sock"; : > "$T/console.log"; ns_start
check "boots with a journal path it cannot open" wait_for 10 state_is flaky running
like "$(cat "$T/console.log")" "history is kept in RAM only this boot" "and says the journal is RAM-only"
out=$(ctl journal); rc=$?
is "$rc" 0 "initctl journal without a journal on flash"
like "$out" "no journal on flash this boot: no history to show" "says there is no history to show"
is "$(ctl system --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["journal"])')" False \
	"initctl system: journal false"
done_testing
