#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# initctl status shows how many processes a job has (text PROCS column,
# JSON "procs"), children and double-forked daemons included.
. "$(dirname "$0")/lib.sh"
svc three <<'EOF'
[service]
exec = /bin/sh -c 'sleep 1006 & setsid -f sleep 1006; exec sleep 1006'
EOF
svc idle <<'EOF'
[service]
exec = /bin/true
type = oneshot
EOF
ns_start
check "three running" wait_for 10 state_is three running
check "all three processes up" wait_for 10 test "$(ns_procs 'sleep 1006' | wc -l)" = 3
is "$(jfield three procs)" 3 "json: procs 3"
check "idle done" wait_for 10 state_is idle done
is "$(jfield idle procs)" 0 "json: a done oneshot has 0"
row=$(ctl status | awk '$2 == "three"')
hdr=$(ctl status | awk '$2 == "NAME"')
col=$(echo "$hdr" | awk '{ for (i = 1; i <= NF; i++) if ($i == "PROCS") print i }')
is "$(echo "$row" | awk -v c="$col" '{print $c}')" 3 "text: PROCS column says 3"
ctl stop three >/dev/null
check "three stopped" wait_for 10 state_is three stopped
is "$(jfield three procs)" 0 "json: procs 0 after stop"
is "$(ns_procs 'sleep 1006' | wc -l)" 0 "no sleep 1006 left"
done_testing
