"""The example corpus of each rule family (corpus/<family>.tsv), run as parametrized tests."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.core.temporal.tagger import tag

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTING_FAMILIES = ("anchoring", "absolute", "narrative", "durations", "sets", "references", "times",
                      "modifiers", "calendar_terms")


def _rows(family: str) -> list[list[str]]:
    lines = (CORPUS / f"{family}.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _cases() -> list:
    """Rows padded to 7 columns (the mod column is optional, '' = not checked)."""
    return [pytest.param(*(row + [""] * (7 - len(row))), id=f"{family}-{number}-{row[3]}")
            for family in EXPECTING_FAMILIES for number, row in enumerate(_rows(family), start=1)]


@pytest.mark.parametrize("sentence,dct,doc_type,expected_text,timex_type,value,mod", _cases())
def test_expression_is_found_and_normalized(sentence, dct, doc_type, expected_text, timex_type, value,
                                            mod):
    found = {t.text: t for t in tag(sentence, date.fromisoformat(dct), doc_type)}
    assert expected_text in found, f"{expected_text!r} not tagged; got {sorted(found)}"
    timex = found[expected_text]
    assert (timex.type, timex.value) == (timex_type, value)
    if mod:
        assert timex.mod == mod


@pytest.mark.parametrize("sentence,dct,doc_type,word",
                         [pytest.param(*row, id=f"false-alarm-{row[3]}") for row in _rows("false_alarms")])
def test_false_alarm_is_not_tagged(sentence, dct, doc_type, word):
    timexes = tag(sentence, date.fromisoformat(dct), doc_type)
    start = sentence.index(word)
    overlapping = [t.text for t in timexes if t.start < start + len(word) and start < t.end]
    assert overlapping == []
