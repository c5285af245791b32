#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Text, data and bss of PID 1 per subsystem, and libc's share (part of make
# bench; numbers only).  Links build/init's objects twice more, unstripped:
# as shipped (LTO) and without LTO with a linker map (the Makefile's
# BUILD/bench/init-lto and init-nolto targets, so the object list is the
# Makefile's, whatever it is), then tools/bench/size.py attributes the
# bytes.  The method and its limits: docs/bench.md, "Size per subsystem".
#   tools/bench-size.sh [BUILD]
set -u
cd "$(dirname "$0")/.." || exit 1
build=${1:-build}
make -s BUILD="$build" "$build/bench/init-lto" "$build/bench/init-nolto" >/dev/null || exit 1
python3 tools/bench/size.py "$build"
