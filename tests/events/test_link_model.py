"""The learned pair scorer of extract_links: candidates, features, model file and training."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pipeline.core.events import train_links
from pipeline.core.events.extract import (LINK_MODEL, LINK_MODEL_FILE, MODEL_RULE, RESOURCES,
                                          DocumentText, LinkModel, dependency_path,
                                          extract_links, iter_attachments, load_nlp,
                                          pair_candidates)
from pipeline.core.events.score import Pair
from pipeline.core.temporal.timex import Timex

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
VERBS_ONLY = LinkModel({"class=verb": 10.0}, -5.0, 0.5)


def document(text: str, *phrases: tuple[str, str, str]) -> DocumentText:
    timexes = [Timex(text.index(p), text.index(p) + len(p), p, kind, value)
               for p, kind, value in phrases]
    return DocumentText("doc", text, timexes)


def candidates(doc: DocumentText, timex_text: str) -> dict[str, list[str]]:
    for _, _, attachment in iter_attachments([doc], keep=lambda timex: True, entities=False):
        if attachment is not None and attachment.timex.text == timex_text:
            return {token.text: features for token, features in pair_candidates(doc, attachment)}
    raise AssertionError(f"{timex_text} attached to nothing")


def test_dependency_path_goes_up_to_the_common_head_and_down():
    parsed = load_nlp()("Lavrov proposed holding talks in Istanbul on June 2.")
    words = {token.text: token for token in parsed}
    assert dependency_path(words["June"], words["talks"]) == ["^pobj", "^prep", "vdobj"]
    assert dependency_path(words["Istanbul"], words["Lavrov"]) == [
        "^pobj", "^prep", "^dobj", "vnsubj"]
    assert dependency_path(words["proposed"], words["Istanbul"]) == ["vdobj", "vprep", "vpobj"]
    assert dependency_path(words["talks"], words["talks"]) == []


def test_candidates_leave_out_the_trigger_expressions_and_auxiliaries():
    doc = document("The suspect was arrested on Friday and charged on Monday.",
                   ("Friday", "DATE", "1998-01-09"), ("Monday", "DATE", "1998-01-12"))
    found = candidates(doc, "Monday")
    assert "charged" not in found  # the primary trigger
    assert not {"Monday", "Friday", "was"} & set(found)
    assert {"arrested", "suspect"} <= set(found)
    assert "class=verb" in found["arrested"] and "class=noun" in found["suspect"]
    assert "nearer_other_timex" in found["arrested"]  # Friday is closer to it than Monday


def test_candidates_carry_auxiliaries_negation_and_the_other_expressions_triggers():
    doc = document("The suspect was arrested on Friday and will not be charged until Monday.",
                   ("Friday", "DATE", "1998-01-09"), ("Monday", "DATE", "1998-01-12"))
    for_monday = candidates(doc, "Monday")
    assert {"aux=be|class=verb", "other_trigger|class=verb"} <= set(for_monday["arrested"])
    for_friday = candidates(doc, "Friday")
    assert {"aux=will|class=verb", "neg|class=verb", "other_trigger|class=verb",
            "dist=<=5|side=after|class=verb"} <= set(for_friday["charged"])
    assert not [feature for feature in for_friday["suspect"]
                if feature.startswith(("aux=", "neg", "other_trigger"))]


def test_a_model_links_the_words_it_scores_at_its_threshold():
    doc = document("The suspect was arrested and charged on Monday.",
                   ("Monday", "DATE", "1998-01-12"))
    links = list(extract_links([doc], rules=[], model=VERBS_ONLY))
    assert [(link.trigger, link.kind, link.rule) for link in links] == [
        ("charged", "primary", "primary"), ("arrested", "scored", MODEL_RULE)]
    assert [link.trigger for link in extract_links([doc], rules=[], model=None)] == ["charged"]
    strict = LinkModel(VERBS_ONLY.weights, VERBS_ONLY.bias, 0.999)
    assert [link.trigger for link in extract_links([doc], rules=[], model=strict)] == ["charged"]


def test_probability_is_the_logistic_of_the_summed_weights():
    assert VERBS_ONLY.probability([]) == pytest.approx(1 / (1 + math.exp(5)))
    assert VERBS_ONLY.probability(["class=verb", "unknown"]) == pytest.approx(
        1 / (1 + math.exp(-5)))
    assert LinkModel({}, -100.0, 0.5).probability([]) == 0.0


def test_the_shipped_model_is_well_formed_and_uses_known_features():
    assert 0.0 < LINK_MODEL.threshold < 1.0 and LINK_MODEL.weights
    data = json.loads((RESOURCES / LINK_MODEL_FILE).read_text(encoding="utf-8"))
    assert data["threshold"] in train_links.THRESHOLDS
    assert data["validation"]["cross_validated"]["P"] >= 0.60  # how the threshold is chosen
    assert set(data["validation"]["trained_on_the_others"]) == set(data["trained_on"])
    assert all(math.isfinite(weight) for weight in LINK_MODEL.weights.values())
    assert data["training"] == train_links.training_settings()  # retrain after changing them
    doc = document("Officials said the talks held on Monday had not ended, and prices rose for "
                   "three days.", ("Monday", "DATE", "1998-01-12"),
                   ("three days", "DURATION", "P3D"))
    produced = {feature.split("=")[0] for features in candidates(doc, "Monday").values()
                for part in features for feature in part.split("|")}
    used = {feature.split("=")[0] for name in LINK_MODEL.weights for feature in name.split("|")}
    assert used <= produced | {"root", "trigger_root", "quote_between", "comma_between",
                               "tree_nearer_other_timex", "nearer_other_timex", "same_clause",
                               "timex_clause_head", "dominates_timex", "under_trigger",
                               "over_trigger"}


def _candidate(doc_id: str, features: list[str], label: bool, start: int = 0
               ) -> train_links.Candidate:
    return train_links.Candidate(doc_id, start, Pair(start, start + 3, 50, 55), features, label)


def test_training_learns_the_sign_of_a_telling_feature_and_drops_rare_ones():
    examples = [_candidate("d", ["good", "common"], True) for _ in range(30)] + \
        [_candidate("d", ["bad", "common"], False) for _ in range(30)] + \
        [_candidate("d", ["rare"], True)]
    weights, bias = train_links.train(examples)
    assert weights["good"] > 1.0 > -1.0 > weights["bad"]
    assert "rare" not in weights
    model = LinkModel(weights, bias, 0.5)
    assert model.probability(["good", "common"]) > 0.9 > 0.1 > model.probability(["bad", "common"])


def test_training_averages_runs_over_several_example_orders():
    examples = [_candidate("d", ["good", "common"], n % 3 > 0) for n in range(40)] + \
        [_candidate("d", ["bad", "common"], n % 4 == 0) for n in range(40)]
    kept = {"good", "bad", "common"}
    runs = [train_links._train_once(examples, kept, train_links.SEED + run)
            for run in range(train_links.BAGS)]
    assert runs[0] != runs[1]  # the order of the examples matters for one run
    weights, bias = train_links.train(examples)
    assert weights["good"] == pytest.approx(sum(w["good"] for w, _ in runs) / len(runs), abs=1e-4)
    assert bias == pytest.approx(sum(b for _, b in runs) / len(runs), abs=1e-4)
    assert train_links.train(examples) == (weights, bias)  # deterministic


def test_the_operating_point_adds_accepted_candidates_to_the_base_links():
    gold = {"d": [Pair(0, 3, 50, 55), Pair(10, 13, 50, 55)]}
    corpus = train_links.Corpus("X", gold, {"d": [Pair(0, 3, 50, 55)]},
                                {"d": [_candidate("d", ["a"], True, 10),
                                       _candidate("d", ["b"], False, 20)]})
    none = train_links.operating_point([corpus], lambda c: False)
    assert (none.gold, none.system, none.matched) == (2, 1, 1)
    every = train_links.operating_point([corpus], lambda c: True)
    assert (every.system, every.matched) == (3, 2)


def test_out_of_fold_scores_every_candidate_without_its_document():
    docs = [f"d{n}" for n in range(10)]
    candidates_ = {d: [_candidate(d, ["good"], True), _candidate(d, ["bad"], False, 5)] * 5
                   for d in docs}
    corpus = train_links.Corpus("X", {d: [] for d in docs}, {}, candidates_)
    probabilities = train_links.out_of_fold([corpus], folds=5)
    assert set(probabilities) == {id(c) for c in corpus.all_candidates()}
    assert all((p > 0.5) == c.label for c in corpus.all_candidates()
               for p in [probabilities[id(c)]])


@pytest.mark.corpus
def test_training_material_matches_what_extract_links_produces():
    """The training side's operating point (base links plus accepted candidates) is what
    extract_links really yields with the model, on a slice of TimeBank."""
    if not (CORPORA / "tbaq" / "TimeBank").is_dir():
        pytest.skip("../shared/corpora absent")
    from pipeline.core.events.score import count_matches, gold_pairs
    from pipeline.core.temporal.tagger import tag
    from pipeline.core.timeml import read_timeml

    paths = sorted((CORPORA / "tbaq" / "TimeBank").glob("*.tml"))[:12]
    gold_docs = [read_timeml(path) for path in paths]
    (corpus,) = train_links.build_corpora(gold_docs, tag)
    assert sum(c.label for c in corpus.all_candidates()) > 0
    expected = train_links.operating_point(
        [corpus], lambda c: LINK_MODEL.probability(c.features) >= LINK_MODEL.threshold)
    docs = [DocumentText(g.doc_id, g.text, tag(g.text, g.dct, "news")) for g in gold_docs]
    pairs: dict[str, list[Pair]] = {}
    for link in extract_links(docs):
        pairs.setdefault(link.doc_id, []).append(
            Pair(link.trigger_start, link.trigger_end, link.timex_start, link.timex_end))
    matched = sum(count_matches(gold_pairs(g), pairs.get(g.doc_id, [])) for g in gold_docs)
    assert (expected.system, expected.matched) == (sum(map(len, pairs.values())), matched)
