"""Ingest across runs: every input file ends in exactly one of documents or rejected_documents,
whatever happened to it since the last run, and running again changes nothing."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.test_operations import SIDECAR, article_text, run_stages, snapshot, write_article


def _rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def _documents(database: Path) -> list[tuple]:
    return _rows(database, "SELECT doc_id, source_path FROM documents ORDER BY doc_id")


def _rejections(database: Path) -> list[tuple]:
    return _rows(database, "SELECT source_path, reason FROM rejected_documents ORDER BY source_path")


def test_a_symbolic_link_loop_is_recorded_and_the_batch_goes_on(tmp_path):
    folder, database = tmp_path / "articles", tmp_path / "t.duckdb"
    write_article(folder, 0)
    (folder / "selfloop").symlink_to(folder / "selfloop")
    counts = run_stages(database, folder)
    assert counts["documents"] == {"new": 1, "changed": 0, "unchanged": 0, "rejected": 1}
    assert _documents(database) == [("articles/article_0000.txt", str(folder / "article_0000.txt"))]
    assert _rejections(database) == [(str(folder / "selfloop"), "selfloop: symbolic link that "
                                      "cannot be followed (Too many levels of symbolic links)")]


def _breakers() -> dict:
    """Ways an accepted article becomes invalid: (change to make, expected reason)."""
    return {
        "emptied": (lambda text, sidecar: text.write_text(""), "article_0001.txt: empty file"),
        "impossible date": (
            lambda text, sidecar: sidecar.write_text(
                json.dumps(dict(SIDECAR, publication_date="2025-02-30")), encoding="utf-8"),
            "article_0001.txt: metadata article_0001.meta.json: impossible publication date "
            "'2025-02-30'"),
    }


@pytest.mark.parametrize("breakage", list(_breakers()))
def test_a_stored_article_that_becomes_invalid_is_removed_with_everything_it_touched(
        tmp_path, breakage):
    folder, database = tmp_path / "articles", tmp_path / "t.duckdb"
    for index in range(3):
        write_article(folder, index)
    run_stages(database, folder)
    doc_id = "articles/article_0001.txt"
    merged = f"SELECT count(*) FROM timeline WHERE list_contains(doc_ids, '{doc_id}')"
    assert _rows(database, merged) != [(0,)]
    break_it, reason = _breakers()[breakage]
    break_it(folder / "article_0001.txt", folder / "article_0001.meta.json")

    counts = run_stages(database, folder)
    assert counts["documents"] == {"new": 0, "changed": 0, "unchanged": 2, "rejected": 1}
    assert counts["timeline"]["documents"] == 1
    assert doc_id not in [row[0] for row in _documents(database)]
    assert _rejections(database) == [(str(folder / "article_0001.txt"), reason)]
    for table in ("temporal_expressions", "event_mentions", "document_stages", "timeline_inputs"):
        assert _rows(database, f"SELECT count(*) FROM {table} WHERE doc_id = '{doc_id}'") == [(0,)]
    assert _rows(database, merged) == [(0,)]
    assert _rows(database, f"SELECT count(*) FROM timeline_evidence WHERE doc_id = '{doc_id}'"
                 ) == [(0,)]
    fresh = tmp_path / "fresh.duckdb"
    run_stages(fresh, folder)
    assert snapshot(database, keep_detection_times=False) == snapshot(
        fresh, keep_detection_times=False)
    after = snapshot(database)
    run_stages(database, folder)
    assert snapshot(database) == after
