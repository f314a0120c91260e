"""Print how long a default build takes and how much memory it needs.

    python scripts/benchmark.py [RUNS]

Figures, not pass/fail: compare them before and after a change.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from toolkit.framework_reader import load_framework
from toolkit.pipeline import BuildConfig, build
from toolkit.resources import default_framework


def timed(action, runs: int) -> list[float]:
    """Return the wall-clock seconds of ``runs`` calls of ``action``."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        parse = timed(lambda: load_framework(default_framework()), runs)
        whole = timed(lambda: build(BuildConfig(out=out)), runs)
        size = sum(p.stat().st_size for p in out.iterdir())
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"runs: {runs}")
    print(f"parse framework: median {statistics.median(parse) * 1000:.1f} ms")
    print(f"build default pack: median {statistics.median(whole) * 1000:.0f} ms, "
          f"best {min(whole) * 1000:.0f} ms")
    print(f"pack size: {size / 1024:.0f} KiB")
    print(f"peak memory: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
