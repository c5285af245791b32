#!/usr/bin/env bash
# The new image reads the hand-over state only from a memfd or a file: an
# fd that could block a read (here a FIFO whose writer never closes) is
# refused at once with the reason, and PID 1 goes on (a fresh control
# socket answers) instead of waiting on the read for ever.
. "$(dirname "$0")/lib.sh"
cp "$INIT" "$T/init.real"
cp "$INIT" "$T/init"
INIT=$T/init
ctl() { timeout 10 "$INITCTL" "$@"; }
svc a <<EOF
[service]
exec = /bin/sleep 5462
EOF
ns_start
check "a running" wait_for 10 state_is a running

mkfifo "$T/state.fifo"
cat > "$T/init.wrap" <<EOF
#!/bin/sh
case " \$* " in
*" --reexec "*)
	exec 9<> "$T/state.fifo"
	exec "$T/init.real" --reexec 9 -c "$T/init.ini" ;;
esac
exec "$T/init.real" "\$@"
EOF
chmod +x "$T/init.wrap"
mv "$T/init.wrap" "$T/init"

out=$(ctl reexec 2>&1); rc=$?
ok "$([ "$rc" != 124 ]; echo $?)" "the waiting initctl is not left hanging (exit $rc)"
check "the state is refused, with the reason" wait_for 10 grep -q 'reexec: state refused (fd 9 is not a memfd or a file' "$T/console.log"
check "a fresh control socket answers" wait_for 10 sh -c "timeout 5 $INITCTL status >/dev/null"
like "$(tr '\0' ' ' < /proc/$INIT_PID/cmdline)" "init.real --reexec" "PID 1 runs the new image"
done_testing
