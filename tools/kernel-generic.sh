#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetch Debian's generic amd64 kernel (it has MTD: mtd, mtdram, nandsim as
# modules; the cloud kernel has none) into BUILD/kernel-generic/, never
# installing it on the host, and unpack its XZ bzImage once into an ELF
# vmlinux that QEMU boots through PVH (no slow in-guest decompression under
# TCG).  Cached: does nothing when BUILD/kernel-generic/vmlinux exists.
#   tools/kernel-generic.sh BUILD
set -eu
build=${1:-build}
dir=$build/kernel-generic
[ -f "$dir/vmlinux" ] && exit 0
mkdir -p "$dir"
pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
[ -n "$pkg" ] || { apt-get update -q >/dev/null; pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/{print $2; exit}'); }
(cd "$dir" && rm -f ./*.deb && apt-get download "$pkg" >/dev/null && dpkg-deb -x ./*.deb . && rm -f ./*.deb)
/usr/bin/python3 - "$dir"/boot/vmlinuz-* "$dir/vmlinux" <<'PY'
import lzma, sys
d = open(sys.argv[1], "rb").read()
i = d.find(b"\xfd7zXZ\x00")
if i < 0:
    sys.exit("no XZ stream in " + sys.argv[1])
open(sys.argv[2] + ".tmp", "wb").write(lzma.LZMADecompressor().decompress(d[i:]))
PY
mv "$dir/vmlinux.tmp" "$dir/vmlinux"
