"""Incremental timeline builds: only touched merge buckets are re-merged, and the result always
equals a fresh build from the same inputs (hand-built mentions; no parser needed)."""
from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import frames, stages, store
from pipeline.core.events import merge
from tests.events.test_event_merge import mention

# (value, trigger, lemma, description, actors, location): events several documents report.
EVENTS = [
    ("2025-06-02", "talks", "talk", "talks on the budget in Geneva", ["Ana Ruiz"], "Geneva"),
    ("2025-06", "Meeting", "meetings", "a meeting on the budget", ["Ana Ruiz"], None),
    ("2024-11-03", "strike", "strike", "the rail strike by union leaders", ["Union"], None),
    ("2024", "strike", "strike", "the rail strike by union leaders", ["Union"], None),
    ("2023-02", "strike", "strike", "the rail strike by union leaders", ["Union"], None),
    ("2020-W53", "flood", "flood", "floods hit the port of Riga", [], "Riga"),
    ("202", "boom", "boom", "a housing boom in Lima", [], "Lima"),
    ("2025-05-28", "suggested", "suggest", "Lavrov suggested new talks", ["Sergey Lavrov"], None),
    ("2025-05-27", "announced", "announce", "Lavrov announced new talks", ["Sergei Lavrov"], None),
]
TABLES = ("timeline", "timeline_inputs")


def document_mentions(doc_id: str, index: int, revision: int = 0) -> list:
    """Four mentions of EVENTS for document `index` (another choice for another revision)."""
    chosen = [EVENTS[(index + revision + 2 * k) % len(EVENTS)] for k in range(4)]
    return [mention(doc_id, 10 * k, value, trigger, description, actors, location, lemma=lemma)
            for k, (value, trigger, lemma, description, actors, location) in enumerate(chosen)]


