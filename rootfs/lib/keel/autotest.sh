#!/bin/sh
# SPDX-License-Identifier: MIT
# Boot check for tools/qemu-run.sh.  Does nothing unless the kernel command
# line has keel.autotest=1.  Then polls `initctl status` (bounded by the
# clock: AUTOTEST_WAIT seconds, default 30) until every other service in
# /etc/svc.d is up: "running", or "done" for a oneshot.  It prints one verdict line
# ("keel-autotest: PASS ..." or "keel-autotest: FAIL ..."), the status table
# between markers, then one line each of JSON: status, system (boot
# counter), the last journal records; then it powers off.
# The host harness matches exactly these marker lines.
grep -qw 'keel.autotest=1' /proc/cmdline || exit 0

ctl=/sbin/initctl
con=/dev/console
wait_s=${AUTOTEST_WAIT:-30}
say() { echo "keel-autotest: $*" >"$con"; }

# name and wanted state of every service but this one
want=""
for f in /etc/svc.d/*.ini; do
	n=${f##*/}
	n=${n%.ini}
	[ "$n" = autotest ] && continue
	if grep -Eq '^[[:space:]]*type[[:space:]]*=[[:space:]]*oneshot' "$f"; then
		want="$want $n:done"
	else
		want="$want $n:running"
	fi
done

# field NAME COLUMN: from a status table on stdin, NAME's value in COLUMN
# (columns are found by the header row, the first line with NAME and STATE;
# lines before it are a preamble).
field() {
	awk -v n="$1" -v c="$2" '
		!h { split("", col); for (i = 1; i <= NF; i++) col[$i] = i
		     h = ("NAME" in col) && ("STATE" in col); next }
		$col["NAME"] == n { print $col[c]; exit }'
}

# Prints the services not yet in their wanted state; empty when all are.
missing() {
	st=$("$ctl" status 2>/dev/null) || { echo "(initctl status failed)"; return; }
	for w in $want; do
		n=${w%%:*}
		s=$(echo "$st" | field "$n" STATE)
		[ "$s" = "${w#*:}" ] || echo "$n=${s:-absent}"
	done
}

# Bounded by the clock, not by a poll count: under TCG one poll costs more
# than its sleep.
uptime_s() { read -r up _ </proc/uptime; echo "${up%%.*}"; }
deadline=$(($(uptime_s) + wait_s))
polls=0
left=$(missing)
while [ -n "$left" ] && [ "$(uptime_s)" -lt "$deadline" ]; do
	sleep 0.1
	polls=$((polls + 1))
	left=$(missing)
done

n=$(echo $want | wc -w)
if [ -z "$left" ]; then
	say "PASS all $n services up after $polls polls"
else
	say "FAIL after ${wait_s}s not up:" $left
fi
say "status begin"
"$ctl" status >"$con" 2>&1
say "status end"
say "json $("$ctl" status --json 2>&1 | tr -d '\n')"
say "system $("$ctl" system --json 2>&1 | tr -d '\n')"
say "journal $("$ctl" journal -n 40 --json 2>&1 | tr -d '\n')"
say "ctrl-alt-del $(cat /proc/sys/kernel/ctrl-alt-del 2>&1)"
say "poweroff"
exec "$ctl" poweroff
