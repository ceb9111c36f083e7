"""The `timeline annotate` contract: JSON lines in, JSON lines or TimeML out."""
from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from pipeline.core import annotate as annotate_module
from pipeline.core.annotate import annotate_jsonl, annotate_timeml, resolve_doc_type
from pipeline.core.temporal.timex import Timex, is_valid_value
from pipeline.core.timeml import (parse_timeml, read_timeml, read_timeml_dir, split_timeml_stream,
                                  write_timeml)

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
TIMEX_KEYS = {"start", "end", "text", "type", "value"}
MONTH_DAY = re.compile(r"\b(June|May) (\d{1,2})\b")
MONTHS = {"May": 5, "June": 6}


def month_day_tagger(text, dct, doc_type):
    """A stand-in tagger: "June 2" -> DATE in the DCT's year (XXXX without a DCT)."""
    timexes = []
    for match in MONTH_DAY.finditer(text):
        year = f"{dct.year:04d}" if dct else "XXXX"
        value = f"{year}-{MONTHS[match.group(1)]:02d}-{int(match.group(2)):02d}"
        timexes.append(Timex(match.start(), match.end(), match.group(), "DATE", value))
    return timexes


def run_jsonl(lines, tag=month_day_tagger):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = annotate_jsonl(io.StringIO("".join(line + "\n" for line in lines)), stdout, stderr,
                          tag=tag)
    return code, [json.loads(line) for line in stdout.getvalue().splitlines()], stderr.getvalue()


def test_outputs_follow_input_order_with_the_contract_schema():
    inputs = [{"id": f"doc{i}", "text": f"Talks on June {i + 1} and May {i + 10}.",
               "dct": "2025-05-28"} for i in range(5)]
    code, outputs, errors = run_jsonl([json.dumps(record) for record in inputs])
    assert (code, errors) == (0, "")
    assert [output["id"] for output in outputs] == [record["id"] for record in inputs]
    for record, output in zip(inputs, outputs):
        assert set(output) == {"id", "timexes"}
        assert len(output["timexes"]) == 2
        for timex in output["timexes"]:
            assert set(timex) == TIMEX_KEYS
            assert record["text"][timex["start"]:timex["end"]] == timex["text"]
    assert outputs[0]["timexes"][0]["value"] == "2025-06-01"


def test_offsets_are_str_offsets_and_output_is_not_ascii_escaped():
    text = "Café 🎉 talks résumé on June 2."
    code, outputs, _ = run_jsonl([json.dumps({"id": "ü", "text": text, "dct": None})])
    timex = outputs[0]["timexes"][0]
    assert text[timex["start"]:timex["end"]] == "June 2" and timex["value"] == "XXXX-06-02"
    raw = io.StringIO()
    annotate_jsonl(io.StringIO(json.dumps({"id": "ü", "text": text, "dct": None})), raw,
                   io.StringIO(), tag=month_day_tagger)
    assert '"id": "ü"' in raw.getvalue()


def test_malformed_lines_give_error_records_in_place_and_exit_code_1():
    lines = [
        json.dumps({"id": "good1", "text": "June 2", "dct": "2025-05-28"}),
        "{not json",
        json.dumps({"id": "no-text", "dct": "2025-05-28"}),
        "",
        json.dumps({"id": "bad-dct", "text": "June 2", "dct": "28/05/2025"}),
        json.dumps({"id": "bad-type", "text": "June 2", "dct": None, "doc_type": "poem"}),
        json.dumps({"id": "good2", "text": "May 16", "dct": "2025-05-28"}),
    ]
    code, outputs, errors = run_jsonl(lines)
    assert code == 1
    assert [output["id"] for output in outputs] == [
        "good1", None, "no-text", "bad-dct", "bad-type", "good2"]
    assert [("error" in output) for output in outputs] == [False, True, True, True, True, False]
    assert all(output["timexes"] == [] for output in outputs if "error" in output)
    assert outputs[-1]["timexes"][0]["value"] == "2025-05-16"
    for line_number in (2, 3, 5, 6):
        assert f"line {line_number}:" in errors
    assert "line 1:" not in errors and "line 7:" not in errors


def test_tagger_failure_is_reported_and_the_stream_goes_on():
    def fragile_tagger(text, dct, doc_type):
        if "boom" in text:
            raise RuntimeError("cannot tag")
        return month_day_tagger(text, dct, doc_type)

    lines = [json.dumps({"id": "a", "text": "boom", "dct": None}),
             json.dumps({"id": "b", "text": "June 3", "dct": "2024-01-01"})]
    code, outputs, errors = run_jsonl(lines, tag=fragile_tagger)
    assert code == 1 and "line 1: tagger failed: RuntimeError: cannot tag" in errors
    assert outputs[0]["error"].startswith("tagger failed")
    assert outputs[1]["timexes"][0]["value"] == "2024-06-03"


