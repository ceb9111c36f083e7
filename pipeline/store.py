"""DuckDB storage: applies `sql/`, writes polars frames in transactions, waits on the file lock.

DuckDB lets one process write a database file at a time (and a process that holds it open, even
read-only, keeps writers out). Callers compute first and open the database only to write; while
another process holds the file, `open_database` waits with a clear log line and gives up with an
actionable error after `lock_timeout` seconds.
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

REPO_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = REPO_ROOT / "sql"
DEFAULT_DATABASE = REPO_ROOT / "data" / "timeline.duckdb"
DEFAULT_LOCK_TIMEOUT_SECONDS = 300.0

# Tables whose rows belong to one document: a document's rows are replaced together.
DOCUMENT_TABLES = ("documents", "temporal_expressions", "event_mentions")
STAGES = ("temporal_expressions", "event_mentions")  # each stage writes the table of its name


class DatabaseLockedError(RuntimeError):
    """The database file stayed locked by another process for longer than the timeout."""


def database_path() -> Path:
    """The database file: $TIMELINE_DB, else data/timeline.duckdb in the repository."""
    return Path(os.environ.get("TIMELINE_DB") or DEFAULT_DATABASE)


def lock_timeout() -> float:
    """Seconds to wait for a locked database: $TIMELINE_LOCK_TIMEOUT, else 300."""
    return float(os.environ.get("TIMELINE_LOCK_TIMEOUT") or DEFAULT_LOCK_TIMEOUT_SECONDS)


@cache
def read_sql(name: str) -> str:
    """The text of `sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _lock_holder(error: Exception) -> str:
    match = re.search(r"PID (\d+)", str(error))
    return f"process {match.group(1)}" if match else "another process"


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text or "conflicting" in text


def connect_waiting(path: Path, *, read_only: bool = False, timeout: float | None = None,
                    log: Callable[[str], None] = print,
                    config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """Connect to `path`, waiting while another process holds its lock.

    Logs once when it starts waiting and once when the file is free; raises DatabaseLockedError
    with what to do after `timeout` seconds.
    """
    timeout = lock_timeout() if timeout is None else timeout
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    waited = False
    delay = 0.2
    while True:
        try:
            connection = duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as error:
            if not _is_lock_error(error):
                raise
            elapsed = time.monotonic() - started
            if elapsed >= timeout:
                raise DatabaseLockedError(
                    f"{path} is still locked by {_lock_holder(error)} after {elapsed:.0f} s. "
                    "Close that connection (analysts: disconnect or query a copy, see README "
                    "'Reading while the pipeline runs'), or raise TIMELINE_LOCK_TIMEOUT.") from error
            if not waited:
                log(f"Database {path} is locked by {_lock_holder(error)}; waiting up to "
                    f"{timeout:.0f} s for it to be released (TIMELINE_LOCK_TIMEOUT).")
                waited = True
            time.sleep(min(delay, max(timeout - elapsed, 0.05)))
            delay = min(delay * 1.5, 2.0)
            continue
        if waited:
            log(f"Database {path} is free after {time.monotonic() - started:.1f} s; continuing.")
        return connection


def apply_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the tables and (re)create the views from sql/schema.sql and sql/views.sql."""
    connection.execute(read_sql("schema"))
    connection.execute(read_sql("views"))


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, rolled back on any exception."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def fetch(connection: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run the query in `sql/<name>.sql` with named parameters; result as a polars frame."""
    return connection.execute(read_sql(name), params or None).pl()


def insert_rows(connection: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame) -> None:
    """Append a frame's rows to `table` (columns by name), within the caller's transaction."""
    if rows.height == 0:
        return
    columns = ", ".join(rows.columns)
    connection.register("incoming_rows", rows.to_arrow())
    try:
        connection.execute(read_sql("ops/insert_rows").format(table=table, columns=columns))
    finally:
        connection.unregister("incoming_rows")


@contextmanager
def memory_limit(connection: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """DuckDB's buffer memory capped at `limit` (e.g. '256MB') for the block, then back to its
    default: the setting belongs to the whole database instance, which other connections of this
    process may share."""
    connection.execute(read_sql("ops/limit_memory").format(limit=limit))
    try:
        yield
    finally:
        connection.execute(read_sql("ops/reset_memory_limit"))


def insert_rows_via_parquet(connection: duckdb.DuckDBPyConnection, table: str,
                            rows: pl.DataFrame) -> None:
    """insert_rows for long transactions: DuckDB's Python client keeps every Arrow frame a
    transaction scanned alive until COMMIT (memory growing with the rows written), so the frame
    goes through a temporary Parquet file, which leaves nothing behind in this process."""
    if rows.height == 0:
        return
    with tempfile.TemporaryDirectory(prefix="timeline-insert-") as folder:
        path = str(Path(folder) / "rows.parquet")
        rows.write_parquet(path, compression="uncompressed", statistics=False)
        connection.execute(read_sql("ops/insert_parquet").format(
            table=table, columns=", ".join(rows.columns)), {"path": path})


def replace_document_rows(connection: duckdb.DuckDBPyConnection, table: str,
                          doc_ids: Sequence[str], rows: pl.DataFrame) -> None:
    """Within the caller's transaction: drop `table`'s rows of `doc_ids`, insert `rows`."""
    if table not in DOCUMENT_TABLES + ("document_stages",):
        raise ValueError(f"not a per-document table: {table}")
    if doc_ids:
        connection.register("doc_ids", pl.DataFrame({"doc_id": list(doc_ids)}).to_arrow())
        try:
            connection.execute(read_sql("ops/delete_documents").format(table=table))
        finally:
            connection.unregister("doc_ids")
    insert_rows(connection, table, rows)


def remove_documents(connection: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Within the caller's transaction: drop every row of `doc_ids` (documents, their stages' rows
    and records); the next timeline build re-merges the buckets they took part in."""
    for table in DOCUMENT_TABLES + ("document_stages",):
        replace_document_rows(connection, table, doc_ids, pl.DataFrame())


def record_unchecked(connection: duckdb.DuckDBPyConnection, asset: str,
                     keys: Sequence[str]) -> None:
    """Within the caller's transaction: note that `asset` rewrote `keys` (doc_ids, or merge buckets
    for the timeline), for its asset check to examine."""
    insert_rows(connection, "unchecked_changes",
                pl.DataFrame({"asset": [asset] * len(keys), "key": list(keys)},
                             schema={"asset": pl.String, "key": pl.String}))


def write_stage(connection: duckdb.DuckDBPyConnection, stage: str, processed: pl.DataFrame,
                rows: pl.DataFrame) -> None:
    """Atomically replace a stage's rows for the processed documents and record their versions.

    `processed` has doc_id and content_sha256 of every document the stage just handled (also those
    that produced no rows), so the next run knows they are done.
    """
    if stage not in STAGES:
        raise ValueError(f"not a stage: {stage}")
    table = stage
    doc_ids = processed["doc_id"].to_list()
    with transaction(connection):
        replace_document_rows(connection, table, doc_ids, rows)
        connection.register("doc_ids", pl.DataFrame({"doc_id": doc_ids}).to_arrow())
        try:
            connection.execute(read_sql("ops/delete_stage"), {"stage": stage})
        finally:
            connection.unregister("doc_ids")
        insert_rows(connection, "document_stages",
                processed.select("doc_id", pl.lit(stage).alias("stage"), "content_sha256"))
        record_unchecked(connection, stage, doc_ids)


def record_rejections(connection: duckdb.DuckDBPyConnection, seen_paths: Sequence[str],
                      rejections: pl.DataFrame, now) -> None:
    """Within the caller's transaction: replace the refusals of the files seen in this run; an
    unchanged refusal keeps its first detection time."""
    connection.register("seen_paths", pl.DataFrame({"source_path": list(seen_paths)},
                                                   schema={"source_path": pl.String}).to_arrow())
    connection.register("incoming_rejections", rejections.to_arrow())
    try:
        rows = fetch(connection, "ops/record_rejections", now=now)
        connection.execute(read_sql("ops/delete_rejections"))
        insert_rows(connection, "rejected_documents", rows)
    finally:
        connection.unregister("seen_paths")
        connection.unregister("incoming_rejections")
