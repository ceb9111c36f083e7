"""Merge buckets: the timeline is the union of independent per-bucket merges."""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest

from pipeline.core.events.merge import (DocumentInfo, bucket_key, merge_bucket_mentions,
                                        merge_mentions)
from tests.events.test_event_merge import mention

DOCS = {doc_id: DocumentInfo(doc_id, f"Wire {doc_id}", date(2025, 5, 20 + index))
        for index, doc_id in enumerate("abcdef")}
# (value, trigger, lemma, description, actors, location): events that recur across documents.
EVENTS = [
    ("2025-06-02", "talks", "talk", "talks on the budget in Geneva", ["Ana Ruiz"], "Geneva"),
    ("2025-06", "meeting", "meeting", "a meeting on the budget", ["Ana Ruiz"], None),
    ("2025-06-05", "talks", "talk", "talks on the budget in Geneva", ["Ana Ruiz"], "Geneva"),
    ("2024", "strike", "strike", "the rail strike by union leaders", ["Union"], None),
    ("2024-11-03", "strike", "strike", "the rail strike by union leaders", ["Union"], None),
    ("2023", "strike", "strike", "the rail strike by union leaders", ["Union"], None),
    ("2020-W53", "flood", "flood", "floods hit the port of Riga", [], "Riga"),
    ("2021-01-02", "flood", "flood", "floods hit the port of Riga", [], "Riga"),
    ("202", "boom", "boom", "a housing boom in Lima", [], "Lima"),
    ("2025", "boom", "boom", "a housing boom in Lima", [], "Lima"),
    ("19", "war", "war", "the war over the border", ["Peru"], None),
    ("2025-05-28", "suggested", "suggest", "Lavrov suggested new talks", ["Sergey Lavrov"], None),
    ("2025-05-28", "announced", "announce", "Lavrov announced new talks", ["Sergei Lavrov"], None),
]


def corpus(seed: int, size: int = 40) -> list:
    """`size` mentions of EVENTS spread over the documents, some with extra actors."""
    rng = random.Random(seed)
    mentions = []
    for offset in range(size):
        value, trigger, lemma, description, actors, location = rng.choice(EVENTS)
        extra = [rng.choice(["Moscow", "Kenya"])] if rng.random() < 0.3 else []
        mentions.append(mention(rng.choice(list(DOCS)), offset * 10, value, trigger, description,
                                actors + extra, location, rng.choice(["happened", "planned"]),
                                lemma))
    return mentions


def test_bucket_is_class_and_start_year_or_coarse():
    def key(value, trigger="talks", lemma="talk"):
        return bucket_key(mention("a", 0, value, trigger, "x", lemma=lemma))

    assert key("2025-06-02") == "talks|2025"
    assert key("2025") == key("2025-Q4") == key("2025-05-28T10:00") == "talks|2025"
    assert key("2020-W53") == "talks|2020"  # a week spanning New Year goes by its first day
    assert key("2024-WI") == "talks|2024"
    assert key("202") == key("19") == "talks|coarse"
    assert key("2025-05-28", "suggested", "suggest") == "proposal|2025"  # the class, not the lemma
    assert key("2025-05-28", "zorbed", "zorb") == "zorb|2025"  # unlisted lemma: its own class


@pytest.mark.parametrize("seed", range(6))
def test_merge_is_the_union_of_per_bucket_merges(seed):
    mentions = corpus(seed)
    by_bucket = defaultdict(list)
    for item in mentions:
        by_bucket[bucket_key(item)].append(item)
    union = [event for group in by_bucket.values()
             for event in merge_bucket_mentions(group, DOCS)]
    whole = merge_mentions(mentions, DOCS)
    assert sorted(whole, key=lambda e: e.event_id) == sorted(union, key=lambda e: e.event_id)
    assert len({e.event_id for e in whole}) == len(whole)
    for event in whole:
        members = [m for m in mentions if m.mention_id in event.mention_ids]
        assert {bucket_key(m) for m in members} == {event.merge_bucket}


@pytest.mark.parametrize("seed", range(3))
def test_other_buckets_do_not_change_a_bucket(seed):
    mentions = corpus(seed)
    target = bucket_key(mentions[0])
    alone = merge_mentions([m for m in mentions if bucket_key(m) == target], DOCS)
    shuffled = mentions[:]
    random.Random(seed).shuffle(shuffled)
    within = [e for e in merge_mentions(shuffled, DOCS) if e.merge_bucket == target]
    assert within == alone


def test_cross_bucket_dates_no_longer_merge_or_conflict():
    decade = mention("a", 0, "202", "boom", "a housing boom in Lima", location="Lima", lemma="boom")
    year = mention("b", 0, "2025", "boom", "a housing boom in Lima", location="Lima", lemma="boom")
    assert len(merge_mentions([decade, year], DOCS)) == 2
    earlier = mention("a", 5, "2023", "strike", "the rail strike by union leaders", ["Union"])
    later = mention("b", 5, "2024", "strike", "the rail strike by union leaders", ["Union"])
    assert all(e.conflicting_values == [] for e in merge_mentions([earlier, later], DOCS))
    same_year = mention("b", 9, "2023-05", "strike", "the rail strike by union leaders",
                        ["Union"], location="Leeds")
    other_day = mention("c", 9, "2023-11", "strike", "the rail strike by union leaders", ["Union"])
    values = {e.timex_value: e.conflicting_values
              for e in merge_mentions([same_year, other_day], DOCS)}
    assert values == {"2023-05": ["2023-11"], "2023-11": ["2023-05"]}  # within a bucket: kept


def test_merge_bucket_mentions_refuses_mixed_buckets():
    with pytest.raises(ValueError, match="2 buckets"):
        merge_bucket_mentions([mention("a", 0, "2024", "strike", "x"),
                               mention("a", 9, "2025", "strike", "x")], DOCS)
