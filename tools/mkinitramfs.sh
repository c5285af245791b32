#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build a board's initramfs: rootfs/ (plus board/BOARD/rootfs/ if present),
# the static init as /init (/sbin/init and /sbin/initctl link to it),
# busybox-static with its applet links, board.ini as /etc/board.ini, and the
# kernel modules listed in board/BOARD/modules (/etc/modules keeps the load
# order).  The cpio is newc, owned by 0:0, built without root, and the same
# inputs give the same bytes (sorted names, fixed mtimes).
#   tools/mkinitramfs.sh BOARD BUILDDIR
# Environment: INIT=path (default BUILDDIR/init), OUT=path (default
# BUILDDIR/initramfs.cpio.gz), STAGE=dir (default BUILDDIR/initramfs.d),
# BUSYBOX=path (default BUILDDIR/busybox/bin/busybox, the board's own that
# tools/deps.sh fetched for a foreign board, else the host's /bin/busybox).
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 BOARD BUILDDIR" >&2; exit 100; }
BOARD=$1
BUILD=$2
TOP=$(cd "$(dirname "$0")/.." && pwd)
BDIR=$TOP/board/$BOARD
INIT=${INIT:-$BUILD/init}
OUT=${OUT:-$BUILD/initramfs.cpio.gz}
STAGE=${STAGE:-$BUILD/initramfs.d}
if [ -z "${BUSYBOX:-}" ]; then
	BUSYBOX=/bin/busybox
	[ -x "$BUILD/busybox/bin/busybox" ] && BUSYBOX=$BUILD/busybox/bin/busybox
fi

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -d "$BDIR" ] || die "no board $BOARD ($BDIR)"
[ -x "$INIT" ] || die "no init at $INIT (run make)"
[ -x "$BUSYBOX" ] || die "no $BUSYBOX (apt-get install busybox-static)"

rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -a "$TOP/rootfs/." "$STAGE/"
for d in bin sbin usr/bin usr/sbin etc lib/modules proc sys dev run tmp root var/log; do
	mkdir -p "$STAGE/$d"
done
chmod 1777 "$STAGE/tmp"
chmod 700 "$STAGE/root"
# keel itself goes in as `make install` puts it on any root file system
# (/sbin/init, /sbin/initctl, /etc/init.ini, /etc/board.ini, /etc/svc.d/);
# /init, where the kernel looks in an initramfs, is a link to it.
make -s -C "$TOP" install DESTDIR="$STAGE" BOARD="$BOARD" BUILD="$BUILD" INSTALL_INIT="$INIT" INSTALL_MAN=no >&2
ln -sfn sbin/init "$STAGE/init"
# A board's own files last: they win over rootfs/ and the install.
[ -d "$BDIR/rootfs" ] && cp -a "$BDIR/rootfs/." "$STAGE/"

install -m 755 "$BUSYBOX" "$STAGE/bin/busybox"
# Every applet except the ones that would shadow our init.  One python
# process makes the ~400 links (one `ln` each costs seconds here).  A
# foreign BusyBox (board/BOARD/arch) lists its applets under qemu-user
# when the host has it; otherwise the host's busybox-static (the same Debian
# package) lists them.
applets() {
	local q
	case $(cat "$BDIR/arch" 2>/dev/null) in
	armhf) q=qemu-arm-static ;;
	aarch64) q=qemu-aarch64-static ;;
	*) q="" ;;
	esac
	"$BUSYBOX" --list-full 2>/dev/null && return 0
	[ -n "$q" ] && command -v "$q" >/dev/null && "$q" "$BUSYBOX" --list-full 2>/dev/null && return 0
	/bin/busybox --list-full
}
applets | /usr/bin/python3 -c '
import os, sys
stage = sys.argv[1]
for app in sys.stdin.read().split():
    if os.path.basename(app) in ("init", "linuxrc", "busybox"):
        continue
    path = os.path.join(stage, app)
    if os.path.lexists(path):
        continue
    os.symlink("busybox" if app.startswith("bin/") else "/bin/busybox", path)
' "$STAGE"

# Kernel modules the board needs, flat in /lib/modules, in load order.
: >"$STAGE/etc/modules"
if [ -f "$BDIR/modules" ]; then
	kmods=$(ls -d "$BUILD"/kernel/lib/modules/*/kernel 2>/dev/null | head -1 || true)
	for m in $(sed 's/#.*//' "$BDIR/modules"); do
		if [ -z "$kmods" ]; then
			echo "mkinitramfs: warning: no kernel in $BUILD/kernel, module $m left out" >&2
			continue
		fi
		ko=$(find "$kmods" -name "$m.ko" -print -quit)
		[ -n "$ko" ] || die "module $m not found under $kmods"
		install -m 644 "$ko" "$STAGE/lib/modules/$m.ko"
		echo "$m" >>"$STAGE/etc/modules"
	done
fi

# Fixed mtimes and sorted names: the archive depends on contents only.
find "$STAGE" -exec touch -h -d @0 {} +
tmp=$OUT.tmp
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -1 -n >"$tmp"
mv "$tmp" "$OUT"
echo "mkinitramfs: $OUT ($(stat -c %s "$OUT") bytes, init $(stat -c %s "$INIT") bytes)" >&2
