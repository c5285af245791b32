#!/usr/bin/env bash
# log = ring (the default): each run's output is kept as that run's lines,
# across 5 restarts, stdout and stderr alike, a last line without newline
# included; initctl log selects the current run, --run K, -n N, --all (one
# header per run with its restart_count and exit), and without NAME every
# job's lines prefixed with its name.
. "$(dirname "$0")/lib.sh"
cat > "$T/app.sh" <<'SCRIPT'
#!/bin/sh
n=$(cat "$(dirname "$0")/app.n" 2>/dev/null || echo 0)
echo $((n + 1)) > "$(dirname "$0")/app.n"
echo "run $n line 1"
echo "run $n line 2"
echo "err $n" >&2
echo "run $n line 3"
printf 'tail %s' "$n"
exit 1
SCRIPT
chmod 755 "$T/app.sh"
svc app <<EOF
[service]
exec = $T/app.sh
restart_limit = 5
restart_window = 1m
restart_delay = 50ms
EOF
svc other <<EOF
[service]
exec = /bin/sh -c "echo 'hello from other'; exec sleep 1600"
EOF
ns_start
check "app is blocked after 5 restarts" wait_for 20 state_is app blocked
check "other is running" wait_for 10 state_is other running
is "$(jfield app restart_count)" 5 "restart_count 5: runs 0 to 5"

run_text() { printf 'run %s line 1\nrun %s line 2\nerr %s\nrun %s line 3\ntail %s\n' "$1" "$1" "$1" "$1" "$1"; }
for k in 0 1 2 3 4 5; do
	is "$(ctl log app --run $k)" "$(run_text $k)" "--run $k: exactly run $k's lines"
done
is "$(ctl log app)" "$(run_text 5)" "NAME alone: the current run (5)"
is "$(ctl log app -n 2)" "$(printf 'run 5 line 3\ntail 5')" "-n 2: the last two lines of the current run"
is "$(ctl log app --run 2 -n 1)" "tail 2" "--run 2 -n 1: the last line of run 2"
all=$(ctl log app --all)
is "$(printf '%s\n' "$all" | grep -c '^-- app run [0-5] (restart_count [0-5]), exit 1 --$')" 6 \
	"--all: six headers, each with its restart_count and exit 1"
want=""
for k in 0 1 2 3 4 5; do want="$want-- app run $k (restart_count $k), exit 1 --"$'\n'"$(run_text $k)"$'\n'; done
is "$all"$'\n' "$want" "--all: every run's lines under its own header, in order"
is "$(ctl log app --run 9; echo "rc=$?")" "rc=0" "--run of a run that never was: no lines"
every=$(ctl log)
like "$every" "other: hello from other" "without NAME: other's line, prefixed with its name"
is "$(printf '%s\n' "$every" | grep -c '^app: ')" 30 "without NAME: all 30 lines of app, prefixed"
ctl log nosuch >/dev/null 2>&1
is "$?" 3 "log of an unknown service: exit 3"
ctl log app --run >/dev/null 2>&1
is "$?" 100 "--run without a number: usage, exit 100"
ok "$(! grep -q 'run 0 line 1' "$T/console.log"; echo $?)" "nothing of it reached the console"
done_testing
