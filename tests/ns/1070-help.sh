#!/usr/bin/env bash
# Every control command that exists (the table in init/ctl/ctl_cmd.c) is in
# `initctl --help` and in docs/initctl.md; every service key (svc/conf/keys.h)
# is in docs/service.md.
. "$(dirname "$0")/lib.sh"
cmds=$(sed -n 's/^\t{ "\([a-z]*\)", cmd_[a-z]*\(, CMD_[A-Z]*\)\? },$/\1/p' "$TOP/init/ctl/ctl_cmd.c")
check "the command table was found" [ "$(echo "$cmds" | wc -l)" -ge 10 ]
help=$("$INITCTL" --help)
for c in $cmds; do
	like "$help" "(^|[ |])$c( |$)" "initctl --help covers $c"
	check "docs/initctl.md covers $c" grep -q "\`$c" "$TOP/docs/initctl.md"
done
keys=$(sed -n 's/^\tX(\([a-z_]*\), *T_.*/\1/p' "$TOP/svc/conf/keys.h")
check "the key table was found" [ "$(echo "$keys" | wc -l)" -ge 20 ]
for k in $keys; do
	check "docs covers key $k" grep -q "\`$k\`" "$TOP/docs/service.md"
done
done_testing
