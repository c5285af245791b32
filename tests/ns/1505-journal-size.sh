#!/usr/bin/env bash
# journal_size bounds (issue 11, point 7): init.ini accepts only sizes the
# journal can lay out (16K..256M) and names file:line otherwise; a journal
# keel writes at the largest size reads back with journal-dump; a file
# larger than that (a 2 GB sparse file) is used up to 256M only, with the
# same layout, so its recovery scan is bounded too (docs/journal.md).
. "$(dirname "$0")/lib.sh"
DUMP=$BUILD/journal-dump
printf '[service]\nexec = /bin/sleep 1505\n' > "$SVC/s.ini"

# The parser: out-of-range sizes are refused with file:line.
for size in 0 1 8K 300M 257M; do
	write_init_ini "journal = $T/j.img
journal_size = $size"
	out=$("$INIT" --check -c "$T/init.ini" 2>&1); rc=$?
	is "$rc" 1 "init --check refuses journal_size = $size"
	like "$out" "$T/init.ini:6: journal_size: [0-9]+ bytes is out of range \(16K\.\.256M" \
		"journal_size = $size: file, line and range"
done
for size in 16K 256M; do
	write_init_ini "journal_size = $size"
	out=$("$INIT" --check -c "$T/init.ini" 2>&1); rc=$?
	is "$rc" 0 "init --check accepts journal_size = $size"
done

# boot NAME: one boot of keel with journal $T/NAME, stopped cleanly.
boot() {
	rm -f "$T/ctl.sock"
	plain_start
	check "$1: control socket up" test -S "$T/ctl.sock"
	check "$1: the service runs" wait_for 10 state_is s running
	ctl poweroff >/dev/null
	ns_wait_exit 20
	is "$EXIT_STATUS" 0 "$1: keel stops cleanly"
}

# The largest size: written by keel, read back by journal-dump.
write_init_ini "journal = $T/max.img
journal_size = 256M"
boot "256M journal"
is "$(stat -c %s "$T/max.img")" 268435456 "the file is 256M"
"$DUMP" --diag "$T/max.img" >"$T/dump.out" 2>"$T/dump.err"; rc=$?
is "$rc" 0 "journal-dump reads a 256M journal"
like "$(cat "$T/dump.err")" "16 segments of 16777216 bytes" "16 segments of 16M"
like "$(cat "$T/dump.out")" "BOOT" "its BOOT record"
like "$(cat "$T/dump.out")" "SHUTDOWN" "its SHUTDOWN record"

# A 2 GB sparse file: its first 256M are the journal, twice (the second
# boot recovers, scanning 15 zero-filled segments).
truncate -s 2G "$T/huge.img"
write_init_ini "journal = $T/huge.img"
boot "2G sparse, boot 1"
boot "2G sparse, boot 2"
like "$(cat "$T/console.log")" "journal $T/huge.img: [0-9]+ records, boot 2" "boot 2 recovered boot 1"
"$DUMP" --diag "$T/huge.img" >"$T/dump.out" 2>"$T/dump.err"; rc=$?
is "$rc" 0 "journal-dump reads what keel wrote into the 2G file"
like "$(cat "$T/dump.err")" "16 segments of 16777216 bytes" "the first 256M, in 16 segments of 16M"
done_testing
