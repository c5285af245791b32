# SPDX-License-Identifier: MIT
# Daemons tier library: keel as PID 1 of new PID, mount and network
# namespaces (tests/ns/lib.sh), with a private /run, a private /dev (the
# daemons' /dev/log never reaches the host) and its own loopback, so the
# service files of tests/daemons/svc/ use fixed ports and paths, exactly
# as docs/daemons.md shows them.  Source it from a test.
. "$(dirname "${BASH_SOURCE[0]}")/../ns/lib.sh"
DSVC=$TOP/tests/daemons/svc

# in_ns CMD...: run CMD in keel's network and mount namespaces.
in_ns() { nsenter -t "$INIT_PID" -n -m "$@"; }

# daemons_start FILE...: copy tests/daemons/svc/FILE.ini to the svc dir
# (as NAME.ini: the part before the first '.'), then start keel.  A
# $T/setup.sh, if any, runs inside the namespaces before keel does.
daemons_start() {
	local f
	for f; do cp "$DSVC/$f.ini" "$SVC/${f%%.*}.ini"; done
	write_init_ini
	cat > "$T/wrap.sh" <<WEOF
#!/bin/bash
set -e
mkdir -p "$T/hostdev"
mount --bind /dev "$T/hostdev"
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero full random urandom tty; do
	touch "/dev/\$n"; mount --bind "$T/hostdev/\$n" "/dev/\$n"
done
umount -l "$T/hostdev"
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/daemons
for f in "$DSVC"/*.conf; do [ ! -f "\$f" ] || cp "\$f" /run/daemons/; done
ip link set lo up
[ ! -f "$T/setup.sh" ] || . "$T/setup.sh"
exec "$INIT" -c "$T/init.ini"
WEOF
	cg_run unshare --pid --fork --mount-proc --net --kill-child bash "$T/wrap.sh" >"$T/console.log" 2>&1 &
	NS_PID=$!
	if ! wait_for 10 test -S "$T/ctl.sock"; then
		ok 1 "keel started"
		done_testing   # cleanup shows the console
	fi
	INIT_PID=$(cat /proc/$NS_PID/task/$NS_PID/children 2>/dev/null | awk '{print $1}')
}

# The namespace pid of the process named by a pidfile in keel's /run.
ns_pidfile() { cat "/proc/$INIT_PID/root$1" 2>/dev/null | tr -d ' \n'; }
# /proc of keel's PID namespace (mounted by unshare --mount-proc), seen
# from the host through keel's root: namespace pids, no host-wide scan.
ns_proc() { echo "/proc/$INIT_PID/root/proc/$1"; }
# comm of a namespace pid ("" when gone).
ns_comm() { cat "$(ns_proc "$1")/comm" 2>/dev/null; }
# kill_ns SIG PID: signal a namespace pid from inside the namespace.
kill_ns() { nsenter -t "$INIT_PID" -p -m kill "-$1" "$2"; }
# The namespace pid is a live child of keel (PID 1 there).
child_of_keel() {
	[ -n "$1" ] && ! grep -q '^State:.*Z' "$(ns_proc "$1")/status" 2>/dev/null &&
		[ "$(awk '{print $4}' "$(ns_proc "$1")/stat" 2>/dev/null)" = 1 ]
}
running_pid() { state_is "$1" running && [ "$(jfield "$1" pid)" != 0 ]; }
pid_is_not() { state_is "$1" running && p=$(jfield "$1" pid) && [ "$p" != 0 ] && [ "$p" != "$2" ]; }

# check_daemon NAME PIDFILE PROBE...: the checks every daemon gets, on a
# running job: status shows the daemon's pid (the pidfile's when given),
# PROBE answers, kill -9 brings a new daemon back once, stop leaves no
# process of the job.
check_daemon() {
	local name=$1 pidfile=$2; shift 2
	check "$name: running" wait_for 15 running_pid "$name"
	local pid; pid=$(jfield "$name" pid)
	[ -z "$pidfile" ] || is "$pid" "$(ns_pidfile "$pidfile")" "$name: status shows the pid of $pidfile"
	check "$name: answers" wait_for 10 "$@"
	check "$name: pid $pid is a live child of keel" child_of_keel "$pid"
	kill_ns KILL "$pid"
	check "$name: back after kill -9 with a new pid" wait_for 15 pid_is_not "$name" "$pid"
	is "$(jfield "$name" restart_count)" 1 "$name: restart_count 1"
	check "$name: answers again" wait_for 10 "$@"
	ctl stop "$name" >/dev/null
	check "$name: stopped" wait_for 15 state_is "$name" stopped
	is "$(jfield "$name" procs)" 0 "$name: no process left"
}

# daemons_restart: end this keel (its PID namespace goes with it) and
# empty the svc dir, for a second daemons_start in the same test.
daemons_restart() {
	kill -KILL "$NS_PID" 2>/dev/null
	wait "$NS_PID" 2>/dev/null
	rm -f "$T/ctl.sock" "$SVC"/*.ini "$T/init.ini"
}

# stale_pidfiles PATH...: setup lines for the namespace: a live process
# that is none of the daemons (a "reused pid"), named in each pidfile as
# if a previous boot had left them; its pid in /run/stale.pid.
stale_pidfiles() {
	echo 'sleep 1000 & echo $! > /run/stale.pid'
	local f
	for f; do echo "mkdir -p ${f%/*} && cp /run/stale.pid $f"; done
}
# stale_alive: the stale pidfiles' process still lives.
stale_alive() { [ "$(ns_comm "$(ns_pidfile /run/stale.pid)")" = sleep ]; }
