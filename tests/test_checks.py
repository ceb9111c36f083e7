"""The asset checks examine what their asset rewrote since they last passed, and keep reporting
a bad row until it is fixed."""
from __future__ import annotations

import duckdb
import dagster as dg
import pytest

from pipeline.defs import checks
from pipeline.defs.resources import TimelineDatabase
from tests.conftest import SEEDS
from tests.test_pipeline_seeds import run_job


def unchecked(database) -> set[tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return set(connection.sql("SELECT asset, key FROM unchecked_changes").fetchall())


@pytest.fixture
def checked_database(tmp_path, monkeypatch):
    database = tmp_path / "timeline.duckdb"
    monkeypatch.setenv("TIMELINE_DB", str(database))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    run_job([SEEDS])  # asserts every check passed
    return database


def test_a_passing_run_leaves_nothing_unchecked(checked_database):
    assert unchecked(checked_database) == set()


def test_a_failing_check_keeps_reporting_until_the_row_is_fixed(checked_database):
    database = TimelineDatabase(database=str(checked_database))
    with duckdb.connect(str(checked_database)) as connection:
        event_id, bucket, mention_ids = connection.sql(
            "SELECT event_id, merge_bucket, mention_ids FROM timeline ORDER BY event_id "
            "LIMIT 1").fetchone()
        connection.execute("UPDATE timeline SET mention_ids = ['gone'] WHERE event_id = ?",
                           [event_id])
    # Not rewritten by a stage: the check has nothing to examine, so it passes.
    assert checks.timeline_rows_are_traceable(database=database).passed
    with duckdb.connect(str(checked_database)) as connection:
        connection.execute("INSERT INTO unchecked_changes VALUES ('timeline', ?)", [bucket])
    for _ in range(2):  # reported, and still reported on the next evaluation
        result = checks.timeline_rows_are_traceable(database=database)
        assert not result.passed
        assert result.metadata["failing_rows"] == dg.MetadataValue.int(1)
        assert ("timeline", bucket) in unchecked(checked_database)
    with duckdb.connect(str(checked_database)) as connection:
        connection.execute("UPDATE timeline SET mention_ids = ? WHERE event_id = ?",
                           [mention_ids, event_id])
    assert checks.timeline_rows_are_traceable(database=database).passed
    assert unchecked(checked_database) == set()


def test_each_stage_records_what_it_rewrote(checked_database, tmp_path):
    """A new article: its document, expressions and mentions, and the buckets it touched."""
    from tests.test_operations import run_stages, write_article
    write_article(tmp_path / "inbox", 7)
    run_stages(checked_database, tmp_path / "inbox")
    with duckdb.connect(str(checked_database), read_only=True) as connection:
        new_doc = connection.sql("SELECT doc_id FROM documents WHERE file_name = 'article_0007.txt'"
                                 ).fetchone()[0]
        buckets = {row[0] for row in connection.sql(
            "SELECT DISTINCT merge_bucket FROM timeline WHERE list_contains(doc_ids, ?)",
            params=[new_doc]).fetchall()}
    assert buckets
    assert unchecked(checked_database) == (
        {("documents", new_doc), ("temporal_expressions", new_doc), ("event_mentions", new_doc)}
        | {("timeline", bucket) for bucket in buckets})


def test_a_failing_check_stops_the_assets_downstream(checked_database):
    """The check runs in its asset's step and is blocking: the step fails, nothing downstream
    is materialized, and the run reports which check failed."""
    from pipeline.definitions import defs
    with duckdb.connect(str(checked_database)) as connection:
        doc_id = connection.sql("SELECT min(doc_id) FROM documents").fetchone()[0]
        connection.execute("UPDATE documents SET date_provenance = 'guessed' WHERE doc_id = ?",
                           [doc_id])
        connection.execute("INSERT INTO unchecked_changes VALUES ('documents', ?)", [doc_id])
    result = defs.resolve_job_def("timeline_job").execute_in_process(
        run_config={"ops": {"documents": {"config": {"input_dirs": [str(SEEDS)]}}}},
        instance=dg.DagsterInstance.get(), raise_on_error=False)
    assert not result.success
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    assert failed == ["documents"]
    materialized = {event.asset_key.to_user_string()
                    for event in result.get_asset_materialization_events()}
    assert materialized == {"documents"}
    evaluations = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
    assert evaluations == {"documents_have_dated_provenance": False}
