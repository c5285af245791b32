#!/usr/bin/env bash
# What a service process gets: user and group, env, workdir, stdin on
# /dev/null, its own session; a missing user is a clear failure.
. "$(dirname "$0")/lib.sh"
OUT=$T/out; mkdir -p "$OUT"; chmod 777 "$OUT"; chmod 755 "$T"
nobody_uid=$(id -u nobody); nogroup_gid=$(getent group nogroup | cut -d: -f3)
cat > "$OUT/probe.sh" <<'PROBE'
#!/bin/sh
O=$(dirname "$0")
id -u > $O/uid; id -g > $O/gid; pwd > $O/pwd; echo "$GREETING/$SECOND" > $O/env
readlink /proc/self/fd/0 > $O/stdin; cut -d' ' -f6 /proc/$$/stat > $O/sid; echo $$ > $O/pid
PROBE
chmod 755 "$OUT/probe.sh"
svc who <<EOF
[service]
type = oneshot
user = nobody
group = nogroup
env = GREETING=hello world
env = SECOND=2
workdir = /tmp
exec = $OUT/probe.sh
EOF
svc ghost <<EOF
[service]
type = oneshot
user = no-such-user-keel
exec = /bin/true
EOF
ns_start
check "who ran" wait_for 10 state_is who done
is "$(cat "$OUT/uid")" "$nobody_uid" "runs as user nobody"
is "$(cat "$OUT/gid")" "$nogroup_gid" "with group nogroup"
is "$(cat "$OUT/pwd")" "/tmp" "in its workdir"
is "$(cat "$OUT/env")" "hello world/2" "with its env"
is "$(cat "$OUT/stdin")" "/dev/null" "stdin is /dev/null"
is "$(cat "$OUT/sid")" "$(cat "$OUT/pid")" "leads its own session"
check "ghost failed" wait_for 10 state_is ghost failed
like "$(jfield ghost why)" "user no-such-user-keel: no such user" "a missing user is named"
done_testing
