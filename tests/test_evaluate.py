"""TimeML reading and TempEval-3 style timex scoring."""
from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from pipeline.core import evaluate as evaluate_module
from pipeline.core.evaluate import evaluate, format_report, match_timexes, run, score_document
from pipeline.core.temporal.timex import Timex
from pipeline.core.timeml import GoldTimex, GoldTlink, read_timeml, read_timeml_dir

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "timeml"
CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


def gold_timex(start, end, text, timex_type="DATE", value="2025-06-02"):
    return GoldTimex(f"t{start}", start, end, text, timex_type, value)


def system_timex(start, end, text, timex_type="DATE", value="2025-06-02"):
    return Timex(start, end, text, timex_type, value)


TEXT = "Talks start on June 2 and last three days, said officials on Wednesday."


def test_read_news_fixture_text_offsets_and_dct():
    document = read_timeml(FIXTURES / "news_small.tml")
    assert document.doc_id == "NEWS_SMALL_1"
    assert document.dct == date(2025, 5, 28)
    assert "<" not in document.text and "talks & votes" in document.text
    assert [(t.tid, t.text, t.type, t.value) for t in document.timexes] == [
        ("t1", "Wednesday", "DATE", "2025-05-28"), ("t2", "June 2", "DATE", "2025-06-02"),
        ("t3", "about three days", "DURATION", "P3D")]
    assert document.timexes[2].mod == "APPROX"
    for timex in document.timexes:
        assert document.text[timex.start:timex.end] == timex.text
    assert [(e.eid, e.text, e.event_class) for e in document.events] == [
        ("e1", "said", "REPORTING"), ("e2", "start", "OCCURRENCE"), ("e3", "last", "OCCURRENCE")]


def test_read_news_fixture_keeps_only_event_timex_links_resolved_to_eids():
    document = read_timeml(FIXTURES / "news_small.tml")
    assert document.dct_tid == "t0"
    assert document.tlinks == (
        GoldTlink("l1", "e1", "t1", "IS_INCLUDED", time_first=False),
        GoldTlink("l2", "e2", "t2", "INCLUDES", time_first=True),
        GoldTlink("l3", "e2", "t0", "AFTER", time_first=False))


def test_read_narrative_fixture_without_docid_or_instances():
    document = read_timeml(FIXTURES / "narrative_small.tml")
    assert document.doc_id == "narrative_small"
    assert document.dct == date(2009, 12, 19)
    assert [t.value for t in document.timexes] == ["1863-05-18", "1863-05-19", "P47D"]
    assert document.events == () and document.tlinks == ()


def test_exact_match_counts_for_every_measure():
    result = score_document("d", TEXT, [gold_timex(15, 21, "June 2")],
                            [system_timex(15, 21, "June 2")])
    for measure in ("strict", "relaxed", "value", "type"):
        assert result.overall.f1(measure) == 1.0
    assert result.mismatches == []


def test_overlapping_span_is_relaxed_but_not_strict():
    result = score_document("d", TEXT, [gold_timex(15, 21, "June 2")],
                            [system_timex(12, 21, "on June 2")])
    assert result.overall.f1("strict") == 0.0
    assert result.overall.f1("relaxed") == 1.0
    assert result.overall.f1("value") == 1.0
    assert [m.kinds for m in result.mismatches] == [("wrong-span",)]


def test_missed_and_spurious_items_count_against_recall_and_precision():
    gold = [gold_timex(15, 21, "June 2"), gold_timex(31, 41, "three days", "DURATION", "P3D")]
    system = [system_timex(15, 21, "June 2"), system_timex(61, 70, "Wednesday", value="2025-05-28")]
    result = score_document("d", TEXT, gold, system)
    assert result.overall.precision("strict") == 0.5
    assert result.overall.recall("strict") == 0.5
    assert sorted(m.kinds for m in result.mismatches) == [("missed",), ("spurious",)]


def test_wrong_value_matches_span_but_not_value():
    result = score_document("d", TEXT, [gold_timex(15, 21, "June 2")],
                            [system_timex(15, 21, "June 2", value="2024-06-02")])
    assert result.overall.f1("strict") == 1.0
    assert result.overall.f1("value") == 0.0
    assert result.mismatches[0].kinds == ("wrong-value",)
    assert "[June 2]" in result.mismatches[0].context


def test_matching_is_one_to_one_and_prefers_the_exact_pair():
    gold = [gold_timex(15, 21, "June 2")]
    system = [system_timex(12, 21, "on June 2"), system_timex(15, 21, "June 2")]
    assert match_timexes(gold, system) == [(0, 1)]
    result = score_document("d", TEXT, gold, system)
    assert (result.overall.precision("relaxed"), result.overall.recall("relaxed")) == (0.5, 1.0)


def test_per_type_recall_by_gold_type_and_precision_by_system_type():
    gold = [gold_timex(31, 41, "three days", "DURATION", "P3D")]
    system = [system_timex(31, 41, "three days", "DATE", "P3D")]
    result = score_document("d", TEXT, gold, system)
    assert result.by_type["DURATION"].recall("relaxed") == 1.0
    assert result.by_type["DURATION"].system == 0
    assert result.by_type["DATE"].precision("relaxed") == 1.0
    assert result.overall.f1("type") == 0.0
    assert result.mismatches[0].kinds == ("wrong-type",)


