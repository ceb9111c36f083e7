"""The pipeline's stages over the store, free of Dagster so the CLI, tests and benches share them.

Each stage computes with the core, then opens the database only to write, one bounded batch per
transaction: a crash loses at most the batch in flight and leaves every committed batch whole.
Stages are incremental: a document is (re)processed only when the version a stage last processed
(table document_stages) differs from the stored one.
"""
from __future__ import annotations

import dataclasses
import heapq
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path

import duckdb
import polars as pl

from pipeline import frames, staging, store, workers as worker_pool
from pipeline.core import ingest
from pipeline.core.events import extract, merge
from pipeline.core.temporal import tagger

Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
Log = Callable[[str], None]
BATCH_SIZE = 500  # documents per transaction: bounds memory and the work a crash can lose
# Documents per batch sent to a worker. Small batches keep every worker busy to the end, but each
# batch costs the run process about 0.15 s of opening, writing and closing the database: tagging
# (about 4 ms a document) gets large batches, extraction (about 80 ms) small ones.
PARALLEL_BATCH_SIZES = {"temporal_expressions": 500, "event_mentions": 100}
PARALLEL_THRESHOLD = 200  # below this many pending documents a process pool costs more than it saves
# Stages that need the spaCy model: any number of documents goes to a warm worker, which has it
# loaded, rather than loading it here.
MODEL_STAGES = frozenset({"event_mentions"})
configured_workers = worker_pool.configured_workers


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


# Stored fields that, with the text, make a document's version: a change re-runs every stage.
_VERSION_FIELDS = ("content_sha256", "publication_date", "date_provenance", "date_note", "doc_type",
                   "title", "source", "url", "metadata")


def _version(record: dict) -> tuple:
    metadata = record["metadata"]
    return tuple(record[name] for name in _VERSION_FIELDS[:-1]) + (
        json.loads(metadata) if isinstance(metadata, str) else metadata,)


class _StoredVersions:
    """The stored version of known documents, read from the database on the first lookup of a
    known document (a run that only adds articles never reads it)."""

    def __init__(self, connect: Connect, known_ids: Sequence[str]):
        self.connect, self.known_ids = connect, frozenset(known_ids)
        self.frame: pl.DataFrame | None = None
        self.row_of: dict[str, int] = {}

    def get(self, doc_id: str) -> tuple | None:
        if doc_id not in self.known_ids:
            return None
        if self.frame is None:
            with self.connect() as connection:
                self.frame = store.fetch(connection, "ops/document_versions")
            ids = self.frame["doc_id"].to_list()
            self.row_of = dict(zip(ids, range(len(ids))))
        return _version(self.frame.row(self.row_of[doc_id], named=True))


