#!/usr/bin/env bash
# A FIFO as journal (issue 11, point 7): journal-dump used to hang in
# open(); it must refuse anything that is not a regular file or a device
# with a message and a non-zero exit, and keel must boot on RAM-only.
. "$(dirname "$0")/lib.sh"
DUMP=$BUILD/journal-dump
mkfifo "$T/fifo"

# journal-dump in the background, waited for with a bound (no writer ever opens the FIFO).
"$DUMP" "$T/fifo" >"$T/dump.out" 2>"$T/dump.err" &
dump=$!
dump_done() { ! kill -0 "$dump" 2>/dev/null; }
if wait_for 10 dump_done; then
	wait "$dump"; rc=$?
else
	kill -KILL "$dump"; wait "$dump" 2>/dev/null; rc=hung
fi
isnt_hung=0; [ "$rc" = hung ] && isnt_hung=1
ok "$isnt_hung" "journal-dump on a FIFO returns"
is "$rc" 111 "journal-dump on a FIFO exits 111"
like "$(cat "$T/dump.err")" "fifo: not a journal image \(want a regular file, a block device or an MTD device\)" \
	"journal-dump says why"
is "$(cat "$T/dump.out")" "" "journal-dump prints no records"

# Same for keel: the FIFO is refused, the boot goes on with the journal in RAM.
printf '[service]\nexec = /bin/sleep 1510\n' > "$SVC/s.ini"
write_init_ini "journal = $T/fifo"
plain_start
check "control socket up with a FIFO as journal" test -S "$T/ctl.sock"
check "the service runs" wait_for 10 state_is s running
like "$(cat "$T/console.log")" "journal $T/fifo: Invalid argument: history is kept in RAM only" \
	"the console says the FIFO is not used"
ok "$([ -p "$T/fifo" ]; echo $?)" "the FIFO is left as it was"
ctl poweroff >/dev/null
ns_wait_exit 20
is "$EXIT_STATUS" 0 "keel stops cleanly"
done_testing
