#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# House rules that a compiler does not check (docs/design.md), as TAP:
#  - PID 1 never exits: no exit/abort/err/assert in init/ svc/, except the
#    entry point (init/main.c) and the initctl client (init/ctl/initctl.c);
#  - no allocation after boot: no malloc family, strdup, asprintf, setenv,
#    putenv, fopen, opendir in init/ svc/ (init/rt/noheap.c defines the
#    malloc family as stand-ins that fail, so musl's allocator is not linked);
#  - printf conversions only from keel's own subset (init/rt/fmt.h);
#  - small modules: no source file in init/ svc/ tools/ past 600 lines, no
#    function in their .c files past 60 lines (tests are exempt);
#  - one-way dependencies (docs/design.md "Layers"), from the #include
#    lines: svc/ includes only svc/ and init/rt/; init/rt/ includes only
#    init/rt/; the include graph between folders has no circle (init/main.c,
#    the entry point that nothing includes, counts as a node of its own).
cd "$(dirname "$0")/.." || exit 1
n=0 fail=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else fail=$((fail+1)); echo "not ok $n - $2"; fi; }
SRC=$(find init svc -name '*.[ch]' | sort)
CSRC=$(find init svc -name '*.c' | sort)
show() { [ -n "$1" ] && printf '%s\n' "$1" | sed 's/^/#   /'; }

hits=$(grep -nE '\b(exit|abort|err|errx|assert)\(' $CSRC | grep -vE '^init/(main|ctl/initctl)\.c:' | grep -v '_exit(')
[ -z "$hits" ]; ok $? "no exit/abort/err/assert outside init/main.c and init/ctl/initctl.c"; show "$hits"

hits=$(grep -nE '\b(malloc|calloc|realloc|free|strdup|strndup|asprintf|vasprintf|setenv|putenv|fopen|opendir|getpwnam|getgrnam|initgroups)\(' $CSRC | grep -v '^init/rt/noheap\.c:')
[ -z "$hits" ]; ok $? "no allocating calls in init/ and svc/"; show "$hits"

# Only the printf conversions keel's own formatter has (init/rt/fmt.h):
# anything else (%f, %p, the # flag) would print the marker %? in the
# musl build.  A ' ' flag is not looked for (it would match "a % c").
fmtre='%[-+#0]*(\*|[0-9]+)?(\.(\*|[0-9]+)?)?(hh|h|ll|l|z|j|t|L)?[a-zA-Z]'
okre=':%[-+0]*(\*|[0-9]+)?(\.(\*|[0-9]+)?)?(hh|h|ll|l|z|j|t)?[diouxXcs]$'
hits=$(grep -noE "$fmtre" $SRC | grep -vE '^init/rt/(fmt\.[ch]|stdio_fmt\.c):' | grep -vE "$okre")
[ -z "$hits" ]; ok $? "printf conversions in init/ and svc/ are ones init/rt/fmt.c supports"; show "$hits"

long=$(wc -l $SRC tools/*.c 2>/dev/null | awk '$2 != "total" && $1 > 600 {print $2 ": " $1 " lines"}')
[ -z "$long" ]; ok $? "no source file past 600 lines"; show "$long"

# A function body: from a '{' at column 0 to the next '}' at column 0
# (keel's style); the lines between them are counted.
long=$(for f in $CSRC tools/*.c; do
	awk -v f="$f" '/^\{/ { start = NR; name = prev }
		/^\}/ && start { if (NR - start - 1 > 60) print f ":" start ": " name ": " NR - start - 1 " lines"; start = 0 }
		{ prev = $0 }' "$f"
done)
[ -z "$long" ]; ok $? "no function past 60 lines"; show "$long"

# "from-folder to-folder file" for every keel #include in init/ and svc/.
edges=$(for f in $SRC; do
	from=$(dirname "$f"); [ "$f" = init/main.c ] && from=init/main.c
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" | while read -r inc; do
		echo "$from $(dirname "$inc") $f:$inc"
	done
done)
bad=$(printf '%s\n' "$edges" | awk '$1 ~ /^svc\// && $2 !~ /^(svc\/|init\/rt$)/ { print $3 }')
[ -z "$bad" ]; ok $? "svc/ includes only svc/ and init/rt/"; show "$bad"
bad=$(printf '%s\n' "$edges" | awk '$1 == "init/rt" && $2 != "init/rt" { print $3 }')
[ -z "$bad" ]; ok $? "init/rt/ includes nothing above it"; show "$bad"
# tsort names the folders of a circle on stderr (the first circle is
# shown, with the includes that close it).
loop=$(printf '%s\n' "$edges" | awk 'NF && $1 != $2 { print $1, $2 }' | tsort 2>&1 >/dev/null |
	awk '/input contains a loop/ { n++; next } n == 1 { sub(/^tsort: /, ""); print }')
[ -z "$loop" ]; ok $? "no circle between folders"
if [ -n "$loop" ]; then
	printf '%s\n' "$edges" | awk -v circle="$(echo $loop)" 'BEGIN { n = split(circle, c, " ")
		for (i = 1; i <= n; i++) next_of[c[i]] = c[i % n + 1] }
		next_of[$1] == $2 && $1 != $2 { print "#   " $1 " -> " $2 ": " $3 }'
fi

hdr=$(for f in $SRC; do head -1 "$f" | grep -q 'SPDX-License-Identifier' || echo "$f"; done)
[ -z "$hdr" ]; ok $? "every source file starts with an SPDX line"; show "$hdr"
echo "1..$n"
[ "$fail" = 0 ]
