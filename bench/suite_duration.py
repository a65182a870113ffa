"""Benchmark: how long the whole test suite takes (issue: under 10 minutes on 2 cores).

Runs `make test` (lint, then the suite on SQLite and on PostgreSQL, browser tests included)
the way CI does, and prints the wall-clock time of each step and of the whole. Run it with
`make bench-suite`; set CI=true to make a missing PostgreSQL or Chromium a failure.
"""

import os
import subprocess
import sys
import time

LIMIT_SECONDS = 10 * 60
STEPS = ["lint", "test-sqlite", "test-postgres"]


def main() -> int:
    print(f"cores: {os.cpu_count()}", flush=True)
    timings = {}
    for step in STEPS:
        started = time.monotonic()
        result = subprocess.run(
            ["make", "-s", step], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        timings[step] = time.monotonic() - started
        print(f"{step:14} {timings[step]:7.1f} s  exit {result.returncode}", flush=True)
        if result.returncode != 0:
            print(result.stderr[-2000:], file=sys.stderr)
            return result.returncode
    total = sum(timings.values())
    verdict = "within" if total < LIMIT_SECONDS else "OVER"
    print(f"{'total':14} {total:7.1f} s  ({verdict} the {LIMIT_SECONDS // 60}-minute budget)")
    return 0 if total < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
