#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make install into a temporary DESTDIR: the binary, the initctl link,
# the example configuration, the man pages; INIT_NAME and PREFIX honoured;
# no DESTDIR is refused.
#   tests/install.sh BUILD      (make check-build)
set -u
BUILD=${1:?usage: $0 BUILD}
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/tap.sh"
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

make -s -C "$TOP" install BUILD="$BUILD" DESTDIR="$D/a" >"$D/a.log" 2>&1
ok $? "make install DESTDIR=... exits 0"
cmp -s "$D/a/sbin/init" "$BUILD/init"; ok $? "/sbin/init is the build's init"
[ -x "$D/a/sbin/init" ]; ok $? "/sbin/init is executable"
[ "$(readlink "$D/a/sbin/initctl")" = init ]; ok $? "/sbin/initctl is a link to init"
cmp -s "$D/a/etc/init.ini" "$TOP/rootfs/etc/init.ini"; ok $? "/etc/init.ini is the example"
cmp -s "$D/a/etc/board.ini" "$TOP/board/qemu-x86_64/board.ini"; ok $? "/etc/board.ini is the board's"
n_src=$(ls "$TOP"/rootfs/etc/svc.d/*.ini | wc -l)
n_dst=$(ls "$D"/a/etc/svc.d/*.ini 2>/dev/null | wc -l)
is "$n_dst" "$n_src" "every example service file in /etc/svc.d"
for p in man8/init.8 man8/initctl.8 man5/keel-service.5 man5/keel-journal.5; do
	[ -s "$D/a/usr/share/man/$p" ]; ok $? "man page /usr/share/man/$p"
done

make -s -C "$TOP" install BUILD="$BUILD" DESTDIR="$D/b" PREFIX=/usr/local INIT_NAME=keel INSTALL_MAN=no >"$D/b.log" 2>&1
ok $? "make install PREFIX=/usr/local INIT_NAME=keel exits 0"
[ -x "$D/b/usr/local/sbin/keel" ]; ok $? "PREFIX/sbin/keel installed"
[ "$(readlink "$D/b/usr/local/sbin/initctl")" = keel ]; ok $? "initctl links to keel"
[ ! -e "$D/b/usr/local/share/man" ]; ok $? "INSTALL_MAN=no installs no man page"
"$D/b/usr/local/sbin/initctl" --help >/dev/null 2>&1; r=$?
ok $([ "$r" -ne 126 ] && [ "$r" -ne 127 ]; echo $?) "the installed initctl link runs (exit $r)"

make -s -C "$TOP" install BUILD="$BUILD" >"$D/c.log" 2>&1
isnt_ok=$?
ok $([ "$isnt_ok" -ne 0 ]; echo $?) "make install without DESTDIR is refused"
grep -q "set DESTDIR" "$D/c.log"; ok $? "and says why"
done_testing
