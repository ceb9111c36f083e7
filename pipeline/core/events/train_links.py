"""Train the learned pair scorer of extract_links (resources/link_model.json) on TimeML gold.

`python -m pipeline.core.events.train_links GOLD_DIR [GOLD_DIR ...] [--write]`

Each gold directory is a sub-corpus (TBAQ: TimeBank, AQUAINT). The candidates are those of
`extract.pair_candidates` for the expressions the real tagger finds, parsed as extract_links
parses them; a candidate is positive when it overlaps a gold event anchored (score.gold_pairs)
by a gold expression overlapping its expression. Logistic regression (L2, AdaGrad, weights
averaged over five fixed example orders, pure Python). Printed, as the operating point (primary
links and enabled rules) with the scored links added, per threshold: a model trained on the
other sub-corpora scored on each sub-corpus; document-level k-fold cross-validation (pooled and
per sub-corpus), which picks the threshold (the lowest keeping precision >= --min-precision);
the model trained on all (in-sample, optimistic). --write stores that model and threshold.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pipeline.core.events.extract import (ENABLED_LINK_RULES, LINK_MODEL_FILE, RESOURCES,
                                          DocumentText, LinkModel, iter_attachments, links_of,
                                          pair_candidates)
from pipeline.core.events.score import AnchorScore, Pair, count_matches, gold_pairs, subcorpus_of

THRESHOLDS = tuple(round(0.20 + 0.025 * step, 3) for step in range(25))  # 0.200, 0.225 ... 0.800
EPOCHS = 3  # few passes (early stopping): more overfit, cross-validation says
LEARNING_RATE = 0.2
L2 = 0.01
MIN_COUNT = 20  # features seen fewer times in training are left out of the model
FOLDS = 5
SEED = 13
BAGS = 5  # training runs averaged (see train)


@dataclass
class Candidate:
    """One (word, expression) candidate pair of a gold document."""

    doc_id: str
    token_index: int  # identifies the word within its expression's candidates
    pair: Pair
    features: list[str]
    label: bool


@dataclass
class Corpus:
    """The parsed material of one sub-corpus: gold pairs, the operating point's links (primary
    and enabled rules) and the model candidates, per document."""

    name: str
    gold: dict[str, list[Pair]]
    base: dict[str, list[Pair]]
    candidates: dict[str, list[Candidate]]

    def all_candidates(self) -> list[Candidate]:
        return [candidate for pairs in self.candidates.values() for candidate in pairs]


def _overlaps(start_a: int, end_a: int, start_b: int, end_b: int) -> bool:
    return start_a < end_b and start_b < end_a


def build_corpora(gold_docs: Sequence, tag, nlp=None) -> list[Corpus]:
    """Tag, parse and collect candidates as extract_links would, grouped by sub-corpus."""
    corpora: dict[str, Corpus] = {}
    name_of = {}
    docs = []
    for gold_doc in gold_docs:
        name = subcorpus_of(gold_doc)
        name_of[gold_doc.doc_id] = name
        corpus = corpora.setdefault(name, Corpus(name, {}, {}, {}))
        corpus.gold[gold_doc.doc_id] = gold_pairs(gold_doc)
        docs.append(DocumentText(gold_doc.doc_id, gold_doc.text,
                                 tag(gold_doc.text, gold_doc.dct, "news")))
    for doc, _, attachment in iter_attachments(docs, nlp, keep=lambda timex: True,
                                               entities=False):
        if attachment is None:
            continue
        corpus = corpora[name_of[doc.doc_id]]
        gold = corpus.gold[doc.doc_id]
        linked = links_of(doc, attachment, ENABLED_LINK_RULES)
        corpus.base.setdefault(doc.doc_id, []).extend(
            Pair(link.trigger_start, link.trigger_end, link.timex_start, link.timex_end)
            for link in linked)
        taken = {link.trigger_start for link in linked}
        offset, timex = attachment.sentence_start, attachment.timex
        for token, features in pair_candidates(doc, attachment):
            start = offset + token.idx
            if start in taken:
                continue
            pair = Pair(start, start + len(token.text), timex.start, timex.end)
            label = any(_overlaps(pair.event_start, pair.event_end, g.event_start, g.event_end)
                        and _overlaps(pair.timex_start, pair.timex_end, g.timex_start, g.timex_end)
                        for g in gold)
            corpus.candidates.setdefault(doc.doc_id, []).append(
                Candidate(doc.doc_id, token.i, pair, features, label))
    return list(corpora.values())


def train(candidates: Sequence[Candidate]) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression by AdaGrad, averaged over BAGS example orders (one
    order makes the model, and the pairs near the threshold, depend on chance); (weights, bias)."""
    counts: dict[str, int] = {}
    for candidate in candidates:
        for feature in candidate.features:
            counts[feature] = counts.get(feature, 0) + 1
    kept = {feature for feature, count in counts.items() if count >= MIN_COUNT}
    runs = [_train_once(candidates, kept, SEED + run) for run in range(BAGS)]
    weights = {feature: sum(run[0][feature] for run in runs) / BAGS for feature in sorted(kept)}
    bias = sum(run[1] for run in runs) / BAGS
    return {feature: round(weight, 4) for feature, weight in weights.items()
            if abs(weight) >= 1e-3}, round(bias, 4)


