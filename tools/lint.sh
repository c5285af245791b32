#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# House rules that a compiler does not check (docs/design.md), as TAP:
#  - PID 1 never exits: no exit/abort/err/assert in init/ svc/, except the
#    entry point (init/main.c) and the initctl client (init/ctl/initctl.c);
#  - no allocation after boot: no malloc family, strdup, asprintf, setenv,
#    putenv, fopen, opendir in init/ svc/;
#  - small modules: no source file in init/ svc/ tools/ past 600 lines.
cd "$(dirname "$0")/.." || exit 1
n=0 fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=$((fail+1)); echo "not ok $n - $2"; fi; }
SRC=$(find init svc -name '*.[ch]' | sort)
CSRC=$(find init svc -name '*.c' | sort)
show() { [ -n "$1" ] && printf '%s\n' "$1" | sed 's/^/#   /'; }

hits=$(grep -nE '\b(exit|abort|err|errx|assert)\(' $CSRC | grep -vE '^init/(main|ctl/initctl)\.c:' | grep -v '_exit(')
[ -z "$hits" ]; ok $? "no exit/abort/err/assert outside init/main.c and init/ctl/initctl.c"; show "$hits"

hits=$(grep -nE '\b(malloc|calloc|realloc|free|strdup|strndup|asprintf|vasprintf|setenv|putenv|fopen|opendir|getpwnam|getgrnam|initgroups)\(' $CSRC)
[ -z "$hits" ]; ok $? "no allocating calls in init/ and svc/"; show "$hits"

long=$(wc -l $SRC tools/*.c 2>/dev/null | awk '$2 != "total" && $1 > 600 {print $2 ": " $1 " lines"}')
[ -z "$long" ]; ok $? "no source file past 600 lines"; show "$long"

hdr=$(for f in $SRC; do head -1 "$f" | grep -q 'SPDX-License-Identifier' || echo "$f"; done)
[ -z "$hdr" ]; ok $? "every source file starts with an SPDX line"; show "$hdr"
echo "1..$n"
[ "$fail" = 0 ]
