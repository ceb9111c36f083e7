"""The worker processes that tagging and extraction run in.

Workers fork from a fork server that has already imported the pipeline and loaded the spaCy
model (`pipeline.worker_preload`, which keeps the server single-threaded so forking it is safe),
so a worker is ready in milliseconds instead of loading spaCy itself (2-5 s), and all workers
share the model's memory. `warm_up` starts the server early,
so its loading overlaps the start of a run. The server is a fresh process holding no DuckDB or
Dagster state: the process that does is never forked.
"""
from __future__ import annotations

import importlib
import multiprocessing
import multiprocessing.util
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
    """Start the fork server (and its preloading) now and, in the background, the worker pool,
    if this run will use workers and has no pool yet: the model loading and the workers' imports
    overlap the start of the run. Best effort: if the workers cannot start here, the first stage
    that needs them reports the error."""
    workers = configured_workers()
    if workers > 1 and workers not in _pools:
        _context()
        forkserver.ensure_running()
        threading.Thread(target=_start_workers, args=(pool(workers), workers),
                         name="warm-up-workers", daemon=True).start()


def _start_workers(executor: ProcessPoolExecutor, workers: int) -> None:
    """Start every worker of the pool (waits for the fork server's preloading)."""
    try:
        for _ in range(workers):  # a task per worker makes the pool start them all
            executor.submit(int)
    except Exception:  # noqa: BLE001  (see warm_up)
        pass


EXIT_PRIORITY = 100  # above the queues' own finalizers (10), which stop their feeder threads
_pools: dict[int, ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from the warm server. It is kept for the run's next
    stage (its workers have imported what the stages need by then); `discard` ends it, and so
    does the end of this process."""
    with _pools_lock:
        if workers not in _pools:
            _pools[workers] = ProcessPoolExecutor(
                max_workers=workers, mp_context=_context(), initializer=_initialize_worker,
                initargs=(os.getpid(),))
            _end_at_exit(workers)
        return _pools[workers]


def _end_at_exit(workers: int) -> None:
    """End the pool before this process's exit joins its child processes. A process that is itself
    a multiprocessing child (a step of Dagster's multiprocess executor) joins its children before
    the pools' own exit hook runs, and the workers, which live as long as this process, would
    never end: the step would hang. The pool's queues close at exit too (priority 10), so this
    runs first."""
    multiprocessing.util.Finalize(None, discard, args=(workers,), kwargs={"wait": True},
                                  exitpriority=EXIT_PRIORITY)


def discard(workers: int, wait: bool = False) -> None:
    """End a pool: after a failure (a broken pool is not reused), or after the last stage that
    uses it (a large extraction, whose workers' memory is freed before the first timeline merge,
    or the timeline)."""
    with _pools_lock:
        stale = _pools.pop(workers, None)
    if stale is not None:
        stale.shutdown(wait=wait, cancel_futures=True)


def is_alive(pid: int) -> bool:
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


def _initialize_worker(run_pid: int) -> None:
    """Worker initializer: watch the run process, and import what the stages' tasks need
    (polars, DuckDB, pyarrow: not in the fork server, which must stay single-threaded)."""
    _exit_with_run(run_pid)
    importlib.import_module("pipeline.stages")


def _exit_with_run(run_pid: int) -> None:
    """End this worker when the process that runs the stage dies, even by SIGKILL. (Its parent,
    the fork server, cannot tell: every worker keeps the server alive.) Then the server, which
    ends when the run process and all workers are gone, ends too, and a killed run leaves no
    orphans."""
    def watch() -> None:
        while is_alive(run_pid):
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, name="exit-with-run", daemon=True).start()
