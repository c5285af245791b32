# SPDX-License-Identifier: MIT
# Send one sd_notify datagram:
#   notify.py MESSAGE [--socket S] [--fds] [--touch FILE] [--stay]
# MESSAGE takes Python escapes (\n, \t, \x01); S defaults to
# $NOTIFY_SOCKET ("@name" is an abstract name); --fds passes three copies
# of stdin along (SCM_RIGHTS); --touch creates FILE once sent; --stay
# then sleeps for ever, so the sender is still there when PID 1 looks it
# up (a sender that is gone cannot be proven to be the job's).
import argparse
import os
import socket
import time

ap = argparse.ArgumentParser()
ap.add_argument("message")
ap.add_argument("--socket", default=os.environ.get("NOTIFY_SOCKET", ""))
ap.add_argument("--fds", action="store_true")
ap.add_argument("--touch")
ap.add_argument("--stay", action="store_true")
a = ap.parse_args()
msg = a.message.encode().decode("unicode_escape").encode("latin-1")
addr = "\0" + a.socket[1:] if a.socket.startswith("@") else a.socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.connect(addr)
if a.fds:
    socket.send_fds(s, [msg], [0, 0, 0])
else:
    s.send(msg)
if a.touch:
    open(a.touch, "w").close()
while a.stay:
    time.sleep(1000)
