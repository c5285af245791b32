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
# notify_svc NAME 'LINES BEFORE READY=1' [INI LINE]: a type = notify
# service that writes its NOTIFY_SOCKET to $T/NAME.sock, waits at its
# gate, then becomes the sender of those lines and READY=1 in one
# datagram, and stays.
notify_svc() {
	printf '#!/bin/sh\necho "$NOTIFY_SOCKET" > %s\n%s\nexec %s "%sREADY=1" --stay\n' \
		"$T/$1.sock" "$(gate "$1")" "$NOTIFY" "$2" > "$T/$1.sh"
	chmod +x "$T/$1.sh"
	printf '[service]\ntype = notify\nexec = %s\n%s\n' "$T/$1.sh" "${3:-}" > "$SVC/$1.ini"
}
# intruder_svc NAME: a service "intruder" (another job) that sends
# READY=1 to NAME's NOTIFY_SOCKET ($T/NAME.sock), then touches
# $T/intruder.sent.
intruder_svc() {
	printf '#!/bin/sh\nwhile [ ! -s %s ]; do sleep 0.02; done\nexec %s READY=1 --socket "$(cat %s)" --touch %s --stay\n' \
		"$T/$1.sock" "$NOTIFY" "$T/$1.sock" "$T/intruder.sent" > "$T/intruder.sh"
	chmod +x "$T/intruder.sh"
	printf '[service]\nexec = %s\n' "$T/intruder.sh" > "$SVC/intruder.ini"
}
# gate NAME: a shell line that waits for the test to create $T/NAME.go,
# then writes $T/NAME.ready.
gate() { echo "while [ ! -e $T/$1.go ]; do sleep 0.02; done; date +%s%N > $T/$1.ready"; }
