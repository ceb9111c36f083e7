"""Ingest across runs: every input file ends in exactly one of documents or rejected_documents,
whatever happened to it since the last run, and running again changes nothing."""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from tests.test_operations import SIDECAR, article_text, run_stages, snapshot, write_article
from tests.test_operations import private_staging  # noqa: F401 (autouse: batches in tmp_path)


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


def _same_stat(source: Path, target: Path) -> None:
    """Give `target` the modification time of `source`."""
    status = source.stat()
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))


@pytest.mark.parametrize("same_size_and_mtime", [True, False])
def test_a_document_id_stays_with_the_file_that_stored_it(tmp_path, same_size_and_mtime):
    news_a, news_b = tmp_path / "A" / "news", tmp_path / "B" / "news"
    original = write_article(news_a, 0)
    text = original.read_text(encoding="utf-8")
    other = write_article(news_b, 0)
    other.write_text(text.replace("meets", "meats") if same_size_and_mtime else article_text(5),
                     encoding="utf-8")
    if same_size_and_mtime:
        for name in (original.name, "article_0000.meta.json"):
            _same_stat(news_a / name, news_b / name)
    database = tmp_path / "t.duckdb"
    run_stages(database, news_a, news_b)
    reason = (f"article_0000.txt: document id 'news/article_0000.txt' already used by {original} "
              "(two input folders with the same name?)")
    assert _documents(database) == [("news/article_0000.txt", str(original))]
    assert _rejections(database) == [(str(other), reason)]
    after_both = snapshot(database)

    counts = run_stages(database, news_b)
    assert counts["documents"] == {"new": 0, "changed": 0, "unchanged": 0, "rejected": 1}
    assert snapshot(database) == after_both
    run_stages(database, news_a, news_b)
    assert snapshot(database) == after_both


def test_a_moved_article_takes_its_document_id_along(tmp_path):
    news_a, news_b = tmp_path / "A" / "news", tmp_path / "B" / "news"
    database = tmp_path / "t.duckdb"
    write_article(news_a, 0)
    run_stages(database, news_a)
    news_b.parent.mkdir()
    news_a.rename(news_b)
    counts = run_stages(database, news_b)
    assert counts["documents"] == {"new": 0, "changed": 0, "unchanged": 1, "rejected": 0}
    assert _documents(database) == [("news/article_0000.txt", str(news_b / "article_0000.txt"))]
    assert _rejections(database) == []
    after = snapshot(database)
    run_stages(database, news_b)
    assert snapshot(database) == after


