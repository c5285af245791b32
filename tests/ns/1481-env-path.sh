#!/usr/bin/env bash
# A service's own `env = PATH=...` replaces keel's default PATH: the
# process environment holds exactly one PATH, the service's.  A service
# without one gets keel's.  (Before: both, keel's first.)
. "$(dirname "$0")/lib.sh"
OUT=$T/out; mkdir -p "$OUT"
cat > "$OUT/probe.sh" <<'PROBE'
#!/bin/sh
tr '\0' '\n' < /proc/$$/environ | grep '^PATH=' > "$1"
PROBE
chmod 755 "$OUT/probe.sh"
svc own <<EOF
[service]
type = oneshot
env = PATH=/opt/keel-test/bin:/bin
env = OTHER=1
exec = $OUT/probe.sh $OUT/own
EOF
svc base <<EOF
[service]
type = oneshot
env = OTHER=1
exec = $OUT/probe.sh $OUT/base
EOF
ns_start
check "own ran" wait_for 10 state_is own done
is "$(wc -l < "$OUT/own")" 1 "exactly one PATH in the environment"
is "$(cat "$OUT/own")" "PATH=/opt/keel-test/bin:/bin" "and it is the service's"
check "base ran" wait_for 10 state_is base done
is "$(cat "$OUT/base")" "PATH=/sbin:/bin:/usr/sbin:/usr/bin" "without its own, keel's PATH"
done_testing
