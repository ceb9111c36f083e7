"""Parallel batches: workers stage Parquet, the loader compacts it into DuckDB; nothing is lost or
duplicated, and the result equals a one-process run."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys

import duckdb
import pytest

from pipeline import stages, store


def _write_articles(folder, count: int) -> None:
    folder.mkdir()
    for index in range(count):
        (folder / f"a{index:02d}.txt").write_text(
            f"Talks {index} were held on Monday. Officials will meet again on June {index + 1}, "
            f"and the report covers the years since {1990 + index}.\n", encoding="utf-8")
        (folder / f"a{index:02d}.meta.json").write_text(
            json.dumps({"publication_date": "2025-05-28", "source": "Test"}), encoding="utf-8")


def _tag_all(tmp_path, articles, name: str, workers: int) -> list[tuple]:
    database = tmp_path / f"{name}.duckdb"
    connect = lambda: contextlib.closing(store.connect_waiting(database))  # noqa: E731
    stages.prepare(connect)
    stages.ingest_documents(connect, [articles], lambda _: None)
    summary = stages.tag_documents(connect, lambda _: None, workers=workers)
    assert summary["documents"] == 12
    with duckdb.connect(str(database), read_only=True) as connection:
        stage_rows = connection.sql("SELECT count(*), count(DISTINCT doc_id) FROM document_stages").fetchone()
        assert stage_rows == (12, 12)
        return connection.sql("SELECT * FROM temporal_expressions ORDER BY ALL").fetchall()


def test_two_workers_lose_and_duplicate_nothing(tmp_path, monkeypatch):
    articles = tmp_path / "articles"
    _write_articles(articles, 12)
    monkeypatch.setenv("TIMELINE_STAGING", str(tmp_path / "staging"))
    monkeypatch.setattr(stages, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setitem(stages.PARALLEL_BATCH_SIZES, "temporal_expressions", 3)  # 4 batches, 2 at a time
    parallel = _tag_all(tmp_path, articles, "parallel", workers=2)
    serial = _tag_all(tmp_path, articles, "serial", workers=1)
    assert parallel == serial
    assert len(parallel) == len({row[0] for row in parallel}) >= 36  # unique timex ids, 3+ per article
    assert not list((tmp_path / "staging").rglob("*.parquet"))  # every staged batch was loaded


@pytest.mark.parametrize("value", ["1", "3"])
def test_worker_count_comes_from_the_environment(monkeypatch, value):
    monkeypatch.setenv("TIMELINE_WORKERS", value)
    assert stages.configured_workers() == int(value)


def test_worker_server_preloads_the_model_in_a_single_thread():
    """Workers fork from a server holding the spaCy model; forking is only safe (no lock held by
    another thread) when that server runs one thread."""
    probe = ("import os, pipeline.worker_preload as p; "
             "print(len(os.listdir('/proc/self/task')), p.extract.load_nlp.cache_info().currsize)")
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("needs Linux /proc")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.split() == ["1", "1"]


def test_extraction_of_one_document_runs_in_a_warm_worker(tmp_path, monkeypatch):
    """Below the pool threshold, extraction still goes to a worker (which has spaCy loaded), and
    its rows equal those computed in this process."""
    articles = tmp_path / "articles"
    _write_articles(articles, 1)
    monkeypatch.setenv("TIMELINE_STAGING", str(tmp_path / "staging"))
    results = {}
    for workers in (2, 1):
        database = tmp_path / f"w{workers}.duckdb"
        connect = lambda: contextlib.closing(store.connect_waiting(database))  # noqa: E731
        stages.prepare(connect)
        stages.ingest_documents(connect, [articles], lambda _: None)
        stages.tag_documents(connect, lambda _: None, workers=workers)
        messages = []
        stages.extract_events(connect, messages.append, workers=workers)
        assert any("(parallel)" in message for message in messages) == (workers > 1)
        with duckdb.connect(str(database), read_only=True) as connection:
            results[workers] = connection.sql("SELECT * FROM event_mentions ORDER BY ALL").fetchall()
    assert results[2] == results[1] and results[1]


def test_a_worker_tells_a_running_process_from_an_ended_one():
    from pipeline import workers

    assert workers.is_alive(os.getpid())
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert not workers.is_alive(ended.pid)


def _use_a_pool_and_return() -> None:
    from pipeline import workers
    assert list(workers.pool(2).map(abs, [-1, -2])) == [1, 2]


def test_a_process_that_used_workers_ends_without_ending_them_itself():
    """A stage run in a multiprocessing child (a step under Dagster's multiprocess executor)
    leaves its pool for a next stage that never comes: the child must still end, not wait
    forever at exit for workers that wait for it."""
    import multiprocessing
    child = multiprocessing.get_context("spawn").Process(target=_use_a_pool_and_return)
    child.start()
    child.join(90)
    alive = child.is_alive()
    if alive:
        child.kill()
    assert not alive and child.exitcode == 0


def test_leftover_batches_of_ended_runs_are_discarded_and_running_ones_kept(tmp_path):
    """Two runs may stage at once (even for one database): each in its own folder, and a run
    cleans up only what ended processes left."""
    import socket

    import polars as pl

    from pipeline import staging
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    host = socket.gethostname()
    running = tmp_path / "event_mentions" / f"run-{host}-{os.getppid()}" / "a.parquet"
    dead = tmp_path / "event_mentions" / f"run-{host}-{ended.pid}" / "b.parquet"
    flat = tmp_path / "event_mentions" / "c.parquet"  # the layout before run folders
    for path in (running, dead, flat):
        path.parent.mkdir(parents=True, exist_ok=True)
        pl.DataFrame({"doc_id": ["x"]}).write_parquet(path)
    assert staging.discard_leftovers(str(tmp_path), "event_mentions") == 2
    assert running.exists() and not dead.exists() and not dead.parent.exists() and not flat.exists()
    docs = pl.DataFrame({"doc_id": ["x"], "content_sha256": ["s"]})
    assert f"/run-{host}-{os.getpid()}/" in staging.batch_path(str(tmp_path), "event_mentions", docs)