def ingest_documents(connect: Connect, input_dirs: Sequence[Path], log: Log) -> dict:
    """Read the input folders; store new and changed documents; record every refusal.

    Files whose source fingerprint (size and mtime of the file and its sidecar) is unchanged are
    not read. A document whose text is unchanged but whose metadata changed is re-processed by
    every stage; one only touched (same text and metadata) just has its fingerprint refreshed. A
    stored document whose file is now rejected is removed, with all its rows, in the transaction
    that records the rejection.
    """
    worker_pool.warm_up()  # the workers' server loads spaCy while the inputs are read
    # Absolute (links kept) so a folder named relatively keeps the stored paths' spelling.
    input_dirs = [Path(os.path.abspath(folder)) for folder in input_dirs]
    with connect() as connection:
        known = store.fetch(connection, "ops/known_documents")
    known_ids = known["doc_id"].to_list()
    known_fingerprints = {doc_id: fingerprint for doc_id, fingerprint
                          in zip(known_ids, known["source_fingerprint"].to_list()) if fingerprint}
    known_hashes = dict(zip(known["content_sha256"].to_list(), known_ids))
    known_paths = dict(zip(known_ids, known["source_path"].to_list()))
    stored_id_by_path = {path: doc_id for doc_id, path in known_paths.items()}
    stored_versions = _StoredVersions(connect, known_ids)
    counts = {"new": 0, "changed": 0, "unchanged": 0, "rejected": 0}
    seen_paths: list[str] = []
    rejections: list[ingest.Rejection] = []
    withdrawn: list[str] = []  # stored documents whose file is now rejected or has a new id
    stored_ids: set[str] = set()  # documents stored by this run (one may take a withdrawn id)
    pending: list[ingest.Document] = []
    restaged: list[str] = []  # same text, new metadata: forget what the stages did with them

    def flush() -> None:
        if not pending:
            return
        with connect() as connection, store.transaction(connection):
            store.replace_document_rows(connection, "documents", [d.doc_id for d in pending],
                                        frames.documents_frame(pending))
            store.replace_document_rows(connection, "document_stages", restaged, pl.DataFrame())
            store.record_unchecked(connection, "documents", [d.doc_id for d in pending])
        pending.clear()
        restaged.clear()

    for item in ingest.ingest_paths(list(input_dirs), known_hashes=known_hashes,
                                    known_fingerprints=known_fingerprints,
                                    known_paths=known_paths):
        seen_paths.append(item.source_path)
        sidecar = ingest.consumed_sidecar(item.source_path)
        if sidecar is not None:  # consumed by its text file: an earlier orphan rejection goes
            seen_paths.append(sidecar)
        if isinstance(item, ingest.Unchanged):
            counts["unchanged"] += 1
            continue
        if isinstance(item, ingest.Rejection):
            log(f"Rejected {item.source_path}: {item.reason}")
            rejections.append(item)
            if item.source_path in stored_id_by_path:
                withdrawn.append(stored_id_by_path[item.source_path])
            counts["rejected"] += 1
            continue
        withdrawn.extend(item.replaces)  # moved to a new id, or renamed: ingest_paths decided
        for warning in item.warnings:
            log(f"Warning for {item.source_path}: {warning}")
        if item.doc_type == "auto":
            item = dataclasses.replace(
                item, doc_type=tagger.detect_doc_type(item.text, item.publication_date))
        previous = stored_versions.get(item.doc_id)
        current = _version(dataclasses.asdict(item))
        if previous is None:
            counts["new"] += 1
        elif previous == current:
            counts["unchanged"] += 1  # touched only: store the new fingerprint
        else:
            counts["changed"] += 1
            if previous[0] == current[0]:
                restaged.append(item.doc_id)
        pending.append(item)
        stored_ids.add(item.doc_id)
        if len(pending) >= BATCH_SIZE:
            flush()
    flush()
    removed = [doc_id for doc_id in withdrawn if doc_id not in stored_ids]
    with connect() as connection, store.transaction(connection):
        store.remove_documents(connection, removed)
        store.record_rejections(connection, seen_paths, frames.rejections_frame(rejections),
                                datetime.now(timezone.utc).replace(tzinfo=None))
    for doc_id in removed:
        log(f"Removed stored document {doc_id}: its file is now rejected, or stored under a new "
            "id or name.")
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
                    timexes_by_doc.get((doc["doc_id"],), timex_rows.clear())),
                publication_date=doc["publication_date"])
             for doc in docs.iter_rows(named=True)]
    return frames.mentions_frame(extract.extract_mentions(texts))


