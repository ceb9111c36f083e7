"""Merging mentions into timeline rows (hand-built mentions; no parser needed)."""
from __future__ import annotations

import random
from datetime import date

import pytest

from pipeline.core.events.extract import EventMention
from pipeline.core.events.merge import (DocumentInfo, confidence, dates_compatible,
                                        merge_mentions)
from pipeline.core.temporal.timex import value_interval

DOCS = {
    "a": DocumentInfo("a", "Wire A", date(2025, 5, 28)),
    "b": DocumentInfo("b", None, date(2025, 5, 27)),
    "c": DocumentInfo("c", "Wire A", date(2025, 5, 29)),
}


def mention(doc_id: str, offset: int, value: str, trigger: str, description: str,
            actors=(), location=None, status="happened", lemma=None) -> EventMention:
    start, end, granularity = value_interval(value)
    return EventMention(
        mention_id=f"{doc_id}:{offset}", doc_id=doc_id, sentence_index=0, sentence_start=0,
        sentence_end=100, sentence_text=description, trigger=trigger,
        trigger_lemma=lemma or trigger.lower(), trigger_start=0, trigger_end=len(trigger),
        description=description, actors=list(actors), location=location, status=status,
        timex_start=offset, timex_end=offset + 5, timex_text="x", timex_type="DATE",
        timex_value=value, date_start=start, date_end=end, granularity=granularity)


PROPOSAL_A = mention("a", 10, "2025-05-28", "suggested", "Sergey Lavrov suggested new talks",
                     ["Sergey Lavrov"], lemma="suggest")
PROPOSAL_B = mention("b", 40, "2025-05-28", "announced",
                     "Sergei Lavrov announced that Moscow has proposed talks in Istanbul",
                     ["Sergei Lavrov", "Moscow"], lemma="announce")
CALL_A = mention("a", 90, "2025-05-28", "spoke", "Lavrov spoke with Marco Rubio on the phone",
                 ["Lavrov", "Marco Rubio"], lemma="speak")
TALKS_A = mention("a", 20, "2025-06-02", "talks", "holding talks in Istanbul", ["Lavrov"],
                  "Istanbul", "proposed", lemma="talk")
MEETING_A = mention("a", 300, "2025-06-02", "meeting", "the meeting", status="planned")
TALKS_B = mention("b", 70, "2025-06-02", "talks", "the next round of direct talks in Istanbul",
                  ["Moscow"], "Istanbul", "proposed", lemma="talk")


def test_same_event_from_two_documents_is_one_row():
    events = merge_mentions([PROPOSAL_A, PROPOSAL_B, CALL_A], DOCS)
    assert len(events) == 2
    proposal = next(e for e in events if e.trigger != "spoke")
    assert proposal.doc_count == 2 and proposal.mention_count == 2
    assert proposal.doc_ids == ["a", "b"]
    assert proposal.sources == ["Wire A", "b"]  # doc_id stands in for an unknown source
    assert proposal.first_reported_at == date(2025, 5, 27)
    assert proposal.description.startswith("Sergei Lavrov announced")  # most informative
    assert proposal.actors[:2] == ["Sergei Lavrov", "Moscow"]


def test_distinct_events_on_the_same_day_stay_apart():
    events = merge_mentions([PROPOSAL_A, CALL_A], DOCS)
    assert sorted(e.trigger for e in events) == ["spoke", "suggested"]


def test_mentions_within_a_document_merge_and_status_is_voted():
    events = merge_mentions([TALKS_A, MEETING_A, TALKS_B], DOCS)
    assert len(events) == 1
    talks = events[0]
    assert talks.mention_ids == ["b:70", "a:20", "a:300"]  # by publication date, then offset
    assert talks.status == "proposed"
    assert talks.location == "Istanbul"
    assert talks.description == "the next round of direct talks in Istanbul"


def test_contained_date_keeps_the_most_specific_value():
    month = mention("c", 5, "2025-06", "talks", "talks in Istanbul", ["Lavrov"], "Istanbul",
                    lemma="talk")
    events = merge_mentions([month, TALKS_A], DOCS)
    assert len(events) == 1
    assert events[0].timex_value == "2025-06-02"
    assert events[0].granularity == "day"
    assert dates_compatible(date(2025, 6, 1), date(2025, 6, 30), "2025-06",
                            date(2025, 6, 2), date(2025, 6, 2), "2025-06-02")


