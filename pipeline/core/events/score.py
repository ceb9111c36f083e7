"""Event-time anchoring evaluation against TimeML gold TLINKs (`timeline evaluate --events`).

Gold: the TLINKs between an EVENT and a TIMEX3 inside the text (the DCT excluded) whose relType
says the event happens at/within/around the time (ANCHOR_RELATIONS). System: the real tagger plus
extraction yield (trigger span, timex span) pairs. A gold link is matched when a system pair's
trigger overlaps the gold event and its timex overlaps the gold timex; one system pair may match
at most one gold link and vice versa (greedy, in system order: primary links first).

Modes scored and printed:
* "timeline": the pairs behind timeline mentions (dating DATE/TIME expressions only), i.e. what
  the pipeline stores;
* "all-timexes": the primary link of every expression, durations and sets included (TBAQ gold
  links cover all kinds of timexes);
* "links": the operating point, all-timexes plus the secondary links extract_links adds: those
  of the learned pair scorer (resources/link_model.json) and of the rules enabled in
  resources/link_rules.json, with a per-kind breakdown;
and the curve: P/R after adding the pair scorer, then each rule of link_rules.json in file
order (the rules are ordered by their marginal precision on TBAQ), from one parse.
recall = matched gold links / gold links; precision = matched pairs / pipeline pairs.

When the gold documents come from several directories (sub-corpora, e.g. TimeBank and AQUAINT),
each is also scored on its own: the modes, the rule curve's increments (so a rule chosen on one
sub-corpus can be checked on the other), where the gold links the operating point misses
are (reach): event and timex in different sentences, gold timex not linked at all (untagged or
attached to nothing), or in the same sentence as a linked timex (reachable by a link rule); and
where its unmatched pairs stand (PAIR_CLASSES): an expression that is no gold timex, a gold
timex the gold anchors no event to (no choice of word can match), or one anchoring other events.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from pipeline.core.events.extract import (LINK_KINDS, LINK_RULES, MODEL_RULE, DocumentText,
                                          EventMention, EventTimeLink, extract_links,
                                          extract_mentions, load_nlp, split_sentences)
from pipeline.core.events.merge import DocumentInfo, merge_mentions

ANCHOR_RELATIONS = frozenset({"IS_INCLUDED", "INCLUDES", "DURING", "SIMULTANEOUS", "BEGINS",
                              "ENDS", "BEGUN_BY", "ENDED_BY"})


@dataclass(frozen=True, slots=True)
class Pair:
    """An event span linked to a timex span, in one document."""

    event_start: int
    event_end: int
    timex_start: int
    timex_end: int


@dataclass
class AnchorScore:
    """Matched counts for one mode over a corpus."""

    gold: int = 0
    system: int = 0
    matched: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def gold_pairs(document) -> list[Pair]:
    """Event-timex anchoring links of a GoldDocument (DCT links and other relations left out)."""
    events = {event.eid: event for event in document.events}
    timexes = {timex.tid: timex for timex in document.timexes}
    pairs = set()
    for link in document.tlinks:
        if link.rel_type not in ANCHOR_RELATIONS or link.tid == document.dct_tid:
            continue
        event, timex = events.get(link.eid), timexes.get(link.tid)
        if event is not None and timex is not None:
            pairs.add(Pair(event.start, event.end, timex.start, timex.end))
    return sorted(pairs, key=lambda p: (p.timex_start, p.event_start))


def _overlaps(start_a: int, end_a: int, start_b: int, end_b: int) -> bool:
    return start_a < end_b and start_b < end_a


def greedy_match(gold: Sequence[Pair], system: Sequence[Pair]) -> list[int | None]:
    """Greedy one-to-one matching of overlapping pairs, in system order: the index of the gold
    pair each system pair matched, or None."""
    used: set[int] = set()
    matches = []
    for pair in system:
        index = next((index for index, candidate in enumerate(gold) if index not in used
                      and _overlaps(pair.event_start, pair.event_end,
                                    candidate.event_start, candidate.event_end)
                      and _overlaps(pair.timex_start, pair.timex_end,
                                    candidate.timex_start, candidate.timex_end)), None)
        if index is not None:
            used.add(index)
        matches.append(index)
    return matches


def matched_flags(gold: Sequence[Pair], system: Sequence[Pair]) -> list[bool]:
    """Whether each system pair matched a gold pair (greedy_match)."""
    return [index is not None for index in greedy_match(gold, system)]


def count_matches(gold: Sequence[Pair], system: Sequence[Pair]) -> int:
    """Number of system pairs matched one-to-one to gold pairs."""
    return sum(matched_flags(gold, system))


def link_pairs(links: Iterable[EventTimeLink], rules: Callable[[str], bool]
               ) -> dict[str, list[tuple[Pair, str]]]:
    """(pair, kind) per document for the links whose rule name `rules` accepts."""
    pairs: dict[str, list[tuple[Pair, str]]] = {}
    for link in links:
        if rules(link.rule):
            pairs.setdefault(link.doc_id, []).append((Pair(
                link.trigger_start, link.trigger_end, link.timex_start, link.timex_end), link.kind))
    return pairs


def mention_pairs(mentions: Iterable[EventMention]) -> dict[str, list[Pair]]:
    """The (trigger span, timex span) pairs of timeline mentions, per document."""
    pairs: dict[str, list[Pair]] = {}
    for mention in mentions:
        pairs.setdefault(mention.doc_id, []).append(Pair(
            mention.trigger_start, mention.trigger_end, mention.timex_start, mention.timex_end))
    return pairs


def _score(gold: dict[str, list[Pair]], system: dict[str, list[Pair]]) -> AnchorScore:
    score = AnchorScore(gold=sum(len(pairs) for pairs in gold.values()))
    for doc_id, pairs in system.items():
        score.system += len(pairs)
        score.matched += count_matches(gold.get(doc_id, []), pairs)
    return score


def _score_kinds(gold: dict[str, list[Pair]], system: dict[str, list[tuple[Pair, str]]]
                 ) -> dict[str, AnchorScore]:
    """Pairs and matches per relation kind (recall: share of all gold links the kind matched)."""
    total = sum(len(pairs) for pairs in gold.values())
    scores = {kind: AnchorScore(gold=total) for kind in LINK_KINDS}
    for doc_id, tagged in system.items():
        flags = matched_flags(gold.get(doc_id, []), [pair for pair, _ in tagged])
        for (_, kind), matched in zip(tagged, flags):
            scores[kind].system += 1
            scores[kind].matched += matched
    return scores


REACH_CLASSES = ("matched", "same sentence", "cross-sentence", "timex not linked")


PAIR_CLASSES = ("matched", "no gold timex", "timex unanchored", "other event")


def pair_classes_of(document, gold: Sequence[Pair], system: Sequence[Pair]) -> dict[str, int]:
    """Pipeline pairs of one document per PAIR_CLASSES entry: matched, else their expression
    overlaps no gold timex (DCT excluded), else none of the gold links it overlaps, else the gold
    links it to other events."""
    timexes = [(t.start, t.end) for t in document.timexes if t.tid != document.dct_tid]
    classes = dict.fromkeys(PAIR_CLASSES, 0)
    for pair, match in zip(system, greedy_match(gold, system)):
        if match is not None:
            classes["matched"] += 1
        elif not any(_overlaps(pair.timex_start, pair.timex_end, *span) for span in timexes):
            classes["no gold timex"] += 1
        elif not any(_overlaps(pair.timex_start, pair.timex_end, g.timex_start, g.timex_end)
                     for g in gold):
            classes["timex unanchored"] += 1
        else:
            classes["other event"] += 1
    return classes


@dataclass
class SubcorpusScores:
    """One sub-corpus scored on its own: modes, rule curve, where its gold links stand and
    where its pairs stand."""

    name: str
    modes: dict[str, AnchorScore]
    curve: list[tuple[str, str, bool, AnchorScore]]
    reach: dict[str, int]  # gold links per REACH_CLASSES entry
    pairs: dict[str, int]  # operating point pairs per PAIR_CLASSES entry


@dataclass
class LinkScores:
    """The operating point (primary, pair scorer, enabled rules) per kind, the curve, and the same
    per sub-corpus (gold directory)."""

    by_kind: dict[str, AnchorScore]
    curve: list[tuple[str, str, bool, AnchorScore]]  # (rule, kind, enabled, cumulative score)
    subcorpora: list[SubcorpusScores] = field(default_factory=list)
    operating: dict[str, list[Pair]] = field(default_factory=dict)  # the pairs, per document


def _operating_rules(rules) -> set[str]:
    """Rule names of the operating point: primary, the pair scorer, the enabled rules."""
    return {"primary", MODEL_RULE} | {rule.name for rule in rules if rule.enabled}


def score_links(gold: dict[str, list[Pair]], links: Sequence[EventTimeLink],
                rules=LINK_RULES) -> tuple[dict[str, AnchorScore], LinkScores]:
    """Score the primary links, the operating point, and the curve: primary + the pair scorer,
    then each prefix of `rules` (one parse)."""
    primary = link_pairs(links, lambda name: name == "primary")
    operating = link_pairs(links, _operating_rules(rules).__contains__)
    modes = {"all-timexes": _score(gold, _drop_kinds(primary)),
             "links": _score(gold, _drop_kinds(operating))}
    curve = []
    included = {"primary"}
    for name, kind, enabled in [(MODEL_RULE, "scored", True),
                                *((rule.name, rule.kind, rule.enabled) for rule in rules)]:
        included.add(name)
        curve.append((name, kind, enabled,
                      _score(gold, _drop_kinds(link_pairs(links, included.__contains__)))))
    return modes, LinkScores(_score_kinds(gold, operating), curve, operating=_drop_kinds(operating))


def _drop_kinds(tagged: dict[str, list[tuple[Pair, str]]]) -> dict[str, list[Pair]]:
    return {doc_id: [pair for pair, _ in pairs] for doc_id, pairs in tagged.items()}


def subcorpus_of(document) -> str:
    """The name of the directory a gold document was read from ('' when not read from a file)."""
    return Path(document.source).parent.name if document.source else ""


def reach_of(document, gold: Sequence[Pair], system: Sequence[Pair]) -> dict[str, int]:
    """Gold links of one document per REACH_CLASSES entry: matched by `system`, else in
    different sentences, else with a gold timex no system pair overlaps, else same sentence."""
    sentences = split_sentences(document.text)

    def sentence_of(offset: int) -> int:
        return next((index for index, (start, end) in enumerate(sentences)
                     if start <= offset < end), -1)

    reach = dict.fromkeys(REACH_CLASSES, 0)
    matched = set(greedy_match(gold, system))
    for index, pair in enumerate(gold):
        if index in matched:
            reach["matched"] += 1
        elif sentence_of(pair.event_start) != sentence_of(pair.timex_start):
            reach["cross-sentence"] += 1
        elif not any(_overlaps(pair.timex_start, pair.timex_end, linked.timex_start,
                               linked.timex_end) for linked in system):
            reach["timex not linked"] += 1
        else:
            reach["same sentence"] += 1
    return reach


def score_subcorpora(gold_docs: Sequence, gold: dict[str, list[Pair]],
                     links: Sequence[EventTimeLink], rules=LINK_RULES) -> list[SubcorpusScores]:
    """Score each sub-corpus (see subcorpus_of) on its own, in order of first appearance."""
    groups: dict[str, list] = {}
    for document in gold_docs:
        groups.setdefault(subcorpus_of(document), []).append(document)
    enabled = _operating_rules(rules)
    results = []
    for name, documents in groups.items():
        doc_ids = {document.doc_id for document in documents}
        subset = {doc_id: pairs for doc_id, pairs in gold.items() if doc_id in doc_ids}
        modes, scores = score_links(subset, [link for link in links if link.doc_id in doc_ids],
                                    rules)
        operating = _drop_kinds(link_pairs((link for link in links if link.doc_id in doc_ids),
                                           enabled.__contains__))
        reach = dict.fromkeys(REACH_CLASSES, 0)
        pairs = dict.fromkeys(PAIR_CLASSES, 0)
        for document in documents:
            gold_of, system = subset.get(document.doc_id, []), operating.get(document.doc_id, [])
            for kind, count in reach_of(document, gold_of, system).items():
                reach[kind] += count
            for kind, count in pair_classes_of(document, gold_of, system).items():
                pairs[kind] += count
        results.append(SubcorpusScores(name, modes, scores.curve, reach, pairs))
    return results


@dataclass
class Throughput:
    """Wall-clock seconds of the core pipeline stages over the gold documents, and the CPU
    seconds of this process (robust to a busy machine)."""

    documents: int
    tag_seconds: float
    extract_merge_seconds: float
    cpu_seconds: float

    @property
    def docs_per_second(self) -> float:
        total = self.tag_seconds + self.extract_merge_seconds
        return self.documents / total if total else 0.0

    @property
    def docs_per_cpu_second(self) -> float:
        return self.documents / self.cpu_seconds if self.cpu_seconds else 0.0


def score_documents(gold_docs: Sequence, tag: Callable, nlp=None
                    ) -> tuple[dict[str, AnchorScore], Throughput, LinkScores]:
    """Score the modes over the gold documents with the tagger `tag(text, dct, doc_type)`,
    timing tagging and timeline building (extraction + merge) on the way."""
    nlp = nlp or load_nlp()
    started, cpu_started = time.perf_counter(), time.process_time()
    docs = [DocumentText(g.doc_id, g.text, tag(g.text, g.dct, "news")) for g in gold_docs]
    tagged = time.perf_counter()
    mentions = list(extract_mentions(docs, nlp))
    merge_mentions(mentions, {g.doc_id: DocumentInfo(g.doc_id, None, g.dct or date.min)
                              for g in gold_docs})
    built, cpu = time.perf_counter(), time.process_time() - cpu_started
    gold = {g.doc_id: gold_pairs(g) for g in gold_docs}
    extracted = list(extract_links(docs, nlp, rules=LINK_RULES))
    link_modes, links = score_links(gold, extracted)
    links.subcorpora = score_subcorpora(gold_docs, gold, extracted)
    scores = {"timeline": _score(gold, mention_pairs(mentions)), **link_modes}
    return scores, Throughput(len(docs), tagged - started, built - tagged, cpu), links


def run_event_scoring(gold_docs: Sequence, out: TextIO, mismatches: bool = False) -> int:
    """Print event-time anchoring precision/recall per mode and the core throughput (with
    `mismatches`, every gold link the operating point misses and every pair it adds); exit 0."""
    from pipeline.core.temporal.tagger import tag

    scores, speed, links = score_documents(gold_docs, tag)
    enabled = [rule for rule, _, on, _ in links.curve if on]
    out.write("\nEvent-time anchoring (gold event-timex TLINKs, relTypes "
              f"{', '.join(sorted(ANCHOR_RELATIONS))})\n")
    out.write(_cells(("mode", "gold", "pairs", "matched", "P", "R", "F1"), TABLE_WIDTHS))
    for mode, score in scores.items():
        out.write(_cells((mode, *_numbers(score)), TABLE_WIDTHS))
    out.write(f"operating point = links: primary + {', '.join(enabled) or 'no rule'}\n")
    out.write("\nOperating point per relation kind (R: share of all gold links)\n")
    out.write(_cells(("kind", "gold", "pairs", "matched", "P", "R", "F1"), TABLE_WIDTHS))
    for kind, score in links.by_kind.items():
        out.write(_cells((kind, *_numbers(score)), TABLE_WIDTHS))
    out.write("\nCurve (pair scorer, then link_rules.json order, cumulative; * = enabled)\n")
    out.write(_cells(("+ rule", "kind", "pairs", "matched", "P", "R", "F1"), CURVE_WIDTHS))
    for rule, kind, on, score in links.curve:
        out.write(_cells((("* " if on else "  ") + rule, kind, *_numbers(score)[1:]),
                         CURVE_WIDTHS))
    if len(links.subcorpora) > 1:
        _write_subcorpora(links.subcorpora, out)
    if mismatches:
        _write_link_mismatches(gold_docs, links.operating, out)
    out.write(f"core pipeline, one process: {speed.documents} documents, tagging "
              f"{speed.tag_seconds:.1f}s + extraction and merge {speed.extract_merge_seconds:.1f}s"
              f" = {speed.docs_per_second:.1f} docs/s wall; {speed.cpu_seconds:.2f} CPU s ="
              f" {speed.docs_per_cpu_second:.1f} docs per CPU second\n")
    return 0


def _write_link_mismatches(gold_docs: Sequence, operating: dict[str, list[Pair]],
                           out: TextIO) -> None:
    """One line per gold link the operating point misses ('missed') and per pair it adds that no
    gold link matches ('spurious'): document, event -> expression, and the sentence around."""
    out.write("\nEvent-time link mismatches at the operating point\n"
              "(doc | kind | event -> expression | context)\n")
    for document in gold_docs:
        gold, system = gold_pairs(document), operating.get(document.doc_id, [])
        matches = greedy_match(gold, system)
        matched = {index for index in matches if index is not None}
        lines = [(pair, "missed") for index, pair in enumerate(gold) if index not in matched]
        lines += [(pair, "spurious") for pair, index in zip(system, matches) if index is None]
        text = document.text
        for pair, kind in sorted(lines, key=lambda line: (line[0].timex_start, line[0].event_start)):
            left = max(0, min(pair.event_start, pair.timex_start) - 40)
            right = max(pair.event_end, pair.timex_end) + 40
            context = " ".join(text[left:right].split())
            out.write(f"{document.doc_id}\t{kind}\t{text[pair.event_start:pair.event_end]!r} -> "
                      f"{text[pair.timex_start:pair.timex_end]!r}\t{context}\n")


def _write_subcorpora(subcorpora: Sequence[SubcorpusScores], out: TextIO) -> None:
    """Per sub-corpus: modes, each rule's increment along the curve (+matched/+pairs), and
    where the gold links stand (reach) and where the pairs stand."""
    out.write("\nPer sub-corpus (a rule should pay on each)\n")
    out.write(_cells(("sub-corpus / mode", "gold", "pairs", "matched", "P", "R", "F1"),
                     SUBCORPUS_WIDTHS))
    for sub in subcorpora:
        for mode, score in sub.modes.items():
            out.write(_cells((f"{sub.name or '-'} {mode}", *_numbers(score)), SUBCORPUS_WIDTHS))
    out.write("\nRule increments along the curve per sub-corpus (+matched/+pairs)\n")
    out.write(_cells(("+ rule", *(sub.name or "-" for sub in subcorpora)),
                     (30, *(14,) * len(subcorpora))))
    previous = [sub.modes["all-timexes"] for sub in subcorpora]
    for position, (rule, _, on, _) in enumerate(subcorpora[0].curve):
        current = [sub.curve[position][3] for sub in subcorpora]
        out.write(_cells((("* " if on else "  ") + rule, *(
            f"{now.matched - before.matched}/{now.system - before.system}"
            for before, now in zip(previous, current))), (30, *(14,) * len(subcorpora))))
        previous = current
    out.write("\nGold links at the operating point (reach)\n")
    out.write(_cells(("sub-corpus", *REACH_CLASSES), (14, 9, 15, 16, 18)))
    for sub in subcorpora:
        out.write(_cells((sub.name or "-", *sub.reach.values()), (14, 9, 15, 16, 18)))
    out.write("\nPipeline pairs at the operating point (where the unmatched stand)\n")
    out.write(_cells(("sub-corpus", *PAIR_CLASSES), (14, 9, 15, 18, 13)))
    for sub in subcorpora:
        out.write(_cells((sub.name or "-", *sub.pairs.values()), (14, 9, 15, 18, 13)))


TABLE_WIDTHS = (14, 7, 7, 9, 8, 8, 8)
SUBCORPUS_WIDTHS = (26, 7, 7, 9, 8, 8, 8)
CURVE_WIDTHS = (30, 12, 7, 9, 8, 8, 8)


def _numbers(score: AnchorScore) -> tuple:
    return score.gold, score.system, score.matched, score.precision, score.recall, score.f1


def _cells(values: Sequence, widths: Sequence[int]) -> str:
    """A table row: first cell left-aligned, the others right-aligned, floats with 3 decimals."""
    texts = [f"{value:.3f}" if isinstance(value, float) else str(value) for value in values]
    return f"{texts[0]:<{widths[0]}}" + "".join(
        f"{text:>{width}}" for text, width in zip(texts[1:], widths[1:])) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline.core.events.score GOLD_DIR [GOLD_DIR ...]`."""
    import argparse
    import sys
    from pathlib import Path

    from pipeline.core.timeml import read_timeml_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dirs", nargs="+", type=Path)
    args = parser.parse_args(argv)
    documents = [doc for directory in args.gold_dirs for doc in read_timeml_dir(directory)]
    return run_event_scoring(documents, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
