"""Extraction: sentence splitting, dating filter, trigger choice, description, actors, status."""
from __future__ import annotations

import pytest

from pipeline.core.events.extract import (STATUSES, DocumentText, extract_mentions, is_dating,
                                          load_nlp, split_sentences)
from pipeline.core.temporal.timex import Timex


def timex(text: str, phrase: str, value: str, timex_type: str = "DATE") -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, timex_type, value)


def mentions_for(text: str, *specs) -> list:
    doc = DocumentText("doc", text, sorted((timex(text, *spec) for spec in specs),
                                           key=lambda t: t.start))
    return list(extract_mentions([doc]))


def only_mention(text: str, *spec):
    found = mentions_for(text, spec)
    assert len(found) == 1, found
    return found[0]


def test_split_sentences_keeps_abbreviations_and_breaks_lines():
    text = "He met U.S. Secretary Rubio on Monday. Mr. Smith left.\nA headline\n\n“Quoted.” Then"
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["He met U.S. Secretary Rubio on Monday.", "Mr. Smith left.", "A headline",
                         "“Quoted.”", "Then"]


def test_a_transcript_in_lower_case_is_split_into_sentences_too():
    text = "the storm hit the coast on monday. the u.s. navy sent ships. crews arrive friday."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "the storm hit the coast on monday.", "the u.s. navy sent ships.", "crews arrive friday."]


def test_sentences_crossed_by_an_expression_are_joined_and_carry_all_their_expressions():
    from pipeline.core.events.extract import _sentences_with_timexes
    text = "Polls opened Monday. Tuesday the count began. Nothing else. Voting ends on Friday."
    crossing = timex(text, "Monday. Tuesday", "2025-05-26")  # an expression across a sentence end
    friday, duration = timex(text, "Friday", "2025-05-30"), timex(text, "count", "P3H", "DURATION")
    doc = DocumentText("doc", text, [crossing, duration, friday])
    found = [(text[start:end], [t.text for t in kept], [t.text for t in inside])
             for _, start, end, kept, inside in _sentences_with_timexes(doc, is_dating)]
    assert found == [("Polls opened Monday. Tuesday the count began.", ["Monday. Tuesday"],
                      ["Monday. Tuesday", "count"]),
                     ("Voting ends on Friday.", ["Friday"], ["Friday"])]


@pytest.mark.parametrize("timex_type,value,text,expected", [
    ("DATE", "2025-06-02", "June 2", True),
    ("TIME", "2025-05-28TMO", "Wednesday morning", True),
    ("DATE", "2025-W21-WE", "the weekend", True),
    ("DURATION", "P3Y", "three years", False),
    ("SET", "XXXX-WXX-1", "every Monday", False),
    ("DATE", "PAST_REF", "the past", False),
    ("DATE", "XXXX-06-02", "June 2", False),
    ("DATE", "2025-05-28", "current", False),
])
def test_only_calendar_dates_are_dating(timex_type, value, text, expected):
    assert is_dating(Timex(0, len(text), text, timex_type, value)) is expected


def test_date_after_a_proposal_dates_the_proposed_talks():
    text = "Lavrov proposed holding talks in Istanbul, Turkey, on June 2."
    mention = only_mention(text, "June 2", "2025-06-02")
    assert mention.trigger == "talks"
    assert text[mention.trigger_start:mention.trigger_end] == "talks"
    assert mention.status == "proposed"
    assert mention.location == "Istanbul"
    assert "June" not in mention.description and "talks in Istanbul" in mention.description
    assert (mention.date_start.isoformat(), mention.granularity) == ("2025-06-02", "day")


def test_date_before_the_complement_dates_the_proposing():
    text = "Lavrov suggested on Wednesday that a new round of talks will be held."
    mention = only_mention(text, "Wednesday", "2025-05-28")
    assert mention.trigger == "suggested"
    assert mention.status == "happened"
    assert mention.description.startswith("Lavrov suggested that")


