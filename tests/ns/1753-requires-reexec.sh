#!/usr/bin/env bash
# A stop that waits for what requires it survives a re-exec (issue 14):
# c requires b requires a; c ignores SIGTERM (stop_timeout 60 s) and ends
# only once told to by a file, so `stop a` leaves b and a waiting.  After
# `initctl reexec` they still wait; once c is gone, b and then a stop, in
# that order.
. "$(dirname "$0")/lib.sh"
LOG=$T/events.log
cat > "$T/svc.sh" <<EOF
#!/bin/sh
trap 'echo "stop \$1" >> $LOG; exit 0' TERM
if [ "\$1" = c ]; then
	trap '' TERM   # inherited by its sleeps: it ends only when released
	while [ ! -e $T/release ]; do sleep 0.1; done
	exit 0
fi
while :; do sleep 100 & wait \$!; done
EOF
chmod +x "$T/svc.sh"
for n in a b c; do
	{ printf '[service]\nexec = %s %s\n' "$T/svc.sh" "$n"; } > "$SVC/$n.ini"
done
echo "requires = a" >> "$SVC/b.ini"
printf 'requires = b\nstop_timeout = 60s\n' >> "$SVC/c.ini"
ns_start
all_up() { for n in a b c; do state_is $n running || return 1; done; }
check "a, b, c running" wait_for 10 all_up
ctl stop a >/dev/null
check "c is stopping (it ignores SIGTERM)" wait_for 10 state_is c stopping
is "$(jfield b state)" running "b waits for c"
is "$(jfield a state)" running "a waits for b"
out=$(ctl reexec 2>&1); rc=$?
is "$rc" 0 "reexec: exit 0 ($out)"
is "$(jfield c state)" stopping "after the re-exec: c still stopping"
is "$(jfield b state)" running "b still waits"
is "$(jfield a state)" running "a still waits"
touch "$T/release"
downs() { for n in a b c; do state_is $n stopped || return 1; done; }
check "c gone: b, then a stop" wait_for 10 downs
is "$(awk '{ printf "%s ", $2 }' "$LOG")" "b a " "in the order b, a"
is "$(jfield b want)" true "b comes back with a"
rm -f "$T/release"   # c runs until released again
ctl start a >/dev/null
bc() { state_is a running && state_is b running && state_is c running; }
check "start a: a, b, c running again" wait_for 10 bc
done_testing