def _stored_copies(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with dup1.txt and its copy dup2.txt, run once; (folder, database)."""
    folder, database = tmp_path / "qa-bad2", tmp_path / "t.duckdb"
    folder.mkdir()
    for name in ("dup1.txt", "dup2.txt"):
        (folder / name).write_text(article_text(0), encoding="utf-8")
    run_stages(database, folder)
    return folder, database


def test_duplicate_rejections_are_the_same_in_every_run(tmp_path):
    folder, database = _stored_copies(tmp_path)
    assert _rejections(database) == [(str(folder / "dup2.txt"),
                                      "dup2.txt: duplicate of qa-bad2/dup1.txt")]
    after = snapshot(database)
    run_stages(database, folder)
    assert snapshot(database) == after


def test_duplicates_are_judged_against_the_text_this_run_stores(tmp_path):
    """dup1 is stored, dup2 rejected as its copy; once dup1 is edited, one run accepts dup2."""
    folder, database = _stored_copies(tmp_path)
    (folder / "dup1.txt").write_text(article_text(0, revision=1), encoding="utf-8")
    counts = run_stages(database, folder)
    assert counts["documents"] == {"new": 1, "changed": 1, "unchanged": 0, "rejected": 0}
    assert _rejections(database) == []
    after = snapshot(database)
    run_stages(database, folder)
    assert snapshot(database) == after


def test_a_copy_walked_before_its_stored_original_waits_for_it(tmp_path):
    """a_copy.txt sorts before the stored b_original.txt it copies: it is rejected while the
    original keeps that text, and accepted in the run that changes the original."""
    folder, database = tmp_path / "inbox", tmp_path / "t.duckdb"
    folder.mkdir()
    (folder / "b_original.txt").write_text(article_text(0), encoding="utf-8")
    run_stages(database, folder)
    (folder / "a_copy.txt").write_text(article_text(0), encoding="utf-8")
    run_stages(database, folder)
    assert _rejections(database) == [(str(folder / "a_copy.txt"),
                                      "a_copy.txt: duplicate of inbox/b_original.txt")]
    (folder / "b_original.txt").write_text(article_text(0, revision=1), encoding="utf-8")
    counts = run_stages(database, folder)
    assert counts["documents"] == {"new": 1, "changed": 1, "unchanged": 0, "rejected": 0}
    assert [doc_id for doc_id, _ in _documents(database)] == ["inbox/a_copy.txt",
                                                               "inbox/b_original.txt"]
    assert _rejections(database) == []
    after = snapshot(database)
    run_stages(database, folder)
    assert snapshot(database) == after


def test_the_id_of_a_stored_article_that_becomes_invalid_goes_to_the_other_file(tmp_path):
    news_a, news_b = tmp_path / "A" / "news", tmp_path / "B" / "news"
    database = tmp_path / "t.duckdb"
    stored = write_article(news_a, 0)
    run_stages(database, news_a)
    other = write_article(news_b, 0, revision=1)
    stored.write_text("")
    run_stages(database, news_a, news_b)
    assert _documents(database) == [("news/article_0000.txt", str(other))]
    assert _rejections(database) == [(str(stored), "article_0000.txt: empty file")]
    after = snapshot(database)
    run_stages(database, news_a, news_b)
    assert snapshot(database) == after


def test_a_folder_passed_under_another_name_moves_its_documents_in_one_run(tmp_path):
    """`--input x/news`, then `--input x`: the files' ids change; each stored document moves to
    its new id in that run (no duplicate rejection against itself), and back again."""
    root, database = tmp_path / "x", tmp_path / "t.duckdb"
    for index in range(2):
        write_article(root / "news", index)
    run_stages(database, root / "news")
    assert [doc_id for doc_id, _ in _documents(database)] == ["news/article_0000.txt",
                                                              "news/article_0001.txt"]
    counts = run_stages(database, root)
    assert counts["documents"] == {"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}
    assert [doc_id for doc_id, _ in _documents(database)] == ["x/news/article_0000.txt",
                                                              "x/news/article_0001.txt"]
    assert _rejections(database) == []
    assert _rows(database, "SELECT DISTINCT doc_id FROM event_mentions ORDER BY ALL") == [
        ("x/news/article_0000.txt",), ("x/news/article_0001.txt",)]
    moved = snapshot(database)
    assert run_stages(database, root)["documents"]["unchanged"] == 2
    assert snapshot(database) == moved
    run_stages(database, root / "news")
    assert [doc_id for doc_id, _ in _documents(database)] == ["news/article_0000.txt",
                                                              "news/article_0001.txt"]


def test_a_folder_named_relatively_keeps_the_stored_paths(tmp_path, monkeypatch):
    folder, database = tmp_path / "articles", tmp_path / "t.duckdb"
    write_article(folder, 0)
    run_stages(database, folder)
    stored = snapshot(database)
    monkeypatch.chdir(tmp_path)
    counts = run_stages(database, Path("articles"))
    assert counts["documents"]["unchanged"] == 1 and snapshot(database) == stored
    assert _documents(database) == [("articles/article_0000.txt", str(folder / "article_0000.txt"))]


def _same_as_a_clean_run(tmp_path: Path, database: Path, *inputs: Path) -> None:
    """The tables equal a from-scratch run over `inputs`, and running again changes nothing."""
    fresh = tmp_path / "fresh.duckdb"
    run_stages(fresh, *inputs)
    assert snapshot(database, keep_detection_times=False) == snapshot(
        fresh, keep_detection_times=False)
    after = snapshot(database)
    run_stages(database, *inputs)
    assert snapshot(database) == after


@pytest.mark.parametrize("order", ["outer first", "inner first", "same folder twice"])
def test_a_folder_given_twice_or_inside_another_input_lists_each_file_once(tmp_path, order):
    """`--input x --input x/news` (or the other way round, or `--input x --input x`): each file
    is stored once, under the id of the first input that reaches it, and never rejected as a
    duplicate of itself; the runs after it change nothing."""
    root, database = tmp_path / "x", tmp_path / "t.duckdb"
    for index in range(2):
        write_article(root / "news", index)
    inputs = {"outer first": (root, root / "news"), "inner first": (root / "news", root),
              "same folder twice": (root, root)}[order]
    prefix = "news/" if order == "inner first" else "x/news/"
    expected = [(prefix + f"article_000{index}.txt", str(root / "news" / f"article_000{index}.txt"))
                for index in range(2)]
    counts = run_stages(database, *inputs)
    assert counts["documents"] == {"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}
    assert _documents(database) == expected
    assert _rejections(database) == []
    stored = snapshot(database)
    assert stored["event_mentions"]
    for _ in range(2):
        counts = run_stages(database, *inputs)
        assert counts["documents"] == {"new": 0, "changed": 0, "unchanged": 2, "rejected": 0}
        assert snapshot(database) == stored
    _same_as_a_clean_run(tmp_path, database, *inputs)


@pytest.mark.parametrize("move", ["renamed", "moved to another input folder"])
def test_a_renamed_or_moved_file_takes_its_old_document_over(tmp_path, move):
    """The stored document's file is gone and a file with its text appears elsewhere: that file
    is stored under its own id and the old document is removed with its rows, in one run."""
    news, database = tmp_path / "news", tmp_path / "t.duckdb"
    for index in range(2):
        write_article(news, index)
    run_stages(database, news)
    target = news if move == "renamed" else tmp_path / "other"
    target.mkdir(exist_ok=True)
    (news / "article_0001.txt").rename(target / "renamed.txt")
    (news / "article_0001.meta.json").rename(target / "renamed.meta.json")
    inputs = (news,) if move == "renamed" else (news, target)

    counts = run_stages(database, *inputs)
    assert counts["documents"] == {"new": 1, "changed": 0, "unchanged": 1, "rejected": 0}
    new_id = f"{target.name}/renamed.txt"
    assert _documents(database) == sorted([("news/article_0000.txt", str(news / "article_0000.txt")),
                                           (new_id, str(target / "renamed.txt"))])
    assert _rejections(database) == []
    for table in ("temporal_expressions", "event_mentions", "document_stages", "timeline_inputs"):
        assert _rows(database, f"SELECT count(*) FROM {table} "
                               "WHERE doc_id = 'news/article_0001.txt'") == [(0,)]
    assert _rows(database, f"SELECT count(*) FROM event_mentions WHERE doc_id = '{new_id}'"
                 ) != [(0,)]
    _same_as_a_clean_run(tmp_path, database, *inputs)


def test_a_renamed_file_given_alone_takes_its_old_document_over(tmp_path):
    """The new folder alone: the old document's folder is not given, but its file is gone."""
    news, other, database = tmp_path / "news", tmp_path / "other", tmp_path / "t.duckdb"
    write_article(news, 0)
    run_stages(database, news)
    other.mkdir()
    for name in ("article_0000.txt", "article_0000.meta.json"):
        (news / name).rename(other / name)
    counts = run_stages(database, other)
    assert counts["documents"] == {"new": 1, "changed": 0, "unchanged": 0, "rejected": 0}
    assert _documents(database) == [("other/article_0000.txt", str(other / "article_0000.txt"))]
    assert _rejections(database) == []
    _same_as_a_clean_run(tmp_path, database, other)


@pytest.mark.parametrize("files", [2, 3])
def test_stored_files_that_swap_their_texts_are_all_stored_in_one_run(tmp_path, files):
    """a.txt and b.txt (and c.txt) pass their texts round: no text is a duplicate of a stored
    document that changes in the same run, so one run stores every changed text."""
    folder, database = tmp_path / "d", tmp_path / "t.duckdb"
    folder.mkdir()
    paths = [folder / f"{name}.txt" for name in "abc"[:files]]
    texts = [f"{word} officials met in Oslo on May 12, 2025, to talk about the budget.\n"
             for word in ("One", "Two", "Six")[:files]]
    for path, text in zip(paths, texts):
        path.write_text(text, encoding="utf-8")
    run_stages(database, folder)
    for path, text in zip(paths, texts[1:] + texts[:1]):
        path.write_text(text, encoding="utf-8")

    counts = run_stages(database, folder)
    assert counts["documents"] == {"new": 0, "changed": files, "unchanged": 0, "rejected": 0}
    assert _rejections(database) == []
    assert _rows(database, "SELECT doc_id, text FROM documents ORDER BY doc_id") == [
        (f"d/{path.name}", text.strip()) for path, text in zip(paths, texts[1:] + texts[:1])]
    _same_as_a_clean_run(tmp_path, database, folder)


@pytest.mark.parametrize("name", ["story.txt", "story.TXT", "story.Txt"])
def test_an_orphan_sidecar_is_no_longer_rejected_once_its_text_file_uses_it(tmp_path, name):
    folder, database = tmp_path / "inbox", tmp_path / "t.duckdb"
    folder.mkdir()
    sidecar = folder / "story.meta.json"
    sidecar.write_text(json.dumps(SIDECAR), encoding="utf-8")
    run_stages(database, folder)
    assert _rejections(database) == [(str(sidecar), "story.meta.json: metadata sidecar without a "
                                                    "text file (expected 'story.txt' beside it)")]
    (folder / name).write_text(article_text(0), encoding="utf-8")
    counts = run_stages(database, folder)
    assert counts["documents"] == {"new": 1, "changed": 0, "unchanged": 0, "rejected": 0}
    assert _rows(database, "SELECT doc_id, source FROM documents") == [(f"inbox/{name}", "Test")]
    assert _rejections(database) == []
    _same_as_a_clean_run(tmp_path, database, folder)