class Corpus:
    """A database whose documents and event_mentions rows the test writes directly."""

    def __init__(self, path: Path):
        self.path = path
        stages.prepare(self.connect)

    def connect(self):
        return contextlib.closing(store.connect_waiting(self.path))

    def put(self, revisions: dict[int, int], published: date = date(2025, 5, 28)) -> None:
        """Store (or replace) the documents {index: revision} with their mentions."""
        doc_ids = [f"doc{index:02d}" for index in revisions]
        documents = pl.DataFrame({
            "doc_id": doc_ids, "source_path": doc_ids, "file_name": doc_ids,
            "source": [f"Wire {index % 3}" for index in revisions],
            "publication_date": [published] * len(doc_ids), "date_provenance": "metadata",
            "doc_type": "news", "text": "...", "char_count": 3,
            "content_sha256": [f"{index}-{revision}" for index, revision in revisions.items()],
            "encoding": "utf-8", "warnings": [[] for _ in doc_ids]},
            schema_overrides={"warnings": pl.List(pl.String), "char_count": pl.Int32})
        mentions = [m for doc_id, (index, revision) in zip(doc_ids, revisions.items())
                    for m in document_mentions(doc_id, index, revision)]
        with self.connect() as connection:
            self._delete(connection, doc_ids)
            connection.register("new_documents", documents.to_arrow())
            connection.register("new_mentions", frames.mentions_frame(mentions).to_arrow())
            connection.execute("INSERT INTO documents BY NAME SELECT * FROM new_documents")
            connection.execute("INSERT INTO event_mentions BY NAME SELECT * FROM new_mentions")

    def remove(self, index: int) -> None:
        with self.connect() as connection:
            self._delete(connection, [f"doc{index:02d}"])

    @staticmethod
    def _delete(connection, doc_ids: list[str]) -> None:
        for table in ("documents", "event_mentions"):
            connection.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [doc_ids])

    def build(self) -> dict:
        return stages.build_timeline(self.connect, lambda _: None)

    def rows(self, table: str, with_rowid: bool = False) -> list:
        columns = "rowid, *" if with_rowid else "*"
        with duckdb.connect(str(self.path), read_only=True) as connection:
            return connection.sql(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


def fresh_build(path: Path, documents: dict[int, int]) -> Corpus:
    """A database built once from {document index: revision}."""
    corpus = Corpus(path)
    corpus.put(documents)
    corpus.build()
    return corpus


def test_builds_in_several_runs_equal_one_fresh_build(tmp_path):
    corpus = Corpus(tmp_path / "incremental.duckdb")
    corpus.put({index: 0 for index in range(5)})
    first = corpus.build()
    assert first["documents"] == 5 and first["events"] > 0
    corpus.put({5: 0, 6: 0, 7: 0})
    assert corpus.build()["documents"] == 3
    corpus.put({2: 1})
    corpus.put({4: 0}, published=date(2025, 6, 3))  # same mentions, new publication date
    assert corpus.build()["documents"] == 2
    corpus.remove(3)
    assert corpus.build()["documents"] == 1

    fresh = fresh_build(tmp_path / "fresh.duckdb", {0: 0, 1: 0, 2: 1, 5: 0, 6: 0, 7: 0})
    fresh.put({4: 0}, published=date(2025, 6, 3))
    fresh.build()
    for table in TABLES:
        assert corpus.rows(table) == fresh.rows(table), table
    assert not any("doc03" in row[13] for row in corpus.rows("timeline"))  # doc_ids column


def test_a_run_with_nothing_new_rewrites_nothing(tmp_path):
    corpus = fresh_build(tmp_path / "t.duckdb", {index: 0 for index in range(6)})
    before = {table: corpus.rows(table, with_rowid=True) for table in TABLES}
    assert corpus.build() == {"events": 0, "mentions": 0, "buckets": 0, "documents": 0}
    assert {table: corpus.rows(table, with_rowid=True) for table in TABLES} == before


def test_a_new_document_rewrites_only_its_buckets(tmp_path, monkeypatch):
    corpus = fresh_build(tmp_path / "t.duckdb", {index: 0 for index in range(6)})
    before = corpus.rows("timeline")
    corpus.put({6: 0})
    touched = {merge.bucket_key(m) for m in document_mentions("doc06", 6)}
    inserted = []
    insert = store.insert_rows_via_parquet
    monkeypatch.setattr(store, "insert_rows_via_parquet", lambda connection, table, rows: (
        inserted.append((table, rows)), insert(connection, table, rows)))
    result = corpus.build()
    assert result["buckets"] == len(touched) < len({row[-1] for row in before})
    timeline_rows = next(rows for table, rows in inserted if table == "timeline")
    assert set(timeline_rows["merge_bucket"]) == touched
    assert timeline_rows.height == result["events"]
    after = corpus.rows("timeline")
    assert [row for row in before if row[-1] not in touched] == [
        row for row in after if row[-1] not in touched]
    assert len(after) == len(before) - sum(row[-1] in touched for row in before) + result["events"]


def test_a_failed_write_keeps_the_old_timeline(tmp_path, monkeypatch):
    corpus = fresh_build(tmp_path / "t.duckdb", {index: 0 for index in range(4)})
    before = {table: corpus.rows(table) for table in TABLES}
    corpus.put({4: 0, 1: 2})
    insert = store.insert_rows_via_parquet

    def fail_on_inputs(connection, table, rows):
        insert(connection, table, rows)
        if table == "timeline_inputs":
            raise RuntimeError("killed")

    monkeypatch.setattr(store, "insert_rows_via_parquet", fail_on_inputs)
    with pytest.raises(RuntimeError, match="killed"):
        corpus.build()
    assert {table: corpus.rows(table) for table in TABLES} == before
    monkeypatch.setattr(store, "insert_rows_via_parquet", insert)
    assert corpus.build()["documents"] == 2
    fresh = fresh_build(tmp_path / "fresh.duckdb", {0: 0, 1: 2, 2: 0, 3: 0, 4: 0})
    assert corpus.rows("timeline") == fresh.rows("timeline")


def test_changed_merge_rules_rebuild_everything(tmp_path, monkeypatch):
    corpus = fresh_build(tmp_path / "t.duckdb", {index: 0 for index in range(5)})
    before = corpus.rows("timeline")
    monkeypatch.setattr(merge, "RULES_VERSION", "other-rules")
    assert corpus.build()["documents"] == 5
    assert corpus.rows("timeline") == before
    assert {row[2] for row in corpus.rows("timeline_inputs")} == {"other-rules"}


def test_sql_buckets_match_merge_bucket_key(tmp_path):
    corpus = fresh_build(tmp_path / "t.duckdb", {index: 0 for index in range(len(EVENTS))})
    with corpus.connect() as connection:
        stages._register_bucketed_mentions(connection)
        rows = connection.sql("SELECT * FROM bucketed_mentions").pl()
    fields = rows.drop("merge_bucket").to_dicts()
    assert rows["merge_bucket"].to_list() == [
        merge.bucket_key(merge.EventMention(**row)) for row in fields]
    assert {"talks|2025", "flood|2020", "boom|coarse", "proposal|2025"} <= set(rows["merge_bucket"])


def test_events_inserted_in_small_batches_equal_one_insert(tmp_path, monkeypatch):
    whole = fresh_build(tmp_path / "whole.duckdb", {index: 0 for index in range(6)})
    monkeypatch.setattr(stages, "TIMELINE_INSERT_ROWS", 2)
    batched = fresh_build(tmp_path / "batched.duckdb", {index: 0 for index in range(6)})
    assert len(whole.rows("timeline")) > 2
    assert batched.rows("timeline") == whole.rows("timeline")


def spy_on_merge_tasks(monkeypatch) -> list:
    """Send every merge with two or more buckets to the workers, in tasks of at most 5 mentions
    (a larger bucket alone); the list of tasks made."""
    monkeypatch.setattr(stages, "PARALLEL_MERGE_MENTIONS", 0)
    monkeypatch.setattr(stages, "MERGE_TASK_MENTIONS", 5)
    tasks = []
    merge_tasks = stages._merge_tasks
    monkeypatch.setattr(stages, "_merge_tasks", lambda rows, workers: (
        tasks.append(task) or task for task in merge_tasks(rows, workers)))
    return tasks


def assert_whole_buckets(frames: list, limit: int, mentions: int) -> None:
    """More than two frames of mention rows, `mentions` rows in all, no bucket split across
    frames, and at most `limit` rows in a frame unless it holds a single bucket."""
    buckets = [set(frame["merge_bucket"]) for frame in frames]
    assert len(frames) > 2 and sum(frame.height for frame in frames) == mentions
    assert sum(map(len, buckets)) == len(set().union(*buckets))
    assert all(frame.height <= limit or len(names) == 1 for frame, names in zip(frames, buckets))


def test_merging_in_worker_processes_equals_merging_here(tmp_path, monkeypatch):
    documents = {index: 0 for index in range(8)}
    here = Corpus(tmp_path / "here.duckdb")
    here.put(documents)
    stages.build_timeline(here.connect, lambda _: None, workers=1)
    chunks = spy_on_merge_tasks(monkeypatch)
    parallel = Corpus(tmp_path / "parallel.duckdb")
    parallel.put(documents)
    stages.build_timeline(parallel.connect, lambda _: None, workers=2)
    assert_whole_buckets(chunks, limit=5, mentions=len(documents) * 4)
    for table in TABLES:
        assert parallel.rows(table) == here.rows(table), table


def test_an_incremental_re_merge_in_worker_processes_equals_merging_here(tmp_path, monkeypatch):
    """Adding an article: its buckets re-merged by the workers equal them re-merged here, and
    equal a fresh build."""
    tasks = spy_on_merge_tasks(monkeypatch)
    results = {}
    for workers in (1, 2):
        corpus = Corpus(tmp_path / f"workers{workers}.duckdb")
        corpus.put({index: 0 for index in range(8)})
        stages.build_timeline(corpus.connect, lambda _: None, workers=workers)
        corpus.put({8: 0})
        tasks.clear()
        counts = stages.build_timeline(corpus.connect, lambda _: None, workers=workers)
        assert 0 < counts["buckets"] < len(corpus.rows("timeline"))
        assert (len(tasks) >= 2) == (workers == 2)
        results[workers] = {table: corpus.rows(table) for table in TABLES}
    fresh = Corpus(tmp_path / "fresh.duckdb")
    fresh.put({index: 0 for index in range(9)})
    stages.build_timeline(fresh.connect, lambda _: None, workers=1)
    assert results[1] == results[2] == {table: fresh.rows(table) for table in TABLES}


def spy_on_mention_groups(monkeypatch) -> list:
    """The mention frames the build reads from the database, one per group of buckets."""
    groups = []
    fetch = store.fetch

    def spying_fetch(connection, name, **params):
        rows = fetch(connection, name, **params)
        if name == "ops/timeline_bucket_mentions":
            groups.append(rows)
        return rows

    monkeypatch.setattr(store, "fetch", spying_fetch)
    return groups


@pytest.mark.parametrize("workers", [1, 2])
def test_mentions_read_in_bounded_groups_equal_one_read(tmp_path, monkeypatch, workers):
    documents = {index: 0 for index in range(8)}
    whole = Corpus(tmp_path / "whole.duckdb")
    whole.put(documents)
    stages.build_timeline(whole.connect, lambda _: None, workers=workers)
    spy_on_merge_tasks(monkeypatch)
    monkeypatch.setattr(stages, "TIMELINE_READ_MENTIONS", 7)
    groups = spy_on_mention_groups(monkeypatch)
    grouped = Corpus(tmp_path / "grouped.duckdb")
    grouped.put(documents)
    stages.build_timeline(grouped.connect, lambda _: None, workers=workers)
    assert_whole_buckets(groups, limit=7, mentions=len(documents) * 4)
    for table in TABLES:
        assert grouped.rows(table) == whole.rows(table), table


@pytest.mark.parametrize("first_build", [True, False])
def test_a_crash_between_groups_keeps_the_previous_timeline(tmp_path, monkeypatch, first_build):
    """A failure after some groups' events were written (a full rebuild under new merge rules,
    or an incremental one) leaves timeline and timeline_inputs as they were."""
    corpus = fresh_build(tmp_path / "t.duckdb", {index: 0 for index in range(6)})
    before = {table: corpus.rows(table) for table in TABLES}
    if first_build:
        monkeypatch.setattr(merge, "RULES_VERSION", "other-rules")
    else:
        corpus.put({6: 0, 1: 1})
    monkeypatch.setattr(stages, "TIMELINE_READ_MENTIONS", 3)
    groups = spy_on_mention_groups(monkeypatch)
    read_group = stages._read_bucket_groups

    def crash_at_third_group(connection, bucket_sizes):
        for number, group in enumerate(read_group(connection, bucket_sizes)):
            if number == 2:
                raise RuntimeError("killed")
            yield group

    monkeypatch.setattr(stages, "_read_bucket_groups", crash_at_third_group)
    inserted = []
    insert = store.insert_rows_via_parquet
    monkeypatch.setattr(store, "insert_rows_via_parquet", lambda connection, table, rows: (
        inserted.append(table), insert(connection, table, rows)))
    with pytest.raises(RuntimeError, match="killed"):
        corpus.build()
    assert len(groups) == 3 and inserted.count("timeline") >= 2  # two groups' events written
    assert {table: corpus.rows(table) for table in TABLES} == before
