"""Time a forced full rebuild of the timeline step alone, with the peak memory of the process
tree (this process and its merge workers), on a copy of a benchmark database.

    .venv/bin/python bench/bench_timeline_rebuild.py DB [--workers 2]

DB must be a copy: its `timeline_inputs` are cleared so the step re-merges every bucket (what a
first build does), and the rebuilt timeline replaces the old one.
"""
from __future__ import annotations

import argparse
import functools
import os
import resource
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))

from bench_pipeline import PeakTreeMemory, memory_method  # noqa: E402  (a script beside this one)

from pipeline import stages, store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="a copy of a pipeline database")
    parser.add_argument("--workers", type=int, help="merge workers (default: TIMELINE_WORKERS or cores)")
    args = parser.parse_args(argv)
    connect = functools.partial(store.connect_waiting, args.database)
    with connect() as connection:
        connection.execute("DELETE FROM timeline_inputs")
    started = time.perf_counter()
    with PeakTreeMemory(os.getpid(), memory_method()) as memory:
        counts = stages.build_timeline(connect, print, workers=args.workers)
    seconds = time.perf_counter() - started
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{counts['events']:,} events from {counts['mentions']:,} mentions in {seconds:.1f} s; "
          f"peak PSS of the tree {memory.peak_pss_bytes / 2**30:.2f} GB, "
          f"this process's maxrss {maxrss_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
