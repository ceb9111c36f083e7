"""Property tests on `tag`: it never raises and always returns well-formed, consistent timexes."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.core.temporal.tagger import tag
from pipeline.core.temporal.timex import MODS, TIMEX_TYPES, Timex, is_valid_value

ANCHOR_SOURCES = {"none", "dct", "text"}
FRAGMENTS = [
    "January", "Feb.", "june 2", "2 June", "June 2, 2025", "1998-08-07", "12/31/2024", "31.12.24",
    "2025", "1990s", "the 1990s", "'90s", "19th century", "Wednesday", "on Monday", "tonight",
    "today", "yesterday", "tomorrow morning", "last week", "next month", "this year",
    "two weeks ago", "three days later", "the next day", "the day before", "a year earlier",
    "for three years", "since 1999", "until May", "Q3", "the third quarter", "fall",
    "spring of 1863", "mid-2020", "early 2000", "late March", "3 p.m.", "noon", "10:30", "every Monday", "daily", "each year",
    "490 BC", "AD 79", "now", "recently", "former", "the past", "1,000", "$2025", "0", "99", "31",
    "May", "may", "March", "Sun", "second", "a few", "decades", "hours", "24 hours", "half",
]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "-", "", " and ", " of "]
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def date_like_texts(draw) -> str:
    """Texts built from temporal fragments, noise and separators."""
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=14))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts),
                               max_size=len(parts)))
    return "".join(part + separator for part, separator in zip(parts, separators))


dcts = st.one_of(st.none(), st.dates(min_value=date(1100, 1, 1), max_value=date(2900, 12, 31)))
doc_types = st.sampled_from(["news", "narrative"])


def assert_well_formed(text: str, dct: date | None, timexes: list) -> None:
    assert isinstance(timexes, list)
    previous_end = 0
    for timex in timexes:
        assert isinstance(timex, Timex)
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start:timex.end] == timex.text
        assert timex.start >= previous_end, "spans must be sorted and must not overlap"
        previous_end = timex.end
        assert timex.type in TIMEX_TYPES
        assert is_valid_value(timex.type, timex.value), (timex.type, timex.value, timex.text)
        assert timex.mod is None or timex.mod in MODS
        assert timex.anchor_source in ANCHOR_SOURCES
        if dct is None:
            assert timex.anchor_source != "dct"


@SETTINGS
@given(text=date_like_texts(), dct=dcts, doc_type=doc_types)
@example(text=" AD 79-2025 ", dct=None, doc_type="news")  # a short era year before a dash (once raised)
def test_timexes_are_well_formed_on_date_like_text(text, dct, doc_type):
    assert_well_formed(text, dct, tag(text, dct, doc_type))


@SETTINGS
@given(text=st.text(max_size=200), dct=dcts, doc_type=doc_types)
def test_timexes_are_well_formed_on_arbitrary_text(text, dct, doc_type):
    assert_well_formed(text, dct, tag(text, dct, doc_type))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=date_like_texts(), dct=dcts, doc_type=doc_types)
def test_tagging_is_deterministic(text, dct, doc_type):
    assert tag(text, dct, doc_type) == tag(text, dct, doc_type)


@pytest.mark.parametrize("dct", [date.min, date(1, 12, 31), date(9999, 1, 1), date.max])
@pytest.mark.parametrize("doc_type", ["news", "narrative"])
def test_extreme_dcts_do_not_raise(dct, doc_type):
    text = ("Yesterday, last year, next year, two centuries ago, in 100 years, the next decade, "
            "tomorrow, next Monday, last December and in the 1990s.")
    assert_well_formed(text, dct, tag(text, dct, doc_type))


DATE_FORMATS = ["{month} {day}, {year}", "{day} {month} {year}", "{iso}"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
       date_format=st.sampled_from(DATE_FORMATS), dct=dcts, doc_type=doc_types)
def test_fully_written_dates_keep_their_own_value(written, date_format, dct, doc_type):
    surface = date_format.format(month=written.strftime("%B"), day=written.day, year=written.year,
                                 iso=written.isoformat())
    text = f"The agreement was signed on {surface} in the capital."
    start = text.index(surface)
    covering = [t for t in tag(text, dct, doc_type)
                if t.start <= start and t.end >= start + len(surface)]
    assert [t.value for t in covering] == [written.isoformat()], (text, dct)
