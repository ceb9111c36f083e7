"""Whole-pipeline scale benchmark: generated corpora of N articles -> a fresh DuckDB timeline.

    bench/bench_pipeline.py --sizes 1000,10000 [--workdir bench/out] [--direct] [--workers N]
    bench/bench_pipeline.py --sizes 300 --cores 1,2
    bench/bench_pipeline.py --queries-on DB

Each run is a subprocess, `.venv/bin/timeline run --input DIR --db PATH` as users run it (Dagster
included), or with --direct the Dagster-free stages (pipeline.stages). Measured per run: wall
seconds, CPU seconds of the process tree (what a run costs on a machine shared with other jobs),
peak memory as the summed RSS of the process tree sampled every 0.2 s (psutil if installed, else
/proc; without either, the largest child's ru_maxrss), the database size and per-stage times.
After the runs: the time to add one new article to the largest database, and the median of 3
timings of each analyst query in sql/queries/*.sql on it. Results: a markdown report on stdout
and JSON in the workdir; run logs in <workdir>/logs/.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))

import generate_corpus  # noqa: E402  (a script beside this one, not a package)

TIMELINE_COMMAND = REPO_ROOT / ".venv" / "bin" / "timeline"
QUERIES_DIR = REPO_ROOT / "sql" / "queries"
SAMPLE_INTERVAL_SECONDS = 0.2
QUERY_REPEATS = 3
INCREMENTAL_SEED_OFFSET = 1_000_003  # seed of the first added article: unlike any corpus article
DAGSTER_YAML = "telemetry:\n  enabled: false\n"


# ---------------------------------------------------------------- memory of a process tree

def _proc_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _proc_rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _proc_pss_bytes(pid: int) -> int:
    """Proportional set size: shared pages (the workers share the spaCy model forked from one
    server) counted once across the processes that share them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _tree_pids(root: int) -> list[int]:
    children = _proc_children()
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        pending.extend(children.get(pid, []))
    return pids


def tree_pss_bytes(root: int) -> int:
    """Summed PSS of a process tree (Linux /proc; 0 where unavailable)."""
    return sum(_proc_pss_bytes(pid) for pid in _tree_pids(root))


def _tree_rss_from_proc(root: int) -> int:
    children = _proc_children()
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += _proc_rss_bytes(pid)
        pending.extend(children.get(pid, []))
    return total


def _tree_rss_from_psutil(root: int) -> int:
    import psutil
    try:
        process = psutil.Process(root)
        tree = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for member in tree:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += member.memory_info().rss
    return total


def memory_method() -> str:
    """How peak memory is measured on this machine: 'psutil', 'proc' or 'ru_maxrss'."""
    try:
        import psutil  # noqa: F401
        return "psutil"
    except ImportError:
        return "proc" if Path("/proc/self/statm").exists() else "ru_maxrss"


class PeakTreeMemory:
    """Samples the summed RSS of a process and its descendants in a background thread."""

    def __init__(self, pid: int, method: str):
        self.pid, self.peak_bytes, self.peak_pss_bytes = pid, 0, 0
        self._measure = {"psutil": _tree_rss_from_psutil, "proc": _tree_rss_from_proc}.get(method)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._measure(self.pid))
            self.peak_pss_bytes = max(self.peak_pss_bytes, tree_pss_bytes(self.pid))
            self._stop.wait(SAMPLE_INTERVAL_SECONDS)

    def __enter__(self) -> PeakTreeMemory:
        if self._measure:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._measure:
            self._thread.join()


# ---------------------------------------------------------------- one pipeline run

STAGE_TIMING_PREFIX = "stage-seconds "
_DAGSTER_STEP_DONE = re.compile(r'STEP_SUCCESS - Finished execution of step "(?P<step>\w+)" in '
                                r'(?:(?P<minutes>\d+)m)?(?P<amount>[\d.]+)(?P<unit>ms|s)\.')


