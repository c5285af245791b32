#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Service output on the real kernel (issue 13), in one boot: PID 1's own
# lines reach the kernel log (dmesg holds "keel: starting (pid 1"), a
# service with log = kmsg shows in dmesg under its name, and after a
# service crashed until it was blocked, `initctl log NAME` shows its last
# run's last lines and `--all` every run with its exit.
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
image plain "$BUILD/init" || { ok 1 "image built"; done_testing; }
mkdir -p "$T/logs.x/etc/svc.d" "$T/logs.x/lib/keel"
cat > "$T/logs.x/etc/svc.d/crashy.ini" <<'INI'
[service]
exec = /bin/sh -c 'echo "crashy starting"; echo "crashy: cannot open /dev/widget" >&2; exit 4'
restart_limit = 2
restart_window = 1m
restart_delay = 100ms
INI
cat > "$T/logs.x/etc/svc.d/kmsgsvc.ini" <<'INI'
[service]
exec = /bin/sh -c 'echo "hello kmsg 0900"; exec sleep 900'
log = kmsg
INI
cat > "$T/logs.x/etc/svc.d/autotest.ini" <<'INI'
[service]
type = oneshot
exec = /lib/keel/logcheck.sh
INI
cat > "$T/logs.x/lib/keel/logcheck.sh" <<'SH'
#!/bin/sh
con=/dev/console
i=0
until initctl status crashy | grep -q ' blocked ' || [ $i -ge 150 ]; do sleep 0.1; i=$((i + 1)); done
i=0
until dmesg | grep -q 'kmsgsvc: hello kmsg 0900' || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "keel-check: state $(initctl status crashy | awk '$2 == "crashy" { print $3 }')" > $con
initctl log crashy | sed 's/^/keel-check: log /' > $con
initctl log crashy --all | sed 's/^/keel-check: all /' > $con
dmesg | grep -E 'keel: |kmsgsvc: |ratelimit' | sed 's/^/keel-check: dmesg /' > $con
initctl poweroff
SH
chmod +x "$T/logs.x/lib/keel/logcheck.sh"
extra logs
BOOT_TIMEOUT=90 boot logs
lines() { sed -n "s/.*keel-check: $1 //p" "$T/logs.log" | tr -d '\r'; }
is "$(lines state)" blocked "crashy crashed until it was blocked"
is "$(lines log)" "$(printf 'crashy starting\ncrashy: cannot open /dev/widget')" \
	"initctl log crashy: the last run's lines, stdout and stderr"
is "$(lines all | grep -c '^-- crashy run [0-2] (restart_count [0-2]), exit 4 --$')" 3 \
	"initctl log crashy --all: three runs, each with its exit 4"
is "$(lines all | grep -c '^crashy starting$')" 3 "--all: each run's first line"
diag "dmesg: $(lines dmesg | grep -c 'keel: ') lines of keel's, $(lines dmesg | grep -c ratelimit) ratelimit notes"
like "$(lines dmesg)" "keel: starting \(pid 1" "dmesg holds PID 1's own lines"
like "$(lines dmesg)" "kmsgsvc: hello kmsg 0900" "log = kmsg: the service's line is in dmesg under its name"
ok "$(tr -d '\r' < "$T/logs.log" | grep -qx 'crashy starting'; [ $? = 1 ]; echo $?)" "crashy's output kept off the console"
check "clean poweroff" grep -q "reboot: Power down" "$T/logs.log"
[ "$_fail" = 0 ] || show_log logs 60
done_testing
