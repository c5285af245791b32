#!/bin/sh
# SPDX-License-Identifier: MIT
# Early stage for boards whose flash driver is a kernel module (Debian's
# armmp kernel has virtio_blk as one): the board's cmdline runs this as
# rdinit=/lib/keel/early.sh.  It loads /etc/modules, so the journal's device
# exists when PID 1 opens it, then execs keel as PID 1 (same pid, same
# console fds).  The modules service later finds them loaded.
/lib/keel/modules.sh
exec /init "$@"
