# Namespace test library: build/init as PID 1 of a fresh PID + mount
# namespace (unshare --pid --fork --mount-proc) with a temporary svc dir,
# or as a plain process (subreaper).  TAP output; every wait is a bounded poll.
# Source it from a test: . "$(dirname "$0")/lib.sh"
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
INIT=$BUILD/init
INITCTL=$BUILD/initctl
PY=/usr/bin/python3
T=$(mktemp -d /tmp/keel-ns.XXXXXX)
SVC=$T/svc.d
mkdir -p "$SVC"
export INITCTL_SOCKET=$T/ctl.sock
NS_PID=      # pid of the unshare process (host view)
INIT_PID=    # pid of init (host view)
. "$TOP/tests/tap.sh"   # ok check diag is like done_testing

# wait_for SECONDS CMD...: poll CMD every 20 ms until it succeeds; 1 on timeout.
wait_for() {
	local limit=$1; shift
	local end=$(( $(date +%s%N) + limit * 1000000000 ))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.02
	done
}

# svc NAME <<EOF ... EOF: write $SVC/NAME.ini from stdin.
svc() { cat > "$SVC/$1.ini"; }

write_init_ini() {
	cat > "$T/init.ini" <<EOF
[init]
svc_dir = $SVC
control = $T/ctl.sock
shutdown_timeout = 10s
$*
EOF
}

# Each test run gets its own cgroup (keel's job cgroups go below it), so
# parallel runs never meet and nothing is left behind: CG is its path, ""
# without a writable cgroup2 (keel then falls back to sessions).
CG=
cg_setup() {
	local mnt own
	mnt=$(awk '{ for (i = 7; i <= NF && $i != "-"; i++); if ($(i + 1) == "cgroup2") { print $5; exit } }' \
		/proc/self/mountinfo)
	own=$(sed -n 's/^0:://p' /proc/self/cgroup)
	[ -n "$mnt" ] && [ -n "$own" ] || return 0
	[ "$own" = / ] && own=
	CG=$mnt$own/keel-test.$$.${T##*.}
	mkdir "$CG" 2>/dev/null || CG=
}
cg_setup
# cg_run CMD...: exec CMD inside $CG (call in a subshell or as a job).
cg_run() {
	[ -z "$CG" ] || echo "$BASHPID" > "$CG/cgroup.procs" || CG=
	exec "$@"
}
# cg_remove: kill what is left in $CG (a failed test), then remove it
# and the job cgroups below it, deepest first.
cg_remove() {
	[ -n "$CG" ] && [ -d "$CG" ] || return 0
	echo 1 > "$CG/cgroup.kill" 2>/dev/null
	wait_for 10 grep -q '^populated 0' "$CG/cgroup.events"
	find "$CG" -depth -type d -exec rmdir {} \; 2>/dev/null
	[ ! -d "$CG" ] || diag "cgroup $CG could not be removed"
}
# cg_jobs: the job cgroups below $CG (names).
cg_jobs() { [ -n "$CG" ] && find "$CG" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tr '\n' ' '; }

# without_cgroup2: from now on init runs behind a wrapper that unmounts
# every cgroup2 mount in its (private) mount namespace: the fallback.
without_cgroup2() {
	cat > "$T/wrap.sh" <<EOF
#!/bin/sh
awk '{ for (i = 7; i <= NF && \$i != "-"; i++); if (\$(i + 1) == "cgroup2") print \$5 }' /proc/self/mountinfo |
	while read -r m; do umount -l "\$m"; done
exec "$INIT" "\$@"
EOF
	chmod +x "$T/wrap.sh"
	INIT=$T/wrap.sh
}

# ns_start [extra init.ini lines]: init as PID 1 in new namespaces.
ns_start() {
	[ -f "$T/init.ini" ] || write_init_ini "$@"
	cg_run unshare --pid --fork --mount-proc --kill-child "$INIT" -c "$T/init.ini" >"$T/console.log" 2>&1 &
	NS_PID=$!
	wait_for 10 test -S "$T/ctl.sock" || { diag "control socket never appeared"; cat "$T/console.log" | sed 's/^/# /'; }
	INIT_PID=$(cat /proc/$NS_PID/task/$NS_PID/children 2>/dev/null | awk '{print $1}')
}

# plain_start: init as a plain process (not PID 1): a subreaper.
plain_start() {
	[ -f "$T/init.ini" ] || write_init_ini "$@"
	cg_run "$INIT" -c "$T/init.ini" >"$T/console.log" 2>&1 &
	NS_PID=$!
	INIT_PID=$NS_PID
	wait_for 10 test -S "$T/ctl.sock" || diag "control socket never appeared"
}

# ns_wait_exit SECONDS: wait for the namespace (or plain init) to end; its
# status goes to $EXIT_STATUS ("timeout" if it did not end).  Not in $(...):
# only this shell can wait for its child.
_exited() { [ ! -e /proc/$NS_PID ] || awk '{exit !($3 == "Z")}' "/proc/$NS_PID/stat" 2>/dev/null; }
ns_wait_exit() {
	EXIT_STATUS=timeout
	wait_for "$1" _exited || return 0
	wait "$NS_PID" 2>/dev/null; EXIT_STATUS=$?
}

ctl() { "$INITCTL" "$@"; }

# started_order: service names in the order init spawned them (console).
started_order() { sed -n 's/^keel: \([^:]*\): \(running\|starting\) (pid .*/\1/p' "$T/console.log" | tr '\n' ' '; }

# jfield NAME FIELD: a field of NAME's row in `initctl status --json`.
jfield() {
	ctl status --json 2>/dev/null | "$PY" -c '
import json,sys
try: rows=[r for r in json.load(sys.stdin) if r["name"]==sys.argv[1]]
except ValueError: rows=[]
v=rows[0][sys.argv[2]] if rows else "none"
print("null" if v is None else str(v).lower() if isinstance(v,bool) else v)' "$1" "$2"
}
state_is() { [ "$(jfield "$1" state)" = "$2" ]; }

# Host pids of processes in init's pid namespace whose cmdline contains $1.
ns_procs() {
	local ns; ns=$(readlink /proc/$INIT_PID/ns/pid 2>/dev/null) || return 0
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] || continue
		[ "${p#/proc/}" = "$INIT_PID" ] && continue
		grep -q "^State:.*Z" "$p/status" 2>/dev/null && continue
		tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -qF -- "$1" && echo "${p#/proc/}"
	done
}
# Namespace pid of a host pid.
ns_pid_of() { awk '/^NSpid:/{print $NF}' /proc/$1/status 2>/dev/null; }
# Zombies in init's namespace.
ns_zombies() {
	local ns; ns=$(readlink /proc/$INIT_PID/ns/pid 2>/dev/null) || return 0
	local p c=0
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] || continue
		grep -q "^State:.*Z" "$p/status" 2>/dev/null && c=$((c+1))
	done
	echo $c
}

