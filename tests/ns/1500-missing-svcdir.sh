#!/usr/bin/env bash
# A missing svc_dir (issue 11, point 7): the console names the real error,
# the boot is not declared healthy at once, and the boot-health hooks are
# installed as on any boot, so a service that a later reload finds, with
# on_limit = reboot, reboots the board when it hits its restart limit.
. "$(dirname "$0")/lib.sh"
D=$T/later.d
cat > "$T/init.ini" <<EOF
[init]
svc_dir = $D
control = $T/ctl.sock
shutdown_timeout = 10s
journal = $T/journal.img
journal_size = 64K
boot_ok_after = 1h
EOF
sysfield() { ctl system --json | "$PY" -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(v if not isinstance(v,bool) else str(v).lower())' "$1"; }
unlike() { if printf '%s' "$1" | grep -qE -- "$2"; then ok 1 "$3"; diag "'$1' matches /$2/"; else ok 0 "$3"; fi; }

ns_start
check "init is up without its service directory" test -S "$T/ctl.sock"
like "$(cat "$T/console.log")" "$D: cannot read service directory: No such file or directory" \
	"the console names the real error"
unlike "$(cat "$T/console.log")" "Operation not permitted" "no made-up error"
is "$(sysfield healthy)" false "the boot is not healthy before boot_ok_after"
unlike "$(cat "$T/console.log")" "is healthy" "no HEALTHY declared at once"
out=$(ctl reload 2>&1); rc=$?
like "$out" "cannot read $D: No such file or directory" "a reload names the real error too"
is "$rc" 1 "and exits 1 (an error; ENOENT of svc_dir is not 'no such service', 3)"

mkdir "$D"
printf '[service]\nexec = /bin/false\nrestart_limit = 1\nrestart_delay = 100ms\non_limit = reboot\n' \
	> "$D/flappy.ini"
out=$(ctl reload 2>&1)
like "$out" "1 added" "the reload finds the directory and loads the service"
ns_wait_exit 20; st=$EXIT_STATUS
is "$st" 129 "on_limit = reboot reboots (the namespace ends with SIGHUP status)"
like "$(cat "$T/console.log")" "flappy: restart limit reached: rebooting \(on_limit = reboot\)" \
	"the console says why"
done_testing
