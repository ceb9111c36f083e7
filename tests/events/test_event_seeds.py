"""Acceptance: the seed articles make exactly the expected timeline rows."""
from __future__ import annotations

import pytest

from pipeline.core.events.extract import DocumentText, extract_mentions
from pipeline.core.events.merge import DocumentInfo, merge_mentions
from tests.events.event_seed_fixtures import PUBLISHED, SEED_FILES, hand_timexes, seed_dir, seed_text

pytestmark = pytest.mark.skipif(seed_dir() is None, reason="seed articles not available")

# (timex_value, words the description must contain, words it must not contain, reporting docs)
EXPECTED_ROWS = [
    ("2014", ["crimea", "annexed"], [], ["004"]),
    ("2022-02", ["invasion"], [], ["004"]),
    ("2025-05-16", ["negotiations", "istanbul"], [], ["000"]),
    ("2025-W21-WE", ["exchange", "prisoners"], ["welcomed"], ["000"]),
    ("2025-05-28", ["lavrov", "propos"], ["rubio"], ["000", "004"]),
    ("2025-05-28", ["lavrov", "rubio", "spoke"], [], ["000"]),
    ("2025-06-02", ["talks", "istanbul"], ["announced"], ["000", "004"]),
]
DOCUMENTS = {key: DocumentInfo(key, None, PUBLISHED) for key in SEED_FILES}


def check_timeline(events) -> None:
    rows = [(e.timex_value, e.description, e.doc_ids) for e in events]
    assert len(events) == len(EXPECTED_ROWS), rows
    remaining = list(events)
    for value, present, absent, doc_ids in EXPECTED_ROWS:
        found = [e for e in remaining if e.timex_value == value and e.doc_ids == doc_ids
                 and all(w in e.description.lower() for w in present)
                 and not any(w in e.description.lower() for w in absent)]
        assert len(found) == 1, (value, present, rows)
        assert found[0].doc_count == len(doc_ids)
        remaining.remove(found[0])


def build(timexes_of) -> list:
    docs = [DocumentText(key, seed_text(key), timexes_of(key, seed_text(key))) for key in SEED_FILES]
    return merge_mentions(list(extract_mentions(docs)), DOCUMENTS)


def test_seed_timeline_with_hand_built_timexes():
    events = build(hand_timexes)
    check_timeline(events)
    by_value = {e.timex_value: e for e in events}
    assert by_value["2025-06-02"].trigger.lower() in ("talks", "meeting")
    assert by_value["2025-06-02"].status == "proposed"
    assert by_value["2025-06-02"].location == "Istanbul"
    assert by_value["2025-06-02"].mention_count == 4
    assert by_value["2014"].status == "happened"
    assert "Russia" in by_value["2014"].actors


def test_seed_timeline_is_deterministic():
    first, second = build(hand_timexes), build(hand_timexes)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert first == second


def test_seed_timeline_with_the_real_tagger():
    tagger = pytest.importorskip("pipeline.core.temporal.tagger")
    check_timeline(build(lambda key, text: tagger.tag(text, PUBLISHED, "news")))
