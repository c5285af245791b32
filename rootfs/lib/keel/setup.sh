#!/bin/sh
# SPDX-License-Identifier: MIT
# One-shot board setup: hostname, loopback up, run and log directories.
set -e
hostname -F /etc/hostname
ip link set lo up
mkdir -p /var/log /run/netd
echo "setup: host $(hostname), lo up"
