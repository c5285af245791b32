# SPDX-License-Identifier: MIT
"""The bench's rows: how each system is configured and started as PID 1.

A row is a Row: the processes that count as the system (exe basenames),
whether it supervises services or runs one child ("reaper"), how it writes
one service into a sandbox (paths under RUN/cfg appear as /bench/cfg, under
RUN/etc as /etc), its argv as PID 1, an optional hook run before the chroot
and the Debian package it comes from (installed by tools/bench.sh).
"""
import os

SVC = "/bench/bin/svc"


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a") as f:
        f.write(text)
    os.chmod(path, mode)


def run_file(path, argv):
    """runit/s6 run file: svc through its shebang (no shell), else sh."""
    if argv[0] == SVC:
        write(path, "#!%s %s\n" % (SVC, " ".join(argv[1:])), 0o755)
    else:
        write(path, "#!/bin/sh\nexec %s\n" % " ".join(argv), 0o755)


class Row:
    kind = "supervisor"
    package = None
    procs = ()

    def __init__(self, run):
        self.run = run

    def cfg(self, rel):
        return os.path.join(self.run, "cfg", rel)

    def etc(self, rel):
        return os.path.join(self.run, "etc", rel)

    def hook(self):
        return ""


class Keel(Row):
    """keel, build/init, restarts with no delay and no limit (as minimal)."""
    procs = ("init",)
    binary = None

    def service(self, name, argv):
        write(self.cfg("svc.d/%s.ini" % name),
              "[service]\nexec = %s\nrestart = always\nrestart_delay = 0\nrestart_window = 0\n"
              % " ".join(argv))

    def hook(self):
        return 'cp %s "$ROOT/bench/sut/init"\n' % Keel.binary

    def argv(self):
        write(self.cfg("init.ini"), "[init]\nsvc_dir = /bench/cfg/svc.d\ncontrol = /run/keel.sock\n")
        return ["/bench/sut/init", "-c", "/bench/cfg/init.ini"]


class Minimal(Row):
    """tools/bench/refinit.c: fork, exec, wait, restart at once."""
    procs = ("refinit",)

    def service(self, name, argv):
        write(self.cfg("refinit.conf"), " ".join(argv) + "\n")

    def argv(self):
        return ["/bench/bin/refinit", "/bench/cfg/refinit.conf"]


class Busybox(Row):
    """BusyBox init with an inittab of ::respawn: lines."""
    procs = ("busybox",)
    package = "busybox-static"

    def service(self, name, argv):
        write(self.etc("inittab"), "::respawn:%s\n" % " ".join(argv))

    def argv(self):
        return ["/bin/busybox", "init"]


class Runit(Row):
    """runsvdir as PID 1, one runsv per service directory."""
    procs = ("runsvdir", "runsv")
    package = "runit"

    def service(self, name, argv):
        run_file(self.cfg("service/%s/run" % name), argv)

    def argv(self):
        return ["/usr/bin/runsvdir", "-P", "/bench/cfg/service"]


class S6(Row):
    """s6-svscan as PID 1, one s6-supervise per service directory."""
    procs = ("s6-svscan", "s6-supervise")
    package = "s6"

    def service(self, name, argv):
        run_file(self.cfg("scan/%s/run" % name), argv)

    def argv(self):
        return ["/usr/bin/s6-svscan", "/bench/cfg/scan"]


class Finit(Row):
    """finit with one /etc/finit.d/NAME.conf a service.  Its plugins are
    masked (no hotplug or module loading in the host's namespaces) and /sys
    is empty, so it runs without cgroups."""
    procs = ("finit",)
    package = "finit"
    plugins = "/usr/lib/x86_64-linux-gnu/finit/plugins"

    def service(self, name, argv):
        write(self.etc("finit.conf"), "")
        write(self.etc("finit.d/%s.conf" % name),
              "service :%s [2345] name:%s %s -- %s\n" % (name, name, " ".join(argv), name))

    def hook(self):
        return ('[ -d "$ROOT%s" ] && mount -t tmpfs -o size=64k noplugins "$ROOT%s"\ntrue\n'
                % (self.plugins, self.plugins))

    def argv(self):
        return ["/usr/sbin/finit"]


class Tini(Row):
    """tini: runs one child and reaps orphans; no services, no restarts."""
    kind = "reaper"
    procs = ("tini",)
    package = "tini"
    child = None

    def service(self, name, argv):
        self.child = argv

    def argv(self):
        return ["/usr/bin/tini", "--"] + self.child


ROWS = {"keel": Keel, "minimal": Minimal, "busybox": Busybox, "runit": Runit,
        "s6": S6, "finit": Finit, "tini": Tini}
