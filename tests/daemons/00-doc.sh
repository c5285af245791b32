#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/daemons.md shows exactly the service and configuration files this
# tier runs: its "Service files" section is what tools/daemons-doc.sh
# prints from tests/daemons/svc/.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/tap.sh"
doc=$(sed -n '/^## Service files$/,$p' "$TOP/docs/daemons.md" | tail -n +3)
gen=$(bash "$TOP/tools/daemons-doc.sh")
[ "$doc" = "$gen" ]; ok $? "docs/daemons.md holds the files of tests/daemons/svc/ (tools/daemons-doc.sh)"
[ "$doc" = "$gen" ] || diff <(printf '%s\n' "$gen") <(printf '%s\n' "$doc") | head -20 | sed 's/^/# /'
n=$(ls "$TOP"/tests/daemons/svc/*.ini | wc -l)
is "$(grep -c '^### `.*/etc/svc.d/' "$TOP/docs/daemons.md")" "$n" "one section per service file ($n)"
for f in "$TOP"/tests/daemons/svc/*.ini; do
	stem=${f##*/}; stem=${stem%.ini}
	grep -qE "^daemons_start( [a-z.-]+)* ${stem//./\\.}( |\$)" "$TOP"/tests/daemons/[0-9]*.sh
	ok $? "${f##*/} is run by a test"
done
done_testing