def test_dct_and_doc_type_reach_the_tagger():
    seen = []

    def recording_tagger(text, dct, doc_type):
        seen.append((dct, doc_type))
        return []

    history = "The war began in 1861. In 1862 and 1863 battles followed; by 1864 and 1865 it ended."
    lines = [json.dumps({"id": "1", "text": "x", "dct": "2025-05-28"}),
             json.dumps({"id": "2", "text": "x", "dct": None, "doc_type": "narrative"}),
             json.dumps({"id": "3", "text": history, "dct": "2009-12-19", "doc_type": "auto"}),
             json.dumps({"id": "4", "text": "Talks on Wednesday.", "dct": "2025-05-28",
                         "doc_type": "auto"})]
    run_jsonl(lines, tag=recording_tagger)
    assert seen == [(date(2025, 5, 28), "news"), (None, "narrative"),
                    (date(2009, 12, 19), "narrative"), (date(2025, 5, 28), "news")]


class CountingInput(io.StringIO):
    """stdin that counts the lines handed out."""

    lines_read = 0

    def __next__(self):
        line = super().__next__()
        self.lines_read += 1
        return line


class FlushRecorder(io.StringIO):
    """stdout that records how many input lines had been read at each flush."""

    def __init__(self, source: CountingInput):
        super().__init__()
        self.source, self.flushed_at = source, []

    def flush(self):
        self.flushed_at.append(self.source.lines_read)
        super().flush()


def test_streams_and_flushes_per_batch():
    count = 2 * annotate_module.FLUSH_EVERY + 50
    source = CountingInput("".join(json.dumps({"id": str(i), "text": "June 2", "dct": None}) + "\n"
                                   for i in range(count)))
    sink = FlushRecorder(source)
    assert annotate_jsonl(source, sink, io.StringIO(), tag=month_day_tagger) == 0
    assert sink.flushed_at[0] == annotate_module.FLUSH_EVERY  # output left before input ended
    assert len(sink.flushed_at) == 3
    assert len(sink.getvalue().splitlines()) == count


def test_byte_streams_are_read_and_written_as_utf8_whatever_the_locale():
    raw = (json.dumps({"id": "é", "text": "Fête on June 2", "dct": None}, ensure_ascii=False)
           .encode("utf-8") + b"\n" + b'{"id": "bad", "text": "caf\xe9 June 3", "dct": null}\n')
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="ascii")
    stdout_bytes = io.BytesIO()
    stdout = io.TextIOWrapper(stdout_bytes, encoding="ascii")
    assert annotate_jsonl(stdin, stdout, io.StringIO(), tag=month_day_tagger) == 0
    output_lines = stdout_bytes.getvalue().decode("utf-8").splitlines()
    first, second = [json.loads(line) for line in output_lines]
    assert first["id"] == "é" and first["timexes"][0]["text"] == "June 2"
    assert second["timexes"][0]["start"] == len("caf\ufffd ")


def test_timeml_out_dir_round_trips_through_read_timeml(tmp_path):
    text = 'Talks <on> "June 2" & May 16\r\nwere set.'
    lines = [json.dumps({"id": "news/1", "text": text, "dct": "2025-05-28"}),
             json.dumps({"id": "plain", "text": "No dates here.", "dct": None})]
    stdout = io.StringIO()
    code = annotate_timeml(io.StringIO("\n".join(lines)), stdout, io.StringIO(), out_dir=tmp_path,
                           tag=month_day_tagger)
    assert code == 0
    assert stdout.getvalue().splitlines() == [str(tmp_path / "news_1.tml"),
                                              str(tmp_path / "plain.tml")]
    document = read_timeml(tmp_path / "news_1.tml")
    assert (document.doc_id, document.text, document.dct) == ("news/1", text, date(2025, 5, 28))
    expected = month_day_tagger(text, date(2025, 5, 28), "news")
    assert [(t.start, t.end, t.text, t.type, t.value) for t in document.timexes] == [
        (t.start, t.end, t.text, t.type, t.value) for t in expected]
    assert read_timeml(tmp_path / "plain.tml").dct is None
    assert len(read_timeml_dir(tmp_path)) == 2


def test_timeml_out_dir_refuses_a_file_name_already_written(tmp_path):
    lines = [json.dumps({"id": "same", "text": "June 2", "dct": "2025-05-28"}),
             json.dumps({"id": "same", "text": "May 16", "dct": "2025-05-28"}),
             json.dumps({"id": "a/b", "text": "June 3", "dct": "2025-05-28"}),
             json.dumps({"id": "a_b", "text": "June 4", "dct": "2025-05-28"})]
    stdout, stderr = io.StringIO(), io.StringIO()
    code = annotate_timeml(io.StringIO("\n".join(lines)), stdout, stderr, out_dir=tmp_path,
                           tag=month_day_tagger)
    assert code == 1
    assert stdout.getvalue().splitlines() == [str(tmp_path / "same.tml"), str(tmp_path / "a_b.tml")]
    assert "line 2:" in stderr.getvalue() and "line 4:" in stderr.getvalue()
    assert "not overwritten" in stderr.getvalue()
    assert read_timeml(tmp_path / "same.tml").text == "June 2"
    assert read_timeml(tmp_path / "a_b.tml").text == "June 3"


