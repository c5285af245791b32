#!/usr/bin/env bash
# Randomized lifecycle stress (issue 3): see tests/ns/stress.py.
# STRESS_OPS (default 10000) and STRESS_SEED replay a failure.
exec /usr/bin/python3 "$(dirname "$0")/stress.py"
