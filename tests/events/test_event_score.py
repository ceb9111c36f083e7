"""Event-time anchoring scorer on a small TimeML fixture."""
from __future__ import annotations

import io

import pytest

from pipeline.core.events.extract import LINK_RULES, MODEL_RULE, EventTimeLink
from pipeline.core.events.score import (PAIR_CLASSES, REACH_CLASSES, Pair, count_matches,
                                        gold_pairs, pair_classes_of, reach_of, run_event_scoring,
                                        score_documents, score_links, subcorpus_of)
from pipeline.core.temporal.timex import Timex
from pipeline.core.timeml import parse_timeml

FIXTURE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>fixture1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
The board <EVENT eid="e1" class="OCCURRENCE">met</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1998-01-05">Monday</TIMEX3>. Prices <EVENT eid="e2" class="OCCURRENCE">rose</EVENT> for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>. Officials <EVENT eid="e3" class="REPORTING">said</EVENT> so.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="DURING" timeID="t2" relatedToEventInstance="ei2"/>
<TLINK lid="l3" relType="BEFORE" eventInstanceID="ei3" relatedToTime="t1"/>
<TLINK lid="l4" relType="IS_INCLUDED" eventInstanceID="ei3" relatedToTime="t0"/>
</TimeML>
"""


@pytest.fixture()
def gold():
    return parse_timeml(FIXTURE)


def gold_tagger(document):
    """A 'tagger' returning the fixture's gold timexes, so only extraction is scored."""
    def tag(text, dct, doc_type):
        return [Timex(t.start, t.end, t.text, t.type, t.value) for t in document.timexes]
    return tag


def test_gold_pairs_keep_anchoring_links_inside_the_text(gold):
    pairs = gold_pairs(gold)
    assert [(gold.text[p.event_start:p.event_end], gold.text[p.timex_start:p.timex_end])
            for p in pairs] == [("met", "Monday"), ("rose", "three days")]


def test_matching_is_one_to_one_and_needs_both_spans_to_overlap():
    gold = [Pair(0, 3, 10, 16)]
    assert count_matches(gold, [Pair(1, 2, 12, 14), Pair(0, 3, 10, 16)]) == 1
    assert count_matches(gold, [Pair(0, 3, 20, 26)]) == 0
    assert count_matches(gold, [Pair(4, 6, 10, 16)]) == 0


def test_timeline_mode_scores_dates_and_all_timex_mode_scores_durations_too(gold):
    scores, speed, links = score_documents([gold], gold_tagger(gold))
    assert speed.documents == 1 and speed.docs_per_second > 0
    timeline, every = scores["timeline"], scores["all-timexes"]
    assert (timeline.gold, timeline.system, timeline.matched) == (2, 1, 1)
    assert (every.gold, every.system, every.matched) == (2, 2, 2)
    assert every.recall == 1.0 and every.precision == 1.0 and timeline.recall == 0.5
    assert links.by_kind["primary"].matched == 2 and len(links.curve) == len(LINK_RULES) + 1
    assert links.curve[0][:3] == (MODEL_RULE, "scored", True)


def test_secondary_links_are_scored_per_kind_and_along_the_rule_curve():
    gold = {"d": [Pair(0, 5, 20, 25), Pair(6, 10, 20, 25), Pair(16, 19, 20, 25)]}
    links = [EventTimeLink("d", "began", 0, 5, 20, 25, "today", "DATE", "1998", "primary",
                           "primary"),
             EventTimeLink("d", "rose", 6, 10, 20, 25, "today", "DATE", "1998", "clausal",
                           "past_matrix_of_xcomp"),
             EventTimeLink("d", "said", 11, 15, 20, 25, "today", "DATE", "1998", "reported",
                           "reporting_verb"),
             EventTimeLink("d", "won", 16, 19, 20, 25, "today", "DATE", "1998", "scored",
                           MODEL_RULE)]
    modes, scores = score_links(gold, links, [rule for rule in LINK_RULES if rule.name in
                                              ("past_matrix_of_xcomp", "reporting_verb")])
    assert (modes["all-timexes"].matched, modes["all-timexes"].system) == (1, 1)
    assert (modes["links"].matched, modes["links"].system) == (3, 3)
    assert (scores.by_kind["clausal"].matched, scores.by_kind["reported"].system) == (1, 0)
    assert (scores.by_kind["scored"].matched, scores.by_kind["scored"].system) == (1, 1)
    assert [(name, score.system, score.matched) for name, _, _, score in scores.curve] == [
        (MODEL_RULE, 2, 2), ("past_matrix_of_xcomp", 3, 3), ("reporting_verb", 4, 3)]


