#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""table.py RUN.jsonl -- the comparison of tools/bench/compare.py as one markdown table.

One line per row: the median over repetitions of each scenario, and the
ratio to the "minimal" row of the same run where there is one.  Numbers
only: nothing here passes or fails.
"""
import json
import statistics
import sys

COLUMNS = [("S2", "pss_kb", "S2 PSS kB, 10 svcs (procs)"), ("S2-50", "pss_kb", "S2 PSS kB, 50 svcs (procs)"),
           ("S3fast", "median_ms", "S3fast respawn ms"), ("S5", "reap_ms", "S5 reap ms (CPU ms)"),
           ("S6", "all_up_ms", "S6 50 up ms")]


def main():
    with open(sys.argv[1]) as f:
        recs = [json.loads(line) for line in f if line.strip()]
    rows = list(dict.fromkeys(r["row"] for r in recs))

    def med(sc, row, key):
        xs = [r[key] for r in recs if r["scenario"] == sc and r["row"] == row and r.get(key) is not None]
        return statistics.median(xs) if xs else None

    def cell(sc, row, key):
        mine = [r for r in recs if r["scenario"] == sc and r["row"] == row]
        if not mine:
            return "not run"
        if any("na" in r for r in mine):
            return "n/a"
        value = med(sc, row, key)
        if value is None:
            return "failed"
        text = "%.1f" % value if value < 100 else "%.0f" % value
        extra = {"S2": "procs", "S2-50": "procs", "S5": "cpu_ms"}.get(sc)
        if extra:
            text += " (%s)" % ("%.0f" % med(sc, row, extra) if med(sc, row, extra) is not None else "?")
        base = med(sc, "minimal", key)
        if row != "minimal" and base:
            text += " %.2fx" % (value / base)
        if sc == "S3fast" and any(r.get("gave_up") for r in mine):
            text += ", stopped restarting"
        return text

    print("| row | " + " | ".join(c[2] for c in COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| %s | %s |" % (row, " | ".join(cell(sc, row, key) for sc, key, _ in COLUMNS)))
    loads = [r["loadavg"] for r in recs]
    print("\nRatios (Nx) are to the minimal row of the same run.  Load average during the run: %.1f to %.1f."
          % (min(loads), max(loads)))
    for r in recs:
        if "error" in r:
            print("failed: %s %s: %s" % (r["scenario"], r["row"], r["error"].strip().splitlines()[-1:]))


if __name__ == "__main__":
    main()
