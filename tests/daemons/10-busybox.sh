#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# BusyBox's daemons under keel, each in its default forking mode (type =
# forking; pidfiles left by a "previous boot" naming a live unrelated
# process) and then in the foreground (type = simple): httpd, syslogd,
# crond, udhcpd.
. "$(dirname "$0")/lib.bash"
PIDFILES="/run/syslogd.pid /run/crond.pid /run/udhcpd.pid"
setup() {
	echo 'mkdir -p /run/www /run/daemons/crontabs && echo keel-www > /run/www/index.html'
	echo 'echo "* * * * * echo tick" > /run/daemons/crontabs/root'
	# udhcpd serves veth0; a client asks on veth1, its peer.
	echo 'ip link add veth0 type veth peer name veth1 && ip addr add 10.77.0.1/24 dev veth0'
	echo 'ip link set veth0 up && ip link set veth1 up'
}
www_answers() { [ "$(in_ns busybox wget -q -O - http://127.0.0.1:8081/index.html)" = keel-www ]; }
syslog_writes() {
	local m=keel-$RANDOM
	in_ns busybox logger -t keeltest "$m" && wait_for 3 grep -q "keeltest: $m" "/proc/$INIT_PID/root/run/messages"
}
# crond started (once more than it was restarted) and reads its crontabs.
cron_loaded() {
	local n; n=$(grep -c 'crond (busybox [^)]*) started' "/proc/$INIT_PID/root/run/crond.log" 2>/dev/null)
	[ "${n:-0}" -gt "$(jfield busybox-crond restart_count)" ]
}
dhcp_lease() { in_ns busybox udhcpc -i veth1 -n -q -t 3 -T 1 -s /bin/true 2>&1 | grep -q 'lease of 10\.77\.0\.'; }

{ setup; stale_pidfiles $PIDFILES; } > "$T/setup.sh"
daemons_start busybox-httpd busybox-syslogd busybox-crond busybox-udhcpd
check "the stale pidfiles' process was left alone" wait_for 10 stale_alive
check_daemon busybox-httpd "" www_answers
check_daemon busybox-syslogd /run/syslogd.pid syslog_writes
check_daemon busybox-crond /run/crond.pid cron_loaded
check_daemon busybox-udhcpd /run/udhcpd.pid dhcp_lease
check "the stale pidfiles' process still lives" stale_alive

daemons_restart
setup > "$T/setup.sh"
daemons_start busybox-httpd.simple busybox-syslogd.simple busybox-crond.simple busybox-udhcpd.simple
check_daemon busybox-httpd "" www_answers
check_daemon busybox-syslogd "" syslog_writes
check_daemon busybox-crond "" cron_loaded
check_daemon busybox-udhcpd "" dhcp_lease
done_testing