def test_noun_modified_by_a_date_is_the_trigger():
    text = "It is unknown if he will agree to the June 2 meeting."
    mention = only_mention(text, "June 2", "2025-06-02")
    assert mention.trigger == "meeting"
    assert mention.description == "the meeting"
    assert mention.status == "planned"


@pytest.mark.parametrize("text,phrase,value,trigger,description_words", [
    ("Both sides discussed Crimea, which was annexed by Russia in 2014.", "2014", "2014",
     "annexed", ["Crimea was annexed by Russia"]),
    ("The war, which began with Russia's invasion of Ukraine in February 2022, goes on.",
     "February 2022", "2022-02", "began", ["The war began with Russia's invasion of Ukraine"]),
    ("The talks were held in Geneva on Monday.", "Monday", "1998-01-05", "talks", ["talks"]),
    ("The earlier negotiations held in Istanbul on May 16 failed.", "May 16", "2025-05-16",
     "negotiations", ["negotiations held in Istanbul"]),
    ("The summit took place in Oslo on Monday.", "Monday", "1998-01-05", "summit", ["summit"]),
    ("Moscow has proposed holding the next round of direct talks in Istanbul on June 2.",
     "June 2", "2025-06-02", "talks", ["round of direct talks in Istanbul"]),
    ("Rubio welcomed the exchange of prisoners over the weekend.", "the weekend",
     "2025-W21-WE", "exchange", ["exchange of prisoners"]),
])
def test_trigger_and_description(text, phrase, value, trigger, description_words):
    mention = only_mention(text, phrase, value)
    assert mention.trigger == trigger
    for words in description_words:
        assert words in mention.description
    assert phrase not in mention.description


@pytest.mark.parametrize("text,phrase,status", [
    ("The minister will travel to Paris on Friday.", "Friday", "planned"),
    ("The company did not pay its debt on Monday.", "Monday", "negated"),
    ("The ministry said on Tuesday.", "Tuesday", "reported"),
    ("Prices rose sharply on Tuesday.", "Tuesday", "happened"),
    ("Officials expect to sign the deal on Friday.", "Friday", "expected"),
    ("The vote is scheduled to take place on Friday.", "Friday", "planned"),
])
def test_status_cues(text, phrase, status):
    assert status in STATUSES
    assert only_mention(text, phrase, "1998-01-09").status == status


def test_actors_are_named_participants_and_location_is_separate():
    text = "Lavrov spoke with Secretary of State Marco Rubio in Geneva on Wednesday."
    mention = only_mention(text, "Wednesday", "2025-05-28")
    assert mention.trigger == "spoke"
    assert "Marco Rubio" in mention.actors and "Lavrov" in mention.actors
    assert mention.location == "Geneva" and "Geneva" not in mention.actors


def test_pronoun_subject_of_a_report_is_replaced_by_the_reporter():
    text = "Lavrov also said he spoke with Marco Rubio on the phone on Wednesday."
    mention = only_mention(text, "Wednesday", "2025-05-28")
    assert mention.trigger == "spoke"
    assert mention.description.startswith("Lavrov spoke with Marco Rubio")


def test_durations_and_refs_make_no_mentions():
    text = "The war has lasted three years. In the past, talks failed."
    assert mentions_for(text, ("three years", "P3Y", "DURATION"), ("the past", "PAST_REF")) == []


class CountingNlp:
    """Wraps the real pipeline and records the texts it is asked to parse."""

    def __init__(self):
        self.nlp = load_nlp()
        self.texts: list[str] = []

    def __getattr__(self, name):
        return getattr(self.nlp, name)  # pipe_names, get_pipe: the real pipeline's

    def pipe(self, items, **kwargs):
        def record():
            for text, context in items:
                self.texts.append(text)
                yield text, context
        return self.nlp.pipe(record(), **kwargs)


