#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""s6profile.py BUILD -- where keel's S6 start-up time goes (docs/bench.md, "S6").

1. Scaling: S6 with 1, 10 and 50 services for keel, minimal and busybox
   (median of S6PROF_REPS [3]): the fixed cost and the cost per service.
2. Profile: S6 with 50 services, keel being BUILD/bench/init-lto (the
   shipped link, unstripped), under `perf record` (S6PROF_REPS runs); the
   samples of PID 1 (its pid, comm "init": after its execve; a child runs
   keel's code too until its own exec, and is left out) are summed per subsystem of keel (the
   owner of a symbol as tools/bench/size.py finds it), per libc, and per
   kernel function group (fork, exec, file reads...).
Needs root and perf.  Numbers only.  Environment as for compare.py.
"""
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare as C  # noqa: E402
import rows as R  # noqa: E402
import size as Z  # noqa: E402

KERNEL_GROUPS = [("fork (copy_process, page tables)", r"copy_|dup_mm|dup_mmap|_pte|pgd|pmd|pud|clone|fork|mm_init|page_|vma|anon_vma|unmap|zap"),
                 ("file reads and opens (parse)", r"open|read|lookup|path|dentry|filldir|getdents|d_alloc|walk|inode|iterate|ext4|shmem|fsnotify"),
                 ("signals and waits", r"signal|wait|sig"),
                 ("scheduling, interrupts", r"sched|schedule|irq|idle|tick|timer|hrtimer|rcu|finish_task|switch")]


def scaling(reps):
    print("S6 scaling (median of %d; ms from PID 1's execve until the last service runs):\n" % reps)
    print("| row | 1 service | 10 | 50 | per service (50 - 1) / 49 |")
    print("|---|---:|---:|---:|---:|")
    for row in ("keel", "minimal", "busybox"):
        med = {}
        for n in (1, 10, 50):
            med[n] = statistics.median(C.s6(row, n)["all_up_ms"] for _ in range(reps))
        print("| %s | %.1f | %.1f | %.1f | %.2f |" % (row, med[1], med[10], med[50], (med[50] - med[1]) / 49))


def profile(build, reps):
    lto = os.path.abspath(build + "/bench/init-lto")
    R.Keel.binary = lto
    data = []
    for i in range(reps):
        out = os.path.abspath("%s/bench/s6perf-%d.data" % (build, i))
        os.environ["BENCH_WRAP"] = "perf record -q -F 20000 -g -o %s --" % out
        data.append((out, C.s6("keel", 50)["pid1_host_pid"]))
    # perf finds the binary by the path PID 1 ran it from, /bench/sut/init.
    symfs = build + "/bench/symfs"
    os.makedirs(symfs + "/bench/sut", exist_ok=True)
    shutil.copy(lto, symfs + "/bench/sut/init")
    os.environ.pop("BENCH_WRAP", None)
    with open(build + "/bench/init-nolto.map") as f:
        objs = sorted(set(re.findall(r"^LOAD (\S+/obj/\S+\.o)$", f.read(), re.M)))
    where = Z.defined_names(objs, [("libinih", "/usr/lib/x86_64-linux-gnu/libinih.a"),
                                   ("libc (musl)", "/usr/lib/x86_64-linux-musl/libc.a")])
    sums, total, syms = collections.Counter(), 0, collections.Counter()
    for d, pid in data:
        r = subprocess.run(["perf", "report", "-i", d, "--pid", str(pid), "--comm", "init", "--symfs", symfs, "--kallsyms", "/proc/kallsyms",
                            "--no-children", "--sort", "dso,sym",
                            "--stdio", "-F", "period,dso,sym", "-g", "none"], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            m = re.match(r"^\s*(\d+)\s+(\S+)\s+\[(.)\]\s+(\S+)", line)
            if not m:
                continue
            period, dso, space, sym = int(m.group(1)), m.group(2), m.group(3), m.group(4)
            total += period
            if space == "k":
                group = next((g for g, rx in KERNEL_GROUPS if re.search(rx, sym)), "kernel, other (exec, mmap, exit...)")
                sums["kernel: " + group] += period
            elif dso == "init":
                sums["keel: " + Z.find_owner(where, sym, -1)] += period
                syms["%s (%s)" % (sym, Z.find_owner(where, sym, -1))] += period
            else:
                sums["user, other (" + dso + ")"] += period
    print("\nPID 1's CPU in S6 (50 services, %d runs under perf record -F 20000; cpu-clock samples,"
          " %.1f ms of CPU a run), by where it ran:\n" % (reps, total / 1e6 / reps))
    print("| where | share |")
    print("|---|---:|")
    for k, v in sums.most_common():
        print("| %s | %.1f %% |" % (k, 100.0 * v / max(total, 1)))
    print("\nkeel's own functions with the most samples (libc ones included):\n")
    for k, v in syms.most_common(12):
        print("- %s: %.1f %%" % (k, 100.0 * v / max(total, 1)))


def main():
    build = sys.argv[1]
    reps = int(os.environ.get("S6PROF_REPS", "3"))
    R.Keel.binary = os.environ["KEEL"]
    scaling(reps)
    profile(build, reps)


if __name__ == "__main__":
    main()
