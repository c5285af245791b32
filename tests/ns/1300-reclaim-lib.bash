# Shared by the 13xx reclaim namespace tests (sourced after lib.sh; not a
# test itself): the skip guard, the helper program and small predicates.
# build/init links svc/reclaim/reclaim_fmt.c only once the state machine calls it
# (--gc-sections drops it otherwise): skip until then.
grep -q 'singleton=no' "$INIT" ||
	{ echo "1..0 # SKIP svc/reclaim is not wired into $INIT yet"; exit 0; }
SRVF=$TOP/tests/ns/1300-reclaim-srv.py
srv() { "$PY" "$SRVF" "$@"; }
# Run a command inside init's PID and mount namespaces.
in_ns() { nsenter -t "$INIT_PID" -p -m -- "$@"; }
# why_like NAME REGEX: the job's status WHY matches.
why_like() { [[ "$(jfield "$1" why)" =~ $2 ]]; }
# gone PID: no such process any more (or only its zombie).
gone() { ! kill -0 "$1" 2>/dev/null || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
