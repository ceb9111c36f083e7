"""Event-time links: primary link plus the secondary links of the data-driven rules."""
from __future__ import annotations

import json

from pipeline.core.events.extract import (ENABLED_LINK_RULES, LINK_KINDS, LINK_RULES, RESOURCES,
                                          DocumentText, extract_links, extract_mentions)
from pipeline.core.temporal.timex import Timex

RULES_BY_NAME = {rule.name: rule for rule in LINK_RULES}


def document(text: str, phrase: str, value: str, timex_type: str = "DATE") -> DocumentText:
    start = text.index(phrase)
    return DocumentText("doc", text, [Timex(start, start + len(phrase), phrase, timex_type, value)])


def linked(doc: DocumentText, rules=None) -> list[tuple[str, str, str]]:
    return [(link.trigger, link.kind, link.rule) for link in extract_links([doc], rules=rules)]


def test_a_past_matrix_verb_shares_the_date_of_its_complement():
    doc = document("Cuban television began to promote its papal coverage today.", "today",
                   "1998-01-20")
    assert linked(doc) == [("promote", "primary", "primary"),
                           ("began", "clausal", "past_matrix_of_xcomp")]


def test_a_present_intention_does_not_share_the_date():
    doc = document("The airline plans to double its flights by August.", "August", "1998-08")
    assert [trigger for trigger, _, _ in linked(doc)] == ["double"]


def test_coordinated_event_nouns_share_the_date():
    doc = document("The May 16 talks and negotiations were tense.", "May 16", "1998-05-16")
    assert linked(doc) == [("talks", "primary", "primary"),
                           ("negotiations", "coordinated", "coordinated_nouns")]


def test_disabled_rules_run_on_request_and_link_coordinated_verbs():
    doc = document("The suspect was arrested and charged on Monday.", "Monday", "1998-01-12")
    assert linked(doc) == [("charged", "primary", "primary")]
    assert linked(doc, [RULES_BY_NAME["coordinated_before"]]) == [
        ("charged", "primary", "primary"), ("arrested", "coordinated", "coordinated_before")]


def test_reporting_rules_reach_the_reported_event():
    doc = document("The minister said today that troops would join the force.", "today",
                   "1998-01-20")
    assert linked(doc, [RULES_BY_NAME["reported_event"]]) == [
        ("said", "primary", "primary"), ("join", "reported", "reported_event")]


def test_links_carry_offsets_and_durations_are_linked_too():
    text = "Prices rose for three days."
    links = list(extract_links([document(text, "three days", "P3D", "DURATION")]))
    assert [(text[l.trigger_start:l.trigger_end], text[l.timex_start:l.timex_end], l.timex_value)
            for l in links] == [("rose", "three days", "P3D")]


def test_primary_links_of_dating_expressions_are_the_timeline_mentions():
    text = ("Lavrov proposed holding talks in Istanbul on June 2. The station started airing "
            "the interviews on Friday, officials said.")
    timexes = [Timex(text.index(p), text.index(p) + len(p), p, "DATE", v)
               for p, v in (("June 2", "2025-06-02"), ("Friday", "2025-05-23"))]
    doc = DocumentText("doc", text, timexes)
    primary = [(link.trigger_start, link.timex_start) for link in extract_links([doc])
               if link.kind == "primary"]
    assert primary == [(m.trigger_start, m.timex_start) for m in extract_mentions([doc])]
    assert len(primary) == 2


def test_rule_file_is_well_formed():
    entries = json.loads((RESOURCES / "link_rules.json").read_text(encoding="utf-8"))["rules"]
    assert len({entry["name"] for entry in entries}) == len(entries) == len(LINK_RULES)
    assert {rule.kind for rule in LINK_RULES} <= set(LINK_KINDS[1:])
    assert ENABLED_LINK_RULES and all(rule.enabled for rule in ENABLED_LINK_RULES)
    for entry in entries:
        assert set(entry["increment"]) == {"TimeBank", "AQUAINT"}
        for increment in entry["increment"].values():
            matched, added = map(int, increment.split("/"))
            assert 0 <= matched <= added
        assert all(step.split(":")[0] in ("up", "down") for step in entry["path"])


def test_enabled_rules_pay_on_each_sub_corpus_where_they_fire():
    entries = json.loads((RESOURCES / "link_rules.json").read_text(encoding="utf-8"))["rules"]
    for entry in entries:
        counts = [tuple(map(int, increment.split("/")))
                  for increment in entry["increment"].values()]
        pays_everywhere = all(added == 0 or matched / added >= 0.5 for matched, added in counts)
        assert not entry["enabled"] or pays_everywhere, entry["name"]

