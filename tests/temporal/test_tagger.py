"""The tagger's contract: offsets, order, valid values, anchors, doc types, robustness."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.temporal.tagger import detect_doc_type, tag
from pipeline.core.temporal.timex import ANCHOR_DCT, ANCHOR_NONE, ANCHOR_TEXT, is_valid_value

DCT = date(2025, 5, 28)
NEWS = ("Russian Foreign Minister Sergey Lavrov suggested on Wednesday that talks will be held in "
        "Istanbul on June 2. The earlier talks were held on May 16, 2025. Prices rose 15% last year, "
        "and the third quarter was weak. The war began in February 2022 and has lasted three years.")


def _assert_contract(text: str, timexes) -> None:
    previous_end = 0
    for timex in timexes:
        assert text[timex.start:timex.end] == timex.text
        assert timex.start >= previous_end, "overlapping or unsorted timexes"
        previous_end = timex.end
        assert is_valid_value(timex.type, timex.value), timex
        assert timex.anchor_source in (ANCHOR_NONE, ANCHOR_DCT, ANCHOR_TEXT)
        assert (timex.anchor_value is None) == (timex.anchor_source == ANCHOR_NONE)


def test_news_text_keeps_the_contract_and_anchors_relative_values_on_the_dct():
    timexes = tag(NEWS, DCT)
    _assert_contract(NEWS, timexes)
    by_text = {t.text: t for t in timexes}
    assert by_text["May 16, 2025"].anchor_source == ANCHOR_NONE
    assert (by_text["June 2"].anchor_source, by_text["June 2"].anchor_value) == (ANCHOR_DCT, "2025-05-28")
    assert by_text["last year"].value == "2024"


def test_without_a_dct_relative_dates_rest_on_the_latest_text_date_or_stay_underspecified():
    unanchored = tag("Talks resume on June 2.", None)
    assert [(t.text, t.value, t.anchor_source) for t in unanchored] == [("June 2", "XXXX-06-02", ANCHOR_NONE)]
    anchored = tag("The treaty was signed on March 3, 2020. Two days earlier the troops had left.", None)
    earlier = {t.text: t for t in anchored}["Two days earlier"]
    assert (earlier.value, earlier.anchor_source, earlier.anchor_value) == \
        ("2020-03-01", ANCHOR_TEXT, "2020-03-03")


def test_doc_type_auto_detects_histories():
    history = ("On 1 September 1939 Germany invaded Poland. In 1940 France fell. In June 1941 Germany "
               "attacked the Soviet Union, and in 1942 the tide turned. Two days later Britain declared war. "
               "By 1945 the war was over.")
    assert detect_doc_type(history, date(2009, 12, 19)) == "narrative"
    assert detect_doc_type(NEWS, DCT) == "news"
    later = {t.text: t for t in tag(history, date(2009, 12, 19), "auto")}["Two days later"]
    assert later.anchor_source == ANCHOR_TEXT


@pytest.mark.parametrize("text,expected", [
    ("Napoleon crossed the Niemen in June 1812. He reached Moscow on 14 September, but the city "
     "had been abandoned.", "narrative"),  # one old year, past tense only: a short history
    ("The company, founded in 1998, plans to go public in October.", "news"),  # a word of the future
    ("The ship, which sank in 1912, was found on Tuesday.", "news"),  # a weekday points at the DCT
    ("Sales fell in 2019 and rose in 2025.", "news"),  # a recent year
    ("Shares fell 3% in early trading.", "news"),  # no year at all
    ("In 1914 the archduke was shot. A month later war was declared; the next year Italy joined, "
     "and the fighting would last until May 1918.", "narrative"),  # 'May', 'next', 'would': no present
    ("The reactor exploded on 26 April 1986. The town was evacuated the next day. Today, the area "
     "remains largely uninhabited.", "narrative"),  # a closing present-day sentence
    ("The reactor exploded on 26 April 1986. Officials say the area remains closed.", "news"),
    ("The mill opened in 1862 and closed in 1931. Currently, it houses a museum.", "narrative"),
    ("The Colosseum was begun in AD 72 and completed in AD 80; the last games were held in the "
     "5th century.", "narrative"),  # AD years and a past century are old dates
    ("The pyramid was finished in the 26th century BC.", "narrative"),
    ("The airship first flew in 1936. On Thursday, 6 May 1937, it caught fire at Lakehurst.",
     "narrative"),  # a weekday with its own year points at no DCT
    ("She won in 1976, though the scoreboard could show only three digits.", "narrative"),
    ("The firm was founded in 1887, bombed in 1940 and merged in 1968. As of 2024, it employs "
     "3,200 people.", "narrative"),  # one recent year among more old ones
    ("The firm, founded in 1887, reported record sales in 2024.", "news"),
    ("The Huns crossed the Danube in 395. On 24 August 410, the Goths entered Rome and sacked it "
     "for three days.", "narrative"),  # three-digit years after 'in' and a day and month
    ("The rebellion is usually dated from 21 January 1919. Fighting spread in 1920, and a truce "
     "followed in July 1921.", "narrative"),  # three old years, no recent one, nothing pointing at now
    ("The museum, which opened in 1919 and expanded in 1920 and 1921, is closed on Monday.",
     "news"),  # a weekday points at the DCT
    ("The clinic treated patients in 150 countries last year.", "news"),
    ("The Battle of Plassey was fought on 23 June 1757. A memorial now stands on the site.",
     "narrative"),  # only a day long ago is dated: present words describe the site today
    ("The bridge, opened on May 3, 1937, will close in June.", "news"),  # it tells what is ahead
    ("The siege of the port began on 2 March 1871. Shelling peaked on Sunday, 19 March, and the "
     "garrison surrendered on 4 April.", "narrative"),  # a weekday dated by its day and month
    ("The museum reopens on Sunday, June 8, after a renovation that began in 1987.", "news"),
    ("The army crossed the river on 3 June 1863 and reached the town on 9 June. On 1 July the two "
     "sides met. This week, reenactors gathered on the field.", "narrative"),  # days long ago, a coda
    ("The quake struck at 05:12 on 18 April 1906. Fires burned for three days, and by Saturday "
     "most of the city lay in ruins.", "narrative"),  # a story's weekday beside a day long ago
    ("The ship, which sank on 14 April 1912, was found on Tuesday, officials said.", "news"),
    ("Hurricane Katrina made landfall on Monday, August 29, 2005. By Wednesday most of the city was "
     "under water, and aid did not arrive until Friday, September 2.", "narrative"),  # days 20 years old
    ("The 1918 influenza reached the city in September. A parade went ahead on Saturday, September 28, "
     "and on October 3 the schools closed.", "narrative"),  # story days, one year long ago, no present
    ("The museum reopens on Sunday, June 8, and the garden on June 15, after a renovation begun in "
     "1957 that is still unfinished.", "news"),  # a word of the present
    ("The king took the throne after his brother died in December 771. He was crowned emperor in Rome, "
     "and died at Aachen in January 814 after a reign of 46 years.", "narrative"),  # three-digit years after months
    ("The march drew crowds in March 300 people strong, organizers said.", "news"),  # no year after 'March'
    ("Allied leaders met at Yalta in February 1945 to plan the postwar order. Hitler took his own life "
     "on 30 April, and Germany signed its surrender on 7 May.", "narrative"),  # 'to plan': no plan of now
    ("The council plans to rebuild the bridge, which opened on 3 May 1937 and closed on 9 June 1990.",
     "news"),  # a plan told now
    ("The festival, first held in 1969, returned to the park this summer.", "news"),  # 'this summer' points at the DCT
    ("The track, closed in 2021, reopens next weekend.", "news"),  # so does 'next weekend'
])
def test_doc_type_auto_detects_short_histories_and_keeps_news(text, expected):
    assert detect_doc_type(text, date(2025, 6, 5)) == expected


def test_a_short_history_anchors_its_dates_on_the_text():
    text = "Napoleon crossed the Niemen in June 1812. He reached Moscow on 14 September."
    found = {t.text: t for t in tag(text, date(2025, 6, 5), "auto")}
    assert (found["14 September"].value, found["14 September"].anchor_source) == ("1812-09-14", ANCHOR_TEXT)


def test_unknown_doc_type_is_rejected():
    with pytest.raises(ValueError):
        tag("on Friday", DCT, "poetry")


@pytest.mark.parametrize("text", ["", " ", "\x00\x01\x02", "9" * 5000, "May" * 100, "1999-99-99",
                                  "the 99th of Smarch 99999", "02/30/2020 and 2025-02-30",
                                  "\u202e2025\u200b"])
def test_odd_inputs_do_not_raise(text):
    _assert_contract(text, tag(text, DCT))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
       st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31))),
       st.sampled_from(["news", "narrative", "auto"]))
def test_arbitrary_text_never_raises_and_keeps_the_contract(text, dct, doc_type):
    _assert_contract(text, tag(text, dct, doc_type))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["on", "Friday", "June", "2", "1998", "last", "week", "the", "third",
                                 "quarter", "two", "days", "ago", "since", "May", "16,", "3", "p.m.",
                                 "early", "BC", "-", "and", "every", "year", "now", "later"]),
                max_size=30),
       st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31))))
def test_temporal_word_soup_keeps_the_contract(words, dct):
    text = " ".join(words)
    _assert_contract(text, tag(text, dct))


@pytest.mark.parametrize("dct", [date(1, 1, 1), date(9999, 12, 31)])
def test_arithmetic_at_the_ends_of_the_calendar_drops_the_expression_instead_of_raising(dct):
    text = "last Friday, 9999 weeks later, tomorrow, next week, 5000 years ago, the weekend, next year"
    timexes = tag(text, dct)
    _assert_contract(text, timexes)
    assert "tomorrow" not in {t.text for t in timexes} or dct.year == 1


def test_a_headline_tells_the_future_with_to_be():
    """'Pope Francis to be buried on Saturday': headlines drop 'is'; in the body, 'agreed Sunday
    to be acquired' stays in the past."""
    text = ("Pope Francis to be buried on Saturday in Santa Maria Maggiore\n"
            "The lender agreed Sunday to be acquired by its rival.")
    values = {timex.text: timex.value for timex in tag(text, date(2025, 4, 22), "news")}
    assert values == {"Saturday": "2025-04-26", "Sunday": "2025-04-20"}
