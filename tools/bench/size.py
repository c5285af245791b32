#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""size.py BUILD -- text, data and bss of PID 1 per subsystem, and libc's share.

Reads two links that tools/bench-size.sh asks make for, both unstripped and
with --gc-sections like build/init:
  BUILD/bench/init-nolto (+ .map): the same objects linked without LTO.  The
      linker map names the object file of every input section that was
      kept, so each byte has an owner (exact, for a binary a few KiB larger
      than the shipped one).
  BUILD/bench/init-lto: the shipped link (LTO), unstripped.  Its symbols
      (nm -S) are given to the object that defines a symbol of that name in
      build/obj (LTO's .lto_priv.N, .constprop.N, .isra.N, .part.N suffixes
      dropped); what LTO inlined is counted in its caller's subsystem, and
      bytes without a symbol (merged string literals, padding) are reported
      as such.
The subsystem of an object is its directory (docs/design.md's layers), with
readiness (svc/run/ready*, notify*) apart from the rest of svc/run; any new
directory gets a row of its own, so the script follows the file list.
"""
import collections
import os
import re
import subprocess
import sys

NAMES = [("init/rt", "core loop (init/rt, init/*.c)"), ("init", "core loop (init/rt, init/*.c)"),
         ("svc/conf", "config (svc/conf)"), ("readiness", "readiness (svc/run/ready*, notify*)"),
         ("svc/run", "state (svc/run)"), ("svc/reclaim", "reclaim (svc/reclaim)"),
         ("init/journal", "journal (init/journal)"), ("init/ctl", "control (init/ctl)"),
         ("init/health", "health (init/health)"), ("init/platform", "platform (init/platform, board/)"),
         ("board", "platform (init/platform, board/)"), ("svc/out", "logs (svc/out)")]
LABEL = dict(NAMES)
BSS = {".bss", ".tbss"}
DATA = {".data", ".tdata", ".init_array", ".fini_array", ".preinit_array", ".data.rel.ro", ".got", ".got.plt"}
NOT_LOADED = re.compile(r"^(\.comment|\.debug|\.note\.GNU-stack|\.gnu\.|\.symtab|\.strtab|\.shstrtab|/DISCARD/|\.stab)")


def owner(path):
    """Subsystem label of an input file as the map or ar names it."""
    base = os.path.basename(path)
    if "libc.a(" in path or re.search(r"crt[1in]?\.o|Scrt1|crtbegin|crtend|libgcc", path):
        return "libc (musl, with crt and libgcc)"
    if "libinih" in path:
        return "libinih"
    m = re.search(r"obj/(.+)/[^/]+\.o$", path)
    if not m:
        return "other (" + base + ")"
    d = m.group(1)
    if d == "svc/run" and re.match(r"(ready|notify)", base):
        d = "readiness"
    return LABEL.get(d, d)


def section_class(out_section):
    if NOT_LOADED.match(out_section):
        return None
    if out_section in BSS:
        return "bss"
    if out_section in DATA:
        return "data"
    return "text"


def from_map(path):
    """{owner: {text, data, bss}} from a GNU ld map file."""
    sums = collections.defaultdict(collections.Counter)
    out_section, pending = None, None
    entry = re.compile(r"^ (\S+)?\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S.*)$")
    with open(path) as f:
        for line in f:
            if line.startswith("Linker script and memory map"):
                break
        for line in f:
            line = line.rstrip("\n")
            if line and not line[0].isspace():
                out_section, pending = line.split()[0], None
                continue
            words = line.split()
            if len(words) == 1 and line.startswith(" ") and not line.startswith("  "):
                pending = words[0]  # a long input section name; its numbers follow
                continue
            m = entry.match(line)
            if not m or out_section is None:
                pending = None
                continue
            name = m.group(1) or pending
            pending = None
            if name is None or name.startswith("*("):
                continue
            cls = section_class(out_section)
            if cls:
                who = "alignment and padding" if name == "*fill*" else owner(m.group(4))
                sums[who][cls] += int(m.group(3), 16)
    return sums


def nm(args):
    r = subprocess.run(["nm"] + args, capture_output=True, text=True)
    return r.stdout.splitlines()


def elf_names(path):
    """Functions and objects an object (or archive) defines, static ones too:
    readelf reads the ELF symbol table of the fat objects (nm would list the
    LTO IR's global symbols only)."""
    r = subprocess.run(["readelf", "-sW", path], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        w = line.split()
        if len(w) == 8 and w[3] in ("FUNC", "OBJECT") and w[6] != "UND":
            yield w[7], int(w[2], 0)


def plain(name):
    return re.sub(r"\.(lto_priv|constprop|isra|part|cold|localalias)(\.\d+)?", "", name).split(".")[0]


def defined_names(objs, libs):
    """{symbol: [(owner, size)]} over the objects and libraries."""
    where = collections.defaultdict(list)
    for who, path in [(owner(o), o) for o in objs] + libs:
        for name, size in elf_names(path):
            where[name].append((who, size))
    return where


def find_owner(where, name, size):
    """The owner of NAME; a static name defined in several subsystems goes
    to the one whose definition has the same size (data keeps its size
    through LTO), else it is 'ambiguous'."""
    cands = where.get(name) or where.get(plain(name))
    if not cands:
        return "no owner found (LTO renamed it)"
    owners = {who for who, _ in cands}
    if len(owners) == 1:
        return owners.pop()
    same = {who for who, n in cands if n == size}
    return same.pop() if len(same) == 1 else "ambiguous (static name in two subsystems)"


def from_symbols(binary, objs, libs):
    where = defined_names(objs, libs)
    sums = collections.defaultdict(collections.Counter)
    for line in nm(["-S", "--size-sort", binary]):
        w = line.split()
        if len(w) != 4:
            continue
        size, kind, name = int(w[1], 16), w[2].lower(), w[3]
        cls = {"b": "bss", "d": "data", "t": "text", "r": "text", "w": "text"}.get(kind)
        if cls is None:
            continue
        who = find_owner(where, name, size)
        sums[who][cls] += size
    return sums


def table(title, sums, total, by_symbol):
    print("\n%s\n" % title)
    print("| subsystem | text B | data B | bss B |")
    print("|---|---:|---:|---:|")
    order = [label for _, label in NAMES]
    keys = sorted(sums, key=lambda k: (order.index(k) if k in order else len(order), k))
    got = collections.Counter()
    for k in keys:
        print("| %s | %d | %d | %d |" % (k, sums[k]["text"], sums[k]["data"], sums[k]["bss"]))
        got.update(sums[k])
    print("| **sum** | %d | %d | %d |" % (got["text"], got["data"], got["bss"]))
    if total and not by_symbol:
        print("| linker-made (headers, .eh_frame_hdr, ...) | %d | %d | %d |"
              % tuple(total[i] - got[c] for i, c in enumerate(("text", "data", "bss"))))
    elif total:
        print("| no symbol (merged literals, alignment) | %d | %d | %d |"
              % tuple(total[i] - got[c] for i, c in enumerate(("text", "data", "bss"))))
    if total:
        print("| **`size` of the binary** | %d | %d | %d |" % total)


def size_of(binary):
    w = subprocess.run(["size", binary], capture_output=True, text=True).stdout.splitlines()[1].split()
    return int(w[0]), int(w[1]), int(w[2])


def main():
    build = sys.argv[1]
    nolto, lto = build + "/bench/init-nolto", build + "/bench/init-lto"
    with open(nolto + ".map") as f:
        objs = sorted(set(re.findall(r"^LOAD (\S+/obj/\S+\.o)$", f.read(), re.M)))
    libs = [("libinih", "/usr/lib/x86_64-linux-gnu/libinih.a"),
            ("libc (musl, with crt and libgcc)", "/usr/lib/x86_64-linux-musl/libc.a")]
    print("== size of PID 1 per subsystem (tools/bench-size.sh; the method: docs/bench.md)")
    print("build/init: %d B stripped; text %d, data %d, bss %d B" % ((os.path.getsize(build + "/init"),) + size_of(build + "/init")))
    table("As shipped (LTO), by symbol (nm -S of %s):" % lto, from_symbols(lto, objs, libs), size_of(lto), True)
    table("Without LTO, by the linker map (%s.map, every input section owned):" % nolto,
          from_map(nolto + ".map"), size_of(nolto), False)


if __name__ == "__main__":
    main()
