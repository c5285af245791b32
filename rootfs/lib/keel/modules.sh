#!/bin/sh
# SPDX-License-Identifier: MIT
# Load each module named in /etc/modules (one per line, in order) from
# /lib/modules/NAME.ko.  A module already loaded is fine; any other failure
# fails the service.
rc=0
while read -r m; do
	case "$m" in "" | "#"*) continue ;; esac
	grep -qs "^$(echo "$m" | tr - _) " /proc/modules && continue
	insmod "/lib/modules/$m.ko" || { echo "modules: cannot load $m" >&2; rc=1; }
done </etc/modules
exit $rc