def test_different_locations_keep_same_day_events_apart():
    geneva = mention("c", 5, "2025-06-02", "talks", "talks in Geneva", ["Lavrov"], "Geneva",
                     lemma="talk")
    assert len(merge_mentions([geneva, TALKS_A], DOCS)) == 2


def test_coarse_dates_need_shared_evidence():
    first = mention("a", 1, "2014", "attack", "an attack on the port", lemma="attack")
    second = mention("b", 1, "2014", "attack", "rebels staged an attack in the north",
                     lemma="attack")
    assert len(merge_mentions([first, second], DOCS)) == 2


def test_conflicting_dates_stay_visible():
    reported = mention("a", 5, "2025-06-02", "talks", "talks between Russia and Ukraine in Istanbul",
                       ["Russia", "Ukraine"], lemma="talk")
    other = mention("c", 5, "2025-06-03", "talks", "talks between Russia and Ukraine in Istanbul",
                    ["Russia", "Ukraine"], lemma="talk")
    events = merge_mentions([reported, other], DOCS)
    assert [e.timex_value for e in events] == ["2025-06-02", "2025-06-03"]
    assert events[0].conflicting_values == ["2025-06-03"]
    assert events[1].conflicting_values == ["2025-06-02"]
    assert events[0].confidence < merge_mentions([reported], DOCS)[0].confidence


def test_future_events_are_not_reported_as_happened():
    future = mention("a", 5, "2025-06-10", "visit", "the minister visits Ankara", lemma="visit")
    assert merge_mentions([future], DOCS)[0].status == "expected"


def test_output_is_ordered_and_independent_of_input_order():
    mentions = [PROPOSAL_A, PROPOSAL_B, CALL_A, TALKS_A, MEETING_A, TALKS_B]
    expected = merge_mentions(mentions, DOCS)
    shuffled = list(mentions)
    random.Random(7).shuffle(shuffled)
    assert merge_mentions(shuffled, DOCS) == expected
    assert [(e.date_start, e.event_id) for e in expected] == sorted(
        (e.date_start, e.event_id) for e in expected)
    assert len({e.event_id for e in expected}) == len(expected)


def test_confidence_formula():
    assert confidence(1, 1, "happened", 0) == 0.6
    assert confidence(2, 4, "proposed", 0) == 0.8
    assert confidence(1, 1, "negated", 3) == 0.05
    assert confidence(9, 20, "happened", 0) == 0.99


def test_a_mention_of_an_unknown_document_is_an_error():
    with pytest.raises(ValueError, match="zzz"):
        merge_mentions([mention("zzz", 1, "2014", "attack", "an attack")], DOCS)


def test_bare_mentions_join_same_day_events_only_within_their_document():
    elsewhere = mention("c", 300, "2025-06-02", "meeting", "the meeting", status="planned")
    events = merge_mentions([TALKS_A, elsewhere], DOCS)
    assert len(events) == 2


def test_two_dates_for_one_event_in_one_article_are_two_events_not_a_conflict():
    first = mention("a", 5, "1775-09-28", "marched", "Montgomery marched north from Ticonderoga",
                    ["Richard Montgomery"], lemma="march")
    second = mention("a", 90, "1775-11-13", "marched", "Montgomery marched north from Ticonderoga",
                     ["Richard Montgomery"], lemma="march")
    assert [e.conflicting_values for e in merge_mentions([first, second], DOCS)] == [[], []]


def test_synonyms_count_as_one_word_and_hit_is_struck():
    """'quake' and 'earthquake' (content_synonyms.tsv), 'hit' and 'struck' (event_classes.tsv)."""
    from pipeline.core.events.merge import content_words
    assert content_words("The quake hit") == content_words("the earthquake hit")
    struck = mention("a", 10, "2025-03-28", "struck", "A magnitude 7.7 earthquake struck central "
                     "Myanmar", lemma="strike")
    hit = mention("b", 10, "2025-03-28", "hit", "The 7.7 quake hit Myanmar", lemma="hit")
    assert len(merge_mentions([struck, hit], DOCS)) == 1
