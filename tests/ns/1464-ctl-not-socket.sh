#!/usr/bin/env bash
# `control =` naming something that is not a socket (issue 11, point 7):
# keel never removes it.  It logs the path, boots without a control
# socket (services start; signals still work: SIGTERM reboots it), and the
# file is intact afterwards.  A symlink in the way is left alone too, and
# a missing directory is reported, not created.
. "$(dirname "$0")/lib.sh"
svc steady <<EOF
[service]
exec = /bin/sleep 4641
EOF
echo "precious data" > "$T/precious"
write_init_ini
sed -i "s|^control = .*|control = $T/precious|" "$T/init.ini"
unshare --pid --fork --mount-proc --kill-child "$INIT" -c "$T/init.ini" >"$T/console.log" 2>&1 &
NS_PID=$!
check "keel names the path and leaves it" \
	wait_for 10 grep -q "control socket $T/precious: that path is not a socket: not removing it" "$T/console.log"
INIT_PID=$(awk '{print $1}' /proc/$NS_PID/task/$NS_PID/children 2>/dev/null)
is "$(cat "$T/precious" 2>&1)" "precious data" "the file is still there, unchanged"
running() { [ -n "$(ns_procs 'sleep 4641')" ]; }
check "keel boots on: the service runs" wait_for 10 running
kill -TERM "$INIT_PID"
ns_wait_exit 20
check "SIGTERM still shuts keel down (status $EXIT_STATUS)" [ "$EXIT_STATUS" != timeout ]
is "$(cat "$T/precious" 2>&1)" "precious data" "the file survived the shutdown"

# A symlink at the path (to a file that must survive) is not followed or removed.
rm -f "$T/console.log"
ln -s "$T/precious" "$T/link"
sed -i "s|^control = .*|control = $T/link|" "$T/init.ini"
plain_start_bg() { "$INIT" -c "$T/init.ini" >"$T/console.log" 2>&1 & NS_PID=$!; INIT_PID=$NS_PID; }
plain_start_bg
check "a symlink is not a socket either" \
	wait_for 10 grep -q "control socket $T/link: that path is not a socket" "$T/console.log"
check "the symlink is still there" test -L "$T/link"
kill -TERM "$INIT_PID"
ns_wait_exit 20
check "plain keel ends on SIGTERM (status $EXIT_STATUS)" [ "$EXIT_STATUS" != timeout ]
is "$(cat "$T/precious" 2>&1)" "precious data" "the file it pointed to is unchanged"

# The socket's directory must exist: keel does not create it.
rm -f "$T/console.log"
sed -i "s|^control = .*|control = $T/nodir/ctl.sock|" "$T/init.ini"
plain_start_bg
check "a missing directory is named" \
	wait_for 10 grep -q "control socket $T/nodir/ctl.sock: No such file or directory" "$T/console.log"
check "and not created" test ! -e "$T/nodir"
kill -TERM "$INIT_PID"
ns_wait_exit 20
check "plain keel ends on SIGTERM (status $EXIT_STATUS)" [ "$EXIT_STATUS" != timeout ]
done_testing
