"""Event-time anchoring evaluation against TimeML gold TLINKs (`timeline evaluate --events`).

Gold: the TLINKs between an EVENT and a TIMEX3 inside the text (the DCT excluded) whose relType
says the event happens at/within/around the time (ANCHOR_RELATIONS). System: the tagger plus
extraction yield (trigger span, timex span) pairs. A gold link is matched when a system pair's
trigger overlaps the gold event and its timex overlaps the gold timex; one system pair may match
at most one gold link and vice versa.

Two modes are scored and printed:
* "timeline": the pairs behind timeline mentions (dating DATE/TIME expressions only), i.e. what
  the pipeline stores;
* "all-timexes": the pair extractor links every expression, durations and sets included, to its
  syntactic event (TBAQ gold links cover all kinds of timexes).
recall = matched gold links / gold links; precision = matched pairs / pipeline pairs.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from pipeline.core.events.extract import (DocumentText, EventMention, extract_mentions,
                                          iter_attachments, load_nlp)
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


def count_matches(gold: Sequence[Pair], system: Sequence[Pair]) -> int:
    """Greedy one-to-one matching of overlapping pairs."""
    used: set[int] = set()
    matched = 0
    for pair in system:
        for index, candidate in enumerate(gold):
            if index not in used and _overlaps(pair.event_start, pair.event_end,
                                               candidate.event_start, candidate.event_end) \
                    and _overlaps(pair.timex_start, pair.timex_end,
                                  candidate.timex_start, candidate.timex_end):
                used.add(index)
                matched += 1
                break
    return matched


def system_pairs(docs: Iterable[DocumentText], keep: Callable, nlp=None) -> dict[str, list[Pair]]:
    """(trigger span, timex span) pairs per document for the timexes `keep` accepts."""
    pairs: dict[str, list[Pair]] = {}
    for doc, _, attachment in iter_attachments(docs, nlp, keep=keep):
        found = pairs.setdefault(doc.doc_id, [])
        if attachment is None:
            continue
        trigger, offset = attachment.trigger, attachment.sentence_start
        found.append(Pair(offset + trigger.idx, offset + trigger.idx + len(trigger.text),
                          attachment.timex.start, attachment.timex.end))
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
                    ) -> tuple[dict[str, AnchorScore], Throughput]:
    """Score both modes over the gold documents with the tagger `tag(text, dct, doc_type)`,
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
    scores = {"timeline": _score(gold, mention_pairs(mentions)),
              "all-timexes": _score(gold, system_pairs(docs, lambda timex: True, nlp))}
    return scores, Throughput(len(docs), tagged - started, built - tagged, cpu)


def run_event_scoring(gold_docs: Sequence, out: TextIO) -> int:
    """Print event-time anchoring precision/recall per mode and the core throughput; exit 0."""
    from pipeline.core.temporal.tagger import tag

    scores, speed = score_documents(gold_docs, tag)
    out.write("\nEvent-time anchoring (gold event-timex TLINKs, relTypes "
              f"{', '.join(sorted(ANCHOR_RELATIONS))})\n")
    out.write(f"{'mode':<14}{'gold':>7}{'pairs':>7}{'matched':>9}{'P':>8}{'R':>8}{'F1':>8}\n")
    for mode, score in scores.items():
        out.write(f"{mode:<14}{score.gold:>7}{score.system:>7}{score.matched:>9}"
                  f"{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}\n")
    out.write(f"core pipeline, one process: {speed.documents} documents, tagging "
              f"{speed.tag_seconds:.1f}s + extraction and merge {speed.extract_merge_seconds:.1f}s"
              f" = {speed.docs_per_second:.1f} docs/s wall; {speed.cpu_seconds:.1f} CPU s ="
              f" {speed.docs_per_cpu_second:.1f} docs per CPU second\n")
    return 0


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
