"""Scores on the development corpora (../shared/corpora); skipped when they are absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.evaluate import evaluate, load_gold, tagger_system

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _scores(directories: list[Path], doc_type: str) -> dict[str, float]:
    if not all(directory.is_dir() for directory in directories):
        pytest.skip("development corpora not available")
    result = evaluate(load_gold(directories), tagger_system(doc_type))
    assert not any(document.error for document in result.documents)
    return {measure: result.overall.f1(measure) for measure in ("strict", "relaxed", "value")}


def test_tbaq_news_scores_stay_above_heideltime():
    scores = _scores([SHARED / "tbaq" / "TimeBank", SHARED / "tbaq" / "AQUAINT"], "news")
    assert scores["strict"] >= 0.89  # HeidelTime: 0.841
    assert scores["relaxed"] >= 0.94  # HeidelTime: 0.921
    assert scores["value"] >= 0.82  # HeidelTime: 0.774


def test_wikiwars_narrative_value_score_stays_above_heideltime():
    scores = _scores([SHARED / "wikiwars-train"], "narrative")
    assert scores["value"] >= 0.88  # HeidelTime (narrative mode): 0.840
