# Readiness tests (1650-1699): helpers.  Source after lib.sh.
NOTIFY="$PY $TOP/tests/ns/1650-notify.py"
# stamp FILE: the time (ns, monotonic enough: date) a service wrote to FILE.
stamp() { cat "$1" 2>/dev/null; }
# dependents NAME: two services that must wait for NAME, one with
# requires, one with after; each writes $T/<dep>.start when it starts.
dependents() {
	svc "req_$1" <<EOT
[service]
requires = $1
exec = /bin/sh -c 'date +%s%N > $T/req_$1.start; exec sleep 1000'
EOT
	svc "aft_$1" <<EOT
[service]
after = $1
exec = /bin/sh -c 'date +%s%N > $T/aft_$1.start; exec sleep 1000'
EOT
}
# after_ready NAME: both dependents started, and after NAME's marker
# $T/NAME.ready (written right before it signalled ready).
started_after() { [ -s "$T/$2.start" ] && [ "$(stamp "$T/$2.start")" -gt "$(stamp "$T/$1.ready")" ]; }
check_dependents() {
	check "$1: nothing that needs it started before it was ready" \
		test ! -e "$T/req_$1.start" -a ! -e "$T/aft_$1.start"
}
check_dependents_after() {
	check "$1: requires= dependent started" wait_for 10 test -s "$T/req_$1.start"
	check "$1: after= dependent started" wait_for 10 test -s "$T/aft_$1.start"
	check "$1: requires= dependent started after it was ready" started_after "$1" "req_$1"
	check "$1: after= dependent started after it was ready" started_after "$1" "aft_$1"
}
# gate NAME: a shell line that waits for the test to create $T/NAME.go,
# then writes $T/NAME.ready.
gate() { echo "while [ ! -e $T/$1.go ]; do sleep 0.02; done; date +%s%N > $T/$1.ready"; }
