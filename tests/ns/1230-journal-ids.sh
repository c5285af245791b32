#!/usr/bin/env bash
# Job ids are the journal's (docs/journal.md, "Job ids"): the id
# `initctl status` shows for a service is the id its journal records
# carry (journal-dump's "id"), after a reload that removes one service
# and adds another, and after a reboot on the same journal.
. "$(dirname "$0")/lib.sh"
J=$T/journal.img
DUMP=$BUILD/journal-dump
for n in a b c; do
	svc $n <<EOF
[service]
exec = /bin/sleep 1000
EOF
done
write_init_ini "journal = $J
journal_size = 64K"
# name=id of every job, sorted, from initctl status.
status_ids() { ctl status --json | "$PY" -c 'import json,sys; print(" ".join(sorted("%s=%s" % (r["name"], r["id"]) for r in json.load(sys.stdin))))'; }
# name=id of the newest binding of every name in the journal file.
journal_ids() { "$DUMP" --json "$J" 2>/dev/null | "$PY" -c '
import json,sys
ids = {}
for l in sys.stdin:
    r = json.loads(l)
    if r.get("type") == "SNAPSHOT":
        ids = {j["name"]: j["id"] for j in r["jobs"]}
    elif r.get("type") == "BIND":
        ids = {n: i for n, i in ids.items() if i != r["id"]}
        ids[r["job"]] = r["id"]
print(" ".join(sorted("%s=%s" % kv for kv in ids.items() if kv[0] in sys.argv[1:])))' "$@"; }
ns_start
check "a, b, c running" wait_for 15 state_is c running
first=$(status_ids)
is "$first" "a=1 b=2 c=3" "first boot: ids 1..3 in load order"
is "$(journal_ids a b c)" "$first" "the journal binds the same ids"
rm "$SVC/b.ini"
svc d <<EOF
[service]
exec = /bin/sleep 1000
EOF
ctl reload > /dev/null
check "d running after the reload" wait_for 15 state_is d running
check "b gone" wait_for 15 eval '[ "$(jfield b id)" = none ]'
after=$(status_ids)
like "$after" "^a=1 c=3 d=[0-9]+$" "a and c keep their ids across the reload"
is "$(journal_ids a c d)" "$after" "d's id in initctl status is its journal id"
ctl poweroff > /dev/null; ns_wait_exit 20
ns_start
check "d running after a reboot" wait_for 15 state_is d running
is "$(status_ids)" "$after" "after a reboot every name has the same id"
keep_journal_image 1230 "$J"
done_testing
