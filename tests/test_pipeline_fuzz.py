"""Whole-pipeline fuzzing: any folder of files goes through every stage without a crash, and every
input file is accounted for, as a document or as a recorded refusal."""
from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from functools import partial
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import stages, store

WORDS = ["the", "minister", "said", "talks", "would", "resume", "in", "Geneva", "after", "a",
         "strike", "by", "workers", "and", "officials", "met", "Ukraine", "council", "voted"]
DATE_PHRASES = ["on Monday", "last week", "May 5", "June 2, 2025", "in 2019", "next year",
                "three days ago", "the 1990s", "every Tuesday", "for two weeks", "2025-05-28",
                "yesterday", "this morning", "in the spring", "31 February 2024", "Q3 1999"]
SUFFIXES = [".txt", ".txt", ".txt", ".TXT", ".md", ".meta.json"]
SIDECAR_KEYS = ["publication_date", "date_status", "date_note", "source", "url", "title",
                "doc_type", "exclude_lines", "unknown_key"]


def as_json(value) -> bytes:
    return json.dumps(value).encode("utf-8")


def as_utf8(text: str) -> bytes:
    return text.encode("utf-8")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.sampled_from(["2025-05-28", "2025-02-30", "9999-01-01", "news", "narrative", "assigned"]),
    lambda inner: (st.lists(inner, max_size=3)
                   | st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)

valid_sidecars = st.fixed_dictionaries(
    {"publication_date": st.dates(date(1950, 1, 1), date(2025, 12, 31)).map(date.isoformat)},
    optional={"source": st.text(max_size=20), "title": st.text(max_size=30),
              "doc_type": st.sampled_from(["news", "narrative", "auto"])}).map(as_json)

sidecars = st.one_of(
    st.none(),
    valid_sidecars,
    st.dictionaries(st.sampled_from(SIDECAR_KEYS), json_values, max_size=4).map(as_json),
    json_values.map(as_json),
    st.binary(max_size=60))

article_like = st.lists(st.sampled_from(WORDS) | st.sampled_from(DATE_PHRASES)
                        | st.sampled_from([".", ",", "\n", "\n\n"]),
                        min_size=1, max_size=80).map(" ".join)

contents = st.one_of(
    article_like.map(as_utf8),
    st.text(max_size=400).map(as_utf8),
    st.text(max_size=200).map(lambda text: text.encode("utf-16")),
    st.binary(max_size=400))

input_files = st.lists(st.tuples(st.sampled_from(SUFFIXES), contents, sidecars),
                       min_size=1, max_size=5)


def write_inputs(folder: Path, files) -> set[str]:
    """Write the files; the paths that must each end as a document or a refusal."""
    folder.mkdir()
    expected = set()
    for index, (suffix, content, sidecar) in enumerate(files):
        path = folder / f"file{index:02d}{suffix}"
        path.write_bytes(content)
        expected.add(str(path))
        if sidecar is not None and suffix.lower() == ".txt":
            (folder / f"file{index:02d}.meta.json").write_bytes(sidecar)
    return expected


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory):
    """A database file that holds the schema, copied by every example (creating it is slow)."""
    base = tmp_path_factory.mktemp("fuzz")
    database = base / "empty.duckdb"
    stages.prepare(partial(store.connect_waiting, database))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIMELINE_STAGING", str(base / "staging"))  # never the repository's data/
        yield database


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=input_files)
def test_every_input_file_becomes_a_document_or_a_refusal(empty_database, files):
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "inbox"
        expected = write_inputs(folder, files)
        database = Path(work) / "timeline.duckdb"
        shutil.copy(empty_database, database)
        connect = partial(store.connect_waiting, database)
        log = [].append

        ingested = stages.ingest_documents(connect, [folder], log)
        stages.tag_documents(connect, log)
        stages.extract_events(connect, log)
        stages.build_timeline(connect, log)

        with duckdb.connect(str(database), read_only=True) as connection:
            stored = [row[0] for row in connection.sql(
                "SELECT source_path FROM documents").fetchall()]
            refused = [row[0] for row in connection.sql(
                "SELECT source_path FROM rejected_documents").fetchall()]
            unprocessed = connection.sql(
                "SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM document_stages s "
                "WHERE s.doc_id = d.doc_id AND s.content_sha256 = d.content_sha256) <> 2"
            ).fetchone()[0]
        assert len(stored) + len(refused) == len(expected)
        assert set(stored) | set(refused) == expected
        assert ingested["new"] == len(stored) and ingested["rejected"] == len(refused)
        assert unprocessed == 0
