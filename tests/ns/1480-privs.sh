#!/usr/bin/env bash
# Least privilege per service, checked from inside: a service as nobody
# with supplementary groups, one kept capability (cap_net_bind_service),
# limits, umask, nice, oom_score_adj and no_new_privs writes what it got;
# a root service without those keys keeps root's capabilities and gets
# oom_score_adj 0 whatever PID 1 set for itself (-1000); an empty
# keep list leaves root with none; a failing step is named; a bad
# capability is a parse error with file:line.
. "$(dirname "$0")/lib.sh"
OUT=$T/out; mkdir -p "$OUT"; chmod 777 "$OUT"; chmod 755 "$T"
nobody_uid=$(id -u nobody)
nogroup_gid=$(getent group nogroup | cut -d: -f3)
daemon_gid=$(getent group daemon | cut -d: -f3)
cat > "$OUT/probe.sh" <<'PROBE'
#!/bin/sh
# $1: where to write.  Everything is about this very shell ($$).
O=$1; mkdir -p "$O"
id -u > "$O/uid"; id -g > "$O/gid"
cat /proc/$$/status > "$O/status"
ulimit -n > "$O/nofile"
cat /proc/$$/limits > "$O/limits"
umask > "$O/umask"
cut -d' ' -f19 /proc/$$/stat > "$O/nice"
cat /proc/$$/oom_score_adj > "$O/oom"
touch "$O/made"; stat -c %a "$O/made" > "$O/mode"
PROBE
chmod 755 "$OUT/probe.sh"
svc least <<EOF
[service]
type = oneshot
user = nobody
group = nogroup
supplementary_groups = daemon 4242
capabilities = cap_net_bind_service
limit_nofile = 512
limit_core = 1M
limit_as = 2G
limit_nproc = 1000
umask = 0027
nice = 7
oom_score_adj = 333
exec = $OUT/probe.sh $OUT/least
EOF
svc rootdef <<EOF
[service]
type = oneshot
exec = $OUT/probe.sh $OUT/rootdef
EOF
svc rootnone <<EOF
[service]
type = oneshot
capabilities =
no_new_privs = no
exec = $OUT/probe.sh $OUT/rootnone
EOF
svc nogroup2 <<EOF
[service]
type = oneshot
user = nobody
supplementary_groups = no-such-group-keel
exec = /bin/true
EOF
svc nofileinf <<EOF
[service]
type = oneshot
limit_nofile = infinity
exec = /bin/true
EOF
svc badcap <<EOF
[service]
exec = /bin/true
capabilities = cap_net_bind_service cap_fly
EOF
ns_start
field() { sed -n "s/^$2:[[:space:]]*//p" "$OUT/$1/status" | sed 's/[[:space:]]*$//'; }
limit() { awk -v n="$2" 'index($0, n) == 1 { print $(NF-2), $(NF-1) }' "$OUT/$1/limits"; }

check "least ran" wait_for 10 state_is least done
is "$(cat "$OUT/least/uid")" "$nobody_uid" "least: runs as nobody"
is "$(cat "$OUT/least/gid")" "$nogroup_gid" "least: primary group nogroup"
is "$(field least Groups | tr ' ' '\n' | sort -n | tr '\n' ' ')" "$daemon_gid 4242 " \
	"least: supplementary groups by name and by number"
is "$(field least CapEff)" 0000000000000400 "least: CapEff is cap_net_bind_service only"
is "$(field least CapPrm)" 0000000000000400 "least: CapPrm the same"
is "$(field least CapAmb)" 0000000000000400 "least: CapAmb keeps it across exec"
is "$(field least CapBnd)" 0000000000000400 "least: the bounding set holds nothing else"
is "$(field least NoNewPrivs)" 1 "least: no_new_privs"
is "$(cat "$OUT/least/nofile")" 512 "least: ulimit -n 512"
is "$(limit least 'Max core file size')" "1048576 1048576" "least: limit_core 1M, soft and hard"
is "$(limit least 'Max address space')" "2147483648 2147483648" "least: limit_as 2G"
is "$(limit least 'Max processes')" "1000 1000" "least: limit_nproc 1000"
is "$(cat "$OUT/least/umask")" 0027 "least: umask 0027"
is "$(cat "$OUT/least/mode")" 640 "least: a new file gets mode 640"
is "$(cat "$OUT/least/nice")" 7 "least: nice 7"
is "$(cat "$OUT/least/oom")" 333 "least: oom_score_adj 333"

check "rootdef ran" wait_for 10 state_is rootdef done
init_field() { sed -n "s/^$1:[[:space:]]*//p" "/proc/$INIT_PID/status"; }
is "$(cat "$OUT/rootdef/uid")" 0 "rootdef: root"
is "$(field rootdef CapEff)" "$(init_field CapEff)" "rootdef: root keeps PID 1's capabilities"
is "$(field rootdef CapBnd)" "$(init_field CapBnd)" "rootdef: and its bounding set"
is "$(field rootdef CapAmb)" 0000000000000000 "rootdef: no ambient capabilities"
is "$(field rootdef NoNewPrivs)" 1 "rootdef: no_new_privs by default"
is "$(cat "$OUT/rootdef/umask")" 0022 "rootdef: umask 0022 by default"
is "$(cat "$OUT/rootdef/nofile")" "$(awk '/Max open files/ {print $4}' /proc/$INIT_PID/limits)" \
	"rootdef: limits inherited from PID 1"
is "$(cat "$OUT/rootdef/oom")" 0 "rootdef: oom_score_adj 0"

check "rootnone ran" wait_for 10 state_is rootnone done
is "$(cat "$OUT/rootnone/uid")" 0 "rootnone: root"
is "$(field rootnone CapEff)" 0000000000000000 "rootnone: an empty keep list leaves root no capabilities"
is "$(field rootnone CapBnd)" 0000000000000000 "rootnone: and an empty bounding set"
is "$(field rootnone NoNewPrivs)" 0 "rootnone: no_new_privs = no"

# PID 1 protects itself from the OOM killer, or says why it could not
# (without CAP_SYS_RESOURCE, as in a container); its services never
# inherit a negative value (rootdef above: 0).
pid1_oom=$(cat /proc/$INIT_PID/oom_score_adj)
if [ "$pid1_oom" = -1000 ]; then
	ok 0 "PID 1: oom_score_adj -1000"
else
	like "$(cat "$T/console.log")" "oom_score_adj -1000: Permission denied \\(left as it is\\)" \
		"PID 1: oom_score_adj left at $pid1_oom, and the console says why"
fi
check "nogroup2 failed" wait_for 10 state_is nogroup2 failed
like "$(jfield nogroup2 why)" "supplementary_groups no-such-group-keel: no such group" \
	"an unknown supplementary group is named"
check "nofileinf failed" wait_for 10 state_is nofileinf failed
like "$(jfield nofileinf why)" "limit_nofile infinity: Operation not permitted" \
	"a limit the kernel refuses fails the start, naming the key and value"
is "$(jfield badcap state)" failed "badcap: not started"
like "$(cat "$T/console.log")" "$SVC/badcap.ini:3: capabilities: unknown capability 'cap_fly'" \
	"badcap: file:line and the bad name"
done_testing
