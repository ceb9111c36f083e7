"""The pattern index: which patterns may match where, never leaving out one that does."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.temporal.pattern_index import PatternIndex
from pipeline.core.temporal.recognize import PATTERN_INDEX, PATTERNS, start_positions
from pipeline.core.timeml import read_timeml

def _index(*patterns: str, flags: int = 0) -> PatternIndex:
    return PatternIndex.of([re.compile(pattern, flags) for pattern in patterns])


def test_the_index_follows_literals_classes_and_alternatives():
    index = _index(r"ab|c\d", r"a\d")
    assert index.possible("ab") == 0b01
    assert index.possible("c7") == 0b01
    assert index.possible("a7") == 0b10
    assert index.possible("cx") == 0


def test_the_index_folds_case_and_follows_runs_of_spaces():
    index = _index(r"(?:X\s+)?Y", r"x\s+z", flags=re.IGNORECASE)
    assert index.possible("y") == 0b01
    assert index.possible("x y") == 0b01
    assert index.possible("x  y") == 0b11  # past one space, it stops telling them apart
    assert index.possible("x z") == 0b10


def test_zero_width_assertions_consume_nothing():
    index = _index(r"(?<=\d-)(?!0)\d\d")
    assert index.possible("42") == 1
    assert index.possible("-4") == 0


def test_index_names_only_the_patterns_a_word_can_begin():
    index = _index(r"may\b", r"\d{4}", r"(?:the\s+)?day", flags=re.IGNORECASE)
    assert index.possible("may ") == 0b001
    assert index.possible("1998,") == 0b010
    assert index.possible("the ") == 0b100
    assert index.possible("the da") == 0b100
    assert index.possible("the co") == 0  # the word after 'the' counts too
    assert index.possible("day") == 0b100
    assert index.possible("ma") == 0b001  # the text may go on to 'may'
    assert index.possible("noon") == 0


def test_a_lookahead_closing_the_match_tells_how_the_text_goes_on():
    index = _index(r"(?P<day>\d\d?)(?=\s*(?:-|to)\s*\d)(?!\w)", r"(?=\d)\dx")
    assert index.possible("12-14 ") == 0b01
    assert index.possible("5 to 6") == 0b01
    assert index.possible("50% of") == 0  # '%' is no dash and no 'to'
    assert index.possible("1y") == 0  # an opening lookahead is passed over: '\dx' decides
    assert index.possible("1x") == 0b10


def test_a_bounded_run_is_followed_copy_by_copy():
    index = _index(r"\d{1,4}\s*bc", r"\d{1,2}(?:st|nd)")
    assert index.possible("400 bc") == 0b01
    assert index.possible("1988, ") == 0
    assert index.possible("21st") == 0b10
    assert index.possible("123st") == 0


def test_a_non_ascii_character_matches_the_ascii_letters_it_folds_to_only():
    index = _index("[-\u2013]\\d", "\u212a\\d", "a[\u2013x]", flags=re.IGNORECASE)
    assert index.possible("-4") == 0b001
    assert index.possible("k4") == 0b010  # the Kelvin sign folds to 'k'
    assert index.possible("x4") == 0
    assert index.possible("ax") == 0b100
    assert index.possible("ab") == 0


def test_an_opening_lookbehind_names_the_character_before_a_match():
    index = _index(r"(?<=\d[-\u2013])\d\d", r"\d\d", r"(?<!\w)\d\d")
    assert index.possible("14", "-") == 0b111
    assert index.possible("14", " ") == 0b110
    assert index.possible("14", "") == 0b110  # the text's start: nothing stands before
    assert index.possible("14", "\u2013") == 0b111  # not ASCII: not told apart
    assert index.possible("14") == 0b111  # the character before unknown


def test_a_head_that_is_not_ascii_may_begin_any_pattern():
    index = _index(r"may", r"\d{4}")
    assert index.possible("ſeptember") == 0b11


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