def run_stages(database: Path, input_dirs: list[Path]) -> None:
    """The whole pipeline without Dagster (what --direct runs in the subprocess); logs each
    stage's result, wall-clock and CPU seconds."""
    from pipeline import stages, store

    def connect():
        return contextlib.closing(store.connect_waiting(database))

    stage_calls = {
        "prepare": lambda: stages.prepare(connect),
        "ingest_documents": lambda: stages.ingest_documents(connect, input_dirs, print),
        "tag_documents": lambda: stages.tag_documents(connect, print),
        "extract_events": lambda: stages.extract_events(connect, print),
        "build_timeline": lambda: stages.build_timeline(connect, print),
    }
    for name, call in stage_calls.items():
        started, cpu_started = time.perf_counter(), _own_and_children_cpu_seconds()
        outcome = call()
        timing = {"seconds": round(time.perf_counter() - started, 2),
                  "cpu_seconds": round(_own_and_children_cpu_seconds() - cpu_started, 2)}
        print(f"{name}: {outcome}", flush=True)
        print(STAGE_TIMING_PREFIX + json.dumps({name: timing}), flush=True)


def stage_seconds(log_path: Path) -> dict:
    """Per-stage timings from a run's log: wall-clock and CPU seconds that run_stages logged, or
    the wall-clock seconds of each asset step that Dagster logged."""
    timings: dict = {}
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(STAGE_TIMING_PREFIX):
            timings.update(json.loads(line[len(STAGE_TIMING_PREFIX):]))
        elif step := _DAGSTER_STEP_DONE.search(line):
            amount = float(step.group("amount")) / (1000 if step.group("unit") == "ms" else 1)
            seconds = int(step.group("minutes") or 0) * 60 + amount
            timings[step.group("step")] = {"seconds": round(seconds, 2), "cpu_seconds": None}
    return timings


def pipeline_command(database: Path, input_dirs: list[Path], direct: bool,
                     cores: int | None) -> list[str]:
    """The command line of one run, pinned to the first `cores` CPUs with taskset when given."""
    if direct:
        command = [sys.executable, str(Path(__file__).resolve()), "--run-stages", str(database),
                   *map(str, input_dirs)]
    else:
        command = [str(TIMELINE_COMMAND), "run", "--db", str(database), "--log-level", "DEBUG"]
        for folder in input_dirs:
            command += ["--input", str(folder)]
    if cores:
        command = ["taskset", "-c", f"0-{cores - 1}", *command]
    return command


PR_SET_CHILD_SUBREAPER = 36  # Linux prctl option


