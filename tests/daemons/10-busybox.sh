#!/usr/bin/env bash
# BusyBox's daemons under keel, forking (their default) then in the
# foreground: httpd, syslogd, crond, udhcpd.
. "$(dirname "$0")/lib.bash"
cat > "$T/setup.sh" <<'SEOF'
mkdir -p /run/www && echo keel-www > /run/www/index.html
SEOF
daemons_start busybox-httpd
httpd_answers() { [ "$(in_ns busybox wget -q -O - http://127.0.0.1:8081/index.html)" = keel-www ]; }
check_daemon busybox-httpd "" httpd_answers
done_testing
