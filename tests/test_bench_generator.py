"""The benchmark corpus generator: deterministic, valid pipeline input, no ../shared needed."""
from __future__ import annotations

import importlib.util
import json
import random
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.core import ingest

REPO_ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("generate_corpus",
                                               REPO_ROOT / "bench" / "generate_corpus.py")
generate_corpus = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_corpus)

TIMEML = """<?xml version="1.0" ?>
<TimeML><DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">19980108</TIMEX3></DCT>
<TEXT>
Stocks <EVENT eid="e1">fell</EVENT> &amp; bonds rose
<TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>. Mr. Lee
<EVENT eid="e2">said</EVENT> so.

Trading <EVENT eid="e3">resumes</EVENT>
<TIMEX3 tid="t2" type="DATE" value="1998-01-12">Monday</TIMEX3>.
</TEXT></TimeML>
"""


def _corpus_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path):
    generate_corpus.generate(tmp_path / "a", 30, seed=7, sources=[])
    generate_corpus.generate(tmp_path / "b", 30, seed=7, sources=[])
    generate_corpus.generate(tmp_path / "c", 30, seed=8, sources=[])
    first = _corpus_files(tmp_path / "a")
    assert len(first) == 60
    assert first == _corpus_files(tmp_path / "b")
    assert first != _corpus_files(tmp_path / "c")


def test_smaller_corpus_is_prefix_of_larger(tmp_path):
    generate_corpus.generate(tmp_path / "small", 10, seed=3, sources=[])
    generate_corpus.generate(tmp_path / "large", 25, seed=3, sources=[])
    small, large = _corpus_files(tmp_path / "small"), _corpus_files(tmp_path / "large")
    assert small == {name: large[name] for name in small}


def test_every_article_is_ingested_as_a_dated_news_document(tmp_path):
    n = 40
    generate_corpus.generate(tmp_path / "corpus", n, seed=1, sources=[],
                             first_date=date(2015, 1, 1), last_date=date(2025, 12, 31))
    items = list(ingest.ingest_paths([tmp_path / "corpus"]))
    rejections = [item for item in items if isinstance(item, ingest.Rejection)]
    assert rejections == []
    assert len(items) == n
    assert all(item.doc_type == "news" and item.date_provenance == "metadata" for item in items)
    dates = {item.publication_date for item in items}
    assert all(date(2015, 1, 1) <= day <= date(2025, 12, 31) for day in dates)
    assert len({day.year for day in dates}) >= 5  # spread over years, not one day
    assert len({item.content_sha256 for item in items}) == n


def test_articles_are_grouped_in_blocks_of_1000():
    assert generate_corpus.article_path(Path("out"), 999) == Path("out/0000/a0000999.txt")
    assert generate_corpus.article_path(Path("out"), 1000) == Path("out/0001/a0001000.txt")


def test_timeml_source_is_stripped_and_split(tmp_path):
    (tmp_path / "X1.tml").write_text(TIMEML, encoding="utf-8")
    (source,) = generate_corpus.load_sources(tmp_path)
    assert source.name == "X1"
    assert source.paragraphs == (("Stocks fell & bonds rose yesterday.", "Mr. Lee said so."),
                                 ("Trading resumes Monday.",))


def test_composed_articles_quote_the_sources_verbatim(tmp_path):
    sources = [generate_corpus.SourceDocument(f"D{i}", ((f"Sentence {i} one.", f"Sentence {i} two.",
                                                         f"Sentence {i} three."),))
               for i in range(4)]
    generate_corpus.generate(tmp_path, 5, seed=2, sources=sources)
    for text_path in sorted(tmp_path.glob("*/*.txt")):
        meta = json.loads(text_path.with_name(text_path.stem + ".meta.json").read_text())
        text = text_path.read_text()
        assert 2 <= len(meta["derived_from"]) <= 3
        for name in meta["derived_from"]:
            number = name[1:]
            assert f"Sentence {number} one. Sentence {number} two." in text


@pytest.mark.parametrize("seed", range(20))
def test_past_weekday_names_a_day_in_the_week_before_publication(seed):
    published = date(2025, 5, 28)  # a Wednesday
    draw = generate_corpus.TEMPORAL_EXPRESSIONS["past_weekday"]
    expression = draw(random.Random(seed), published)
    assert expression.startswith("on ")
    assert expression != "on Wednesday"
