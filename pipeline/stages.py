"""The pipeline's stages over the store, free of Dagster so the CLI, tests and benches share them.

Each stage computes with the core, then opens the database only to write, one bounded batch per
transaction: a crash loses at most the batch in flight and leaves every committed batch whole.
Stages are incremental: a document is (re)processed only when the version a stage last processed
(table document_stages) differs from the stored one.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from pipeline import frames, staging, store
from pipeline.core import ingest
from pipeline.core.events import extract, merge
from pipeline.core.temporal import tagger

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
Log = Callable[[str], None]
BATCH_SIZE = 500  # documents per transaction: bounds memory and the work a crash can lose
PARALLEL_BATCH_SIZE = 100  # smaller batches keep every worker busy to the end
PARALLEL_THRESHOLD = 200  # below this many pending documents a process pool costs more than it saves


def configured_workers() -> int:
    """Worker processes for tagging and extraction: $TIMELINE_WORKERS, else one per core."""
    return max(1, int(os.environ.get("TIMELINE_WORKERS") or os.cpu_count() or 1))


def _batches(items: Sequence, size: int = BATCH_SIZE) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _with_ids(connection: duckdb.DuckDBPyConnection, name: str, doc_ids: Sequence[str]) -> pl.DataFrame:
    connection.register("doc_ids", pl.DataFrame({"doc_id": list(doc_ids)},
                                                schema={"doc_id": pl.String}).to_arrow())
    try:
        return store.fetch(connection, name)
    finally:
        connection.unregister("doc_ids")


def prepare(connect: Connect) -> None:
    """Create the tables and views (idempotent)."""
    with connect() as connection:
        store.apply_schema(connection)


def ingest_documents(connect: Connect, input_dirs: Sequence[Path], log: Log) -> dict:
    """Read the input folders; store new and changed documents; record every refusal."""
    with connect() as connection:
        known = store.fetch(connection, "ops/known_documents")
    stored_version = dict(zip(known["doc_id"], known["content_sha256"]))
    counts = {"new": 0, "changed": 0, "unchanged": 0, "rejected": 0}
    seen_paths: list[str] = []
    rejections: list[ingest.Rejection] = []
    pending: list[ingest.Document] = []

    def flush() -> None:
        if not pending:
            return
        with connect() as connection, store.transaction(connection):
            store.replace_document_rows(connection, "documents", [d.doc_id for d in pending],
                                        frames.documents_frame(pending))
        pending.clear()

    known_hashes = {sha: doc_id for doc_id, sha in stored_version.items()}
    for item in ingest.ingest_paths(list(input_dirs), known_hashes=known_hashes):
        seen_paths.append(item.source_path)
        if isinstance(item, ingest.Rejection):
            log(f"Rejected {item.source_path}: {item.reason}")
            rejections.append(item)
            counts["rejected"] += 1
            continue
        for warning in item.warnings:
            log(f"Warning for {item.source_path}: {warning}")
        previous = stored_version.get(item.doc_id)
        if previous == item.content_sha256:
            counts["unchanged"] += 1
            continue
        counts["changed" if previous else "new"] += 1
        if item.doc_type == "auto":
            item = dataclasses.replace(
                item, doc_type=tagger.detect_doc_type(item.text, item.publication_date))
        pending.append(item)
        if len(pending) >= BATCH_SIZE:
            flush()
    flush()
    with connect() as connection:
        store.record_rejections(connection, seen_paths, frames.rejections_frame(rejections),
                                datetime.now(timezone.utc).replace(tzinfo=None))
    log("Ingest: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()) + ".")
    return counts


def _pending(connect: Connect, stage: str) -> list[str]:
    with connect() as connection:
        return store.fetch(connection, "ops/pending_documents", stage=stage)["doc_id"].to_list()


def tag_batch(docs: pl.DataFrame) -> pl.DataFrame:
    """Temporal expressions of a batch of documents (doc_id, text, publication_date, doc_type)."""
    rows = [frames.timexes_frame(doc["doc_id"], doc["doc_type"],
                                 tagger.tag(doc["text"], doc["publication_date"], doc["doc_type"]))
            for doc in docs.iter_rows(named=True)]
    return frames.concat(rows, frames.TIMEX_SCHEMA)


def extract_batch(docs: pl.DataFrame, timex_rows: pl.DataFrame) -> pl.DataFrame:
    """Dated event mentions of a batch of documents, given their temporal expressions."""
    timexes_by_doc = timex_rows.partition_by("doc_id", as_dict=True)
    texts = [extract.DocumentText(
                doc_id=doc["doc_id"], text=doc["text"],
                timexes=frames.timexes_from_frame(
                    timexes_by_doc.get((doc["doc_id"],), timex_rows.clear())))
             for doc in docs.iter_rows(named=True)]
    return frames.mentions_frame(extract.extract_mentions(texts))


STAGES = {  # stage -> (what each batch reads, how it is computed)
    "temporal_expressions": (("ops/document_batch",), tag_batch),
    "event_mentions": (("ops/document_batch", "ops/timex_batch"), extract_batch),
}


def _exit_with_parent(parent_pid: int) -> None:
    """Worker initializer: end this worker when the process that started it dies (even by SIGKILL),
    so a killed run leaves no orphans."""
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _compute_to_staging(stage: str, inputs: tuple[pl.DataFrame, ...], target: str) -> str:
    """Worker side: compute one batch and leave the result as Parquet at `target`."""
    staging.write(STAGES[stage][1](*inputs), target)
    return target


def _read_inputs(connect: Connect, stage: str, batch_ids: Sequence[str]) -> tuple[pl.DataFrame, ...]:
    with connect() as connection:
        return tuple(_with_ids(connection, name, batch_ids) for name in STAGES[stage][0])


def _store_batch(connect: Connect, stage: str, docs: pl.DataFrame, rows: pl.DataFrame) -> None:
    with connect() as connection:
        store.write_stage(connection, stage, docs.select("doc_id", "content_sha256"), rows)


def run_stage(connect: Connect, stage: str, log: Log, workers: int | None = None,
              staging_root: str | None = None) -> dict:
    """Process every document pending for `stage`, in batches.

    Few documents: computed here, batch by batch. Many (and more than one worker): batches are
    computed by a process pool whose workers write Parquet under the staging root and never touch
    the database; this process loads each finished batch into DuckDB in one transaction, then
    deletes its Parquet file.
    """
    doc_ids = _pending(connect, stage)
    workers = configured_workers() if workers is None else workers
    root = staging_root or staging.root()
    discarded = staging.discard_leftovers(root, stage)
    if discarded:
        log(f"{stage}: discarded {discarded} staged batches left by an interrupted run.")
    batches = list(_batches(doc_ids, PARALLEL_BATCH_SIZE if workers > 1 else BATCH_SIZE))
    rows_written = 0
    if workers <= 1 or len(doc_ids) < PARALLEL_THRESHOLD:
        for batch_ids in batches:
            inputs = _read_inputs(connect, stage, batch_ids)
            rows = STAGES[stage][1](*inputs)
            _store_batch(connect, stage, inputs[0], rows)
            rows_written += rows.height
            log(f"{stage}: {inputs[0].height} documents -> {rows.height} rows.")
        return {"documents": len(doc_ids), stage: rows_written}
    context = multiprocessing.get_context("spawn")  # never fork a process that holds DuckDB/Dagster threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        in_flight: dict = {}
        queue = iter(batches)

        def submit_next() -> bool:
            batch_ids = next(queue, None)
            if batch_ids is None:
                return False
            inputs = _read_inputs(connect, stage, batch_ids)
            target = staging.batch_path(root, stage, inputs[0])
            in_flight[pool.submit(_compute_to_staging, stage, inputs, target)] = inputs[0]
            return True

        for _ in range(2 * workers):
            submit_next()
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                docs = in_flight.pop(future)
                target = future.result()
                rows = staging.read(target)
                _store_batch(connect, stage, docs, rows)
                staging.remove(target)
                rows_written += rows.height
                log(f"{stage}: {docs.height} documents -> {rows.height} rows (parallel).")
                submit_next()
    return {"documents": len(doc_ids), stage: rows_written}


def tag_documents(connect: Connect, log: Log, workers: int | None = None,
                  staging_root: str | None = None) -> dict:
    """Tag the temporal expressions of every document whose current version is untagged."""
    return run_stage(connect, "temporal_expressions", log, workers, staging_root)


def extract_events(connect: Connect, log: Log, workers: int | None = None,
                   staging_root: str | None = None) -> dict:
    """Extract the dated event mentions of every document whose current version has none yet."""
    return run_stage(connect, "event_mentions", log, workers, staging_root)


def build_timeline(connect: Connect, log: Log) -> dict:
    """Merge all event mentions across documents into the timeline (rebuilt atomically)."""
    with connect() as connection:
        mention_rows = store.fetch(connection, "ops/all_mentions")
        info_rows = store.fetch(connection, "ops/document_infos")
    fields = [field.name for field in dataclasses.fields(extract.EventMention)]
    mentions = [extract.EventMention(**{name: row[name] for name in fields})
                for row in mention_rows.iter_rows(named=True)]
    documents = {row["doc_id"]: merge.DocumentInfo(**row) for row in info_rows.iter_rows(named=True)}
    events = frames.timeline_frame(merge.merge_mentions(mentions, documents))
    with connect() as connection:
        store.replace_table(connection, "timeline", events)
    log(f"Timeline: {events.height} events from {len(mentions)} mentions.")
    return {"events": events.height, "mentions": len(mentions)}
