#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Helper of the 13xx reclaim namespace tests (not a test itself).

  serve [--port N] [--udp N] [--sock PATH] [--pidfile PATH] [--tag T]
        bind every resource WITHOUT SO_REUSEADDR (a bind that finds the
        resource taken exits 1, so a service that runs proves the reclaim
        freed it), write the pidfile, then wait for a signal
  free-port                   print a TCP+UDP port free on this host now
  stale PATH                  leave a stale unix socket file at PATH
  answers PATH                exit 0 if a unix socket at PATH accepts
  listening tcp|udp N         exit 0 if /proc/net/{tcp,udp}{,6} has N bound
"""
import os
import signal
import socket
import sys


def serve(args):
    keep = []
    i = 0
    while i < len(args):
        opt, val = args[i], args[i + 1]
        i += 2
        if opt == "--port":
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("0.0.0.0", int(val)))
            s.listen(8)
        elif opt == "--udp":
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("0.0.0.0", int(val)))
        elif opt == "--sock":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(val)
            s.listen(8)
        elif opt == "--pidfile":
            with open(val + ".tmp", "w") as f:
                f.write("%d\n" % os.getpid())
            os.rename(val + ".tmp", val)
            continue
        elif opt == "--tag":
            continue
        else:
            sys.exit("serve: unknown option " + opt)
        keep.append(s)
    while True:
        signal.pause()


def free_port():
    while True:
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.bind(("0.0.0.0", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("0.0.0.0", port))
        except OSError:
            continue
        print(port)
        return


def stale(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(1)
    s.close()


def answers(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
    except OSError:
        sys.exit(1)


def listening(proto, port):
    for name in (proto, proto + "6"):
        try:
            lines = open("/proc/net/" + name).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if int(f[1].split(":")[1], 16) == port and (proto == "udp" or f[3] == "0A"):
                sys.exit(0)
    sys.exit(1)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "serve":
        serve(args)
    elif cmd == "free-port":
        free_port()
    elif cmd == "stale":
        stale(args[0])
    elif cmd == "answers":
        answers(args[0])
    elif cmd == "listening":
        listening(args[0], int(args[1]))
    else:
        sys.exit("unknown command " + cmd)


main()
