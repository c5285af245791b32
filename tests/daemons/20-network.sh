#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Network daemons from Debian under keel, each in its default forking
# mode (type = forking, pidfiles left by a "previous boot" naming a live
# unrelated process) and then in its foreground mode (type = simple):
# dnsmasq, dropbear, lighttpd, mosquitto.
. "$(dirname "$0")/lib.bash"
PIDFILES="/run/dnsmasq.pid /run/dropbear.pid /run/lighttpd.pid /run/mosquitto/mosquitto.pid"
setup() {
	echo 'mkdir -p /run/www && echo keel-www > /run/www/index.html'
	echo 'dropbearkey -t ed25519 -f /run/daemons/dropbear_ed25519_host_key >/dev/null 2>&1'
}
dns_answers() { [ "$(in_ns dig +short +time=1 +tries=1 @127.0.0.1 keel.test)" = 10.1.2.3 ]; }
ssh_banner() { in_ns bash -c 'exec 3<>/dev/tcp/127.0.0.1/2222 && head -c 8 <&3' | grep -q '^SSH-2.0'; }
www_answers() { [ "$(in_ns busybox wget -q -O - http://127.0.0.1:8080/index.html)" = keel-www ]; }
mqtt_answers() {
	local m=keel-$RANDOM
	in_ns mosquitto_pub -h 127.0.0.1 -t keel -r -m "$m" &&
		[ "$(in_ns mosquitto_sub -h 127.0.0.1 -t keel -C 1 -W 2)" = "$m" ]
}

{ setup; stale_pidfiles $PIDFILES; } > "$T/setup.sh"
daemons_start dnsmasq dropbear lighttpd mosquitto
for n in dnsmasq dropbear lighttpd mosquitto; do
	check "$n (forking): running" wait_for 15 running_pid $n
done
check "the stale pidfiles' process was left alone" stale_alive
# Every line about a holder of dnsmasq's pidfile and ports is its own daemon.
only_own() { ! ctl status "$1" | grep 'held by' | grep -vq "held by pid $(jfield "$1" pid) (dnsmasq): the job's own process"; }
check "status: dnsmasq's ports are held by its own daemon, no other holder" only_own dnsmasq
like "$(ctl status dnsmasq)" "port udp:53 held by pid $(jfield dnsmasq pid) \(dnsmasq\): the job's own process" \
	"status says the port is the job's own"
check_daemon dnsmasq /run/dnsmasq.pid dns_answers
check_daemon dropbear /run/dropbear.pid ssh_banner
check_daemon lighttpd /run/lighttpd.pid www_answers
check_daemon mosquitto /run/mosquitto/mosquitto.pid mqtt_answers
check "the stale pidfiles' process still lives" stale_alive

daemons_restart
setup > "$T/setup.sh"
daemons_start dnsmasq.simple dropbear.simple lighttpd.simple mosquitto.simple
check_daemon dnsmasq "" dns_answers
check_daemon dropbear "" ssh_banner
check_daemon lighttpd "" www_answers
check_daemon mosquitto "" mqtt_answers
done_testing
