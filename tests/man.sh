#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The man pages (docs/man/*.scd, rendered by tools/man.sh): each one renders
# with man -l without a single groff warning, and each documents what the
# code accepts, read from the code itself so that a new key, command,
# option, signal or record without its entry fails here:
#  - keel-service(5): every [service] and [init] key of svc/conf/keys.h and
#    every [board] key of init/platform/board.c, each as an entry of its
#    own section;
#  - initctl(8): every command of the table in init/ctl/ctl_cmd.c, every
#    option of initctl's usage text, every exit code of init/ctl/ctl_proto.h;
#  - init(8): every option of init/main.c and every signal init/system.c acts on;
#  - keel-journal(5): every record type (init/journal/journal.h) and key
#    (init/journal/jrec.h) with its number.
#   tests/man.sh BUILD      (make check-build)
set -u
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/tap.sh"
export LC_ALL=C.UTF-8
MAN=$BUILD/man
PAGES="init.8 initctl.8 keel-service.5 keel-journal.5"

bash "$TOP/tools/man.sh" "$BUILD"; ok $? "tools/man.sh $BUILD renders the pages"
# The warning check itself: a page with an undefined macro must be caught.
printf '.TH BAD 8\n.SH NAME\nbad\n.nosuchmacro\n' >"$MAN/bad.8.test"
warn=$(MANWIDTH=80 man --warnings=w -l "$MAN/bad.8.test" 2>&1 >/dev/null)
rm -f "$MAN/bad.8.test"
like "$warn" "warning: macro 'nosuchmacro' not defined" "man --warnings=w reports a known bad page"
for p in $PAGES; do
	[ -s "$MAN/$p" ]; ok $? "$MAN/$p exists"
	# --warnings=w: every groff warning (the default, mac, misses most).
	warn=$(MANWIDTH=80 man --warnings=w -l "$MAN/$p" 2>&1 >/dev/null)
	[ -z "$warn" ]; ok $? "man -l $p renders without warnings"
	[ -n "$warn" ] && printf '%s\n' "$warn" | head -5 | sed 's/^/#   /'
done

# The text of a page as man shows it, wide enough that no entry wraps.
text() { MANWIDTH=200 man -l "$MAN/$1" 2>/dev/null; }
# The lines of one section (a heading at column 0 up to the next one).
section() { awk -v h="$2" '/^[^ ]/ { on = ($0 == h); next } on' <<<"$1"; }
# An entry of a definition list: the term starts a line at the body's indent.
has_entry() { grep -qE "^ {7}$2" <<<"$1"; }

covers() {   # covers DESC TEXT REGEX-PREFIX WORDS...
	local desc=$1 txt=$2 pre=$3 w missing=""
	shift 3
	for w in "$@"; do has_entry "$txt" "$pre$w( |,|$)" || missing="$missing $w"; done
	[ -z "$missing" ]; ok $? "$desc"
	[ -n "$missing" ] && diag "missing:$missing"
}

svc=$(text keel-service.5)
keys() { sed -n "/^#define $1(X)/,/^\$/s/^\tX(\([a-z_]*\), *T_.*/\1/p" "$TOP/svc/conf/keys.h"; }
skeys=$(keys SVC_KEYS) ikeys=$(keys INIT_KEYS)
bkeys=$(sed -n 's/.*!strcmp(name, "\([a-z_]*\)").*/\1/p' "$TOP/init/platform/board.c")
check "the [service] key table was found" [ "$(wc -w <<<"$skeys")" -ge 30 ]
check "the [init] key table was found" [ "$(wc -w <<<"$ikeys")" -ge 10 ]
check "the [board] keys were found" [ "$(wc -w <<<"$bkeys")" -ge 5 ]
covers "keel-service(5) has every [service] key" "$(section "$svc" "[service] KEYS")" "" $skeys
covers "keel-service(5) has every [init] key" "$(section "$svc" "/etc/init.ini [init] KEYS")" "" $ikeys
covers "keel-service(5) has every [board] key" "$(section "$svc" "/etc/board.ini [board] KEYS")" "" $bkeys

