#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""An independent reader of keel journal images, written from
docs/journal.md alone (it imports and reads no keel code).

    jreader.py [--size BYTES] IMAGE

prints one JSON object: {"exit": N, "records": [[seq, payload hex], ...],
"events": [[kind, seq, seg, off], ...], "counts": {...}}, where events
are the stale and refused frames of the walk, and counts the damage
report (records, torn tails, CRC errors, refused, stale, seq gaps).
exit is the status journal-dump documents (0, 1 damage, 2 no journal,
111 a truncated image).  tests/jreader.sh compares it with journal-dump.
"""
import json
import struct
import sys

import cbor2

# CRC-32C (Castagnoli), reflected, init and xorout 0xFFFFFFFF.
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ (0x82F63B78 if _c & 1 else 0)
    _TABLE.append(_c)


def crc32c(data):
    c = 0xFFFFFFFF
    for x in data:
        c = (c >> 8) ^ _TABLE[(c ^ x) & 0xFF]
    return c ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283

MAGIC = 0x4A
FRAME_MAX_PAYLOAD = 4084

# Keys by number (docs/journal.md, "Key registry").
TYPE, JOB, BOOT, T, STATE, RC, EXIT, ON, NAME = range(9)
STREAK, HEALTHY, CLEAN, LSTART, PSTART, LAYOUT, MS, ENABLE = range(9, 17)

# Record types and their keys in array order (version 5).
RECORDS = {
    1: [TYPE, BOOT, T, STREAK, HEALTHY, CLEAN, LSTART, PSTART, MS],          # BOOT
    2: [TYPE, BOOT, T, HEALTHY, MS],                                         # HEALTHY
    3: [TYPE, JOB, BOOT, T, STATE, RC, EXIT, MS],                            # JOB
    4: [TYPE, JOB, BOOT, T, LSTART, MS],                                     # START
    5: [TYPE, JOB, BOOT, T, STATE, RC, EXIT, ON, NAME, MS, ENABLE],          # BIND
    6: [TYPE, JOB, BOOT, T, ON, MS],                                         # QUAR
    7: [TYPE, BOOT, T, CLEAN, MS],                                           # SHUTDOWN
    8: [TYPE, JOB, BOOT, T, MS, ENABLE],                                     # ENABLE (version 4)
    9: [TYPE, JOB, BOOT, T, STATE, EXIT, MS],                                # HOOK (version 5)
    15: [TYPE, BOOT, T, STREAK, HEALTHY, CLEAN, LSTART, PSTART, LAYOUT, MS],  # SNAPSHOT
}
ROW = [JOB, BOOT, T, STATE, RC, EXIT, ON, NAME, ENABLE]
SNAPSHOT, HOOK, ENABLE_REC = 15, 9, 8

# Ranges of unsigned values; anything else up to 2^32-1.
MAXIMA = {TYPE: 15, JOB: 64, STATE: 9, ON: 1, LSTART: 64, PSTART: 64, MS: 999, ENABLE: 2}
U32 = 0xFFFFFFFF


def value_ok(key, v):
    if key == NAME:
        return type(v) is str and 1 <= len(v) <= 31 and all(0x20 <= ord(ch) <= 0x7E for ch in v)
    if type(v) is not int:
        return False
    if key == EXIT:
        return -(2 ** 31) <= v <= 2 ** 31 - 1
    if v < 0 or v > MAXIMA.get(key, U32):
        return False
    return not (key == JOB and v == 0)


def keys_for(rtype, version):
    """The keys of a record type in a frame version, or None (refused)."""
    if rtype not in RECORDS:
        return None, None
    if rtype == HOOK and version < 5:
        return None, None
    if rtype == ENABLE_REC and version < 4:
        return None, None
    keys, row = list(RECORDS[rtype]), list(ROW)
    if version < 4:
        keys = [k for k in keys if k != ENABLE]
        row = [k for k in row if k != ENABLE]
    if version == 2:
        keys = [k for k in keys if k != MS]
    return keys, row


def decodes(payload, version, at_segment_start):
    """Whether a payload decodes (docs/journal.md, "Decoding")."""
    try:
        v = cbor2.loads(payload)
        again = cbor2.dumps(v, canonical=True)
    except Exception:
        return False
    if again != payload or type(v) is not list or not v:
        return False
    if not all(type(x) in (int, str) for x in v):
        return False
    if any(type(x) is int and not -(2 ** 32) <= x <= U32 for x in v):
        return False   # 64-bit arguments
    rtype = v[0]
    if type(rtype) is not int:
        return False
    keys, row = keys_for(rtype, version)
    if keys is None:
        return False
    if rtype == SNAPSHOT and not at_segment_start:
        return False
    head, rest = v[:len(keys)], v[len(keys):]
    if len(head) != len(keys):
        return False
    if not all(value_ok(k, x) for k, x in zip(keys, head)):
        return False
    rec = dict(zip(keys, head))
    if rtype == 2 and rec[HEALTHY] != rec[BOOT]:
        return False
    if rtype == 7 and rec[CLEAN] != rec[BOOT]:
        return False
    if rtype == 4 and rec[LSTART] != rec[JOB]:
        return False
    if rtype == HOOK and rec[STATE] not in (1, 2):
        return False
    if rtype != SNAPSHOT:
        return not rest
    if len(rest) % len(row):
        return False
    last_id = 0
    for i in range(0, len(rest), len(row)):
        r = rest[i:i + len(row)]
        if not all(value_ok(k, x) for k, x in zip(row, r)) or r[0] <= last_id:
            return False
        last_id = r[0]
    return True


def snapshot_layout(payload, version):
    """The layout value of a SNAPSHOT payload that decodes, else None."""
    if not decodes(payload, version, True):
        return None
    v = cbor2.loads(payload)
    if v[0] != SNAPSHOT:
        return None
    keys, _ = keys_for(SNAPSHOT, version)
    return v[keys.index(LAYOUT)]


def unpack(value):
    """(G, P, N) of a layout value keel writes, else None."""
    g, p, n = 1 << (value & 31), 1 << ((value >> 5) & 31), value >> 10
    if not 8192 <= g <= (1 << 27) or p > 4096 or not 2 <= n <= 16 or n * g > (1 << 28):
        return None
    return g, p, n


class Image:
    def __init__(self, data):
        self.data = data

    def frame(self, off, end):
        """(seq, version, payload) of a valid frame at off below end, else None."""
        d = self.data
        if end - off <= 12:
            return None
        if d[off] != MAGIC or not 2 <= d[off + 1] <= 5:
            return None
        n = struct.unpack_from("<H", d, off + 2)[0]
        if not 1 <= n <= FRAME_MAX_PAYLOAD or off + 12 + n > end:
            return None
        if crc32c(d[off:off + 8 + n]) != struct.unpack_from("<I", d, off + 8 + n)[0]:
            return None
        return struct.unpack_from("<I", d, off + 4)[0], d[off + 1], bytes(d[off + 8:off + 8 + n])


def find_layout(img, size):
    best = None
    for off in range(0, size, 8192):
        f = img.frame(off, min(size, off + 4096))
        if not f:
            continue
        seq, version, payload = f
        value = snapshot_layout(payload, version)
        lay = unpack(value) if value is not None else None
        if not lay:
            continue
        g, _, n = lay
        if off % g or off // g >= n:
            continue
        if best is None or seq > best[0]:
            best = (seq, value, lay)
    return best


class Walk:
    """Scans segments with one rule (docs/journal.md, "Scanning a segment")."""

    def __init__(self, img, g, p, n, skip_history=False):
        self.img, self.g, self.p, self.n = img, g, p, n
        self.skip_history = skip_history   # recovery: skip a segment whose first frame is not newer
        self.last = 0          # last seq taken
        self.floor = 0
        self.records, self.events = [], []
        self.counts = {"records": 0, "torn_tails": 0, "crc_errors": 0, "refused": 0, "stale": 0,
                       "seq_gaps": 0}
        self.newest = None     # the last segment that took a frame

    def erased(self, off):
        return self.img.data[off:off + self.p] == b"\xff" * self.p

    def segment(self, seg):
        base, end = seg * self.g, (seg + 1) * self.g
        off, gap, gap_bad, regions, frames = base, False, False, 0, 0
        first = self.img.frame(base, end)
        if self.skip_history and first and first[0] <= self.last:
            return
        while off < end:
            f = self.img.frame(off, end)
            if not f:
                gap = True
                if not self.erased(off):
                    gap_bad = True
                off += self.p
                continue
            seq, version, payload = f
            frames += 1
            if gap:
                regions += 1
            gap = gap_bad = False
            self.floor = max(self.floor, seq)
            if seq <= self.last:
                self.counts["stale"] += 1
                self.events.append(["stale", seq, seg, off - base])
            elif decodes(payload, version, off == base):
                if self.last and seq != self.last + 1:
                    self.counts["seq_gaps"] += 1
                self.last = seq
                self.records.append([seq, payload.hex()])
                self.counts["records"] += 1
                self.newest = seg
            else:
                self.counts["refused"] += 1
                self.events.append(["refused", seq, seg, off - base])
            off += -(-(len(payload) + 12) // self.p) * self.p
        if frames:
            self.counts["crc_errors"] += regions
            self.counts["torn_tails"] += gap and gap_bad

    def ring(self, first):
        for i in range(self.n):
            self.segment((first + i) % self.n)


def candidate(img, g, n, value):
    best = None
    for seg in range(n):
        f = img.frame(seg * g, (seg + 1) * g)
        if not f:
            continue
        seq, version, payload = f
        if snapshot_layout(payload, version) != value or seq <= (best[0] if best else 0):
            continue
        best = (seq, seg)
    return best[1] if best else None


def read(data, size):
    img = Image(data)
    size = min(size or len(data), len(data))
    found = find_layout(img, size)
    if not found:
        return {"exit": 2}
    _, value, (g, p, n) = found
    if n * g > size:
        return {"exit": 111}
    img.data = data[:n * g]
    cand = candidate(img, g, n, value)   # None: keel would start fresh
    replay = Walk(img, g, p, n, skip_history=True)
    if cand is not None:
        replay.ring(cand)
    walk = Walk(img, g, p, n)
    walk.ring((replay.newest + 1) % n if cand is not None else 0)
    if max(replay.floor, walk.floor) == U32:
        return {"exit": 111}
    c = walk.counts
    status = 1 if c["crc_errors"] or c["refused"] or c["stale"] else 0
    return {"exit": status, "records": walk.records, "events": walk.events, "counts": c}


def main(argv):
    size = 0
    if len(argv) == 4 and argv[1] == "--size":
        size = int(argv[2])
        argv = argv[2:]
    if len(argv) != 2:
        sys.exit("usage: jreader.py [--size BYTES] IMAGE")
    with open(argv[1], "rb") as f:
        data = f.read()
    print(json.dumps(read(data, size)))


if __name__ == "__main__":
    main(sys.argv)
