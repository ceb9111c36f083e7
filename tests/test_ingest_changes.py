"""Change detection at ingest: unchanged files are not read; metadata edits re-run every stage."""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

from pipeline.core import ingest
from tests.test_operations import SIDECAR, run_stages, snapshot, write_articles


def _rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def test_unchanged_files_are_not_read_again(tmp_path, monkeypatch):
    folder, database = tmp_path / "articles", tmp_path / "t.duckdb"
    write_articles(folder, range(4))
    run_stages(database, folder)
    before = snapshot(database)
    reads = []
    original = ingest._read_regular_file
    monkeypatch.setattr(ingest, "_read_regular_file",
                        lambda path, *args: reads.append(path) or original(path, *args))
    second = run_stages(database, folder)
    assert reads == []
    assert second["documents"] == {"new": 0, "changed": 0, "unchanged": 4, "rejected": 0}
    assert snapshot(database) == before


def test_a_touched_file_is_read_but_nothing_is_redone(tmp_path, monkeypatch):
    folder, database = tmp_path / "articles", tmp_path / "t.duckdb"
    write_articles(folder, range(3))
    run_stages(database, folder)
    touched = folder / "article_0001.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    second = run_stages(database, folder)
    assert second["documents"]["unchanged"] == 3
    assert second["temporal_expressions"]["documents"] == 0
    assert second["event_mentions"]["documents"] == 0
    stored = _rows(database, "SELECT source_fingerprint FROM documents WHERE doc_id LIKE '%0001.txt'")
    assert stored == [(ingest.source_fingerprint(touched),)]


def test_a_new_publication_date_in_the_sidecar_re_anchors_the_document(tmp_path):
    folder, database = tmp_path / "articles", tmp_path / "t.duckdb"
    write_articles(folder, range(3))
    run_stages(database, folder)
    query = ("SELECT value FROM temporal_expressions WHERE doc_id LIKE '%0002.txt' "
             "AND anchor_source = 'dct' ORDER BY start_char")
    old_values = _rows(database, query)
    sidecar = folder / "article_0002.meta.json"
    sidecar.write_text(json.dumps(dict(SIDECAR, publication_date="2023-03-01")), encoding="utf-8")
    second = run_stages(database, folder)
    assert second["documents"] == {"new": 0, "changed": 1, "unchanged": 2, "rejected": 0}
    assert second["temporal_expressions"]["documents"] == 1
    assert second["event_mentions"]["documents"] == 1
    new_values = _rows(database, query)
    assert new_values and new_values != old_values
    assert all(value[:4] in ("2022", "2023") for (value,) in new_values if value[:1].isdigit())
    fresh = tmp_path / "fresh.duckdb"
    run_stages(fresh, folder)
    assert snapshot(database, keep_detection_times=False) == snapshot(fresh, keep_detection_times=False)


def test_a_run_over_a_new_folder_adds_to_the_database(tmp_path):
    """New articles arriving in a folder of their own: the archive's documents stay, and the
    tables equal one run over both folders."""
    archive, inbox = tmp_path / "archive", tmp_path / "inbox"
    write_articles(archive, range(3))
    write_articles(inbox, range(3, 4))
    database = tmp_path / "added.duckdb"
    run_stages(database, archive)
    added = run_stages(database, inbox)
    assert added["documents"] == {"new": 1, "changed": 0, "unchanged": 0, "rejected": 0}
    assert _rows(database, "SELECT count(*) FROM documents") == [(4,)]

    together = tmp_path / "together.duckdb"
    run_stages(together, archive, inbox)
    assert snapshot(database, keep_detection_times=False) == snapshot(
        together, keep_detection_times=False)