STAGES = {  # stage -> (what each batch reads, how it is computed)
    "temporal_expressions": (("ops/document_batch",), tag_batch),
    "event_mentions": (("ops/document_batch", "ops/timex_batch"), extract_batch),
}


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

    Few documents: computed here, batch by batch. Many, or any for a stage that needs the spaCy
    model (and more than one worker): batches are computed by worker processes
    (pipeline.workers) that write Parquet under the staging root and never touch
    the database; this process loads each finished batch into DuckDB in one transaction, then
    deletes its Parquet file.
    """
    doc_ids = _pending(connect, stage)
    workers = configured_workers() if workers is None else workers
    root = staging_root or staging.root()
    discarded = staging.discard_leftovers(root, stage)
    if discarded:
        log(f"{stage}: discarded {discarded} staged batches left by an interrupted run.")
    parallel = workers > 1 and bool(doc_ids) and (
        len(doc_ids) >= PARALLEL_THRESHOLD or stage in MODEL_STAGES)
    batches = list(_batches(doc_ids, PARALLEL_BATCH_SIZES[stage] if parallel else BATCH_SIZE))
    rows_written = 0
    if not parallel:
        for batch_ids in batches:
            inputs = _read_inputs(connect, stage, batch_ids)
            rows = STAGES[stage][1](*inputs)
            _store_batch(connect, stage, inputs[0], rows)
            rows_written += rows.height
            log(f"{stage}: {inputs[0].height} documents -> {rows.height} rows.")
        return {"documents": len(doc_ids), stage: rows_written}
    pool = worker_pool.pool(workers)
    try:
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
    except BaseException:
        worker_pool.discard(workers)
        raise
    return {"documents": len(doc_ids), stage: rows_written}


def tag_documents(connect: Connect, log: Log, workers: int | None = None,
                  staging_root: str | None = None) -> dict:
    """Tag the temporal expressions of every document whose current version is untagged."""
    return run_stage(connect, "temporal_expressions", log, workers, staging_root)


def extract_events(connect: Connect, log: Log, workers: int | None = None,
                   staging_root: str | None = None) -> dict:
    """Extract the dated event mentions of every document whose current version has none yet.
    After many documents the worker pool is ended, freeing the workers' memory (a first timeline
    build starts a fresh one); after a few it is kept for the timeline merge."""
    workers = configured_workers() if workers is None else workers
    counts: dict = {}
    try:
        counts = run_stage(connect, "event_mentions", log, workers, staging_root)
        return counts
    finally:
        if counts.get("documents", PARALLEL_THRESHOLD) >= PARALLEL_THRESHOLD:
            worker_pool.discard(workers, wait=True)


def build_timeline(connect: Connect, log: Log, workers: int | None = None) -> dict:
    """Merge event mentions across documents into the timeline, incrementally.

    Only the merge buckets (merge.bucket_key) touched by documents added, changed or removed
    since the last build are re-merged: their old rows are replaced in one transaction, together
    with the document fingerprints (table timeline_inputs) the next run compares against. The
    first build, or one under changed merge rules, re-merges everything. Nothing changed: nothing
    is written. Memory stays bounded whatever the archive's size: mentions are read and merged
    TIMELINE_READ_MENTIONS (whole buckets) at a time, the merged events converted and inserted
    TIMELINE_INSERT_ROWS at a time, and DuckDB, capped at TIMELINE_DUCKDB_MEMORY, keeps the
    transaction's new rows on disk until COMMIT. Many mentions in several buckets are merged by
    the worker processes, whole buckets at a time, while this process writes what they return;
    the pool is ended afterwards.
    """
    workers = configured_workers() if workers is None else workers
    try:
        return _build_timeline(connect, log, workers)
    finally:
        worker_pool.discard(workers, wait=True)


def _build_timeline(connect: Connect, log: Log, workers: int) -> dict:
    started = time.perf_counter()
    with connect() as connection, store.memory_limit(connection, TIMELINE_DUCKDB_MEMORY):
        current = store.fetch(connection, "ops/timeline_fingerprints")
        stored = store.fetch(connection, "ops/timeline_stored_inputs")
        full = stored.is_empty() or (stored["rules_version"] != merge.RULES_VERSION).any()
        changed = current if full else _changed_documents(current, stored)
        if changed.is_empty():
            log("Timeline: up to date.")
            return {"events": 0, "mentions": 0, "buckets": 0, "documents": 0}
        _register_bucketed_mentions(connection)
        connection.register("changed_docs", changed.select("doc_id").to_arrow())
        touched = (pl.DataFrame(schema={"merge_bucket": pl.String}) if full
                   else store.fetch(connection, "ops/timeline_touched_buckets"))
        connection.register("touched_buckets", touched.to_arrow())
        bucket_sizes = store.fetch(connection, "ops/timeline_bucket_sizes", all_buckets=full)
        inputs = changed.filter(pl.col("fingerprint").is_not_null()).with_columns(
            rules_version=pl.lit(merge.RULES_VERSION))
        read = time.perf_counter()
        event_count = 0
        with store.transaction(connection):
            if full:
                for table in ("timeline", "timeline_inputs"):
                    connection.execute(store.read_sql("ops/clear_table").format(table=table))
            else:
                connection.execute(store.read_sql("ops/delete_timeline_buckets"))
                connection.execute(store.read_sql("ops/delete_timeline_inputs"))
            groups = _read_bucket_groups(connection, bucket_sizes)
            for events in _timeline_frames(groups, bucket_sizes, workers):
                store.insert_rows_via_parquet(connection, "timeline", events)
                event_count += events.height
            store.insert_rows_via_parquet(connection, "timeline_inputs", inputs)
            store.record_unchecked(connection, "timeline", (bucket_sizes if full else touched)[
                "merge_bucket"].to_list())
    mention_count = bucket_sizes["mentions"].sum()
    log(f"Timeline: {'rebuilt' if full else 're-merged'} {bucket_sizes.height} buckets of "
        f"{changed.height} changed documents: {event_count} events from {mention_count} mentions "
        f"(finding them {read - started:.1f} s, reading, merging and writing "
        f"{time.perf_counter() - read:.1f} s).")
    return {"events": event_count, "mentions": mention_count, "buckets": bucket_sizes.height,
            "documents": changed.height}


def _changed_documents(current: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """doc_id and current fingerprint (null: removed) of documents whose mentions differ from the
    ones the stored timeline was merged from."""
    previous = stored.select("doc_id", pl.col("fingerprint").alias("stored_fingerprint"))
    joined = current.join(previous, on="doc_id", how="full", coalesce=True)
    return joined.filter(pl.col("fingerprint").ne_missing(pl.col("stored_fingerprint"))).select(
        "doc_id", "fingerprint").sort("doc_id")


def _register_bucketed_mentions(connection: duckdb.DuckDBPyConnection) -> None:
    """The temporary view `bucketed_mentions`: event mentions with their merge bucket."""
    classes = pl.DataFrame({"lemma": list(merge.EVENT_CLASSES),
                            "event_class": list(merge.EVENT_CLASSES.values())},
                           schema={"lemma": pl.String, "event_class": pl.String})
    connection.register("event_class_map", classes.to_arrow())
    connection.execute(store.read_sql("ops/bucketed_mentions_view").format(
        coarse_after_days=int(merge.BUCKET_COARSE_AFTER_DAYS)))


TIMELINE_INSERT_ROWS = 20_000  # merged events converted and inserted at a time: bounds memory
# Mentions (whole buckets) read from the database and merged at a time, so the step's memory does
# not grow with the archive; each group's read scans event_mentions (0.3-0.5 s at 100,000 articles).
TIMELINE_READ_MENTIONS = 100_000
# DuckDB's buffer memory during the timeline step: the one write transaction's new rows beyond it
# go to disk until COMMIT instead of growing with the archive (store.memory_limit).
TIMELINE_DUCKDB_MEMORY = "256MB"
# Fewer mentions to merge, or one bucket: merging here beats shipping them out. (A run that added
# a few articles still has the warm workers of its extraction; a first build starts new ones.)
PARALLEL_MERGE_MENTIONS = 5_000
MERGE_TASK_MENTIONS = 20_000  # mentions (whole buckets) per worker task: bounds a worker's memory


def _bucket_groups(bucket_sizes: pl.DataFrame, limit: int) -> Iterator[list[str]]:
    """Consecutive buckets of (merge_bucket, mentions) rows, in order, grouped into lists of at
    most `limit` mentions (a larger bucket alone)."""
    group: list[str] = []
    mentions = 0
    for bucket, size in bucket_sizes.select("merge_bucket", "mentions").iter_rows():
        if group and mentions + size > limit:
            yield group
            group, mentions = [], 0
        group.append(bucket)
        mentions += size
    if group:
        yield group


_DOCUMENT_INFO_FIELDS = [field.name for field in dataclasses.fields(merge.DocumentInfo)]


def _read_bucket_groups(connection: duckdb.DuckDBPyConnection,
                        bucket_sizes: pl.DataFrame) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """Mention rows sorted by merge_bucket and their documents' infos, TIMELINE_READ_MENTIONS
    (whole buckets) at a time, each group read only when the previous one is merged or sent.
    The infos come with the mentions: a frame registered for a second query would stay in
    memory until the transaction ends."""
    for buckets in _bucket_groups(bucket_sizes, TIMELINE_READ_MENTIONS):
        connection.register("group_buckets", pl.DataFrame({"merge_bucket": buckets}).to_arrow())
        rows = store.fetch(connection, "ops/timeline_bucket_mentions")
        yield (rows.drop(_DOCUMENT_INFO_FIELDS[1:]),
               rows.select(_DOCUMENT_INFO_FIELDS).unique("doc_id"))


def _timeline_frames(groups: Iterable[tuple[pl.DataFrame, pl.DataFrame]],
                     bucket_sizes: pl.DataFrame, workers: int) -> Iterator[pl.DataFrame]:
    """The merged events of groups of (mention rows sorted by merge_bucket, document infos), as
    timeline frames: merged here, or, for many mentions (bucket_sizes) in several buckets and
    more than one worker, by the workers (buckets are independent, so the events are the same),
    at most two tasks per worker in flight."""
    if (workers < 2 or bucket_sizes["mentions"].sum() < PARALLEL_MERGE_MENTIONS
            or bucket_sizes.height < 2):
        for mention_rows, info_rows in groups:
            for events in _event_batches(_merge_sorted_buckets(mention_rows, info_rows)):
                yield frames.timeline_frame(events)
        return
    pool = worker_pool.pool(workers)
    in_flight: deque = deque()
    try:
        for mention_rows, info_rows in groups:
            for task in _merge_tasks(mention_rows, workers):
                infos = info_rows.filter(pl.col("doc_id").is_in(task["doc_id"].unique().implode()))
                in_flight.append(pool.submit(_merge_to_frame, task, infos))
                if len(in_flight) >= 2 * workers:
                    yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    finally:
        worker_pool.discard(workers, wait=not in_flight)  # a failed pool is not reused


def _merge_tasks(mention_rows: pl.DataFrame, workers: int) -> Iterator[pl.DataFrame]:
    """Whole buckets of mention rows sorted by merge_bucket, grouped into tasks of at most
    `size` rows (a larger bucket alone), `size` being MERGE_TASK_MENTIONS or an equal share per
    worker if smaller: largest bucket first, into the lightest task if it fits there, else into
    a new one. Each task's rows stay sorted."""
    size = min(MERGE_TASK_MENTIONS, -(-mention_rows.height // workers))
    loads = [(0, task) for task in range(workers)]
    groups: list[list[tuple[int, int]]] = [[] for _ in range(workers)]
    for start, length in sorted(_bucket_bounds(mention_rows), key=lambda bound: -bound[1]):
        load, task = loads[0]
        if load and load + length > size:
            load, task = 0, len(groups)
            groups.append([])
        else:
            heapq.heappop(loads)
        groups[task].append((start, length))
        heapq.heappush(loads, (load + length, task))
    for group in groups:
        if group:
            yield pl.concat([mention_rows.slice(start, length) for start, length in sorted(group)])


def _merge_to_frame(mention_rows: pl.DataFrame, info_rows: pl.DataFrame) -> pl.DataFrame:
    """Worker side: the timeline frame of some whole buckets' mentions."""
    return frames.timeline_frame(_merge_sorted_buckets(mention_rows, info_rows))


def _event_batches(events: Iterable) -> Iterator[list]:
    """Lists of at most TIMELINE_INSERT_ROWS events, as they come."""
    stream = iter(events)
    while batch := list(islice(stream, TIMELINE_INSERT_ROWS)):
        yield batch


_MENTION_FIELDS = [field.name for field in dataclasses.fields(extract.EventMention)]


def _merge_sorted_buckets(mention_rows: pl.DataFrame, info_rows: pl.DataFrame) -> Iterator:
    """Timeline events of mention rows sorted by merge_bucket, merged one bucket at a time so
    only one bucket's mentions exist as Python objects at once."""
    documents = {row["doc_id"]: merge.DocumentInfo(**row) for row in info_rows.filter(
        pl.col("doc_id").is_in(mention_rows["doc_id"].unique().implode())).iter_rows(named=True)}
    fields = mention_rows.select(_MENTION_FIELDS)  # in the dataclass's field order
    for start, length in _bucket_bounds(mention_rows):
        rows = fields.slice(start, length).iter_rows()
        yield from merge.merge_bucket_mentions([extract.EventMention(*row) for row in rows],
                                               documents)


def _bucket_bounds(mention_rows: pl.DataFrame) -> Iterator[tuple[int, int]]:
    """(first row, row count) of each bucket of mention rows sorted by merge_bucket."""
    bounds = mention_rows.with_row_index().group_by("merge_bucket", maintain_order=True).agg(
        start=pl.col("index").min(), length=pl.len())
    return bounds.select("start", "length").iter_rows()
