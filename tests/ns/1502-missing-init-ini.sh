#!/usr/bin/env bash
# A -c FILE that is not there (issue 12): the defaults hold, as before,
# but the console says so instead of staying silent.  An init.ini that
# cannot be read for another reason (a directory) is reported as before.
. "$(dirname "$0")/lib.sh"

out=$("$INIT" --check -c "$T/nope.ini" 2>&1)
like "$out" "$T/nope.ini:0: No such file or directory: using the defaults" \
	"a missing -c FILE is named on the console"
like "$out" "/etc/svc.d" "and the defaults are used (the default svc_dir)"

mkdir "$T/dir.ini"
out=$("$INIT" --check -c "$T/dir.ini" 2>&1); rc=$?
like "$out" "$T/dir.ini:0: Invalid argument \(using defaults for the rest\)" "a directory is reported"
is "$rc" 1 "and --check fails on it"
done_testing
