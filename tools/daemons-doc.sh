#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Print the "Service files" section of docs/daemons.md from the files the
# daemons tier runs (tests/daemons/svc/): each .ini and .conf as a fenced
# block under its own heading.  tests/daemons/00-doc.sh checks that
# docs/daemons.md holds exactly this text, so the documented examples are
# the tested ones.
#   tools/daemons-doc.sh > section   (then paste it over the old section)
set -eu
DIR=$(cd "$(dirname "$0")/../tests/daemons/svc" && pwd)
for f in "$DIR"/*.ini "$DIR"/*.conf; do
	n=${f##*/}
	case $n in
	*.simple.ini) what="\`${n%%.*}\` in the foreground (\`type = simple\`): /etc/svc.d/${n%%.*}.ini" ;;
	*.ini) what="\`${n%.ini}\`, forking (\`type = forking\`): /etc/svc.d/$n" ;;
	*) what="\`$n\`: the configuration file the service files name" ;;
	esac
	printf '### %s\n\n```ini\n' "$what"
	cat "$f"
	printf '```\n\n'
done