ctl=$(text initctl.8)
cmds=$(sed -n 's/^\t{ "\([a-z]*\)", cmd_[a-z]*\(, CMD_[A-Z]*\)\? },$/\1/p' "$TOP/init/ctl/ctl_cmd.c")
check "the command table was found" [ "$(wc -w <<<"$cmds")" -ge 10 ]
covers "initctl(8) has every command" "$(section "$ctl" COMMANDS)" "(([a-z]+|[a-z]+ [A-Z]+), )*" $cmds
# Options: the words starting with - in initctl's usage text.
opts=$(sed -n '/^static const char usage\[\]/,/;$/p' "$TOP/init/ctl/initctl.c" |
	grep -oE '(^|[ "[|])--?[a-z]+' | sed 's/^[ "[|]//' | sort -u)
check "the usage text was found" [ "$(wc -w <<<"$opts")" -ge 8 ]
missing=""
for o in $opts; do grep -qE -- "(^|[ [])$o( |]|,|$)" <<<"$ctl" || missing="$missing $o"; done
[ -z "$missing" ]; ok $? "initctl(8) has every option of the usage text ($(echo $opts))"
[ -n "$missing" ] && diag "missing:$missing"
codes=$(sed -n 's/^\tCTL_[A-Z]* *= *\([0-9]*\),.*/\1/p' "$TOP/init/ctl/ctl_proto.h")
check "the exit codes were found" [ "$(wc -w <<<"$codes")" -ge 6 ]
covers "initctl(8) has every exit code" "$(section "$ctl" "EXIT STATUS")" "" $codes
like "$(section "$ctl" ACCESS)" "exits 4" "initctl(8) says a refused command exits 4"

init=$(text init.8)
iopts=$(sed -n '/^static void parse_args/,/^}/s/.*strcmp(argv\[i\], "\(-[-a-z]*\)").*/\1/p' "$TOP/init/main.c")
check "init's options were found" [ "$(wc -w <<<"$iopts")" -ge 3 ]
covers "init(8) has every option" "$(section "$init" OPTIONS)" "" $iopts
sigs=$(sed -n '/^static void on_signal/,/^}/s/^\tcase \(SIG[A-Z0-9]*\):.*/\1/p' "$TOP/init/system.c")
check "the signals init acts on were found" [ "$(wc -w <<<"$sigs")" -ge 6 ]
covers "init(8) has every signal" "$(section "$init" SIGNALS)" "(SIG[A-Z0-9]+, )*" $sigs

jrn=$(text keel-journal.5)
recs=$(sed -n '/^enum { JREC_/,/};/p' "$TOP/init/journal/journal.h" | grep -oE 'JREC_[A-Z]+ = [0-9]+' |
	sed 's/JREC_\([A-Z]*\) = \([0-9]*\)/\2 \1/')
check "the record types were found" [ "$(wc -l <<<"$recs")" -ge 9 ]
missing=""
while read -r num name; do has_entry "$jrn" "$num $name$" || missing="$missing $num:$name"; done <<<"$recs"
[ -z "$missing" ]; ok $? "keel-journal(5) has every record type with its number"
[ -n "$missing" ] && diag "missing:$missing"
jkeys=$(sed -n '/^enum {$/,/JK_N$/p' "$TOP/init/journal/jrec.h" | grep -oE 'JK_[A-Z]+' | grep -vx JK_N |
	tr 'A-Z' 'a-z' | sed 's/^jk_//')
check "the journal keys were found" [ "$(wc -w <<<"$jkeys")" -ge 17 ]
missing="" num=0
for k in $jkeys; do
	grep -qE "^ +[│|]$num +[│|] $k +[│|]" <<<"$jrn" || missing="$missing $num:$k"
	num=$((num + 1))
done
[ -z "$missing" ]; ok $? "keel-journal(5) has every journal key with its number"
[ -n "$missing" ] && diag "missing:$missing"
done_testing
