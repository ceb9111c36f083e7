"""Ingest: files -> Documents with publication context, or a Rejection naming file and problem."""
from __future__ import annotations

import hashlib
import html
import json
import os
import pathlib
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.core import ingest
from pipeline.core.ingest import (MAX_FILE_BYTES, Document, Rejection, document_id, ingest_file,
                                  ingest_paths)

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / ".." / "shared" / "corpora"
TODAY = date(2025, 6, 30)
ARTICLE = "Headline about talks\nOfficials met on Wednesday to discuss a ceasefire.\n"


def write(folder: Path, name: str, content: bytes | str, meta: dict | str | None = None) -> Path:
    """Write an article (and its sidecar: a dict as JSON, a str verbatim) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if meta is not None:
        sidecar = folder / (name[:-len(".txt")] + ".meta.json")
        sidecar.write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return path


def ingest_one(path: Path, today: date = TODAY) -> Document | Rejection:
    return ingest_file(path, path.parent, today=today)


def rejected(item, *fragments: str) -> bool:
    """True when `item` is a Rejection whose reason contains every fragment."""
    return isinstance(item, Rejection) and all(fragment in item.reason for fragment in fragments)


# ---------------------------------------------------------------- the seeds

def test_seeds_ingest_with_their_metadata():
    items = list(ingest_paths([REPO / "seeds"], today=TODAY))
    assert all(isinstance(item, Document) for item in items), items
    by_name = {item.file_name: item for item in items}
    assert sorted(by_name) == ["000_f2529bc020c90fee.txt", "004_bde6570ed3d2c3de.txt"]

    examiner = by_name["000_f2529bc020c90fee.txt"]
    assert examiner.doc_id == "seeds/000_f2529bc020c90fee.txt"
    assert examiner.publication_date == date(2025, 5, 28)
    assert examiner.date_provenance == "metadata"
    assert examiner.source == "Washington Examiner"
    assert examiner.metadata == {"reprinted_by": "Colorado Politics"}
    assert examiner.title == (
        "Russia suggests new peace talks with Ukraine to be scheduled in Istanbul")
    assert examiner.text.startswith(examiner.title + "\n")
    assert "Must-Reads" not in examiner.text
    assert examiner.text.endswith("if he will agree to the June 2 meeting.")
    assert examiner.warnings == []

    unknown = by_name["004_bde6570ed3d2c3de.txt"]
    assert unknown.publication_date == date(2025, 5, 28)
    assert unknown.date_provenance == "assigned"
    assert "assigned" in unknown.date_note and "unknown" in unknown.date_note
    assert unknown.source is None
    assert unknown.title == "Russia Seeks Peace Talks with Ukraine in Istanbul on June 2"
    assert unknown.content_sha256 == hashlib.sha256(unknown.text.encode()).hexdigest()


# ---------------------------------------------------------------- bad input

def test_empty_file_is_rejected(tmp_path):
    item = ingest_one(write(tmp_path, "blank.txt", b""))
    assert rejected(item, "blank.txt", "empty file")


def test_whitespace_only_file_is_rejected(tmp_path):
    item = ingest_one(write(tmp_path, "spaces.txt", " \n\t\r\n  \n"))
    assert rejected(item, "spaces.txt", "empty file (whitespace only)")


def test_nul_bytes_mean_binary(tmp_path):
    item = ingest_one(write(tmp_path, "image.txt", b"text\x00\x01\x02more text"))
    assert rejected(item, "image.txt", "binary file (NUL bytes)")


def test_mostly_control_characters_mean_binary(tmp_path):
    item = ingest_one(write(tmp_path, "noise.txt", bytes(range(1, 32)) * 20 + b"some words"))
    assert rejected(item, "noise.txt", "binary file (mostly non-text")


def test_utf16_binary_noise_is_still_binary(tmp_path):
    item = ingest_one(write(tmp_path, "noise16.txt", b"\xff\xfe" + b"\x01\x00" * 50))
    assert rejected(item, "noise16.txt", "binary file (mostly non-text")


def test_known_binary_format_is_named(tmp_path):
    item = ingest_one(write(tmp_path, "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"))
    assert rejected(item, "report.txt", "PDF document")


def test_invalid_utf8_is_decoded_as_windows_1252_with_a_warning(tmp_path):
    raw = "Caf\u00e9 owners said \u201cno\u201d \u2013 again.\n".encode("cp1252")
    item = ingest_one(write(tmp_path, "legacy.txt", raw))
    assert isinstance(item, Document)
    assert item.text == "Caf\u00e9 owners said \u201cno\u201d \u2013 again."
    assert item.encoding == "cp1252"
    assert item.warnings[0] == "not valid UTF-8; decoded as Windows-1252"


def test_bytes_undefined_in_windows_1252_fall_back_to_latin1(tmp_path):
    item = ingest_one(write(tmp_path, "old.txt", b"Se\xf1or \x81Garc\xeda spoke."))
    assert isinstance(item, Document)
    assert item.encoding == "latin-1"
    assert item.text == "Se\u00f1or Garc\u00eda spoke."  # the C1 control \x81 is dropped
    assert "decoded as Latin-1" in item.warnings[0]
    assert "removed 1 control character(s)" in item.warnings


def test_a_stray_windows_1252_byte_in_utf8_text_keeps_the_utf8(tmp_path):
    raw = "Kyiv \u2014 Zelensky\u2019s office said".encode() + b" \x93hello\x94."
    item = ingest_one(write(tmp_path, "mixed.txt", raw))
    assert isinstance(item, Document)
    assert item.text == "Kyiv \u2014 Zelensky\u2019s office said \u201chello\u201d."
    assert item.encoding == "utf-8+cp1252"
    assert "invalid bytes as Windows-1252" in item.warnings[0]


def test_one_utf8_character_beside_more_stray_windows_1252_bytes_keeps_the_utf8(tmp_path):
    raw = "Caf\u00e9".encode() + b" owners said \x93no\x94 \x96 again."
    item = ingest_one(write(tmp_path, "mixed.txt", raw))
    assert item.text == "Caf\u00e9 owners said \u201cno\u201d \u2013 again."
    assert item.encoding == "utf-8+cp1252"


def test_utf8_bom_is_stripped(tmp_path):
    item = ingest_one(write(tmp_path, "bom.txt", b"\xef\xbb\xbfHello world"))
    assert isinstance(item, Document)
    assert item.text == "Hello world" and item.encoding == "utf-8-sig"


def test_utf16_with_bom_is_decoded(tmp_path):
    item = ingest_one(write(tmp_path, "notepad.txt", "Kyiv \u2013 talks".encode("utf-16")))
    assert isinstance(item, Document)
    assert item.text == "Kyiv \u2013 talks" and item.encoding == "utf-16"


def test_crlf_and_lone_cr_are_normalized(tmp_path):
    lf = ingest_one(write(tmp_path, "lf.txt", "One\nTwo  \nThree\n"))
    crlf = ingest_one(write(tmp_path, "crlf.txt", b"One\r\nTwo  \r\nThree\r\n"))
    old_mac = ingest_one(write(tmp_path, "cr.txt", b"One\rTwo\rThree"))
    assert lf.text == crlf.text == old_mac.text == "One\nTwo\nThree"
    assert crlf.content_sha256 == lf.content_sha256


def test_stray_control_characters_are_removed_with_a_warning(tmp_path):
    item = ingest_one(write(tmp_path, "ctl.txt", b"Page one\x0cPage two\x1b[0m ends"))
    assert isinstance(item, Document)
    assert item.text == "Page one\nPage two[0m ends"
    assert "removed 1 control character(s)" in item.warnings


def test_oversized_file_is_rejected_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space used

    def refuse_to_open(*args, **kwargs):
        raise AssertionError("an oversized file must not be opened")

    monkeypatch.setattr(pathlib.Path, "open", refuse_to_open)
    item = ingest_one(path)
    assert rejected(item, "huge.txt", "file too large",
                    "5,242,881 bytes > 5,242,880 bytes, 5.0 MiB limit")


def test_file_at_the_size_limit_is_accepted(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 64)
    assert isinstance(ingest_one(write(tmp_path, "fits.txt", "x" * 64)), Document)
    assert rejected(ingest_one(write(tmp_path, "over.txt", "x" * 65)), "file too large")


@pytest.mark.parametrize("sidecar, problem", [
    ('{"publication_date": "2025-05-28",', "invalid JSON"),
    ('["2025-05-28"]', "must be a JSON object, got array"),
    ('{"publication_date": 20250528}', "'publication_date' must be a JSON string, got number"),
    ('{"publication_date": "May 28, 2025"}', "unknown date format 'May 28, 2025'"),
    ('{"publication_date": "2025-5-28"}', "unknown date format"),
    ('{"source": "AP"}', "missing required key 'publication_date'"),
    ('{"publication_date": "2025-05-28", "exclude_lines": "Ads"}',
     "'exclude_lines' must be a JSON array, got string"),
    ('{"publication_date": "2025-05-28", "exclude_lines": ["Ads", 3]}',
     "'exclude_lines' must be a list of strings"),
    ('{"publication_date": "2025-05-28", "doc_type": "blog"}', "'doc_type' must be one of"),
    ('{"publication_date": "2025-05-28", "date_status": "assigned"}', "needs a 'date_note'"),
    ('{"publication_date": "2025-05-28", "title": ["a"]}', "'title' must be a JSON string, got array"),
    ('{"publication_date": "2025-05-28", "score": NaN}', "NaN is not a JSON value"),
    ("[" * 100_000, "invalid JSON"),
    ('{"publication_date": "2025-05-28", "publication_date": "2025-05-29"}',
     "duplicate key 'publication_date'"),
    ('{"publication_date": "2025-05-28", "authors": [{"name": "A", "name": "B"}]}',
     "duplicate key 'name'"),
    ('{"publication_date": "0001-01-01"}',
     "publication date 0001-01-01 is before 1800-01-01, too early for an article"),
    ('{"publication_date": "1799-12-31"}', "before 1800-01-01"),
])
def test_malformed_metadata_names_the_sidecar_and_the_problem(tmp_path, sidecar, problem):
    item = ingest_one(write(tmp_path, "story.txt", ARTICLE, meta=sidecar))
    assert rejected(item, "story.meta.json", problem), item


def test_sidecar_that_is_not_utf8_is_rejected(tmp_path):
    path = write(tmp_path, "story.txt", ARTICLE)
    (tmp_path / "story.meta.json").write_bytes(b'{"source": "Caf\xe9"}')
    assert rejected(ingest_one(path), "story.meta.json", "not valid UTF-8")


def test_impossible_publication_date_is_rejected(tmp_path):
    item = ingest_one(write(tmp_path, "feb.txt", ARTICLE, meta={"publication_date": "2025-02-30"}))
    assert rejected(item, "feb.meta.json", "impossible publication date '2025-02-30'")


def test_future_publication_date_is_rejected(tmp_path):
    meta = {"publication_date": "2025-07-01"}
    item = ingest_one(write(tmp_path, "later.txt", ARTICLE, meta=meta))
    assert rejected(item, "later.meta.json", "in the future", "2025-06-30")


def test_publication_date_on_the_earliest_plausible_day_is_accepted(tmp_path):
    item = ingest_one(write(tmp_path, "old.txt", ARTICLE, meta={"publication_date": "1800-01-01"}))
    assert isinstance(item, Document) and item.publication_date == date(1800, 1, 1)


def test_publication_date_on_today_is_accepted(tmp_path):
    item = ingest_one(write(tmp_path, "now.txt", ARTICLE, meta={"publication_date": "2025-06-30"}))
    assert isinstance(item, Document) and item.publication_date == TODAY


def test_duplicate_content_names_the_original(tmp_path):
    folder = tmp_path / "inbox"
    write(folder, "a_original.txt", ARTICLE)
    write(folder, "b_copy.txt", ARTICLE.replace("\n", "\r\n"))
    original, copy = ingest_paths([folder], today=TODAY)
    assert isinstance(original, Document)
    assert rejected(copy, "b_copy.txt", "duplicate of inbox/a_original.txt")


def test_duplicate_of_an_already_stored_document(tmp_path):
    folder = tmp_path / "inbox"
    write(folder, "again.txt", ARTICLE)
    sha = hashlib.sha256(ARTICLE.strip().encode()).hexdigest()
    [item] = ingest_paths([folder], known_hashes={sha: "archive/first.txt"}, today=TODAY)
    assert rejected(item, "again.txt: duplicate of archive/first.txt")


def test_a_copy_of_a_stored_document_whose_file_is_gone_takes_it_over(tmp_path):
    folder = tmp_path / "inbox"
    write(folder, "renamed.txt", ARTICLE)
    sha = hashlib.sha256(ARTICLE.strip().encode()).hexdigest()
    for old_path, accepted in ((folder / "old.txt", True), (tmp_path / "elsewhere.txt", False)):
        if not accepted:
            old_path.write_text(ARTICLE, encoding="utf-8")
        [item] = ingest_paths([folder], known_hashes={sha: "inbox/old.txt"},
                              known_paths={"inbox/old.txt": str(old_path)}, today=TODAY)
        assert (isinstance(item, Document) and item.doc_id == "inbox/renamed.txt") == accepted
        assert accepted or rejected(item, "renamed.txt: duplicate of inbox/old.txt")


def test_stored_files_that_swap_their_texts_are_not_duplicates(tmp_path):
    folder = tmp_path / "d"
    texts = ["One article about talks.", "Two articles about talks."]
    paths = [write(folder, name, text) for name, text in zip(("a.txt", "b.txt"), texts[::-1])]
    shas = [hashlib.sha256(text.encode()).hexdigest() for text in texts]
    items = list(ingest_paths([folder], known_hashes={shas[0]: "d/a.txt", shas[1]: "d/b.txt"},
                              known_paths={"d/a.txt": str(paths[0]), "d/b.txt": str(paths[1])},
                              today=TODAY))
    assert sorted((item.doc_id, item.text) for item in items if isinstance(item, Document)) == [
        ("d/a.txt", texts[1]), ("d/b.txt", texts[0])]


def test_unchanged_stored_document_is_not_its_own_duplicate(tmp_path):
    folder = tmp_path / "inbox"
    write(folder, "same.txt", ARTICLE)
    [first] = ingest_paths([folder], today=TODAY)
    [again] = ingest_paths([folder], known_hashes={first.content_sha256: first.doc_id}, today=TODAY)
    assert again == first


def test_same_doc_id_from_two_input_folders_is_rejected(tmp_path):
    write(tmp_path / "a" / "news", "story.txt", ARTICLE)
    write(tmp_path / "b" / "news", "story.txt", "Another article entirely.")
    first, second = ingest_paths([tmp_path / "a" / "news", tmp_path / "b" / "news"], today=TODAY)
    assert isinstance(first, Document) and first.doc_id == "news/story.txt"
    assert rejected(second, "document id 'news/story.txt' already used")


def test_a_file_reached_by_two_inputs_is_listed_once_by_the_first(tmp_path):
    root = tmp_path / "x"
    write(root / "news", "story.txt", ARTICLE, meta={"publication_date": "2025-05-28"})
    (root / "news" / "loop").symlink_to(root / "news" / "loop")
    for inputs, doc_id in (([root, root / "news"], "x/news/story.txt"),
                           ([root / "news", root], "news/story.txt"),
                           ([root, root, root / "news" / "story.txt"], "x/news/story.txt")):
        items = list(ingest_paths(inputs, today=TODAY))
        assert [type(item) for item in items] == [Rejection, Document]
        assert rejected(items[0], "loop: symbolic link that cannot be followed")
        assert items[1].doc_id == doc_id


def test_file_name_with_spaces_and_non_ascii_letters(tmp_path):
    name = "Caf\u00e9 r\u00e9sum\u00e9 \u2013 \u0141\u00f3d\u017a news.txt"
    item = ingest_one(write(tmp_path, name, ARTICLE, meta={"publication_date": "2025-05-28"}))
    assert isinstance(item, Document)
    assert item.file_name == name
    assert item.doc_id == f"{tmp_path.name}/{name}"
    assert item.publication_date == date(2025, 5, 28)


def test_decomposed_file_name_gets_the_composed_id(tmp_path):
    decomposed = "Cafe\u0301.txt"
    assert document_id(tmp_path, tmp_path / decomposed) == f"{tmp_path.name}/Caf\u00e9.txt"


def test_file_name_that_is_not_utf8_is_rejected_readably(tmp_path):
    raw_name = os.fsdecode(b"bad\xffname.txt")
    path = write(tmp_path, raw_name, ARTICLE)
    item = ingest_one(path)
    assert rejected(item, "bad\\xffname.txt", "file name is not valid UTF-8")
    item.source_path.encode("utf-8")  # storable as text


def test_broken_sidecar_link_is_not_silently_ignored(tmp_path):
    path = write(tmp_path, "story.txt", ARTICLE)
    (tmp_path / "story.meta.json").symlink_to(tmp_path / "gone.json")
    assert rejected(ingest_one(path), "story.meta.json", "cannot read")


def test_default_today_allows_the_earliest_time_zone():
    utc_today = datetime.now(timezone.utc).date()
    assert ingest.latest_date_on_earth() - utc_today in (timedelta(0), timedelta(days=1))


def test_fifo_is_rejected_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert rejected(ingest_one(tmp_path / "pipe.txt"), "pipe.txt", "not a regular file")


# ---------------------------------------------------------------- metadata

def test_sidecar_fields_unknown_keys_and_furniture(tmp_path):
    text = "Subscribe now\nHeadline\nBody sentence one.\n  Subscribe now  \nBody two.\nShare this"
    meta = {"publication_date": "2025-05-28", "source": " Kyiv Post ", "url": "https://x.test/a",
            "title": "Given title", "doc_type": "narrative", "authors": ["A. Writer"],
            "reprinted_by": None, "exclude_lines": ["Subscribe now", "Share this", "Not there"]}
    item = ingest_one(write(tmp_path, "full.txt", text, meta=meta))
    assert isinstance(item, Document)
    assert item.text == "Headline\nBody sentence one.\nBody two."
    assert (item.title, item.source, item.url, item.doc_type) == (
        "Given title", "Kyiv Post", "https://x.test/a", "narrative")
    assert item.metadata == {"authors": ["A. Writer"]}
    assert item.date_provenance == "metadata"
    assert item.date_note == "publication_date in full.meta.json"
    assert item.warnings == ["exclude_lines entry not found in the text: 'Not there'"]


def test_excluding_every_line_is_a_rejection(tmp_path):
    meta = {"publication_date": "2025-05-28", "exclude_lines": ["Only line"]}
    item = ingest_one(write(tmp_path, "furniture.txt", "Only line\n", meta=meta))
    assert rejected(item, "furniture.txt", "no text left after removing exclude_lines")


def test_assigned_date_keeps_its_note(tmp_path):
    meta = {"publication_date": "2025-05-28", "date_status": "assigned",
            "date_note": "undated wire copy; day of the reported announcement"}
    item = ingest_one(write(tmp_path, "wire.txt", ARTICLE, meta=meta))
    assert (item.date_provenance, item.date_note) == (
        "assigned", "undated wire copy; day of the reported announcement")


# ---------------------------------------------------------------- date fallbacks

@pytest.mark.parametrize("first_lines, expected", [
    ("WASHINGTON, May 28, 2025 (AP) -- Russia proposed talks.", date(2025, 5, 28)),
    ("May 28, 2025 -- Russia proposed talks.", date(2025, 5, 28)),
    ("2025-05-28\nRussia proposed talks.", date(2025, 5, 28)),
    ("LONDON, 28 May 2025 (Reuters) - Russia proposed talks.", date(2025, 5, 28)),
    ("KYIV, Ukraine, Aug. 7, 1998 -- Bombs exploded.", date(1998, 8, 7)),
    ("Talks headline\nPublished: Wednesday, May 28, 2025 10:32 AM\nBody.", date(2025, 5, 28)),
    ("Talks headline\nUpdated 4:05 p.m. EDT, Sept. 3, 2024\nBody.", date(2024, 9, 3)),
    ("Talks headline\nBy Jane Doe | June 2nd, 2025\nBody.", date(2025, 6, 2)),
])
def test_dateline_dates_a_document_without_sidecar(tmp_path, first_lines, expected):
    item = ingest_one(write(tmp_path, "nodate.txt", first_lines + "\nMore text follows here."))
    assert isinstance(item, Document)
    assert (item.publication_date, item.date_provenance) == (expected, "dateline")
    assert item.date_note.startswith("dateline on line ")


@pytest.mark.parametrize("text", [
    "Officials said on May 16, 2025 that talks would resume.",
    "Headline\nOne\nTwo\nThree\nFour\nFive\nSix\nMay 28, 2025 -- too deep to be a dateline.",
    "WASHINGTON, February 30, 2025 (AP) -- impossible dates are not datelines.",
    "Reuters, 28/05/2025 - numeric day/month order is ambiguous.",
])
def test_dates_that_are_not_datelines_are_ignored(tmp_path, text):
    item = ingest_one(write(tmp_path, "plain.txt", text))
    assert item.date_provenance == "file_mtime"


def test_future_dateline_is_ignored_with_a_warning(tmp_path):
    item = ingest_one(write(tmp_path, "story-2025-01-02.txt", "July 4, 2025 -- Fireworks."))
    assert (item.publication_date, item.date_provenance) == (date(2025, 1, 2), "filename")
    assert "ignored dateline 'July 4, 2025': it lies in the future" in item.warnings


@pytest.mark.parametrize("name, expected", [
    ("APW19980807.0261.txt", date(1998, 8, 7)),
    ("NYT19980206.0460.txt", date(1998, 2, 6)),
    ("2025-05-28-talks.txt", date(2025, 5, 28)),
    ("talks_2025_05_28.txt", date(2025, 5, 28)),
    ("AP900815-0044.txt", date(1990, 8, 15)),
    ("ea980120.1830.0071.txt", date(1998, 1, 20)),
])
def test_date_in_the_file_name(tmp_path, name, expected):
    item = ingest_one(write(tmp_path, name, ARTICLE))
    assert (item.publication_date, item.date_provenance) == (expected, "filename")
    assert "date in the file name" in item.date_note


@pytest.mark.parametrize("name", ["report-20251399.txt", "000_f2529bc020c90fee.txt",
                                  "2025-05_28.txt", "id120250528.txt"])
def test_file_names_without_a_real_date(tmp_path, name):
    assert ingest_one(write(tmp_path, name, ARTICLE)).date_provenance == "file_mtime"


def test_dateline_wins_over_file_name(tmp_path):
    item = ingest_one(write(tmp_path, "APW19980807.0261.txt", "Aug. 8, 1998 -- Rescue work."))
    assert (item.publication_date, item.date_provenance) == (date(1998, 8, 8), "dateline")


def test_sidecar_wins_over_dateline(tmp_path):
    meta = {"publication_date": "1998-08-09"}
    item = ingest_one(write(tmp_path, "APW19980807.0261.txt", "Aug. 8, 1998 -- Work.", meta=meta))
    assert (item.publication_date, item.date_provenance) == (date(1998, 8, 9), "metadata")


def test_modification_time_is_the_last_resort_and_says_so(tmp_path):
    path = write(tmp_path, "undated.txt", ARTICLE)
    stamp = datetime(2024, 3, 5, 12, 0, tzinfo=timezone.utc).timestamp()
    os.utime(path, (stamp, stamp))
    item = ingest_one(path)
    assert (item.publication_date, item.date_provenance) == (date(2024, 3, 5), "file_mtime")
    assert "modification time" in item.date_note
    assert any("guess" in warning for warning in item.warnings)


def test_title_falls_back_to_a_headline_like_first_line(tmp_path):
    assert ingest_one(write(tmp_path, "a.txt", ARTICLE)).title == "Headline about talks"
    sentence_first = ingest_one(write(tmp_path, "b.txt", "It rained. Then it stopped.\nMore."))
    assert sentence_first.title is None
    dateline_first = ingest_one(write(tmp_path, "c.txt", "May 28, 2025\nBody text."))
    assert dateline_first.title is None


# ---------------------------------------------------------------- folders

def test_folder_walk_is_recursive_sorted_and_skips_nothing(tmp_path):
    root = tmp_path / "drop"
    write(root, "b.txt", "Second article.", meta={"publication_date": "2025-05-01"})
    write(root / "a_sub", "inner.txt", "Nested article.")
    write(root, "c.txt", "Third article.")
    (root / "notes.md").write_text("# notes")
    (root / "orphan.meta.json").write_text('{"publication_date": "2025-05-01"}')
    items = list(ingest_paths([root], today=TODAY))
    paths = [Path(item.source_path).relative_to(root).as_posix() for item in items]
    assert paths == ["a_sub/inner.txt", "b.txt", "c.txt", "notes.md", "orphan.meta.json"]
    assert [type(item).__name__ for item in items] == [
        "Document", "Document", "Document", "Rejection", "Rejection"]
    assert items[0].doc_id == "drop/a_sub/inner.txt"
    assert rejected(items[3], "notes.md", "not a .txt file")
    assert rejected(items[4], "orphan.meta.json", "without a text file", "'orphan.txt'")


def test_missing_input_folder_is_reported(tmp_path):
    [item] = ingest_paths([tmp_path / "nowhere"], today=TODAY)
    assert rejected(item, "nowhere", "input folder not found")


def test_single_file_input(tmp_path):
    path = write(tmp_path / "one", "story.txt", ARTICLE, meta={"publication_date": "2025-05-02"})
    [item] = ingest_paths([path], today=TODAY)
    assert item.doc_id == "one/story.txt" and item.publication_date == date(2025, 5, 2)


def test_sidecar_given_alone_points_to_its_text(tmp_path):
    write(tmp_path, "story.txt", ARTICLE, meta={"publication_date": "2025-05-02"})
    item = ingest_one(tmp_path / "story.meta.json")
    assert rejected(item, "story.meta.json", "metadata sidecar of story.txt")


def test_symlinked_folder_is_reported_not_followed(tmp_path):
    write(tmp_path / "real", "story.txt", ARTICLE)
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    [item] = ingest_paths([tmp_path / "drop"], today=TODAY)
    assert rejected(item, "link", "symbolic link to a folder")


def test_symbolic_link_loops_are_rejected_and_the_walk_goes_on(tmp_path):
    drop = tmp_path / "drop"
    write(drop, "b_story.txt", ARTICLE)
    (drop / "a_selfloop").symlink_to(drop / "a_selfloop")
    (drop / "c_loop.txt").symlink_to(drop / "c_loop.txt")
    write(drop / "d_sub", "inner.txt", "Nested article.")
    (drop / "d_sub" / "e_loop.meta.json").symlink_to(drop / "d_sub" / "e_loop.meta.json")
    items = list(ingest_paths([drop, drop / "a_selfloop"], today=TODAY))
    assert [Path(item.source_path).name for item in items] == [
        "a_selfloop", "b_story.txt", "c_loop.txt", "e_loop.meta.json", "inner.txt", "a_selfloop"]
    loop = "symbolic link that cannot be followed (Too many levels of symbolic links)"
    assert rejected(items[0], "a_selfloop: " + loop)
    assert isinstance(items[1], Document) and isinstance(items[4], Document)
    assert rejected(items[2], "c_loop.txt: " + loop)
    assert rejected(items[3], "e_loop.meta.json: " + loop)
    assert rejected(items[5], "a_selfloop", "input folder not found")


@pytest.mark.parametrize("name", ["story.txt", "story.TXT", "story.Txt"])
def test_a_sidecar_belongs_to_its_text_file_whatever_the_case_of_its_suffix(tmp_path, name):
    write(tmp_path / "drop", name, ARTICLE, meta={"publication_date": "2025-05-28", "source": "S"})
    [item] = ingest_paths([tmp_path / "drop"], today=TODAY)
    assert isinstance(item, Document) and item.source == "S"
    assert ingest.consumed_sidecar(item.source_path) == str(tmp_path / "drop" / "story.meta.json")


def test_document_id_outside_the_root_raises(tmp_path):
    with pytest.raises(ValueError):
        document_id(tmp_path / "a", tmp_path / "b" / "x.txt")


# ---------------------------------------------------------------- development corpus

@pytest.mark.corpus
def test_file_name_dates_agree_with_tbaq_creation_times(tmp_path):
    """TimeBank/AQUAINT ids carry the date; their DCT should mostly be that date."""
    corpus = CORPORA / "tbaq"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/tbaq not available")
    creation_dates = {}
    for tml in sorted(corpus.glob("*/*.tml")):
        raw = tml.read_text(encoding="utf-8")
        creation_dates[tml.stem + ".txt"] = re.search(
            r'<DCT><TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})', raw).group(1)
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
        (tmp_path / f"{tml.stem}.txt").write_text(html.unescape(re.sub(r"<[^>]+>", "", body)))
    items = list(ingest_paths([tmp_path], today=TODAY))
    assert len(items) == len(creation_dates)
    dated = [item for item in items if isinstance(item, Document)
             and item.date_provenance == "filename"]
    agreeing = [item for item in dated
                if item.publication_date.isoformat() == creation_dates[item.file_name]]
    assert len(dated) >= 100
    assert len(agreeing) / len(dated) >= 0.95
