"""Fuzz: whatever bytes, text, sidecar or file name arrives, ingest yields Document or Rejection."""
from __future__ import annotations

import hashlib
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.ingest import DATE_PROVENANCES, DOC_TYPES, Document, Rejection, ingest_paths

TODAY = date(2025, 6, 30)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINE_PIECES = st.sampled_from([
    "WASHINGTON, May 28, 2025 (AP) --", "2025-02-30", "2031-01-01", "Published: Sept. 31, 2024",
    "By A. Writer | June 2nd, 2025", "Colorado Politics Must-Reads:", "\r\n", "\r", "\t", "\x0c",
    "\x00", "\x1b", "\ufeff", "\u2028", "caf\u00e9", "\ud7ff", "  ", "\n\n",
])
ARTICLE_TEXT = st.lists(st.one_of(st.text(max_size=40), LINE_PIECES), max_size=30).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10)
SIDECAR_KEYS = st.sampled_from(["publication_date", "date_status", "date_note", "source", "url",
                                "title", "doc_type", "exclude_lines", "extra"])
SIDECAR_VALUES = st.one_of(JSON_VALUES, st.sampled_from(
    ["2025-05-28", "2025-02-30", "2030-01-01", "assigned", "published", "news", "auto", "blog"]))
SIDECARS = st.one_of(
    st.none(),
    st.binary(max_size=200),
    st.dictionaries(SIDECAR_KEYS, SIDECAR_VALUES, max_size=6).map(json.dumps).map(str.encode),
)
FILE_NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
                     min_size=1, max_size=30).filter(lambda name: name not in (".", ".."))


def ingest_single(content: bytes, sidecar: bytes | None, name: str = "story") -> list:
    """Ingest one file (plus optional sidecar) in a fresh folder; the items it yields."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / f"{name}.txt").write_bytes(content)
        if sidecar is not None:
            (folder / f"{name}.meta.json").write_bytes(sidecar)
        return list(ingest_paths([folder], today=TODAY))


def assert_well_formed(item) -> None:
    """Every field a downstream store relies on is present and consistent."""
    assert isinstance(item, (Document, Rejection))
    item.source_path.encode("utf-8")
    if isinstance(item, Rejection):
        assert item.reason.strip()
        item.reason.encode("utf-8")
        return
    assert item.text.strip() and "\r" not in item.text and "\x00" not in item.text
    assert item.content_sha256 == hashlib.sha256(item.text.encode("utf-8")).hexdigest()
    assert item.publication_date <= TODAY
    assert item.date_provenance in DATE_PROVENANCES and item.date_note
    assert item.doc_type in DOC_TYPES
    assert all(isinstance(warning, str) for warning in item.warnings)
    json.dumps(item.metadata, allow_nan=False)
    item.doc_id.encode("utf-8")


@FUZZ
@given(content=st.binary(max_size=600), sidecar=SIDECARS)
def test_random_bytes_always_end_as_document_or_rejection(content, sidecar):
    items = ingest_single(content, sidecar)
    assert len(items) == 1
    assert_well_formed(items[0])


@FUZZ
@given(text=ARTICLE_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
       sidecar=SIDECARS)
def test_random_text_always_ends_as_document_or_rejection(text, encoding, sidecar):
    content = text.encode(encoding, errors="replace")
    items = ingest_single(content, sidecar)
    assert len(items) == 1
    assert_well_formed(items[0])


@FUZZ
@given(name=FILE_NAMES, text=ARTICLE_TEXT)
def test_random_file_names_always_end_as_document_or_rejection(name, text):
    items = ingest_single(text.encode("utf-8"), None, name=name)
    assert len(items) == 1
    assert_well_formed(items[0])
