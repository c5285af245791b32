#!/usr/bin/env bash
# log = file:PATH: PATH holds the current run only, each run rotated away
# before the next one writes (PATH -> PATH.1 -> ... -> PATH.log_keep);
# exactly log_keep old files stay; each file starts with one header line
# naming the job, its id and the run, and never holds two runs; within a
# run PATH rotates at log_size and the run goes on under a "(continued)"
# header, no line lost.  A symlink planted at PATH is rotated away like a
# file: its target is never written.
. "$(dirname "$0")/lib.sh"
LOGS=$T/logs; mkdir -p "$LOGS"
cat > "$T/app.sh" <<'SCRIPT'
#!/bin/sh
n=$(cat "$(dirname "$0")/app.n" 2>/dev/null || echo 0)
echo $((n + 1)) > "$(dirname "$0")/app.n"
echo "run $n line 1"
echo "err $n" >&2
printf 'tail %s' "$n"
exit 1
SCRIPT
chmod 755 "$T/app.sh"
svc app <<EOF
[service]
exec = $T/app.sh
log = file:$LOGS/app.log
restart_limit = 5
restart_window = 1m
restart_delay = 50ms
EOF
# 100 lines of 100 bytes in one run: 10,000 bytes through a 4K log_size.
svc big <<EOF
[service]
exec = /bin/sh -c "i=100; while [ \$i -lt 200 ]; do printf '%s%096d\n' \$i 0; i=\$((i+1)); done; exec sleep 1601"
log = file:$LOGS/big.log
EOF
echo "precious" > "$T/victim"
ln -s "$T/victim" "$LOGS/lnk.log"
svc lnk <<EOF
[service]
exec = /bin/sh -c "echo 'lnk line'; exec sleep 1602"
log = file:$LOGS/lnk.log
EOF
write_init_ini "log_size = 4K
log_keep = 3"
ns_start
check "app is blocked after 5 restarts" wait_for 20 state_is app blocked
id=$(jfield app id)

body() { printf 'run %s line 1\nerr %s\ntail %s\n' "$1" "$1" "$1"; }
file_ok() {   # file_ok FILE RUN
	local f=$1 k=$2
	like "$(head -n 1 "$f")" "^-- keel: app id $id run $k at [0-9]+\.[0-9]{3}s [0-9T:Z-]+ --$" "$(basename "$f"): header of run $k"
	is "$(tail -n +2 "$f")" "$(body "$k")" "$(basename "$f"): exactly run $k's lines"
	is "$(grep -c '^-- keel:' "$f")" 1 "$(basename "$f"): one header, one run"
}
file_ok "$LOGS/app.log" 5
file_ok "$LOGS/app.log.1" 4
file_ok "$LOGS/app.log.2" 3
file_ok "$LOGS/app.log.3" 2
is "$(ls "$LOGS" | grep -c '^app\.log')" 4 "exactly PATH and log_keep (3) rotated files"

check "big wrote its 100 lines" wait_for 10 sh -c "cat $LOGS/big.log* | grep -c '^1[0-9][0-9]0*\$' | grep -qx 100"
is "$(ls "$LOGS" | grep -c '^big\.log')" 3 "10,000 bytes at log_size 4K: three files"
for f in big.log.2 big.log.1 big.log; do
	ok "$([ "$(stat -c %s "$LOGS/$f")" -le $((4096 + 101)) ]; echo $?)" "$f stays within log_size (plus a line)"
	is "$(grep -c '^-- keel: big id [0-9]* run 0 ' "$LOGS/$f")" 1 "$f: one header, of run 0"
done
like "$(head -n 1 "$LOGS/big.log")" "run 0 \(continued\)" "the run goes on under a (continued) header"
want=$(i=100; while [ $i -lt 200 ]; do printf '%s%096d\n' $i 0; i=$((i+1)); done)
is "$(cat "$LOGS/big.log.2" "$LOGS/big.log.1" "$LOGS/big.log" | grep -v '^-- keel:')" "$want" \
	"the three files in order hold every line once"

check "lnk is running" wait_for 10 state_is lnk running
check "lnk's line is in a fresh file" wait_for 10 grep -qx 'lnk line' "$LOGS/lnk.log"
is "$(cat "$T/victim")" "precious" "the symlink's target was never written"
ok "$([ ! -L "$LOGS/lnk.log" ] && [ -f "$LOGS/lnk.log" ]; echo $?)" "PATH is a regular file of keel's now"
done_testing
