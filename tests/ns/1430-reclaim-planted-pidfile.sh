#!/usr/bin/env bash
# Issue 11 point 5: a service running as nobody, with its pidfile in a
# directory nobody owns, can plant a root process's pid there; with
# singleton=yes keel must not stop that root process (same program, but
# another user): the start is refused and the reason shown.  A pidfile in
# a directory another user owns is not trusted at all: ignored with a
# warning, the service starts, the process it names lives.  Both fail on
# f94ac5f (the root sleep is killed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1300-reclaim-lib.bash"
SLEEP=$(readlink -f /bin/sleep)
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
chmod 755 "$T"
mkdir "$T/run" "$T/other"
chown 65534:65534 "$T/run"        # the service's own directory
chown 1:1 "$T/other"              # another user's (daemon)
svc app <<EOF
[service]
exec = $SLEEP 14301
user = nobody
pidfile = $T/run/app.pid
singleton = yes
restart_delay = 200ms
EOF
ns_start
check "app: running as nobody" wait_for 10 state_is app running
is "$(awk '/^Uid:/{print $2}' /proc/"$(ns_procs 'sleep 14301' | head -1)"/status 2>/dev/null)" 65534 \
	"app's process runs as uid 65534"
in_ns "$SLEEP" 14302 & disown      # the root victim: the same program
has_victim() { [ -n "$(ns_procs 'sleep 14302')" ]; }
check "a root sleep runs" wait_for 10 has_victim
victim=$(ns_procs 'sleep 14302'); vpid=$(ns_pid_of "$victim")
is "$(awk '/^Uid:/{print $2}' /proc/"$victim"/status)" 0 "the victim runs as root"

# The service (nobody) plants the victim's pid in its own pidfile.
as_nobody sh -c "echo $vpid > $T/run/app.pid"
is "$(stat -c %u "$T/run/app.pid")" 65534 "the pidfile was written by nobody"
ctl restart app >/dev/null
check "app: the start is refused, the reason named" wait_for 15 why_like app \
	"pidfile $T/run/app.pid held by pid $vpid \(sleep\): refusing, it runs as uid 0, not as the service's user"
check "the root sleep is alive" kill -0 "$victim"
like "$(cat "$T/console.log")" "app: pidfile $T/run/app.pid held by pid $vpid \(sleep\): refusing" \
	"the log says it too"
isnt_running() { [ "$(jfield app state)" != running ]; }
check "app does not run" isnt_running

# A pidfile in a directory another user owns: ignored, with a warning.
in_ns "$SLEEP" 14304 & disown      # a second root victim
has_victim2() { [ -n "$(ns_procs 'sleep 14304')" ]; }
check "a second root sleep runs" wait_for 10 has_victim2
victim2=$(ns_procs 'sleep 14304')
echo "$(ns_pid_of "$victim2")" > "$T/other/app2.pid"
svc app2 <<EOF
[service]
exec = $SLEEP 14303
user = nobody
pidfile = $T/other/app2.pid
singleton = yes
restart_delay = 200ms
EOF
ctl reload >/dev/null
check "app2: running" wait_for 15 state_is app2 running
like "$(cat "$T/console.log")" \
	"app2: pidfile $T/other/app2.pid: in a directory other users can write \(owner uid 1\): not trusted, ignored" \
	"app2: the pidfile is logged as not trusted"
check "the second root sleep is alive" kill -0 "$victim2"
check "the first one still is" kill -0 "$victim"
done_testing