def _train_once(candidates: Sequence[Candidate], kept: set[str], seed: int
                ) -> tuple[dict[str, float], float]:
    """One AdaGrad run over the kept features, examples shuffled by `seed`."""
    weights = dict.fromkeys(kept, 0.0)
    squares = dict.fromkeys(kept, 1e-8)
    bias, bias_square = 0.0, 1e-8
    order = list(range(len(candidates)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for index in order:
            candidate = candidates[index]
            active = [feature for feature in candidate.features if feature in kept]
            score = bias + sum(weights[feature] for feature in active)
            probability = 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))
            error = probability - candidate.label
            for feature in active:
                gradient = error + L2 * weights[feature]
                squares[feature] += gradient * gradient
                weights[feature] -= LEARNING_RATE * gradient / math.sqrt(squares[feature])
            bias_square += error * error
            bias -= LEARNING_RATE * error / math.sqrt(bias_square)
    return weights, bias


def out_of_fold(corpora: Sequence[Corpus], folds: int = FOLDS) -> dict[int, float]:
    """Probability of every candidate (by id) from a model trained without its document
    (documents dealt into `folds` folds in a fixed shuffled order)."""
    doc_ids = sorted(doc_id for corpus in corpora for doc_id in corpus.gold)
    random.Random(SEED).shuffle(doc_ids)
    fold_of = {doc_id: index % folds for index, doc_id in enumerate(doc_ids)}
    candidates = [c for corpus in corpora for c in corpus.all_candidates()]
    probabilities = {}
    for fold in range(folds):
        weights, bias = train([c for c in candidates if fold_of[c.doc_id] != fold])
        model = LinkModel(weights, bias, 0.0)
        probabilities.update((id(c), model.probability(c.features)) for c in candidates
                             if fold_of[c.doc_id] == fold)
    return probabilities


def operating_point(corpora: Sequence[Corpus], accepts: Callable[[Candidate], bool]
                    ) -> AnchorScore:
    """P/R of the operating point's links plus the candidates `accepts` keeps."""
    score = AnchorScore()
    for corpus in corpora:
        score.gold += sum(len(pairs) for pairs in corpus.gold.values())
        for doc_id, gold in corpus.gold.items():
            system = list(corpus.base.get(doc_id, []))
            system += [c.pair for c in corpus.candidates.get(doc_id, []) if accepts(c)]
            score.system += len(system)
            score.matched += count_matches(gold, system)
    return score


def _curve(out: TextIO, label: str, corpora: Sequence[Corpus],
           probability: Callable[[Candidate], float]) -> list[tuple[float, AnchorScore]]:
    """Print and return the operating point per threshold (and without the model)."""
    base = operating_point(corpora, lambda candidate: False)
    out.write(f"{label}\n  without the model: P {base.precision:.3f} R {base.recall:.3f} "
              f"(matched {base.matched} of {base.gold} gold, {base.system} pairs)\n")
    rows = []
    for threshold in THRESHOLDS:
        score = operating_point(corpora, lambda c, t=threshold: probability(c) >= t)
        rows.append((threshold, score))
        out.write(f"  threshold {threshold:.3f}: P {score.precision:.3f} R {score.recall:.3f} "
                  f"(matched {score.matched} of {score.gold} gold, {score.system} pairs)\n")
    return rows


