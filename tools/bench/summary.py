# SPDX-License-Identifier: MIT
"""summary.py RESULTS.jsonl -- keel against the anchors, from one run of the comparison harness (BENCH_HARNESS).

One line per scenario: the median of each row (keel rows first, then minisup and the
anchors) with its ratio to the minisup row, then the crash-loop CPU of keel as a share of
one core (issue 5: under 1 %), then any failure of a keel row.  Numbers only; the exit
status is 0 whatever they are (make bench never fails on a timing).
"""
import json
import statistics
import sys


def main():
    recs = []
    with open(sys.argv[1]) as f:
        recs = [json.loads(x) for x in f if x.strip()]
    ok = [r for r in recs if "error" not in r and "na" not in r]
    rows = sorted({r["system"] for r in recs if r["system"] != "spawnloop"},
                  key=lambda s: (not s.startswith("keel"), s != "minisup", s))

    def get(r, key):
        for k in key.split("."):
            r = r.get(k) if isinstance(r, dict) else None
        return r

    def med(sc, sysname, key, var=None):
        xs = [get(r, key) for r in ok if r["scenario"] == sc and r["system"] == sysname
              and (var is None or r.get("variant") == var)]
        xs = [x for x in xs if x is not None]
        return statistics.median(xs) if xs else None

    def line(title, sc, key, unit, var=None, nd=1):
        base = med(sc, "minisup", key, var)
        cells = []
        for s in rows:
            v = med(sc, s, key, var)
            if v is None:
                continue
            c = f"{s} {v:.{nd}f}{unit}"
            if base and s != "minisup":
                c += f" ({v / base:.2f}x)"
            cells.append(c)
        if cells:
            print(f"{title}: " + "; ".join(cells))

    loads = [r.get("loadavg", 0) for r in recs]
    print(f"\n== keel vs anchors (run {recs[0]['run_id'] if recs else '?'}; medians; "
          f"(Nx) = times the minisup row; loadavg {min(loads, default=0):.1f}-{max(loads, default=0):.1f})")
    for s in rows:
        r = next((r for r in ok if r["scenario"] == "S1" and r["system"] == s), None)
        if r and s in ("keel", "minisup", "busybox", "runit", "s6"):
            print(f"S1 {s}: PID 1 {r['pid1_bytes'] / 1024:.0f} KiB {'static' if r['pid1_static'] else 'dynamic'}"
                  f", helpers {r['helpers_bytes'] / 1024:.0f} KiB, shared libs {r['libs_bytes'] / 1024:.0f} KiB")
    line("S2 idle, 10 services, PSS kB", "S2", "pss_kb", "", nd=0)
    line("S2 anonymous kB", "S2", "anon_kb", "", nd=0)
    line("S3 raw respawn ms", "S3", "lat_ms.median", "", var="raw", nd=2)
    line("S3fast kill->restart ms (dies after 0.1 s)", "S3", "lat_ms.median", "", var="fast", nd=1)
    line("S4 starts in 10 s", "S4", "starts", "", nd=0)
    line("S4 supervisor CPU ms", "S4", "sup_cpu_ms", "", nd=1)
    line("S5 reap 5000 orphans ms", "S5", "reap_ms", "", nd=0)
    line("S5 supervisor CPU ms", "S5", "sup_cpu_ms", "", nd=1)
    line("S6 50 services up ms", "S6", "all_up_ms", "", nd=1)
    line("S7 stop signal -> PID 1 gone ms", "S7", "stop_ms", "", nd=1)

    print("\nS4 crash loop, PID 1 CPU as a share of one core (issue 5 goal: under 1 %):")
    for s in rows:
        rs = [r for r in ok if r["scenario"] == "S4" and r["system"] == s]
        if not rs:
            continue
        pct = statistics.median(r["sup_cpu_ms"] / 10 / r["cpu_window_s"] for r in rs)
        per = statistics.median(r["sup_cpu_ms"] / r["starts"] for r in rs)
        last = statistics.median(r["last_start_s"] for r in rs)
        print(f"  {s:13s} {pct:7.3f} %  ({statistics.median(r['starts'] for r in rs):.0f} starts, "
              f"{per:.3f} ms CPU per start, last start at {last:.1f} s)")

    for r in ok:
        if r["system"].startswith("keel") and r["scenario"] == "S3" and r.get("stopped_restarting"):
            print(f"S3 {r['variant']} {r['system']}: stopped restarting after {r['samples']} restarts "
                  "(restart limit reached: the job is blocked, as designed)")
    for r in recs:
        if r["system"] == "keel" and r["scenario"] == "S7" and "error" not in r and not r["stopped"]:
            print(f"S7 keel rep {r.get('rep')}: did NOT stop on SIG{r['signal']} within the timeout")
    bad = [r for r in recs if "error" in r and r["system"].startswith("keel")]
    for r in bad:
        msg = r["error"].strip().splitlines()[-1][:200] if r["error"].strip() else "?"
        print(f"FAILED {r['scenario']} {r['system']}: {msg}")


if __name__ == "__main__":
    main()
