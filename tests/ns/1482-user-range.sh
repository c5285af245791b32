#!/usr/bin/env bash
# user and group values are range-checked at parse time: a uid that does
# not fit uid_t is an error naming file:line, never a wrapped uid (before:
# user = 99999999999 ran as uid 1215752191).  A numeric user or group
# without a passwd/group entry works.
. "$(dirname "$0")/lib.sh"
OUT=$T/out; mkdir -p "$OUT"; chmod 777 "$OUT"; chmod 755 "$T"
cat > "$OUT/probe.sh" <<'PROBE'
#!/bin/sh
echo "$(id -u) $(id -g)" > "$1"
PROBE
chmod 755 "$OUT/probe.sh"
svc huge <<EOF
[service]
type = oneshot
user = 99999999999
exec = $OUT/probe.sh $OUT/huge
EOF
svc hugegroup <<EOF
[service]
type = oneshot
group = 4294967295
exec = $OUT/probe.sh $OUT/hugegroup
EOF
svc numeric <<EOF
[service]
type = oneshot
user = 4321
exec = $OUT/probe.sh $OUT/numeric
EOF
svc numgroup <<EOF
[service]
type = oneshot
user = 4321
group = 4322
exec = $OUT/probe.sh $OUT/numgroup
EOF
ns_start
check "numeric ran" wait_for 10 state_is numeric done
is "$(cat "$OUT/numeric")" "4321 4321" "a uid without a passwd entry runs, with the gid of the same number"
check "numgroup ran" wait_for 10 state_is numgroup done
is "$(cat "$OUT/numgroup")" "4321 4322" "a numeric group without an entry"
C=$T/console.log
like "$(cat "$C")" "$SVC/huge.ini:3: user: id 99999999999 out of range \\(0..4294967294\\)" \
	"an overflowing uid is a parse error with file:line"
is "$(jfield huge state)" failed "and the service does not start"
check "nothing ran as a wrapped uid" test ! -e "$OUT/huge"
like "$(cat "$C")" "$SVC/hugegroup.ini:3: group: id 4294967295 out of range" \
	"gid 4294967295 ((gid_t)-1) is refused too"
check "nothing ran for it" test ! -e "$OUT/hugegroup"
done_testing