def test_only_sentences_with_a_dating_expression_are_parsed():
    text = ("Markets were calm. The board met on Monday. Nothing else happened.\n"
            "It lasted two days. Another line.")
    doc = DocumentText("d1", text, [timex(text, "Monday", "1998-01-05"),
                                    timex(text, "two days", "P2D", "DURATION")])
    nlp = CountingNlp()
    found = list(extract_mentions([doc], nlp=nlp))
    assert nlp.texts == ["The board met on Monday."]
    assert [(m.mention_id, m.trigger, m.sentence_index) for m in found] == [("d1:36", "met", 1)]
    assert text[found[0].sentence_start:found[0].sentence_end] == found[0].sentence_text


def test_mentions_stream_in_document_order_across_documents():
    docs = [DocumentText(f"d{i}", f"Talks opened on Monday. They closed on Friday {i}.",
                         []) for i in range(3)]
    docs = [DocumentText(d.doc_id, d.text, [timex(d.text, "Monday", "1998-01-05"),
                                            timex(d.text, "Friday", "1998-01-09")]) for d in docs]
    found = list(extract_mentions(docs, batch_size=2))
    assert [m.doc_id for m in found] == ["d0", "d0", "d1", "d1", "d2", "d2"]
    assert [m.timex_value for m in found[:2]] == ["1998-01-05", "1998-01-09"]


@pytest.mark.parametrize("text,timexes", [
    ("", []),
    ("   \n\n  ", []),
    ("On Monday", [Timex(3, 9, "Monday", "DATE", "1998-01-05")]),  # a bare date: nothing to date
    ("Talks ended.\nMonday", [Timex(13, 19, "Monday", "DATE", "1998-01-05")]),
    ("He left on Mon-\nday.", [Timex(11, 19, "Mon-\nday", "DATE", "1998-01-05")]),  # spans a break
    ("Out of range", [Timex(50, 60, "Monday", "DATE", "1998-01-05")]),
    ("\x00\u202e Talks \ud7ff on Monday 😀.", [Timex(17, 23, "Monday", "DATE", "1998-01-05")]),
])
def test_odd_inputs_never_raise(text, timexes):
    found = list(extract_mentions([DocumentText("odd", text, timexes)]))
    for mention in found:
        assert text[mention.trigger_start:mention.trigger_end] == mention.trigger
        assert text[mention.timex_start:mention.timex_end] == mention.timex_text


def test_a_date_on_a_non_event_noun_goes_to_its_verb():
    text = "The U.N. Security Council on Aug. 6 ordered a global embargo on trade with Iraq."
    mention = only_mention(text, "Aug. 6", "1990-08-06")
    assert mention.trigger == "ordered"
    assert mention.description == "The U.N. Security Council ordered a global embargo on trade with Iraq"
    assert "U.N. Security Council" in mention.actors


def test_a_reporting_verb_with_an_object_is_an_event_not_a_report():
    assert only_mention("Apple reported record sales on Monday.", "Monday",
                        "1998-01-05").status == "happened"


def test_the_date_of_a_compared_figure_makes_no_mention():
    text = ("The company earned $45.2 million in the quarter, compared with $84.9 million a year "
            "earlier.")
    found = mentions_for(text, ("the quarter", "1989-Q3"), ("a year earlier", "1988-Q3"))
    assert [mention.timex_text for mention in found] == ["the quarter"]


def test_a_bare_date_in_a_dateline_makes_no_mention():
    assert mentions_for("LAGOS, Monday\nTalks went on.", ("Monday", "1998-01-05")) == []


@pytest.mark.parametrize("text,phrase,value,trigger", [
    ("Police have searched the woods since the Oct. 23 slaying.", "Oct. 23", "1998-10-23",
     "slaying"),
    ("The firm reported a sharp slump in the third quarter.", "the third quarter", "1998-Q3",
     "slump"),
    ("Exporters cheered the March turnaround in orders.", "March", "1998-03", "turnaround"),
])
def test_change_and_crime_nouns_are_events_a_date_attaches_to(text, phrase, value, trigger):
    assert only_mention(text, phrase, value).trigger == trigger


