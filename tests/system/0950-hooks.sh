#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# init.ini's boot hooks on the real kernel, across boots on one flash:
# on_boot_healthy adds one to a counter kept on the flash (past the
# journal, at 4 MiB) in every boot that becomes healthy, exactly once
# (what it prints is read back with `initctl log @on_boot_healthy`);
# a boot whose critical service fails never runs it and runs
# on_boot_unhealthy instead (its counter at 5 MiB).  And `initctl disable`
# on a read-only root: boot 1 remounts / read-only, disables a service and
# powers off; boot 2 (a fresh initramfs: nothing of boot 1's root is left
# anyway) does not start it and lists it as disabled, from the journal.
# And board.ini's console = /dev/ttyS0 is honoured: PID 1 says it opened
# it, and its stderr and a log = console service's stdout are that tty
# (not /dev/console).
. "$(dirname "$0")/lib.sh"

[ -x "$BUILD/init" ] || { echo "1..0 # SKIP no $BUILD/init (run make)"; exit 0; }
image plain "$BUILD/init" || { ok 1 "image built"; done_testing; }
mkdir -p "$T/good.x/etc/svc.d"
cat > "$T/good.x/etc/init.ini" <<'INI'
[init]
svc_dir = /etc/svc.d
control = /run/keel.sock
journal = /dev/nvme0n1
journal_size = 1M
boot_ok_after = 1s
shutdown_timeout = 5s
on_boot_healthy = /etc/mark.sh 4096 healthy
on_boot_unhealthy = /etc/mark.sh 5120 unhealthy
INI
# mark.sh KIB NAME: add one to the 8-digit counter at KIB KiB of the flash.
cat > "$T/good.x/etc/mark.sh" <<'SH'
#!/bin/sh
n=$(dd if=/dev/nvme0n1 bs=1024 skip="$1" count=1 2>/dev/null | head -c 8 | tr -dc 0-9)
n=$(( ${n:-0} + 1 ))
printf '%08d' "$n" | dd of=/dev/nvme0n1 bs=1024 seek="$1" conv=notrunc 2>/dev/null
sync
echo "mark: $2 $n"
: > "/run/$2.marked"
SH
chmod 755 "$T/good.x/etc/mark.sh"
# The boot check: wait for a hook (30 s at most), say how `optional` is,
# disable it on a read-only root where /etc/disable-now says so, power off.
cat > "$T/good.x/etc/check.sh" <<'SH'
#!/bin/sh
i=0
while [ $i -lt 30 ] && ! ls /run/*.marked >/dev/null 2>&1; do sleep 1; i=$((i+1)); done
sleep 1
echo "keel-check: $(ls /run/*.marked)"
echo "keel-console: pid1=$(readlink /proc/1/fd/2) service=$(readlink /proc/$$/fd/1)"
initctl log @on_boot_healthy | sed 's/^/keel-hook-log: /'
initctl log @on_boot_unhealthy | sed 's/^/keel-hook-log: /'
echo "keel-optional: $(initctl status --json optional)"
if [ -e /etc/disable-now ]; then
	mount -o remount,ro / && ! touch /etc/probe 2>/dev/null && echo "keel-root: read-only"
	initctl disable optional && echo "keel-disabled: yes"
fi
initctl poweroff
SH
chmod 755 "$T/good.x/etc/check.sh"
cat > "$T/good.x/etc/svc.d/autotest.ini" <<'INI'
[service]
log = console
type = oneshot
safe = yes
exec = /etc/check.sh
INI
cat > "$T/good.x/etc/svc.d/optional.ini" <<'INI'
[service]
exec = /bin/sleep 1000
INI
extra good
cp -r "$T/good.x" "$T/good1.x"
: > "$T/good1.x/etc/disable-now"
extra good1
cp -r "$T/good.x" "$T/bad.x"
cat > "$T/bad.x/etc/svc.d/broken.ini" <<'INI'
[service]
exec = /bin/false
critical = yes
restart = no
INI
extra bad

counter() { dd if="$T/flash.img" bs=1024 skip="$1" count=1 2>/dev/null | head -c 8 | tr -dc 0-9 | sed 's/^0*//'; }
for n in 1 2; do
	img=good
	[ "$n" = 1 ] && img=good1
	boot "g$n" "$img" flash
	check "boot $n: on_boot_healthy ran (its output read back from initctl log)" grep -q "keel-hook-log: mark: healthy $n" "$T/g$n.log"
	[ "$_fail" = 0 ] || show_log "g$n" 60
	is "$(counter 4096)" "$n" "boot $n: the healthy counter on the flash is $n"
done
check "boot 1: PID 1 opened board.ini's console" grep -q "keel: console: /dev/ttyS0" "$T/g1.log"
check "boot 1: PID 1's stderr and a console service's stdout are /dev/ttyS0" \
	grep -q "keel-console: pid1=/dev/ttyS0 service=/dev/ttyS0" "$T/g1.log"
check "boot 1: optional ran" grep -q 'keel-optional: .*"state":"running"' "$T/g1.log"
check "boot 1: the root was read-only when optional was disabled" grep -q "keel-root: read-only" "$T/g1.log"
check "boot 1: initctl disable succeeded" grep -q "keel-disabled: yes" "$T/g1.log"
check "boot 2: optional is disabled and was not started" grep -q 'keel-optional: .*"state":"disabled"' "$T/g2.log"
check "boot 2: optional has no process" sh -c "! grep -q 'keel-optional: .*\"pid\":[1-9]' '$T/g2.log'"
[ "$_fail" = 0 ] || { grep "keel-" "$T/g1.log" "$T/g2.log" | sed 's/^/#   /'; }
boot b3 bad flash
check "boot 3: on_boot_unhealthy ran (its output read back from initctl log)" grep -q "keel-hook-log: mark: unhealthy 1" "$T/b3.log"
check "boot 3: on_boot_healthy did not run" sh -c "! grep -q 'mark: healthy' '$T/b3.log'"
is "$(counter 4096)" 2 "boot 3: the healthy counter is still 2"
is "$(counter 5120)" 1 "boot 3: the unhealthy counter is 1"
[ "$_fail" = 0 ] || show_log b3 60
done_testing