def test_a_missing_id_is_named_as_missing():
    code, outputs, errors = run_jsonl([json.dumps({"text": "June 2", "dct": None})])
    assert code == 1 and outputs[0]["error"] == '"id" is missing' and "line 1:" in errors


def test_write_timeml_keeps_mod_and_leaves_out_overlapping_timexes():
    text = "about three days after June 2"
    timexes = [Timex(0, 16, "about three days", "DURATION", "P3D", mod="APPROX"),
               Timex(6, 16, "three days", "DURATION", "P3D"),
               Timex(23, 29, "June 2", "DATE", "2025-06-02")]
    document = parse_timeml(write_timeml("d", text, None, timexes))
    assert document.text == text
    assert [(t.text, t.value, t.mod) for t in document.timexes] == [
        ("about three days", "P3D", "APPROX"), ("June 2", "2025-06-02", None)]


def test_timeml_stream_splits_into_documents_and_reports_unwritable_text():
    lines = [json.dumps({"id": "a", "text": "On June 2.", "dct": "2025-05-28"}),
             json.dumps({"id": "b", "text": "Bell \u0007 on May 3.", "dct": "2025-05-28"}),
             json.dumps({"id": "c", "text": "By May 30.", "dct": None})]
    stdout, stderr = io.StringIO(), io.StringIO()
    code = annotate_timeml(io.StringIO("\n".join(lines)), stdout, stderr, tag=month_day_tagger)
    assert code == 1 and "line 2:" in stderr.getvalue()
    documents = [parse_timeml(chunk) for chunk in split_timeml_stream(stdout.getvalue())]
    assert [(d.doc_id, d.timexes[0].value) for d in documents] == [
        ("a", "2025-06-02"), ("c", "XXXX-05-30")]


def test_auto_doc_type_separates_news_from_histories():
    news = "Lavrov said on Wednesday that talks would resume next week, as agreed in 2022."
    history = ("Fighting began in 1914. By 1915 the front had settled; 1916 brought Verdun, "
               "1917 the revolution, and 1918 the armistice.")
    assert resolve_doc_type("auto", news, date(2025, 5, 28)) == "news"
    assert resolve_doc_type("auto", history, date(2009, 12, 19)) == "narrative"
    assert resolve_doc_type("news", history, date(2009, 12, 19)) == "news"


@pytest.mark.corpus
def test_auto_doc_type_on_development_corpora():
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora absent")
    for subdir, expected in (("tbaq/TimeBank", "news"), ("tbaq/AQUAINT", "news"),
                             ("wikiwars-train", "narrative")):
        guesses = {resolve_doc_type("auto", d.text, d.dct) for d in read_timeml_dir(CORPORA / subdir)}
        assert guesses == {expected}, subdir


def test_real_tagger_output_honours_the_contract():
    text = ("Russian Foreign Minister Sergey Lavrov suggested on Wednesday that talks be held in "
            "Istanbul on June 2, two weeks after the May 16 round. Talks resume every month.")
    line = json.dumps({"id": "seed", "text": text, "dct": "2025-05-28"})
    code, outputs, errors = run_jsonl([line], tag=None)
    assert (code, errors) == (0, "")
    timexes = outputs[0]["timexes"]
    assert timexes, "the tagger found nothing in a text with explicit dates"
    for timex in timexes:
        assert set(timex) == TIMEX_KEYS
        assert text[timex["start"]:timex["end"]] == timex["text"]
        assert is_valid_value(timex["type"], timex["value"])
    assert {"value": "2025-06-02", "type": "DATE"}.items() <= next(
        t for t in timexes if "June 2" in t["text"]).items()


def test_out_dir_that_is_a_file_or_without_timeml_gets_one_line(tmp_path, monkeypatch, capsys):
    from pipeline import cli
    afile = tmp_path / "afile"
    afile.write_text("x")
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "m", "text": "on Monday", "dct": null}\n'))
    assert cli.main(["annotate", "--timeml", "--out-dir", str(afile)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"timeline annotate: --out-dir {afile} is a file, not a folder.")
    assert cli.main(["annotate", "--jsonl", "--out-dir", str(tmp_path)]) == 2
    assert "--out-dir goes with --timeml" in capsys.readouterr().err


def test_a_byte_order_mark_opening_the_input_is_skipped():
    stdout, stderr = io.StringIO(), io.StringIO()
    lines = '\ufeff{"id": "a", "text": "June 2", "dct": "2025-05-28"}\n{"id": "b", "text": "x"}\n'
    assert annotate_jsonl(io.StringIO(lines), stdout, stderr, tag=month_day_tagger) == 0
    records = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [record["id"] for record in records] == ["a", "b"] and stderr.getvalue() == ""