def adopt_orphaned_descendants() -> bool:
    """Make this process the subreaper of its descendants (Linux): processes that outlive their
    parent (the workers' fork server outlives `timeline run` by a moment) are re-parented here,
    so reaping them adds their CPU time to RUSAGE_CHILDREN. False when unavailable."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_descendants(timeout: float) -> None:
    """Wait (up to `timeout` seconds) for adopted descendants to exit, collecting their CPU time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def _children_cpu_seconds() -> float:
    """User + system CPU seconds of all finished child processes (and their waited-for children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_and_children_cpu_seconds() -> float:
    """CPU seconds of this process plus its finished children (the stages' worker pools)."""
    return time.process_time() + _children_cpu_seconds()


def timed_run(command: list[str], log_path: Path, env: dict, method: str,
              timeout: float | None) -> dict:
    """Run `command`; seconds, peak tree memory and exit code. Output goes to `log_path`."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        log.write(" ".join(command) + "\n")
        log.flush()
        cpu_before = _children_cpu_seconds()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                   cwd=REPO_ROOT)
        with PeakTreeMemory(process.pid, method) as memory:
            try:
                returncode = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                returncode = process.wait()
        seconds = time.perf_counter() - started
        _reap_descendants(timeout=30)
    cpu_seconds = _children_cpu_seconds() - cpu_before
    peak = memory.peak_bytes
    if method == "ru_maxrss":  # kilobytes on Linux; the largest child so far, not a tree sum
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 1),
            "load_average_1m_after": round(os.getloadavg()[0], 2),
            "peak_rss_mb": round(peak / 1e6, 1),
            "peak_pss_mb": round(memory.peak_pss_bytes / 1e6, 1),
            "returncode": returncode, "log": str(log_path),
            "stage_seconds": stage_seconds(log_path)}


def database_mb(database: Path) -> float:
    """Size of the database file plus its write-ahead log, in MB."""
    files = [database, database.with_name(database.name + ".wal")]
    return round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 2)


# ---------------------------------------------------------------- corpora

def corpus_for(workdir: Path, n: int, seed: int) -> tuple[Path, dict]:
    """The generated corpus of `n` articles (reused when complete), with its size in bytes."""
    folder = workdir / "corpora" / f"corpus-{n}-seed{seed}"
    manifest = folder.with_name(folder.name + ".json")
    if manifest.exists():
        return folder, json.loads(manifest.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    total_bytes = generate_corpus.generate(folder, n, seed)
    text_bytes = sum(path.stat().st_size for path in folder.glob("*/*.txt"))
    info = {"articles": n, "seed": seed, "total_bytes": total_bytes, "text_bytes": text_bytes,
            "generation_seconds": round(time.perf_counter() - started, 1)}
    manifest.write_text(json.dumps(info, indent=1))
    return folder, info


# ---------------------------------------------------------------- queries

def time_queries(database: Path) -> list[dict]:
    """Median of QUERY_REPEATS timings of each sql/queries/*.sql on `database` (read-only)."""
    import duckdb
    results = []
    with contextlib.closing(duckdb.connect(str(database), read_only=True)) as connection:
        for path in sorted(QUERIES_DIR.glob("*.sql")):
            timings, rows, error = [], None, None
            for _ in range(QUERY_REPEATS):
                started = time.perf_counter()
                try:
                    rows = len(connection.execute(path.read_text(encoding="utf-8")).fetchall())
                except duckdb.Error as failure:
                    error = str(failure).splitlines()[0]
                    break
                timings.append(time.perf_counter() - started)
            results.append({"query": path.name, "rows": rows, "error": error,
                            "median_ms": round(statistics.median(timings) * 1000, 1)
                            if timings else None})
    return results


# ---------------------------------------------------------------- the benchmark

def _environment(workdir: Path) -> dict:
    """The runs' environment: a Dagster home of their own (the project's run history stays
    clean)."""
    home = workdir / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(DAGSTER_YAML)
    return {**os.environ, "DAGSTER_HOME": str(home), "PYTHONUNBUFFERED": "1"}


def _progress(message: str) -> None:
    stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def bench_size(workdir: Path, n: int, args, env: dict, method: str, cores: int | None,
               label: str) -> dict:
    """Generate (or reuse) the corpus of `n` articles and run the pipeline on it once; pinned to
    `cores` CPUs, it also gets that many stage workers."""
    corpus, info = corpus_for(workdir, n, args.seed)
    if cores:
        env = {**env, "TIMELINE_WORKERS": str(cores)}
    database = workdir / "db" / f"{label}.duckdb"
    database.parent.mkdir(parents=True, exist_ok=True)
    for stale in (database, database.with_name(database.name + ".wal")):
        stale.unlink(missing_ok=True)
    _progress(f"{label}: running the pipeline on {n} articles")
    run = timed_run(pipeline_command(database, [corpus], args.direct, cores),
                    workdir / "logs" / f"{label}.log", env, method, args.timeout)
    seconds = run["seconds"]
    result = {"label": label, "articles": n, "cores": cores or os.cpu_count(),
              "workers": env.get("TIMELINE_WORKERS", "one per core"), **run,
              "articles_per_s": round(n / seconds, 2),
              "articles_per_cpu_s": round(n / max(run["cpu_seconds"], 0.1), 2),
              "text_mb": round(info["text_bytes"] / 1e6, 2),
              "mb_per_s": round(info["text_bytes"] / 1e6 / seconds, 3),
              "database": str(database), "database_mb": database_mb(database)}
    _progress(f"{label}: {seconds:.1f} s, exit code {run['returncode']}")
    return result


INCREMENTAL_WAYS = {  # how the one new article reaches the run, and what the run is given
    "new folder": "only the new article's folder (`timeline run --input NEW`)",
    "archive rescan": "the whole archive plus the new folder (unchanged files are not read)",
}


def bench_incremental(workdir: Path, largest: dict, args, env: dict, method: str) -> list[dict]:
    """Time adding one new article to the largest database: --incremental-articles new
    articles one after another, each in a folder of its own, then one more with the whole
    archive rescanned (INCREMENTAL_WAYS). The merge work an article causes depends on the
    buckets its events fall in, so one article is not a measurement."""
    corpus = workdir / "corpora" / f"corpus-{largest['articles']}-seed{args.seed}"
    database = Path(largest["database"])
    ways = ["new folder"] * args.incremental_articles + ["archive rescan"]
    added: list[Path] = []
    runs = []
    for offset, way in enumerate(ways):
        seed = args.incremental_seed + offset
        extra = workdir / "incremental" / f"extra-{largest['articles']}-seed{seed}"
        shutil.rmtree(extra, ignore_errors=True)
        generate_corpus.generate(extra, 1, seed)
        added.append(extra)
        inputs = [extra] if way == "new folder" else [corpus, *added]
        _progress(f"incremental ({way}): adding 1 article to the {largest['articles']}-article "
                  "database")
        run = timed_run(pipeline_command(database, inputs, args.direct, None),
                        workdir / "logs" / f"incremental-{largest['articles']}-seed{seed}.log",
                        env, method, args.timeout)
        runs.append({"database_articles": largest["articles"], "way": way, **run})
    return runs


def markdown_incremental(runs: list[dict]) -> list[str]:
    """One line per added article, and the median and slowest of the new-folder runs."""
    lines = []
    for inc in runs:
        steps = ", ".join(f"{name} {t['seconds']}" for name, t in inc["stage_seconds"].items())
        lines += ["", f"Adding 1 article to the {inc['database_articles']}-article database, "
                      f"{INCREMENTAL_WAYS[inc['way']]}: {inc['seconds']} s, {inc['cpu_seconds']} "
                      f"CPU s (peak RSS {inc['peak_rss_mb']} MB, PSS {inc.get('peak_pss_mb')} MB, "
                      f"exit {inc['returncode']}); steps: {steps}"]
    seconds = sorted(inc["seconds"] for inc in runs if inc["way"] == "new folder")
    if seconds:
        lines += ["", f"New folder, {len(seconds)} articles: median {round(statistics.median(seconds), 2)} s, "
                      f"slowest {seconds[-1]} s, fastest {seconds[0]} s"]
    return lines


def markdown_report(results: dict) -> str:
    """The results as markdown tables."""
    lines = [f"Pipeline scale benchmark ({results['mode']}, {results['started_utc']} UTC, "
             f"{results['cpu_count']} CPUs, memory via {results['memory_method']})", "",
             "| N | cores | workers | seconds | articles/s | text MB/s | CPU s | articles/CPU s | "
             "peak RSS MB | peak PSS MB | DB MB | load 1m | exit |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for run in results["runs"]:
        lines.append(f"| {run['articles']} | {run['cores']} | {run['workers']} | "
                     f"{run['seconds']} | {run['articles_per_s']} | {run['mb_per_s']} | "
                     f"{run['cpu_seconds']} | "
                     f"{run['articles_per_cpu_s']} | {run['peak_rss_mb']} | {run.get('peak_pss_mb')} | {run['database_mb']} | "
                     f"{run['load_average_1m_after']} | {run['returncode']} |")
    staged = [run for run in results["runs"] if run["stage_seconds"]]
    if staged:
        lines += ["", "Per stage or asset step, wall-clock seconds "
                      "(/ CPU seconds for direct runs):"]
        for run in staged:
            lines += ["", f"- N={run['articles']}, cores={run['cores']}: " + ", ".join(
                f"{name} {t['seconds']}" + (f" / {t['cpu_seconds']}" if t["cpu_seconds"] is not None
                                            else "")
                for name, t in run["stage_seconds"].items())]
    if results.get("speedup"):
        lines += ["", f"Speed-up on {results['speedup']['articles']} articles: "
                      f"{results['speedup']['text']}"]
    lines += markdown_incremental(results.get("incremental", []))
    if results.get("queries") is not None:
        where = f"the {results['queries_database_articles']}-article database"
        lines += ["", markdown_queries(results["queries"], where)]
    return "\n".join(lines)


def markdown_queries(queries: list[dict], where: str) -> str:
    """The analyst query timings as a markdown table."""
    lines = [f"Analyst queries on {where} (median of {QUERY_REPEATS}):", "",
             "| query | rows | median ms |", "|---|---:|---:|"]
    for query in queries:
        shown = query["median_ms"] if query["error"] is None else f"error: {query['error']}"
        lines.append(f"| {query['query']} | {query['rows']} | {shown} |")
    if not queries:
        lines.append("| (no files in sql/queries/) | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated corpus sizes (articles)")
    parser.add_argument("--workdir", type=Path, default=REPO_ROOT / "bench" / "out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--direct", action="store_true",
                        help="run the stages without Dagster (pipeline.stages) in the subprocess")
    parser.add_argument("--workers", type=int,
                        help="stage worker processes per run ($TIMELINE_WORKERS; default: one "
                             "per core)")
    parser.add_argument("--cores", help="comma-separated CPU counts (e.g. 1,2): run the smallest "
                                        "size pinned to each with taskset, with as many workers, "
                                        "and report the speed-up")
    parser.add_argument("--no-incremental", action="store_true",
                        help="skip the add-one-article runs")
    parser.add_argument("--incremental-articles", type=int, default=5, metavar="N",
                        help="new articles added one at a time, each in its own folder "
                             "(default 5), before one added with the archive rescanned")
    parser.add_argument("--incremental-seed", type=int, default=INCREMENTAL_SEED_OFFSET,
                        metavar="S", help="seed of the first added article (the next ones count "
                                          "up); an article already in the database is not new")
    parser.add_argument("--incremental-on", type=Path, metavar="DB",
                        help="only time adding one article to an existing database built from "
                             "the corpus of the largest --sizes")
    parser.add_argument("--timeout", type=float, help="kill a run after this many seconds")
    parser.add_argument("--queries-on", type=Path, metavar="DB",
                        help="only time the analyst queries on an existing database")
    parser.add_argument("--run-stages", nargs="+", metavar=("DB", "INPUT_DIR"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_stages:
        run_stages(Path(args.run_stages[0]), [Path(p) for p in args.run_stages[1:]])
        return 0

    if args.queries_on:
        print(markdown_queries(time_queries(args.queries_on), str(args.queries_on)))
        return 0
    workdir = args.workdir.resolve()
    env, method = _environment(workdir), memory_method()
    subreaper = adopt_orphaned_descendants()
    if args.incremental_on:
        largest = {"articles": max(int(size) for size in args.sizes.split(",")),
                   "database": str(args.incremental_on)}
        runs = bench_incremental(workdir, largest, args, env, method)
        print(markdown_report({"mode": "incremental only", "started_utc": "", "runs": [],
                               "cpu_count": os.cpu_count(), "memory_method": method,
                               "incremental": runs}))
        return 0 if all(run["returncode"] == 0 for run in runs) else 1
    if args.workers:
        env["TIMELINE_WORKERS"] = str(args.workers)
    sizes = [int(size) for size in args.sizes.split(",")]
    mode = "direct stages, no Dagster" if args.direct else "timeline run (Dagster)"
    started = datetime.now(timezone.utc)
    results: dict = {"mode": mode, "started_utc": started.strftime("%Y-%m-%d %H:%M"),
                     "cpu_count": os.cpu_count(), "memory_method": method, "seed": args.seed,
                     "cpu_includes_orphaned_descendants": subreaper,
                     "runs": []}
    suffix = "direct" if args.direct else "dagster"
    if args.cores:
        core_counts = [int(c) for c in args.cores.split(",")]
        for cores in core_counts:
            results["runs"].append(bench_size(workdir, min(sizes), args, env, method, cores,
                                              f"n{min(sizes)}-{suffix}-cores{cores}"))
        base = results["runs"][0]["seconds"]
        results["speedup"] = {"articles": min(sizes), "text": ", ".join(
            f"{run['cores']} cores {base / run['seconds']:.2f}x" for run in results["runs"])}
    else:
        for n in sizes:
            results["runs"].append(bench_size(workdir, n, args, env, method, None,
                                              f"n{n}-{suffix}"))
        largest = max(results["runs"], key=lambda run: run["articles"])
        if largest["returncode"] == 0:
            if not args.no_incremental:
                results["incremental"] = bench_incremental(workdir, largest, args, env, method)
            results["queries_database_articles"] = largest["articles"]
            results["queries"] = time_queries(Path(largest["database"]))
    out = workdir / f"results-{suffix}-{started.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(markdown_report(results))
    _progress(f"results written to {out}")
    return 0 if all(run["returncode"] == 0 for run in results["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