def test_corpus_scores_are_micro_averaged_and_failures_reported():
    documents = read_timeml_dir(FIXTURES)

    def first_timex_only(document):
        if document.doc_id == "narrative_small":
            raise RuntimeError("boom")
        return document.timexes[:1]

    result = evaluate(documents, first_timex_only)
    overall = result.overall
    assert (overall.gold, overall.system, overall.gold_hits["strict"]) == (6, 1, 1)
    assert overall.recall("strict") == pytest.approx(1 / 6)
    assert [d.error for d in result.documents] == ["RuntimeError: boom", None]
    report = io.StringIO()
    format_report(result, report, mismatches=True, per_document=True)
    text = report.getvalue()
    assert "strict    100.0   16.7   28.6" in text
    assert "mismatches: missed 5\n" in text
    assert "NEWS_SMALL_1\tmissed\t\"June 2\" DATE 2025-06-02" in text
    assert "ERROR on 1 documents (narrative_small): RuntimeError: boom" in text


def test_run_reports_tagger_output(monkeypatch):
    monkeypatch.setattr(evaluate_module, "tagger_system",
                        lambda doc_type: lambda document: list(document.timexes))
    out = io.StringIO()
    assert run([FIXTURES], out, mismatches=False, per_document=True) == 0
    assert "relaxed   100.0  100.0  100.0" in out.getvalue()
    assert "narrative_small" in out.getvalue()


def test_run_rejects_a_missing_directory_and_broken_xml(tmp_path, capsys):
    assert run([FIXTURES / "absent"], io.StringIO(), mismatches=False, per_document=False) == 2
    (tmp_path / "broken.tml").write_text("<TimeML><TEXT>On <TIMEX3>May 2</TEXT></TimeML>")
    (tmp_path / "binary.tml").write_bytes(b"\x00\x01\xff")
    shutil.copy(FIXTURES / sorted(path.name for path in FIXTURES.glob("*.tml"))[0], tmp_path)
    out = io.StringIO()
    assert run([tmp_path], out, mismatches=False, per_document=False) == 2
    errors = capsys.readouterr().err
    assert "broken.tml: not well-formed XML" in errors and "binary.tml: not well-formed XML" in errors
    assert "2 unreadable gold file(s), nothing scored" in errors and out.getvalue() == ""


@pytest.mark.corpus
@pytest.mark.parametrize("subdir,expected_documents,expected_timexes", [
    ("tbaq/TimeBank", 183, 1243), ("tbaq/AQUAINT", 73, 579), ("wikiwars-train", 16, 2139)])
def test_real_corpora_read_consistently(subdir, expected_documents, expected_timexes):
    directory = CORPORA / subdir
    if not directory.is_dir():
        pytest.skip(f"{directory} absent")
    documents = read_timeml_dir(directory)
    assert len(documents) == expected_documents
    assert sum(len(document.timexes) for document in documents) == expected_timexes
    for document in documents:
        assert document.dct is not None
        for timex in document.timexes:
            assert document.text[timex.start:timex.end] == timex.text
            assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        timex_ids = {t.tid for t in document.timexes} | {document.dct_tid}
        event_ids = {e.eid for e in document.events}
        for link in document.tlinks:
            assert link.eid in event_ids and link.tid in timex_ids
    result = evaluate(documents, lambda document: document.timexes)
    assert result.overall.f1("strict") == 1.0 and result.overall.f1("value") == 1.0


def test_run_warns_of_gold_files_in_subfolders_and_shared_docids(tmp_path, capsys):
    fixture = FIXTURES / "news_small.tml"  # it names its DOCID
    shutil.copy(fixture, tmp_path / "a.tml")
    shutil.copy(fixture, tmp_path / "b.tml")  # the same DOCID twice
    (tmp_path / "more").mkdir()
    shutil.copy(fixture, tmp_path / "more" / "c.tml")
    assert run([tmp_path], io.StringIO(), mismatches=False, per_document=False) == 0
    errors = capsys.readouterr().err
    assert "1 .tml file(s) in subfolders" in errors and "more" in errors
    assert "documents sharing a DOCID" in errors


def test_run_warns_of_gold_that_scores_but_not_as_meant(tmp_path, capsys):
    """No DCT, a TIMEX3 without a value, a TIMEX3 inside another: each named, and still scored."""
    (tmp_path / "a.tml").write_text(
        '<TimeML><DOCID>a</DOCID><TEXT>Held on <TIMEX3 tid="t1" type="DATE">Monday</TIMEX3> and '
        'on <TIMEX3 tid="t2" type="DATE" value="2025-06-02">June <TIMEX3 tid="t3" type="DATE" '
        'value="XXXX-XX-02">2</TIMEX3></TIMEX3>.</TEXT></TimeML>')
    assert run([tmp_path], io.StringIO(), mismatches=False, per_document=False) == 0
    errors = capsys.readouterr().err
    name = str(tmp_path / "a.tml")
    assert f"1 document(s) without a <DCT> date, so relative values cannot match: {name}" in errors
    assert f"1 TIMEX3 without a type or value, scored as empty: {name} t1" in errors
    assert f"1 TIMEX3 inside another TIMEX3, scored as an expression of its own: {name} t3" in errors
