"""The worker processes that tagging and extraction run in.

Workers fork from a fork server that has already imported the pipeline and loaded the spaCy
model (`pipeline.worker_preload`, which keeps the server single-threaded so forking it is safe),
so a worker is ready in milliseconds instead of loading spaCy itself (2-5 s), and all workers
share the model's memory. `warm_up` starts the server early,
so its loading overlaps the start of a run. The server is a fresh process holding no DuckDB or
Dagster state: the process that does is never forked.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver

PRELOAD = ["pipeline.worker_preload"]


def configured_workers() -> int:
    """Worker processes for tagging and extraction: $TIMELINE_WORKERS, else one per core."""
    return max(1, int(os.environ.get("TIMELINE_WORKERS") or os.cpu_count() or 1))


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def warm_up() -> None:
    """Start the fork server (and its preloading) now, if this run will use workers."""
    if configured_workers() > 1:
        _context()
        forkserver.ensure_running()


_pools: dict[int, ProcessPoolExecutor] = {}


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from the warm server. It is kept for the run's next
    stage (its workers have imported what the stages need by then); `discard` ends it."""
    if workers not in _pools:
        _pools[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                              initializer=_exit_with_run, initargs=(os.getpid(),))
    return _pools[workers]


def discard(workers: int, wait: bool = False) -> None:
    """End a pool: after a failure (a broken pool is not reused), or after the last stage that
    uses it (its workers' memory is freed before the timeline merge)."""
    stale = _pools.pop(workers, None)
    if stale is not None:
        stale.shutdown(wait=wait, cancel_futures=True)


def _is_alive(pid: int) -> bool:
    """True while process `pid` runs (on Linux a zombie, killed but not yet reaped, counts as
    ended; elsewhere the kernel is asked whether the pid exists)."""
    if os.path.isdir("/proc/self"):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exit_with_run(run_pid: int) -> None:
    """Worker initializer: end this worker when the process that runs the stage dies, even by
    SIGKILL. (Its parent, the fork server, cannot tell: every worker keeps the server alive.)
    Then the server, which ends when the run process and all workers are gone, ends too, and a
    killed run leaves no orphans."""
    def watch() -> None:
        while _is_alive(run_pid):
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, name="exit-with-run", daemon=True).start()
