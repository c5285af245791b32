#!/usr/bin/env bash
# env_file: parsed by PID 1 before the fork and applied in the child; the
# service writes the environment it got (its /proc/self/environ, as
# execve gave it) to a file: exactly PATH, env, env_file.  Quotes,
# comments, CRLF, env_file winning over env; a missing file fails the
# start unless written -PATH; a bad line fails it naming the line; the
# file is read again at every start.
. "$(dirname "$0")/lib.sh"
# oneshot NAME ENV_FILE [MORE LINES]: a oneshot that writes the
# environment it got to $T/NAME.out (sorted).
oneshot() {
	svc "$1" <<EOF
[service]
type = oneshot
exec = /bin/sh -c "tr '\\\\0' '\\\\n' < /proc/\\$\\$/environ | sort > $T/$1.out"
env_file = $2
${3:-}
EOF
}
printf '# a comment\n\n   # an indented comment\nA=from_file\nQ="x y"\r\nS='"'"'single "q"'"'"'\n  T=tabs and blanks \t \nEMPTY=\n' > "$T/e1.env"
oneshot e1 "$T/e1.env" "env = A=from_env
env = KEEP=k"
oneshot e2 "-$T/missing.env"
oneshot e3 "$T/late.env"
printf 'A=1\nB="unterminated\n' > "$T/bad.env"
oneshot e4 "$T/bad.env"
oneshot e5 "$T/e5.env"
printf 'PATH=/opt/bin:/bin\n' > "$T/e5.env"
ns_start
check "e1 done" wait_for 10 state_is e1 done
is "$(cat "$T/e1.out")" "A=from_file
EMPTY=
KEEP=k
PATH=/sbin:/bin:/usr/sbin:/usr/bin
Q=x y
S=single \"q\"
T=tabs and blanks" "e1: exactly PATH, env and env_file; quotes gone, comments skipped, env_file wins over env"
check "e2 (-PATH, missing) done" wait_for 10 state_is e2 done
is "$(cat "$T/e2.out")" "PATH=/sbin:/bin:/usr/sbin:/usr/bin" "e2: only PATH"
check "e3 (missing file) failed" wait_for 10 state_is e3 failed
is "$(jfield e3 why)" "env_file $T/late.env: No such file or directory" "e3: why names the file"
[ ! -e "$T/e3.out" ]; ok $? "e3 never ran"
check "e4 (bad line) failed" wait_for 10 state_is e4 failed
is "$(jfield e4 why)" "env_file $T/bad.env: line 2: unterminated quote" "e4: why names the line"
check "e5 done" wait_for 10 state_is e5 done
is "$(cat "$T/e5.out")" "PATH=/opt/bin:/bin" "e5: PATH from env_file replaces keel's: one PATH"

printf 'LATE=yes\n' > "$T/late.env"
out=$(ctl start e3); rc=$?
is "$rc" 0 "e3 starts once its file is there (read at every start, no reload)"
check "e3 done" wait_for 10 state_is e3 done
is "$(cat "$T/e3.out")" "LATE=yes
PATH=/sbin:/bin:/usr/sbin:/usr/bin" "e3: its variable"
done_testing
