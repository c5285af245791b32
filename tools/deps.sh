#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what keel's build and tests need, then fetch the QEMU board's
# kernel.  Idempotent and fast when everything is present (dpkg-query only;
# apt-get update runs once, and only if a package is missing).  Works as root
# on a fresh Debian machine and in CI (no stdin).  The kernel is never
# installed on the host: its .deb is unpacked into $BUILD/kernel/.
# The board (BOARD, default qemu-x86_64) names its kernel package in
# board/BOARD/kernel; a foreign one (PKG:ARCH, e.g. linux-image-armmp:armhf)
# enables that dpkg architecture, and the board's BusyBox is then
# busybox-static:ARCH, unpacked into $BUILD/busybox/ (never installed: it
# would replace the host's).
#   tools/deps.sh            packages + kernel
#   tools/deps.sh --kernel   kernel only (packages assumed)
set -euo pipefail

# One word per package; append here when a tier needs a new one.
# PKG:ARCH is a foreign-architecture package (dpkg --add-architecture first):
# the armhf cross build (make ARCH=armhf, the qemu-armhf board) needs them.
PKGS="musl-tools libinih-dev qemu-system-x86 qemu-system-arm gcc-arm-linux-gnueabihf musl-dev:armhf libinih-dev:armhf linux-libc-dev:armhf busybox-static cpio python3-cbor2 clang libclang-rt-14-dev valgrind hyperfine file lz4 util-linux iproute2 libxml2-utils librsvg2-bin scdoc man-db gcc-aarch64-linux-gnu musl-dev:arm64 libinih-dev:arm64 linux-libc-dev:arm64 qemu-user-static dnsmasq-base dropbear-bin mosquitto mosquitto-clients lighttpd bind9-dnsutils"

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BOARD=${BOARD:-qemu-x86_64}
KDIR=$BUILD/kernel
# The board's kernel meta-package; its :ARCH qualifier, if any, is foreign.
KMETA=$(sed 's/#.*//' "board/$BOARD/kernel" 2>/dev/null | awk 'NF { print $1; exit }')
KMETA=${KMETA:-linux-image-cloud-amd64}
FOREIGN=$(echo "$KMETA" | sed -n 's/.*://p')
export DEBIAN_FRONTEND=noninteractive

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

apt_updated=0
apt_update_once() {
	[ "$apt_updated" = 1 ] && return 0
	as_root apt-get -o DPkg::Lock::Timeout=600 update -q >&2
	apt_updated=1
}

install_packages() {
	local missing="" p
	for p in $PKGS; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	for p in $missing; do
		case $p in *:*) foreign_arch "${p#*:}" ;; esac
	done
	echo "deps: installing:$missing" >&2
	apt_update_once
	# shellcheck disable=SC2086  # word splitting of the list is intended
	as_root apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing >&2
}

# Resolve the versioned kernel package (its name carries the ABI).
kernel_pkg() {
	apt-cache depends "$KMETA" 2>/dev/null |
		awk '/Depends: linux-image-/ { print $2; exit }'
}

# foreign_arch [ARCH]: dpkg must know a foreign architecture (default:
# the board's) before apt can fetch or install its packages.
foreign_arch() {
	local a=${1:-$FOREIGN}
	[ -n "$a" ] || return 0
	dpkg --print-foreign-architectures | grep -qx "$a" && return 0
	echo "deps: enabling dpkg architecture $a" >&2
	as_root dpkg --add-architecture "$a"
	apt_updated=0
	apt_update_once
}

# download DIR PKG: apt-get download PKG into DIR (one apt-get update when
# the lists do not know it yet).
download() {
	(cd "$1" && apt-get -q -o APT::Sandbox::User=root download "$2" >&2) || {
		apt_update_once
		(cd "$1" && apt-get -q -o APT::Sandbox::User=root download "$2" >&2)
	}
}

fetch_kernel() {
	if ls "$KDIR"/boot/vmlinuz-* >/dev/null 2>&1; then
		return 0
	fi
	local pkg tmp
	pkg=$(kernel_pkg)
	if [ -z "$pkg" ]; then
		apt_update_once
		pkg=$(kernel_pkg)
	fi
	[ -n "$pkg" ] || { echo "deps: cannot resolve $KMETA" >&2; return 1; }
	echo "deps: fetching kernel $pkg into $KDIR" >&2
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	download "$tmp" "$pkg"
	rm -rf "$KDIR.tmp"
	mkdir -p "$KDIR.tmp"
	dpkg-deb -x "$tmp"/"${pkg%%:*}"_*.deb "$KDIR.tmp"
	# Keep only what booting needs (and the modules tree, small enough and
	# useful for pvpanic/virtio); drop docs.
	rm -rf "$KDIR.tmp/usr/share"
	rm -rf "$KDIR"
	mv "$KDIR.tmp" "$KDIR"
}

# Unpack the LZ4 bzImage once into an ELF vmlinux: QEMU boots it via PVH,
# which skips the in-guest decompression (about 0.6 s per TCG boot).
extract_vmlinux() {
	local z off
	[ -f "$KDIR/vmlinux" ] && return 0
	z=$(ls "$KDIR"/boot/vmlinuz-* | head -1)
	# No LZ4 magic (another board's kernel): nothing to unpack.
	off=$({ grep -obUaP '\x02\x21\x4c\x18' "$z" || true; } | head -1 | cut -d: -f1)
	[ -n "$off" ] || return 0
	# lz4 complains about the bytes after the stream; the ELF check decides.
	tail -c +"$((off + 1))" "$z" | lz4 -dcq >"$KDIR/vmlinux.tmp" 2>/dev/null || true
	if [ "$(head -c 4 "$KDIR/vmlinux.tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		mv "$KDIR/vmlinux.tmp" "$KDIR/vmlinux"
	else
		rm -f "$KDIR/vmlinux.tmp"
	fi
}

# A foreign board's static BusyBox, unpacked into $BUILD/busybox/.
fetch_busybox() {
	local tmp
	[ -n "$FOREIGN" ] || return 0
	[ -x "$BUILD/busybox/bin/busybox" ] && return 0
	echo "deps: fetching busybox-static:$FOREIGN into $BUILD/busybox" >&2
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	download "$tmp" "busybox-static:$FOREIGN"
	rm -rf "$BUILD/busybox"
	mkdir -p "$BUILD"
	dpkg-deb -x "$tmp"/busybox-static_*.deb "$BUILD/busybox"
	rm -rf "$BUILD/busybox/usr/share"
}

case "${1:-}" in
--kernel) foreign_arch; fetch_kernel; extract_vmlinux; fetch_busybox ;;
"") install_packages; foreign_arch; fetch_kernel; extract_vmlinux; fetch_busybox ;;
*) echo "usage: $0 [--kernel]" >&2; exit 100 ;;
esac
