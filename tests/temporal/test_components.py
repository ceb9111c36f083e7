"""Unit tests of the tagger's parts: number words, tense cues, references, span selection, Title Case."""
from __future__ import annotations

import pytest

from pipeline.core.temporal.anchor import (ALERT_WEIGHT, FUTURE, PAST, Reference, reference_from_value,
                                           sentence_span, tense_direction, tense_scores, without_title_case)
from pipeline.core.temporal.lexicon import number_value
from pipeline.core.temporal.recognize import Candidate, recognize, select_spans
from pipeline.core.temporal.timex import is_valid_value, value_interval


@pytest.mark.parametrize("text,value", [("two", 2), ("twenty-four", 24), ("twenty four", 24), ("1.5", 1.5),
                                        ("a", 1), ("several", "X"), ("a couple of", 2), ("Forty", 40),
                                        ("dozen", None), ("", None)])
def test_number_words(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize("sentence,word,direction", [
    ("The minister will travel on Friday.", "Friday", FUTURE),
    ("He arrived on Friday.", "Friday", PAST),
    ("Sales in December rose.", "December", PAST),
    ("Lavrov proposed holding talks on June 2.", "June 2", FUTURE),
    ("The meeting is on Friday.", "Friday", FUTURE),
    ("A meeting on Friday.", "Friday", None),
    ("The talks ended. They resume on Friday, officials expect.", "Friday", FUTURE),
    ("She will be named commander for a mission in December.", "December", FUTURE),
    ("The talks are supposed to conclude by May.", "May", FUTURE),
    ("He and Arafat meet separately Monday with the envoy.", "Monday", FUTURE),
    ("Craig announced that the father would be traveling to the United States Thursday.", "Thursday",
     FUTURE),
])
def test_tense_direction_comes_from_the_cues_of_the_sentence(sentence, word, direction):
    start = sentence.index(word)
    assert tense_direction(sentence, start, start + len(word)) == direction


def test_abbreviation_periods_do_not_end_the_sentence():
    text = "Mr. Bush said the deadline is 9 a.m. EST Tuesday, Oct. 3. Talks resume."
    start = text.index("Tuesday")
    left, right = sentence_span(text, start, start + len("Tuesday"))
    assert text[left:right].strip() == "Mr. Bush said the deadline is 9 a.m. EST Tuesday, Oct. 3."


def test_references_from_values_keep_their_granularity_and_era():
    assert reference_from_value("1939-09-01") == Reference(1939, 9, 1, "text")
    assert reference_from_value("1941") == Reference(1941, None, None, "text")
    assert reference_from_value("BC0480-08") == Reference(-479, 8, None, "text")
    assert reference_from_value("P3Y") is None
    assert reference_from_value("PRESENT_REF") is None
    assert Reference(-479).iso == "BC0480"


def test_bc_values_are_valid_but_have_no_calendar_interval():
    assert is_valid_value("DATE", "BC0480") and is_valid_value("DATE", "BC0480-SP")
    assert is_valid_value("DATE", "BC03") and is_valid_value("DATE", "BC047")
    assert value_interval("BC0480") is None
    assert not is_valid_value("DATE", "BC0480-13") and not is_valid_value("DATE", "BC")


def test_an_unknown_hour_is_written_xx_but_a_clock_stays_in_range():
    assert is_valid_value("TIME", "1988-11-08TXX:00")  # 'at the top of the hour'
    assert not is_valid_value("TIME", "1988-11-08T25:00") and not is_valid_value("TIME", "1988-11-08TX:00")


def test_a_leap_second_is_a_valid_clock_but_61_is_not():
    assert is_valid_value("TIME", "2015-06-30T23:59:60")  # ISO 8601's leap second
    assert not is_valid_value("TIME", "2015-06-30T23:59:61") and not is_valid_value("TIME", "2015-06-30T23:60:00")


def test_durations_may_count_weekends():
    assert is_valid_value("DURATION", "P3WE") and is_valid_value("DURATION", "PXWE")
    assert not is_valid_value("DURATION", "P3WX") and not is_valid_value("DURATION", "PWE")


def test_clock_values_may_carry_an_iso_zone():
    assert is_valid_value("TIME", "2024-06-06T06:42-04:00") and is_valid_value("TIME", "2024-06-01T20:00Z")
    assert is_valid_value("TIME", "2024-06-06T06:42+0530")
    assert not is_valid_value("TIME", "2024-06-06T06:42-25:00") and not is_valid_value("TIME", "2024-06-06TZ")


def test_longest_candidate_wins_and_spans_do_not_overlap():
    chosen = select_spans([Candidate(0, 6, "month", {}), Candidate(0, 12, "month_year", {}),
                           Candidate(7, 12, "year", {}), Candidate(13, 20, "weekday", {})])
    assert [(c.start, c.end) for c in chosen] == [(0, 12), (13, 20)]


def test_recognizer_keeps_timebank_span_conventions():
    text = "Its third-quarter loss and the eight-year term were reported earlier this week."
    spans = [text[c.start:c.end] for c in recognize(text)]
    assert spans == ["third-quarter", "eight-year", "earlier this week"]  # ('earlier' kept, as the sets write it)


@pytest.mark.parametrize("text,expected", [
    ("Fed to Meet Next Week on Rates. Policymakers expect a pause.",
     "fed to meet next week on rates. Policymakers expect a pause."),
    ("Police: Man Shot Early Sunday Outside Nightclub. He died.",
     "Police: man shot early Sunday outside nightclub. He died."),
    ("Markets Closed Monday for Presidents' Day\n\nTrading resumes Tuesday.",
     "markets closed Monday for Presidents' day\n\nTrading resumes Tuesday."),
])
def test_title_case_headlines_are_lowered_but_calendar_names(text, expected):
    lowered = without_title_case(text)
    assert lowered == expected
    assert len(lowered) == len(text)


@pytest.mark.parametrize("text", [
    "This is ABC's World News Tonight. Peter Jennings is on assignment.",
    "Barack Obama met New York Mayor Bill de Blasio on Monday.",
    "The U.N. Security Council on Aug. 6 ordered an embargo.",
])
def test_prose_and_names_keep_their_capitals(text):
    assert without_title_case(text) == text


@pytest.mark.parametrize("expression", ["6 p.m. Friday", "noon Sunday"])
def test_both_ends_of_an_alert_period_are_ahead(expression):
    text = "Forecasters issued a winter storm warning from 6 p.m. Friday to noon Sunday."
    start = text.index(expression)
    assert tense_scores(text, start, start + len(expression))[FUTURE] >= ALERT_WEIGHT
