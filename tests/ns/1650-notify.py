# SPDX-License-Identifier: MIT
# Send one sd_notify datagram: notify.py MESSAGE [SOCKET [fds]]
# MESSAGE takes Python escapes (\n, \t, \x01); SOCKET defaults to
# $NOTIFY_SOCKET ("@name" is an abstract name); "fds" passes three
# copies of stdin along (SCM_RIGHTS).
import os
import socket
import sys

msg = sys.argv[1].encode().decode("unicode_escape").encode("latin-1")
addr = sys.argv[2] if len(sys.argv) > 2 else os.environ["NOTIFY_SOCKET"]
if addr.startswith("@"):
    addr = "\0" + addr[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if len(sys.argv) > 3 and sys.argv[3] == "fds":
    s.connect(addr)
    socket.send_fds(s, [msg], [0, 0, 0])
else:
    s.sendto(msg, addr)
