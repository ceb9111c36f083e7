"""The pipeline's stages over the store, free of Dagster so the CLI, tests and benches share them.

Each stage computes with the core, then opens the database only to write, one bounded batch per
transaction: a crash loses at most the batch in flight and leaves every committed batch whole.
Stages are incremental: a document is (re)processed only when the version a stage last processed
(table document_stages) differs from the stored one.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from pipeline import frames, store
from pipeline.core import ingest
from pipeline.core.events import extract, merge
from pipeline.core.temporal import tagger

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
Log = Callable[[str], None]
BATCH_SIZE = 500  # documents per transaction: bounds memory and the work a crash can lose


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
    return counts


def _pending(connect: Connect, stage: str) -> list[str]:
    with connect() as connection:
        return store.fetch(connection, "ops/pending_documents", stage=stage)["doc_id"].to_list()


def tag_documents(connect: Connect, log: Log) -> dict:
    """Tag the temporal expressions of every document whose current version is untagged."""
    doc_ids = _pending(connect, "temporal_expressions")
    found = 0
    for batch_ids in _batches(doc_ids):
        with connect() as connection:
            batch = _with_ids(connection, "ops/document_batch", batch_ids)
        rows = [frames.timexes_frame(doc["doc_id"], doc["doc_type"],
                                     tagger.tag(doc["text"], doc["publication_date"], doc["doc_type"]))
                for doc in batch.iter_rows(named=True)]
        timexes = frames.concat(rows, frames.TIMEX_SCHEMA)
        found += timexes.height
        with connect() as connection:
            store.write_stage(connection, "temporal_expressions",
                              batch.select("doc_id", "content_sha256"), timexes)
        log(f"Tagged {batch.height} documents ({timexes.height} temporal expressions).")
    return {"documents": len(doc_ids), "temporal_expressions": found}


def extract_events(connect: Connect, log: Log) -> dict:
    """Extract the dated event mentions of every document whose current version has none yet."""
    doc_ids = _pending(connect, "event_mentions")
    found = 0
    for batch_ids in _batches(doc_ids):
        with connect() as connection:
            batch = _with_ids(connection, "ops/document_batch", batch_ids)
            timex_rows = _with_ids(connection, "ops/timex_batch", batch_ids)
        timexes_by_doc = timex_rows.partition_by("doc_id", as_dict=True)
        texts = [extract.DocumentText(
                    doc_id=doc["doc_id"], text=doc["text"],
                    timexes=frames.timexes_from_frame(
                        timexes_by_doc.get((doc["doc_id"],), timex_rows.clear())))
                 for doc in batch.iter_rows(named=True)]
        mentions = frames.mentions_frame(extract.extract_mentions(texts))
        found += mentions.height
        with connect() as connection:
            store.write_stage(connection, "event_mentions",
                              batch.select("doc_id", "content_sha256"), mentions)
        log(f"Extracted {mentions.height} event mentions from {batch.height} documents.")
    return {"documents": len(doc_ids), "event_mentions": found}


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
