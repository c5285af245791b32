#!/usr/bin/env bash
# Service output survives `initctl reexec`: a service writing numbered
# lines while PID 1 re-executes twice loses none (no gap, no line cut in
# two, the order kept), because the ring's memfd, the job's pipe and its
# partial line are handed over.  Read back in pages with --after (what
# initctl log -f does); -f itself follows a service's new lines.
. "$(dirname "$0")/lib.sh"
svc num <<EOF
[service]
exec = /bin/sh -c "i=1; while [ \$i -le 20000 ]; do echo \$i; [ \$((i % 400)) = 0 ] && sleep 0.05; i=\$((i+1)); done; echo end; exec sleep 1603"
EOF
write_init_ini "log_ring = 1M"
ns_start
check "num is running" wait_for 10 state_is num running
check "num has written its first lines" wait_for 10 sh -c "$INITCTL log num -n 1 | grep -q '^[0-9]'"
out=$(ctl reexec 2>&1)
like "$out" "re-executed: 1 jobs handed over" "first re-exec"
sleep 0.4
out=$(ctl reexec 2>&1)
like "$out" "re-executed: 1 jobs handed over" "second re-exec"
ok "$(ctl log num -n 1 | grep -qx end; [ $? = 1 ]; echo $?)" "num was still writing after the second re-exec"
check "num finished writing" wait_for 30 sh -c "$INITCTL log num -n 1 | grep -qx end"

# Every kept line, page by page.
cursor=0; : > "$T/all"
for page in $(seq 1 100); do
	ctl log num --after "$cursor" >> "$T/all" 2>"$T/err" || break
	next=$(sed -n 's/^@cursor //p' "$T/err")
	[ "$next" = "$cursor" ] && break
	cursor=$next
done
is "$(wc -l < "$T/all")" 20001 "20,000 numbered lines and end are kept"
is "$(cmp "$T/all" <(seq 1 20000; echo end) 2>&1 && echo same)" "same" "every number once, in order, none cut: no gap across two re-execs"
like "$(cat "$T/console.log")" "re-executed: 1 jobs handed over" "the console shows the re-exec"
ok "$(! grep -q 'not an output ring\|not the output pipe' "$T/console.log"; echo $?)" "the ring and the pipe were taken over"

# One FIFO per line: with one, the second read could open it while the
# test's first echo still held it and read EOF at once.
svc tick <<EOF
[service]
exec = /bin/sh -c "read x < $T/go1; echo first; read x < $T/go2; echo second; exec sleep 1604"
EOF
mkfifo "$T/go1" "$T/go2"
ctl reload >/dev/null
check "tick is running" wait_for 10 state_is tick running
"$INITCTL" log tick -f > "$T/follow" 2>&1 &
fpid=$!
echo > "$T/go1"
check "-f shows the first line" wait_for 10 grep -qx first "$T/follow"
echo > "$T/go2"
check "-f shows the next line as it comes" wait_for 10 grep -qx second "$T/follow"
kill "$fpid"; wait "$fpid" 2>/dev/null
is "$(cat "$T/follow")" "$(printf 'first\nsecond')" "-f printed each line once and nothing else"
done_testing
