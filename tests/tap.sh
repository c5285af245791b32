# SPDX-License-Identifier: MIT
# TAP helpers shared by the shell test tiers: ok, check, diag, is, like,
# done_testing.  Source it; counts live in _n and _fail.
_n=0 _fail=0
ok()    { _n=$((_n+1)); if [ "$1" = 0 ]; then echo "ok $_n - $2"; else _fail=$((_fail+1)); echo "not ok $_n - $2"; fi; }
check() { local d=$1; shift; if "$@"; then ok 0 "$d"; else ok 1 "$d"; fi; }
diag()  { echo "# $*"; }
is()    { if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; diag "got '$1', want '$2'"; fi; }
like()  { if printf '%s' "$1" | grep -qE -- "$2"; then ok 0 "$3"; else ok 1 "$3"; diag "'$1' does not match /$2/"; fi; }
# done_testing: print the plan and exit 0 only if nothing failed.
done_testing() { echo "1..$_n"; [ "$_fail" -eq 0 ]; exit $?; }