def test_a_happened_event_dated_after_publication_is_expected():
    """The same rule as the timeline's merge, so that a mention and its timeline row agree."""
    from datetime import date
    text = "The monsoon season begins in May. The quake struck in March."
    doc = DocumentText("d1", text, [timex(text, "May", "2025-05"), timex(text, "March", "2025-03")],
                       publication_date=date(2025, 3, 31))
    statuses = {m.timex_text: m.status for m in extract_mentions([doc])}
    assert statuses == {"May": "expected", "March": "happened"}


def test_a_wire_dateline_is_not_part_of_the_sentence():
    text = ("Rescuers dig through rubble\nMANDALAY, Myanmar (AP) — Rescuers used their bare hands "
            "on Saturday to dig through the rubble.\nROME (Reuters) - The pope died on Monday.\n"
            "The U.S. - China talks began on Friday.")
    assert [text[start:end] for start, end in split_sentences(text)] == [
        "Rescuers dig through rubble",
        "Rescuers used their bare hands on Saturday to dig through the rubble.",
        "The pope died on Monday.", "The U.S. - China talks began on Friday."]
    mention = only_mention(text[:text.index("\nROME")], "Saturday", "2025-03-29")
    assert mention.description.startswith("Rescuers used") and "Myanmar" not in mention.actors


def test_a_name_cut_short_by_the_recognizer_is_no_actor():
    mention = only_mention("Francis died at the Casa Santa Marta on Monday.", "Monday", "2025-04-21")
    assert mention.actors == ["Francis"]
    mention = only_mention("Russia's invasion began on Thursday.", "Thursday", "2022-02-24")
    assert mention.actors == ["Russia"]


def test_a_report_told_after_what_it_reports_is_described_as_the_report():
    """Its date is the report's, so the row must not read as the funeral on that day."""
    text = ("The funeral of Pope Francis will take place in St Peter's Square on Saturday, "
            "the Vatican said on Tuesday.")
    found = {m.timex_text: (m.status, m.description) for m in mentions_for(
        text, ("Saturday", "2025-04-26"), ("Tuesday", "2025-04-22"))}
    assert found["Tuesday"] == (
        "reported", "the Vatican said the funeral of Pope Francis will take place in St Peter's Square")
    assert found["Saturday"][1] == "The funeral of Pope Francis"


@pytest.mark.parametrize("text, specs, wanted", [
    ("A magnitude 7.7 earthquake struck central Myanmar on Friday.", [("Friday", "2025-03-28")],
     "A magnitude 7.7 earthquake struck central Myanmar"),
    ("The quake hit shortly after midday near Sagaing.", [("midday", "2025-03-28T12:00", "TIME")],
     "The quake hit near Sagaing"),
    ("The government declared a week of national mourning on Monday.",
     [("a week", "P1W", "DURATION"), ("Monday", "2025-03-31")],
     "The government declared a week of national mourning"),
])
def test_descriptions_keep_the_subject_and_durations_and_drop_the_dates_adverbs(text, specs,
                                                                                 wanted):
    dated = [m for m in mentions_for(text, *specs) if m.timex_type in ("DATE", "TIME")]
    assert [m.description for m in dated] == [wanted]


@pytest.mark.parametrize("text, status", [
    ("He appeared on the balcony to bless the crowd on Sunday.", "happened"),
    ("They agreed to meet on Friday.", "planned"),
    ("He will travel to Rome to attend the funeral on Saturday.", "planned"),
])
def test_the_purpose_of_a_past_act_happened(text, status):
    day = next(word for word in ("Sunday", "Friday", "Saturday") if word in text)
    assert only_mention(text, day, "2025-04-20").status == status


def test_a_capitalized_common_noun_is_no_actor():
    mention = only_mention("Flags will fly at half-mast until Sunday, state media said.",
                           "Sunday", "2025-04-06")
    assert mention.actors == []
