#!/usr/bin/env bash
# Ctrl-S on a serial console (issue 11, point 3): keel's console is a pty
# whose output is stopped (tcflow TCOOFF, what Ctrl-S does) while services
# are stopped, started and restarted through initctl: every request is
# answered and the jobs change state.  After Ctrl-Q (TCOON) the count of
# dropped lines is reported and no service is wrongly said to have
# ignored its stop ("did not stop in ...ms, sending KILL").
# Fails (bounded, by timeouts) on a PID 1 that writes its console blocking.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/1460-console-lib.bash"
TTY=
trap '[ -n "$TTY" ] && kill "$TTY" 2>/dev/null; cleanup' EXIT

console_services 465
# The console: a pty; $T/ctrl-s stops its output, $T/ctrl-q resumes it;
# what keel writes is copied to console.log only once output resumes.
"$PY" - "$INIT" "$T" <<'PY' &
import os, pty, subprocess, sys, termios, time
init, t = sys.argv[1], sys.argv[2]
master, slave = pty.openpty()
attrs = termios.tcgetattr(slave)
attrs[3] &= ~termios.ECHO
termios.tcsetattr(slave, termios.TCSANOW, attrs)
p = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", init, "-c", t + "/init.ini"],
                     stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, start_new_session=True)
with open(t + "/ns.pid", "w") as f:
    f.write(str(p.pid))
def wait_file(name):
    while not os.path.exists(t + "/" + name):
        time.sleep(0.02)
wait_file("ctrl-s")
termios.tcflow(slave, termios.TCOOFF)
open(t + "/stopped", "w").close()
wait_file("ctrl-q")
termios.tcflow(slave, termios.TCOON)
open(t + "/resumed", "w").close()
with open(t + "/console.log", "wb") as out:
    while True:
        out.write(os.read(master, 4096))
        out.flush()
PY
TTY=$!
step "the console helper started keel" wait_for 10 test -s "$T/ns.pid"
NS_PID=$(cat "$T/ns.pid")
step "control socket appears" wait_for 10 test -S "$T/ctl.sock"
INIT_PID=$(awk '{print $1}' /proc/$NS_PID/task/$NS_PID/children)
step "a running" wait_for 10 state_is a running
step "b running" wait_for 10 state_is b running
touch "$T/ctrl-s"
step "console output stopped (Ctrl-S)" wait_for 10 test -e "$T/stopped"

drive_jobs "the console stopped"

touch "$T/ctrl-q"
check "console output resumed (Ctrl-Q)" wait_for 10 test -e "$T/resumed"
ctl stop b >/dev/null
check "b stopped after Ctrl-Q" wait_for 10 state_is b stopped
check "the drop is reported" wait_for 10 grep -qaE 'keel: warning: [0-9]+ lines dropped' "$T/console.log"
check "lines after the note get through" wait_for 10 grep -qa 'keel: b: stopped' "$T/console.log"
nokill() { ! grep -qa 'did not stop' "$T/console.log"; }
check "no service is said to have ignored its stop" nokill
done_testing
