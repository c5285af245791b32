#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Compare journal-dump with tests/jreader/jreader.py on journal images.

    compare.py JOURNAL-DUMP IMAGE...

For each image (NAME@BYTES.img is read with --size BYTES): the same exit
status, the same records ([seq, payload], journal-dump --cbor-seq), the
same stale and refused frames (journal-dump --json "event" lines) and the
same damage report (its summary line).  TAP output, one line per image,
then the match figures for clean (clean-*, unit-*, ns-*) and damaged
images.
"""
import io
import json
import os
import re
import subprocess
import sys

import cbor2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jreader  # noqa: E402  (the independent reader, next to this file)

SUMMARY = re.compile(r"journal-dump: (\d+) records, (\d+) torn tails, (\d+) CRC errors, (\d+) refused, "
                     r"(\d+) stale, (\d+) seq gaps")
NAMES = ["records", "torn_tails", "crc_errors", "refused", "stale", "seq_gaps"]


def dump(tool, path, size):
    args = [tool] + (["--size", str(size)] if size else [])
    seq = subprocess.run(args + ["--cbor-seq", path], capture_output=True)
    js = subprocess.run(args + ["--json", path], capture_output=True)
    out = {"exit": seq.returncode}
    if seq.returncode not in (0, 1):
        return out
    records, dec = [], cbor2.CBORDecoder(io.BytesIO(seq.stdout))
    while dec.fp.tell() < len(seq.stdout):
        s, payload = dec.decode()
        records.append([s, cbor2.dumps(payload, canonical=True).hex()])   # the payload item itself
    events = []
    for line in js.stdout.decode().splitlines():
        o = json.loads(line)
        if o.get("event") in ("stale", "refused"):
            events.append([o["event"], o["seq"], o["seg"], o["off"]])
    m = SUMMARY.search(seq.stderr.decode().splitlines()[-1])
    counts = dict(zip(NAMES, map(int, m.groups()))) if m else None
    out.update(records=records, events=events, counts=counts)
    return out


def main(argv):
    tool, paths = argv[1], argv[2:]
    n, failed = 0, 0
    figures = {"clean": [0, 0, 0], "damaged": [0, 0, 0]}   # images, matching, records matching
    for path in paths:
        name = os.path.basename(path)
        m = re.search(r"@(\d+)\.img$", name)
        size = int(m.group(1)) if m else 0
        with open(path, "rb") as f:
            mine = jreader.read(f.read(), size)
        theirs = dump(tool, path, size)
        n += 1
        same = mine == theirs
        kind = "clean" if re.match(r"(clean|unit|ns)-", name) else "damaged"
        fig = figures[kind]
        fig[0] += 1
        if same:
            fig[1] += 1
            fig[2] += len(mine.get("records", []))
        else:
            failed += 1
        print("%s %d - %s: exit %s, %d records%s" % ("ok" if same else "not ok", n, name, theirs["exit"],
              len(theirs.get("records", [])), "" if same else " (differs)"))
        if not same:
            for k in sorted(set(mine) | set(theirs)):
                if mine.get(k) != theirs.get(k):
                    print("#   %s: jreader %s, journal-dump %s" % (k, str(mine.get(k))[:300],
                                                                  str(theirs.get(k))[:300]))
    for kind, (imgs, match, recs) in figures.items():
        print("# %s: %d of %d images match, %d records" % (kind, match, imgs, recs))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
