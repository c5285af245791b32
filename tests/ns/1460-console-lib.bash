# Shared by the 146x console namespace tests (sourced after lib.sh; not a
# test itself): two services, bounded requests, and the stop/start/restart
# round that must be answered while keel's console takes nothing.
# Each request is bounded here (a PID 1 stuck in write(2) never answers).
ctl() { timeout 5 "$INITCTL" "$@"; }
# step DESC CMD...: a check that ends the test when it fails (whatever
# follows would only time out too).
step() { local d=$1; shift; if "$@"; then ok 0 "$d"; else ok 1 "$d"; done_testing; fi; }
# console_services N: services a and b (sleep N1, sleep N2) and init.ini.
console_services() {
	printf '[service]\nexec = /bin/sleep %s1\n' "$1" > "$SVC/a.ini"
	printf '[service]\nexec = /bin/sleep %s2\n' "$1" > "$SVC/b.ini"
	write_init_ini
}
# drive_jobs WHEN: stop a, start a, restart b; each answered, each done.
drive_jobs() {
	local rc pb
	ctl stop a >/dev/null; rc=$?
	step "stop answered with $1 (rc $rc)" [ "$rc" = 0 ]
	step "a stopped" wait_for 10 state_is a stopped
	ctl start a >/dev/null; rc=$?
	step "start answered (rc $rc)" [ "$rc" = 0 ]
	step "a running again" wait_for 10 state_is a running
	pb=$(jfield b pid)
	ctl restart b >/dev/null; rc=$?
	step "restart answered (rc $rc)" [ "$rc" = 0 ]
	_restarted() { state_is b running && [ "$(jfield b pid)" != "$pb" ]; }
	step "b restarted with a new pid" wait_for 10 _restarted
}