def _summary(score: AnchorScore) -> dict:
    return {"P": round(score.precision, 3), "R": round(score.recall, 3),
            "matched": score.matched, "pairs": score.system, "gold": score.gold}


def _model_json(weights: dict[str, float], bias: float, threshold: float,
                trained_on: Sequence[str], candidates: int, min_precision: float,
                validation: dict) -> dict:
    return {"_doc": "Learned pair scorer of extract_links (extract.pair_candidates, LinkModel), "
                    "written by `python -m pipeline.core.events.train_links GOLD_DIR ... --write`"
                    f": trained on {', '.join(trained_on)} ({candidates} candidate pairs); the "
                    "threshold is the lowest of the grid whose document-level "
                    f"{FOLDS}-fold cross-validated operating point keeps precision >= "
                    f"{min_precision:.2f}. validation: the operating point at that threshold "
                    "cross-validated, and per sub-corpus with a model trained on the others. "
                    "training: the settings it was trained with.",
            "trained_on": list(trained_on), "threshold": threshold, "validation": validation,
            "training": training_settings(), "bias": bias, "weights": weights}


def training_settings() -> dict:
    """The settings a model is trained with (recorded in the model file)."""
    return {"epochs": EPOCHS, "learning_rate": LEARNING_RATE, "l2": L2, "min_count": MIN_COUNT,
            "runs_averaged": BAGS, "seed": SEED, "folds": FOLDS}


def main(argv: list[str] | None = None) -> int:
    from pipeline.core.temporal.tagger import tag
    from pipeline.core.timeml import read_timeml_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dirs", nargs="+", type=Path)
    parser.add_argument("--min-precision", type=float, default=0.60)
    parser.add_argument("--write", action="store_true",
                        help=f"write resources/{LINK_MODEL_FILE}")
    args = parser.parse_args(argv)
    out = sys.stdout
    documents = [doc for directory in args.gold_dirs for doc in read_timeml_dir(directory)]
    corpora = build_corpora(documents, tag)
    groups = [corpora, *([corpus] for corpus in corpora)] if len(corpora) > 1 else [corpora]
    held_out_curves = {}
    for held_out in corpora if len(corpora) > 1 else ():
        weights, bias = train([c for corpus in corpora if corpus is not held_out
                               for c in corpus.all_candidates()])
        model = LinkModel(weights, bias, 0.0)
        held_out_curves[held_out.name] = dict(_curve(
            out, f"trained on the other sub-corpora, scored on {held_out.name}", [held_out],
            lambda c, m=model: m.probability(c.features)))
    held = out_of_fold(corpora)
    cross_validated = [dict(_curve(out, f"{FOLDS}-fold document cross-validation, scored on "
                                   f"{' + '.join(corpus.name for corpus in group)}", group,
                                   lambda c: held[id(c)])) for group in groups]
    everything = [c for corpus in corpora for c in corpus.all_candidates()]
    weights, bias = train(everything)
    model = LinkModel(weights, bias, 0.0)
    out.write(f"trained on all: {len(everything)} candidates, "
              f"{sum(c.label for c in everything)} positive, {len(weights)} features\n")
    for group in groups:
        _curve(out, f"trained on all, scored on {' + '.join(c.name for c in group)} "
               "(in-sample)", group, lambda c: model.probability(c.features))
    threshold = next((t for t, score in cross_validated[0].items()
                      if score.precision >= args.min_precision), None)
    if threshold is None:
        out.write(f"no threshold keeps cross-validated precision >= {args.min_precision}\n")
        return 1
    out.write(f"threshold {threshold:.3f} (lowest with cross-validated P >= "
              f"{args.min_precision:.2f})\n")
    if args.write:
        validation = {"cross_validated": _summary(cross_validated[0][threshold]),
                      "trained_on_the_others": {name: _summary(curve[threshold])
                                                for name, curve in held_out_curves.items()}}
        data = _model_json(weights, bias, threshold, [c.name for c in corpora], len(everything),
                           args.min_precision, validation)
        (RESOURCES / LINK_MODEL_FILE).write_text(json.dumps(data, indent=0) + "\n",
                                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