cleanup() {
	if [ -n "$NS_PID" ] && kill -0 "$NS_PID" 2>/dev/null; then
		kill -KILL "$NS_PID" 2>/dev/null
		[ "$INIT_PID" != "$NS_PID" ] && kill -KILL "$INIT_PID" 2>/dev/null
		wait "$NS_PID" 2>/dev/null
	fi
	if [ "$_fail" != 0 ] && [ -f "$T/console.log" ]; then
		diag "console:"; sed 's/^/#   /' "$T/console.log" | tail -40
	fi
	cg_remove
	rm -rf "$T"
}
trap cleanup EXIT

# Keep a journal image keel wrote for tests/jreader.sh (the second reader
# compared with journal-dump): BUILD/journal-images/ns-NAME.img.
keep_journal_image() {
	mkdir -p "$BUILD/journal-images" && cp "$2" "$BUILD/journal-images/ns-$1.img"
}


# A re-exec whose new image gets a state it must refuse: the binary is
# swapped for a wrapper that runs $1 (shell lines that open fd 9) and
# hands fd 9 to the real image.  Call before ns_start; reexec_refused
# then asks for the re-exec and checks the refusal with reason $1.
reexec_wrapper() {
	cp "$INIT" "$T/init.real"
	cp "$INIT" "$T/init"
	INIT=$T/init
	REEXEC_OPEN=$1
}
reexec_refused() {
	cat > "$T/init.wrap" <<EOF
#!/bin/sh
case " \$* " in
*" --reexec "*)
	$REEXEC_OPEN
	exec "$T/init.real" --reexec 9 -c "$T/init.ini" ;;
esac
exec "$T/init.real" "\$@"
EOF
	chmod +x "$T/init.wrap"
	mv "$T/init.wrap" "$T/init"
	local rc
	timeout 10 "$INITCTL" reexec >/dev/null 2>&1; rc=$?
	ok "$([ "$rc" != 124 ]; echo $?)" "the waiting initctl is not left hanging (exit $rc)"
	check "the state is refused, with the reason" wait_for 10 grep -qF "reexec: state refused ($1" "$T/console.log"
	check "a fresh control socket answers" wait_for 10 sh -c "timeout 5 $INITCTL status >/dev/null"
	like "$(tr '\0' ' ' < /proc/$INIT_PID/cmdline)" "init.real --reexec" "PID 1 runs the new image"
}

# type = forking: job $1 is running and its main pid is the one in
# pidfile $2; main_pid_changed also needs it to differ from $3.
main_is_pidfile() { state_is "$1" running && [ "$(jfield "$1" pid)" = "$(tr -d ' \n' < "$2" 2>/dev/null)" ]; }
main_pid_changed() { main_is_pidfile "$1" "$2" && [ "$(jfield "$1" pid)" != "$3" ]; }
