#!/usr/bin/env bash
# `initctl journal -n N` with more records than the 32 KiB reply holds:
# the newest ones are shown (never the oldest with the newest cut off), the
# text says how many older records were left out, and --json stays a valid
# array of records (the count of those left out goes to stderr).
. "$(dirname "$0")/lib.sh"
svc churn <<EOF
[service]
exec = /bin/sh -c "exit 1"
restart_delay = 5ms
restart_window = 0
EOF
write_init_ini "journal = $T/journal.img
journal_size = 512K"
ns_start
ctl() { timeout 10 "$INITCTL" "$@"; }
# more records than the reply holds, as text rows (JSON rows are longer).
enough() { ctl journal -n 10000 2>/dev/null | head -1 | grep -q 'older records left out'; }
check "churn fills the journal past one reply" wait_for 60 enough
ctl stop churn >/dev/null
check "churn stopped" wait_for 10 state_is churn stopped
newest=$(ctl journal -n 1 --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[-1]["seq"])')

json=$(ctl journal -n 10000 --json 2>"$T/err"); rc=$?
is "$rc" 0 "journal --json exits 0"
seqs=$(echo "$json" | "$PY" -c 'import json,sys; print(" ".join(str(r["seq"]) for r in json.load(sys.stdin)))'); valid=$?
is "$valid" 0 "journal --json is valid JSON"
last=${seqs##* }
is "$last" "$newest" "the newest record is the last one shown"
is "$(echo "$seqs" | "$PY" -c 'import sys; s=[int(x) for x in sys.stdin.read().split()]; print(s == list(range(s[0], s[0]+len(s))))')" True \
	"the records shown are consecutive up to the newest"
like "$(cat "$T/err")" "^journal: [0-9]+ older records left out" "stderr says how many were left out"
ok "$(! grep -q 'output truncated' "$T/err"; echo $?)" "nothing cut in the middle"

text=$(ctl journal -n 10000 2>"$T/err"); rc=$?
is "$rc" 0 "journal (text) exits 0"
like "$(echo "$text" | head -1)" "^\([0-9]+ older records left out" "the text starts with how many were left out"
is "$(echo "$text" | tail -1 | awk '{print $1}')" "$newest" "the text ends with the newest record"
ok "$(! grep -q 'output truncated' "$T/err"; echo $?)" "text: nothing cut in the middle"

few=$(ctl journal -n 5 2>&1)
is "$(echo "$few" | wc -l)" 5 "-n 5: five rows, no note"
is "$(echo "$few" | tail -1 | awk '{print $1}')" "$newest" "-n 5: ending with the newest"
keep_journal_image 1442 "$T/journal.img"
done_testing
