"""The hand-written news sentence sets of bench/: well-formed gold, readable by the benchmark."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.core.temporal.timex import is_valid_value

REPO_ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_news_sentences",
                                               REPO_ROOT / "bench" / "bench_news_sentences.py")
bench_news_sentences = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_news_sentences)
SETS = sorted(bench_news_sentences.SETS.glob("*.tsv"))


@pytest.mark.parametrize("path", SETS, ids=[path.stem for path in SETS])
def test_every_gold_expression_is_in_its_sentence_with_a_valid_value(path):
    documents = bench_news_sentences.read_set(path)
    assert sum(len(document.timexes) for document in documents) >= 30  # a set scores dozens
    for document in documents:
        for timex in document.timexes:
            assert document.text[timex.start:timex.end] == timex.text
            assert is_valid_value(timex.type, timex.value), (document.doc_id, timex)


def test_a_missing_expression_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# header\nThe vote is on Friday.\t2025-05-28\tMonday|DATE|2025-06-02\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:2: 'Monday' is not in the sentence"):
        bench_news_sentences.read_set(bad)


def test_the_benchmark_scores_every_set(capsys):
    assert bench_news_sentences.main([]) == 0
    printed = capsys.readouterr().out
    assert [line for line in printed.splitlines() if line.startswith("== ")] == \
        [f"== {path.stem}: ours" for path in SETS]
    assert printed.count("\nmeasure ") == len(SETS)


def test_peers_are_scored_side_by_side_on_the_same_sentences(capsys):
    assert bench_news_sentences.main(["--set", "set_b", "--systems", "ours,dateparser"]) == 0
    printed = capsys.readouterr().out
    table = printed.split("== set_b: side by side\n")[1].splitlines()
    assert table[0].split()[:2] == ["system", "docs"]
    rows = {line.split()[0]: line.split() for line in table[1:3]}
    assert rows["ours"][1] == rows["dateparser"][1] == "120"
    assert float(rows["ours"][6]) > float(rows["dateparser"][6])  # value F1


def test_an_unknown_system_is_refused(capsys):
    with pytest.raises(SystemExit):
        bench_news_sentences.main(["--systems", "ours,sutime"])
    assert "sutime" in capsys.readouterr().err


def test_a_set_names_its_doc_type_in_its_header(tmp_path):
    narrative = tmp_path / "set_z.tsv"
    narrative.write_text("# doc type: narrative\n# sentence\tDCT\texpressions\n", encoding="utf-8")
    plain = tmp_path / "set_y.tsv"
    plain.write_text("# sentence\tDCT\texpressions\n", encoding="utf-8")
    assert bench_news_sentences.set_doc_type(narrative) == "narrative"
    assert bench_news_sentences.set_doc_type(plain) == "news"
