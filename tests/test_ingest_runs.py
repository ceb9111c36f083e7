"""Ingest across runs: every input file ends in exactly one of documents or rejected_documents,
whatever happened to it since the last run, and running again changes nothing."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

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
