#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 0100-boot.sh on the 32-bit ARM board (board/qemu-armhf): build/armhf/init
# as PID 1 under Debian's armmp kernel, every example service up, status
# in the guest, clean poweroff.  One ARM boot.
BOARD=qemu-armhf exec bash "$(dirname "$0")/0100-boot.sh"
