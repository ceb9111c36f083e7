"""The cost savings of extraction leave spaCy's annotations unchanged."""
from __future__ import annotations

import pytest

from pipeline.core.events.quick_ruler import quick_attribute_ruler
from pipeline.core.events.extract import (DocumentText, _lemma,
                                          iter_attachments, load_nlp)
from pipeline.core.temporal.timex import Timex

SENTENCES = [
    "I'd say he'll go there on Monday, but it isn't clear whether they're gonna meet.",
    "There is a meeting that you didn't attend, and y'all got ta come.",
    "Let's see: the U.S. Secretary of State Marco Rubio said he'd spoken with Lavrov.",
    "Talks    were held\n\nin Istanbul on June 2; nothin' came of them.",
    "It was done because I asked, and we have had enough of it since 2014.",
    "  Ain't no one who does that, does he? Do it!",
]


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_quick_attribute_ruler_sets_what_the_attribute_ruler_sets():
    nlp = load_nlp()
    quick = quick_attribute_ruler(nlp, "attribute_ruler")
    assert quick is not None and quick.matcher  # most patterns bypass the Matcher, not all
    for text in SENTENCES:
        expected = nlp(text, disable=["lemmatizer", "ner"])
        found = quick(nlp(text, disable=["lemmatizer", "ner", "attribute_ruler"]))
        assert annotations(found) == annotations(expected), text


def test_lemmas_on_demand_equal_the_lemmatizer_pipe():
    nlp = load_nlp()
    for text in SENTENCES:
        first = len(text) - len(text.lstrip())
        timex = Timex(first, first + 1, text[first], "DATE", "2025-05-28")
        docs = [DocumentText("d", text, [timex])]
        parsed = next(iter_attachments(docs, nlp, keep=lambda _: True))[1]
        expected = [t.lemma_.lower() for t in nlp(parsed.text)]
        assert not all(t.lemma for t in parsed)  # not lemmatized up front
        assert [_lemma(t) for t in parsed] == expected, text


@pytest.mark.parametrize("entities", [True, False])
def test_entities_only_where_an_expression_attached(entities):
    nlp = load_nlp()
    text = "Lavrov met Rubio in Istanbul on Monday.\nMonday\nParis, London and Rome."
    timexes = [Timex(text.index("Monday"), text.index("Monday") + 6, "Monday", "DATE",
                     "2025-05-26"),
               Timex(40, 46, "Monday", "DATE", "2025-05-26")]
    found = list(iter_attachments([DocumentText("d", text, timexes)], nlp,
                                  entities=entities))
    (_, dated, attachment), (_, bare, nothing) = found
    assert attachment is not None and nothing is None
    expected = [(e.text, e.label_) for e in nlp(text[:text.index("\n")]).ents]
    assert ("Istanbul", "GPE") in expected
    assert [(e.text, e.label_) for e in dated.ents] == (expected if entities else [])
    assert not bare.has_annotation("ENT_IOB")