def test_report_prints_both_modes(gold, monkeypatch):
    import pipeline.core.temporal.tagger as tagger

    monkeypatch.setattr(tagger, "tag", gold_tagger(gold))
    out = io.StringIO()
    assert run_event_scoring([gold], out) == 0
    lines = out.getvalue().splitlines()
    assert any(line.startswith("timeline") and "0.500" in line for line in lines)
    assert any(line.startswith("all-timexes") and "1.000" in line for line in lines)
    assert any(line.startswith("links") and "1.000" in line for line in lines)
    assert any(line.startswith("operating point = links: primary + ") and
               "past_matrix_of_xcomp" in line for line in lines)
    assert any(line.startswith("* past_matrix_of_xcomp") for line in lines)
    assert "docs/s" in lines[-1]


def _pair(text: str, event: str, timex: str) -> Pair:
    return Pair(text.index(event), text.index(event) + len(event), text.index(timex),
                text.index(timex) + len(timex))


def test_reach_sorts_missed_gold_links_by_what_could_reach_them(gold):
    text = gold.text
    met, cross, durative = (_pair(text, "met", "Monday"), _pair(text, "rose", "Monday"),
                            _pair(text, "rose", "three days"))
    system = [met]
    assert reach_of(gold, [met, cross, durative], system) == {
        "matched": 1, "same sentence": 0, "cross-sentence": 1, "timex not linked": 1}
    system.append(_pair(text, "Prices", "three days"))  # right timex, wrong event word
    reach = reach_of(gold, [met, cross, durative], system)
    assert reach["same sentence"] == 1 and reach["timex not linked"] == 0
    assert list(reach) == list(REACH_CLASSES)


def test_pair_classes_say_why_pipeline_pairs_went_unmatched():
    document = parse_timeml(FIXTURE.replace('relType="DURING"', 'relType="BEFORE"'))
    text = document.text
    system = [_pair(text, "met", "Monday"), _pair(text, "said", "Monday"),
              _pair(text, "rose", "three days"), _pair(text, "Officials", "so")]
    classes = pair_classes_of(document, gold_pairs(document), system)
    assert list(classes) == list(PAIR_CLASSES)
    assert classes == {"matched": 1, "no gold timex": 1, "timex unanchored": 1, "other event": 1}


def test_each_gold_directory_is_scored_on_its_own(gold, monkeypatch):
    import pipeline.core.temporal.tagger as tagger

    timebank = parse_timeml(FIXTURE, source="/corpora/TimeBank/fixture1.tml")
    aquaint = parse_timeml(FIXTURE.replace("fixture1", "fixture2").replace(
        'relType="DURING"', 'relType="BEFORE"'), source="/corpora/AQUAINT/fixture2.tml")
    assert (subcorpus_of(timebank), subcorpus_of(aquaint), subcorpus_of(gold)) == (
        "TimeBank", "AQUAINT", "")
    _, _, links = score_documents([timebank, aquaint], gold_tagger(gold))
    by_name = {sub.name: sub for sub in links.subcorpora}
    assert (by_name["TimeBank"].modes["links"].gold, by_name["AQUAINT"].modes["links"].gold) == (
        2, 1)
    assert by_name["AQUAINT"].modes["all-timexes"].precision == 0.5
    assert by_name["TimeBank"].reach["matched"] == 2
    assert len(by_name["AQUAINT"].curve) == len(LINK_RULES) + 1

    monkeypatch.setattr(tagger, "tag", gold_tagger(gold))
    out = io.StringIO()
    run_event_scoring([timebank, aquaint], out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("AQUAINT all-timexes") and "0.500" in line for line in lines)
    assert any(line.split()[:2] == ["*", "past_matrix_of_xcomp"] and len(line.split()) == 4
               for line in lines)
    assert any(line.split() == ["TimeBank", "2", "0", "0", "0"] for line in lines)
    assert any(line.split() == ["AQUAINT", "1", "0", "1", "0"] for line in lines)


def test_a_single_directory_prints_no_sub_corpus_tables(gold, monkeypatch):
    import pipeline.core.temporal.tagger as tagger

    monkeypatch.setattr(tagger, "tag", gold_tagger(gold))
    out = io.StringIO()
    run_event_scoring([gold], out)
    assert "Per sub-corpus" not in out.getvalue()


def test_mismatches_list_the_links_the_operating_point_misses(gold, monkeypatch):
    import pipeline.core.temporal.tagger as tagger

    def monday_only(text, dct, doc_type):  # 'three days' is not found, so its link is missed
        return [timex for timex in gold_tagger(gold)(text, dct, doc_type) if timex.text == "Monday"]

    monkeypatch.setattr(tagger, "tag", monday_only)
    out = io.StringIO()
    assert run_event_scoring([gold], out, mismatches=True) == 0
    listed = out.getvalue().split("Event-time link mismatches at the operating point\n")[1]
    rows = [line.split("\t")[:3] for line in listed.splitlines() if line.count("\t") >= 3]
    assert rows == [["fixture1", "missed", "'rose' -> 'three days'"]]
    plain = io.StringIO()
    run_event_scoring([gold], plain)
    assert "Event-time link mismatches" not in plain.getvalue()
