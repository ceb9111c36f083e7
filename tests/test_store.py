"""The DuckDB store: schema, transactions, refusals and waiting on another process's lock."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import datetime

import polars as pl
import pytest

from pipeline import frames, store


@pytest.fixture()
def connection(tmp_path):
    connection = store.connect_waiting(tmp_path / "t.duckdb")
    store.apply_schema(connection)
    yield connection
    connection.close()


def test_schema_is_idempotent_and_commented(connection):
    store.apply_schema(connection)
    tables = {row[0] for row in connection.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"documents", "rejected_documents", "temporal_expressions", "event_mentions",
            "timeline", "document_stages"} <= tables
    uncommented = connection.sql(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE comment IS NULL AND NOT internal "
        "AND table_name IN (SELECT table_name FROM duckdb_tables() UNION ALL "
        "                   SELECT view_name FROM duckdb_views() WHERE NOT internal)").fetchall()
    assert uncommented == []
    views = connection.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL")
    assert views.fetchall() == []


def _timex_rows(doc_id: str, values: list[str]) -> pl.DataFrame:
    return pl.DataFrame([{"timex_id": f"{doc_id}:{i}", "doc_id": doc_id, "start_char": i,
                          "end_char": i + 1, "text": "x", "type": "DATE", "value": value,
                          "mod": None, "date_start": None, "date_end": None, "granularity": None,
                          "anchor_value": None, "anchor_source": "none", "doc_type": "news"}
                         for i, value in enumerate(values)], schema=frames.TIMEX_SCHEMA)


def test_write_stage_replaces_a_documents_rows_and_records_its_version(connection):
    processed = pl.DataFrame({"doc_id": ["d1"], "content_sha256": ["v1"]})
    store.write_stage(connection, "temporal_expressions", processed, _timex_rows("d1", ["2014", "2015"]))
    store.write_stage(connection, "temporal_expressions",
                      processed.with_columns(content_sha256=pl.lit("v2")), _timex_rows("d1", ["2016"]))
    assert connection.sql("SELECT value FROM temporal_expressions").fetchall() == [("2016",)]
    assert connection.sql("SELECT content_sha256 FROM document_stages").fetchall() == [("v2",)]


def test_failed_write_rolls_back_completely(connection):
    processed = pl.DataFrame({"doc_id": ["d1"], "content_sha256": ["v1"]})
    store.write_stage(connection, "temporal_expressions", processed, _timex_rows("d1", ["2014"]))
    broken = _timex_rows("d1", ["2020"]).with_columns(text=pl.lit(None, pl.String))  # NOT NULL
    with pytest.raises(Exception):
        store.write_stage(connection, "temporal_expressions",
                          processed.with_columns(content_sha256=pl.lit("v2")), broken)
    assert connection.sql("SELECT value FROM temporal_expressions").fetchall() == [("2014",)]
    assert connection.sql("SELECT content_sha256 FROM document_stages").fetchall() == [("v1",)]


def test_rejections_keep_first_detection_and_clear_when_fixed(connection):
    seen = ["a.txt", "b.txt"]
    first = pl.DataFrame({"source_path": ["a.txt"], "reason": ["empty file"]})
    store.record_rejections(connection, seen, first, datetime(2025, 1, 1))
    store.record_rejections(connection, seen, first, datetime(2026, 1, 1))
    assert connection.sql("SELECT * FROM rejected_documents").fetchall() == [
        ("a.txt", "empty file", datetime(2025, 1, 1))]
    store.record_rejections(connection, seen, frames.rejections_frame([]), datetime(2026, 1, 1))
    assert connection.sql("SELECT count(*) FROM rejected_documents").fetchone() == (0,)


def _hold_lock(path, seconds: float) -> subprocess.Popen:
    script = textwrap.dedent(f"""
        import duckdb, sys, time
        connection = duckdb.connect({str(path)!r})
        print("locked", flush=True)
        time.sleep({seconds})
        connection.close()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_waits_for_another_process_then_proceeds(tmp_path):
    path = tmp_path / "held.duckdb"
    holder = _hold_lock(path, 2.0)
    messages: list[str] = []
    started = time.monotonic()
    connection = store.connect_waiting(path, timeout=60, log=messages.append)
    waited = time.monotonic() - started
    connection.close()
    holder.wait()
    assert waited >= 1.0
    assert "locked by process" in messages[0] and "waiting up to 60 s" in messages[0]
    assert "free after" in messages[-1]


def test_gives_up_with_an_actionable_message(tmp_path):
    path = tmp_path / "held.duckdb"
    holder = _hold_lock(path, 10.0)
    try:
        with pytest.raises(store.DatabaseLockedError, match="TIMELINE_LOCK_TIMEOUT"):
            store.connect_waiting(path, timeout=1.0, log=lambda _: None)
    finally:
        holder.kill()
        holder.wait()


def test_rows_inserted_through_parquet_equal_rows_inserted_directly(connection):
    rows = _timex_rows("d1", ["2024", "2025-06"])
    with store.transaction(connection):
        store.insert_rows(connection, "temporal_expressions", rows)
    direct = connection.sql("SELECT * FROM temporal_expressions ORDER BY ALL").fetchall()
    connection.execute("DELETE FROM temporal_expressions")
    with pytest.raises(RuntimeError), store.transaction(connection):
        store.insert_rows_via_parquet(connection, "temporal_expressions", rows)
        raise RuntimeError("killed")
    assert connection.sql("SELECT count(*) FROM temporal_expressions").fetchone() == (0,)
    with store.transaction(connection):
        store.insert_rows_via_parquet(connection, "temporal_expressions", rows)
    assert connection.sql("SELECT * FROM temporal_expressions ORDER BY ALL").fetchall() == direct


def test_memory_limit_holds_for_the_block_only_even_when_it_fails(connection):
    def current() -> str:
        return connection.sql("SELECT current_setting('memory_limit')").fetchone()[0]

    default = current()
    with store.memory_limit(connection, "256MB"):
        assert current() == "244.1 MiB"
    assert current() == default
    with pytest.raises(RuntimeError), store.memory_limit(connection, "128MB"):
        assert current() != default
        raise RuntimeError("the step failed")
    assert current() == default
