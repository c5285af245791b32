#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""compare.py OUT.jsonl ROW... -- keel next to other inits, each PID 1 of its own namespaces.

Scenarios (BENCH_SCENARIOS, default "S2 S2-50 S3fast S5 S6"), scenario-major
(every row of one scenario back to back, so the machine's noise hits them
alike).  One JSON record per repetition goes to OUT.jsonl; tools/bench/table.py
prints the tables.  Definitions: docs/bench.md.  Environment: BENCH_BIN (svc,
refinit), BENCH_RUN (sandbox directories), KEEL (build/init), REPS [2],
S3F_SAMPLES [10], S5_ORPHANS [5000], BENCH_WRAP (a command put before
unshare: a profiler).
"""
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rows as R  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ["BENCH_BIN"]
RUNDIR = os.environ["BENCH_RUN"]


def mono_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def wait_for(pred, timeout, step=0.005):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = pred()
        if got:
            return got
        time.sleep(step)
    return None


def events(path):
    """'TAG EVENT NS PID ARG' lines -> [(tag, event, ns, arg)] by time."""
    out = []
    try:
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) == 5 and w[2].isdigit():
                    out.append((w[0], w[1], int(w[2]), int(w[4])))
    except FileNotFoundError:
        pass
    return sorted(out, key=lambda e: e[2])


def read_int_field(path, index=0):
    try:
        with open(path) as f:
            return int(f.read().split()[index])
    except (OSError, ValueError, IndexError):
        return None


def smaps(pid):
    out = {}
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                w = line.split()
                if len(w) == 3 and w[2] == "kB":
                    out[w[0].rstrip(":")] = int(w[1])
    except OSError:
        pass
    return out


class Sandbox:
    """One boot of one row as PID 1 of new namespaces (tools/bench/nsroot.sh)."""

    def __init__(self, name):
        os.makedirs(RUNDIR, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=RUNDIR)
        for d in ("cfg", "etc", "out"):
            os.makedirs(os.path.join(self.dir, d))
        os.chmod(os.path.join(self.dir, "out"), 0o777)
        self.row = R.ROWS[name](self.dir)
        self.name, self.proc, self.init = name, None, None

    def out(self, name):
        return os.path.join(self.dir, "out", name)

    def start(self):
        argv = self.row.argv()
        with open(os.path.join(self.dir, "hook.sh"), "w") as f:
            f.write(self.row.hook())
        self.log = open(os.path.join(self.dir, "boot.log"), "w")
        wrap = os.environ.get("BENCH_WRAP", "").split()  # a profiler (tools/bench/s6profile.py)
        self.proc = subprocess.Popen(
            wrap + ["unshare", "--pid", "--fork", "--mount", "--uts", "--ipc", "--net", "--kill-child",
             "bash", os.path.join(HERE, "nsroot.sh"), self.dir, BIN] + argv,
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.init = wait_for(lambda: self.ns_init(self.proc.pid), 20)
        if not self.init:
            raise RuntimeError("%s: no PID 1 in the new namespace" % self.name)
        self.ns = os.readlink("/proc/%d/ns/pid" % self.init)
        t0 = wait_for(lambda: events(self.out("t0")), 20)
        if not t0:
            raise RuntimeError("%s: never exec'd (%s/boot.log)" % (self.name, self.dir))
        self.t0 = t0[0][2]

    @classmethod
    def ns_init(cls, pid):
        """The first descendant of PID in another pid namespace: its PID 1."""
        mine = os.readlink("/proc/self/ns/pid")
        for kid in cls.children(pid):
            try:
                if os.readlink("/proc/%d/ns/pid" % kid) != mine:
                    return kid
            except OSError:
                continue
            found = cls.ns_init(kid)
            if found:
                return found
        return None

    @staticmethod
    def children(pid):
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                return [int(x) for x in f.read().split()]
        except OSError:
            return []

    def pids(self):
        found = []
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    if os.readlink("/proc/%s/ns/pid" % d) == self.ns:
                        found.append(int(d))
                except OSError:
                    pass
        return found

    def system_pids(self):
        """The processes that are the system: exe basename in the row's procs."""
        mine = []
        for pid in self.pids():
            try:
                if os.path.basename(os.readlink("/proc/%d/exe" % pid)) in self.row.procs:
                    mine.append(pid)
            except OSError:
                pass
        return mine

    def cpu_ns(self):
        return {p: read_int_field("/proc/%d/schedstat" % p) or 0 for p in self.system_pids()}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.kill(self.init or self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def started(path, count):
    """{tag: first start ns} once COUNT tags have started, else None."""
    first = {}
    for tag, ev, ns, _ in events(path):
        if ev == "start" and tag not in first:
            first[tag] = ns
    return first if len(first) >= count else None


def s2(name, count):
    """Idle memory: COUNT services up, 2 s later sum smaps_rollup of the system."""
    with Sandbox(name) as sb:
        n = count if sb.row.kind == "supervisor" else 1
        for i in range(n):
            sb.row.service("s%02d" % i, [R.SVC, "stamp", "/bench/out/s2.log", "s%02d" % i])
        sb.start()
        if not wait_for(lambda: started(sb.out("s2.log"), n), 30, 0.05):
            raise RuntimeError("%s: not all %d services started" % (name, n))
        time.sleep(2)
        mem = [smaps(p) for p in sb.system_pids()]
        pid1 = smaps(sb.init)
        return {"services": n, "procs": len(mem), "pss_kb": sum(m.get("Pss", 0) for m in mem),
                "rss_kb": sum(m.get("Rss", 0) for m in mem),
                "anon_kb": sum(m.get("Anonymous", 0) for m in mem),
                "pid1_pss_kb": pid1.get("Pss"), "pid1_rss_kb": pid1.get("Rss")}


def s3fast(name, samples):
    """Respawn: a service up 0.1 s SIGKILLs itself; kill stamp -> next start stamp."""
    with Sandbox(name) as sb:
        if sb.row.kind != "supervisor":
            return {"na": "runs one child"}
        log = sb.out("s3.log")
        sb.row.service("r", [R.SVC, "kill", "/bench/out/s3.log", "r", "100"])
        sb.start()
        lat, last, changed = [], -1, time.monotonic()
        while len(lat) < samples and time.monotonic() - changed < 12:
            time.sleep(0.2)
            lat, pending = [], None
            for _, ev, ns, _ in events(log):
                if ev == "kill":
                    pending = ns
                elif ev == "start" and pending is not None:
                    lat.append((ns - pending) / 1e6)
                    pending = None
            if len(lat) != last:
                last, changed = len(lat), time.monotonic()
        lat = lat[:samples]
        return {"samples": len(lat), "gave_up": len(lat) < samples,
                "median_ms": statistics.median(lat) if lat else None}


def s5(name, orphans):
    """Reap: ORPHANS re-parented processes exit at once; until all are reaped."""
    with Sandbox(name) as sb:
        log, fifo = sb.out("s5.log"), sb.out("s5.fifo")
        os.mkfifo(fifo, 0o666)
        sb.row.service("o", [R.SVC, "orphans", "/bench/out/s5.log", str(orphans), "/bench/out/s5.fifo"])
        sb.start()
        if not wait_for(lambda: [e for e in events(log) if e[1] == "armed"], 120):
            raise RuntimeError("%s: orphans never armed" % name)
        cpu0 = sb.cpu_ns()
        with open(fifo, "wb") as f:
            f.write(b"x")
        done = wait_for(lambda: [e for e in events(log) if e[1] == "done"], 120)
        if not done:
            raise RuntimeError("%s: orphans not reaped in 120 s" % name)
        cpu1 = sb.cpu_ns()
        released = [e for e in events(log) if e[1] == "released"][0]
        return {"orphans": orphans, "reap_ms": (done[0][2] - released[2]) / 1e6,
                "cpu_ms": sum(cpu1[p] - cpu0[p] for p in cpu0 if p in cpu1) / 1e6}


def s6(name, count):
    """Start-up: PID 1's execve (t0) -> the COUNTth service's first stamp."""
    with Sandbox(name) as sb:
        if sb.row.kind != "supervisor":
            return {"na": "runs one child"}
        for i in range(count):
            sb.row.service("s%02d" % i, [R.SVC, "stamp", "/bench/out/s6.log", "s%02d" % i])
        sb.start()
        first = wait_for(lambda: started(sb.out("s6.log"), count), 60, 0.01)
        if not first:
            raise RuntimeError("%s: not all %d services started in 60 s" % (name, count))
        return {"services": count, "all_up_ms": (max(first.values()) - sb.t0) / 1e6, "pid1_host_pid": sb.init}


SCENARIOS = {
    "S2": lambda row: s2(row, 10),
    "S2-50": lambda row: s2(row, 50),
    "S3fast": lambda row: s3fast(row, int(os.environ.get("S3F_SAMPLES", "10"))),
    "S5": lambda row: s5(row, int(os.environ.get("S5_ORPHANS", "5000"))),
    "S6": lambda row: s6(row, 50),
}


def main():
    out, rows = sys.argv[1], sys.argv[2:]
    R.Keel.binary = os.environ["KEEL"]
    reps = int(os.environ.get("REPS", "2"))
    names = os.environ.get("BENCH_SCENARIOS", "S2 S2-50 S3fast S5 S6").split()
    for sc in names:
        for row in rows:
            for rep in range(1 if sc == "S3fast" else reps):
                print("== %s %s #%d" % (sc, row, rep), file=sys.stderr, flush=True)
                try:
                    rec = SCENARIOS[sc](row)
                except Exception as e:  # one failure is a record, the run goes on
                    rec = {"error": str(e)[-400:]}
                    print("   failed: %s" % rec["error"], file=sys.stderr)
                with open("/proc/loadavg") as f:
                    load = float(f.read().split()[0])
                rec.update({"scenario": sc, "row": row, "rep": rep, "loadavg": load})
                with open(out, "a") as f:
                    f.write(json.dumps(rec, sort_keys=True) + "\n")
                if "na" in rec:
                    break


if __name__ == "__main__":
    main()
