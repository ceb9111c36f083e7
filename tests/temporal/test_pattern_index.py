"""The pattern index: which patterns may match where, never leaving out one that does."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.temporal.pattern_index import MAX_DEPTH, PatternIndex
from pipeline.core.temporal.recognize import PATTERN_INDEX, PATTERNS, start_positions
from pipeline.core.timeml import read_timeml

# (what the case shows, the patterns, their flags, [(head, character before or None, expected mask)])
INDEX_CASES = [
    ("literals, classes and alternatives", [r"ab|c\d", r"a\d"], 0,
     [("ab", None, 0b01), ("c7", None, 0b01), ("a7", None, 0b10), ("cx", None, 0)]),
    ("case folded, runs of spaces", [r"(?:X\s+)?Y", r"x\s+z"], re.IGNORECASE,
     [("y", None, 0b01), ("x y", None, 0b01), ("x  y", None, 0b01),  # a run is followed: told apart
      ("x z", None, 0b10), ("x" + " " * (MAX_DEPTH - 2) + "z", None, 0b10),
      ("x" + " " * (MAX_DEPTH - 1) + "z", None, 0b11)]),  # past the trie's depth: both
    ("zero-width assertions consume nothing", [r"(?<=\d-)(?!0)\d\d"], 0,
     [("42", None, 1), ("-4", None, 0)]),
    ("only the patterns a word can begin", [r"may\b", r"\d{4}", r"(?:the\s+)?day"], re.IGNORECASE,
     [("may ", None, 0b001), ("1998,", None, 0b010), ("the ", None, 0b100), ("the da", None, 0b100),
      ("the co", None, 0),  # the word after 'the' counts too
      ("day", None, 0b100), ("ma", None, 0b001),  # the text may go on to 'may'
      ("noon", None, 0)]),
    ("a lookahead closing the match tells how the text goes on",
     [r"(?P<day>\d\d?)(?=\s*(?:-|to)\s*\d)(?!\w)", r"(?=\d)\dx"], 0,
     [("12-14 ", None, 0b01), ("5 to 6", None, 0b01), ("50% of", None, 0),  # '%' is no dash, no 'to'
      ("1y", None, 0), ("1x", None, 0b10)]),  # an opening lookahead is passed over: '\dx' decides
    ("a bounded run, copy by copy", [r"\d{1,4}\s*bc", r"\d{1,2}(?:st|nd)"], 0,
     [("400 bc", None, 0b01), ("1988, ", None, 0), ("21st", None, 0b10), ("123st", None, 0)]),
    ("a non-ASCII character matches the ASCII letters it folds to only",
     ["[-\u2013]\\d", "\u212a\\d", "a[\u2013x]"], re.IGNORECASE,
     [("-4", None, 0b001), ("k4", None, 0b010),  # the Kelvin sign folds to 'k'
      ("x4", None, 0), ("ax", None, 0b100), ("ab", None, 0)]),
    ("an opening lookbehind names the character before", [r"(?<=\d[-\u2013])\d\d", r"\d\d", r"(?<!\w)\d\d"], 0,
     [("14", "-", 0b111), ("14", " ", 0b110), ("14", "", 0b110),  # the text's start: nothing before
      ("14", "\u2013", 0b111),  # not ASCII: not told apart
      ("14", None, 0b111)]),  # the character before unknown
    ("a head that is not ASCII may begin any pattern", [r"may", r"\d{4}"], 0,
     [("ſeptember", None, 0b11)]),
]


@pytest.mark.parametrize("patterns, flags, heads", [pytest.param(*case[1:], id=case[0]) for case in INDEX_CASES])
def test_the_index_names_the_patterns_a_head_may_begin(patterns, flags, heads):
    index = PatternIndex.of([re.compile(pattern, flags) for pattern in patterns])
    for head, previous, expected in heads:
        assert index.possible(head, previous) == expected, (head, previous)


SENTENCES = [
    "On Tuesday, March 3, 1998, the company said fourth-quarter profit rose 12% from a year earlier.",
    "In the 1990s and the mid-1980s, sales fell; the 19th century saw 1861-65 and 400 B.C.",
    "Every two weeks since last spring, at 9:30 a.m. EST, twice a day for the past five years.",
    "Three days later, on the morning of Jan. 5 and 6, 2003, the talks resumed until noon Friday.",
]


def test_every_pattern_that_matches_a_sentence_is_named_by_the_index():
    skipped = 0
    for sentence in SENTENCES:
        for start, head in start_positions(sentence):
            named = PATTERN_INDEX.possible(head, sentence[start - 1:start].lower())
            for number, (_, pattern) in enumerate(PATTERNS):
                if not named >> number & 1:
                    skipped += 1
                    assert pattern.match(sentence, start) is None
    assert skipped > 0  # the index does leave patterns out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["the", "last", "May", "may", "1998", "12", "3rd", "week", "ago", "two",
                                 "early", "-", ",", "B.C.", "quarter", "Monday", "noon", "every",
                                 "fiscal", "'90s", "half", "of", "a.m.", "İ", "ſ", "–", "\u212a", "12–14",
                                 "to", "BC", "50%", "6-year"]), max_size=8))
def test_the_index_leaves_out_no_match_in_random_phrases(words):
    text = " ".join(words)
    for start, head in start_positions(text):
        named = PATTERN_INDEX.possible(head, text[start - 1:start].lower())
        for number, (_, pattern) in enumerate(PATTERNS):
            if pattern.match(text, start) is not None:
                assert named >> number & 1, (text, start, PATTERNS[number][0])


CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora" / "tbaq" / "TimeBank"


def test_on_news_text_the_index_finds_what_trying_every_pattern_finds():
    if not CORPUS.is_dir():
        pytest.skip("development corpora not available")
    for path in sorted(CORPUS.glob("*.tml"))[::12]:
        text = read_timeml(path).text
        for start, head in start_positions(text):
            named = PATTERN_INDEX.possible(head, text[start - 1:start].lower())
            for number, (kind, pattern) in enumerate(PATTERNS):
                if not named >> number & 1:
                    assert pattern.match(text, start) is None, (path.name, start, kind)
