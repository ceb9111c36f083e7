"""TempEval-3 style scoring of temporal expressions against TimeML gold.

Gold and system timexes are paired one-to-one (each gold and each system item at most once):
exact-offset pairs first, then overlapping pairs, preferring equal value, equal type and larger
overlap. Measures, micro-averaged over a corpus:

- strict: pairs with exact offsets;  relaxed: overlapping pairs;
- value: overlapping pairs with equal value;  type: overlapping pairs with equal type.

Precision divides by the system count, recall by the gold count. The per-type table counts recall
by gold type and precision by system type. Run `python -m pipeline.core.evaluate GOLD_DIR ...`.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence, TextIO

from pipeline.core.annotate import resolve_doc_type
from pipeline.core.timeml import GoldDocument, read_timeml

MEASURES = ("strict", "relaxed", "value", "type")
CONTEXT_CHARS = 40


@dataclass
class Tally:
    """Counts behind P/R/F1 for every measure."""

    gold: int = 0
    system: int = 0
    gold_hits: Counter = field(default_factory=Counter)
    system_hits: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.gold += other.gold
        self.system += other.system
        self.gold_hits.update(other.gold_hits)
        self.system_hits.update(other.system_hits)

    def precision(self, measure: str) -> float:
        return self.system_hits[measure] / self.system if self.system else 0.0

    def recall(self, measure: str) -> float:
        return self.gold_hits[measure] / self.gold if self.gold else 0.0

    def f1(self, measure: str) -> float:
        precision, recall = self.precision(measure), self.recall(measure)
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Mismatch:
    """One scoring error: `kinds` among missed, spurious, wrong-span, wrong-value, wrong-type."""

    doc_id: str
    kinds: tuple[str, ...]
    gold: object | None
    system: object | None
    context: str


@dataclass
class DocumentResult:
    """Scores of one document."""

    doc_id: str
    overall: Tally
    by_type: dict[str, Tally]
    mismatches: list[Mismatch]
    seconds: float = 0.0
    error: str | None = None


@dataclass
class CorpusResult:
    """Per-document results and their micro-averaged sums."""

    documents: list[DocumentResult]

    @property
    def overall(self) -> Tally:
        total = Tally()
        for document in self.documents:
            total.add(document.overall)
        return total

    @property
    def by_type(self) -> dict[str, Tally]:
        totals: dict[str, Tally] = {}
        for document in self.documents:
            for timex_type, tally in document.by_type.items():
                totals.setdefault(timex_type, Tally()).add(tally)
        return dict(sorted(totals.items()))

    @property
    def seconds(self) -> float:
        return sum(document.seconds for document in self.documents)

    @property
    def docs_per_second(self) -> float:
        return len(self.documents) / self.seconds if self.seconds else float("inf")


def _overlap(a, b) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match_timexes(gold: Sequence, system: Sequence) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans, best pairs first."""
    candidates = []
    for gold_index, gold_timex in enumerate(gold):
        for system_index, system_timex in enumerate(system):
            overlap = _overlap(gold_timex, system_timex)
            if overlap > 0:
                exact = (gold_timex.start, gold_timex.end) == (system_timex.start, system_timex.end)
                priority = (exact, gold_timex.value == system_timex.value,
                            gold_timex.type == system_timex.type, overlap)
                candidates.append((priority, gold_index, system_index))
    candidates.sort(key=lambda candidate: candidate[0], reverse=True)
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, gold_index, system_index in candidates:
        if gold_index not in used_gold and system_index not in used_system:
            used_gold.add(gold_index)
            used_system.add(system_index)
            pairs.append((gold_index, system_index))
    return sorted(pairs)


def _pair_hits(gold_timex, system_timex) -> list[str]:
    hits = ["relaxed"]
    if (gold_timex.start, gold_timex.end) == (system_timex.start, system_timex.end):
        hits.append("strict")
    if gold_timex.value == system_timex.value:
        hits.append("value")
    if gold_timex.type == system_timex.type:
        hits.append("type")
    return hits


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def score_document(doc_id: str, text: str, gold: Sequence, system: Sequence) -> DocumentResult:
    """Score one document's system timexes (records with start/end/text/type/value) against gold."""
    overall, by_type = Tally(gold=len(gold), system=len(system)), {}
    for timex in gold:
        by_type.setdefault(timex.type, Tally()).gold += 1
    for timex in system:
        by_type.setdefault(timex.type, Tally()).system += 1
    pairs = match_timexes(gold, system)
    mismatches = []
    for gold_index, system_index in pairs:
        gold_timex, system_timex = gold[gold_index], system[system_index]
        hits = _pair_hits(gold_timex, system_timex)
        overall.gold_hits.update(hits)
        overall.system_hits.update(hits)
        by_type[gold_timex.type].gold_hits.update(hits)
        by_type[system_timex.type].system_hits.update(hits)
        kinds = tuple(f"wrong-{measure.replace('strict', 'span')}"
                      for measure in ("strict", "value", "type") if measure not in hits)
        if kinds:
            start = min(gold_timex.start, system_timex.start)
            end = max(gold_timex.end, system_timex.end)
            mismatches.append(Mismatch(doc_id, kinds, gold_timex, system_timex,
                                       _context(text, start, end)))
    matched_gold = {gold_index for gold_index, _ in pairs}
    matched_system = {system_index for _, system_index in pairs}
    mismatches += [Mismatch(doc_id, ("missed",), timex, None,
                            _context(text, timex.start, timex.end))
                   for index, timex in enumerate(gold) if index not in matched_gold]
    mismatches += [Mismatch(doc_id, ("spurious",), None, timex,
                            _context(text, timex.start, timex.end))
                   for index, timex in enumerate(system) if index not in matched_system]
    mismatches.sort(key=lambda m: (m.gold or m.system).start)
    return DocumentResult(doc_id, overall, by_type, mismatches)


SystemFunction = Callable[[GoldDocument], Sequence]


def evaluate(documents: Iterable[GoldDocument], system: SystemFunction) -> CorpusResult:
    """Run `system` on every document (timing it) and score its output against the gold."""
    results = []
    for document in documents:
        error = None
        started = time.perf_counter()
        try:
            predicted = list(system(document))
        except Exception as exc:  # a crashing system scores zero on that document, and is reported
            predicted, error = [], f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        result = score_document(document.doc_id, document.text, document.timexes, predicted)
        result.seconds, result.error = seconds, error
        results.append(result)
    return CorpusResult(results)


def _prf(tally: Tally, measure: str) -> str:
    return (f"{100 * tally.precision(measure):6.1f} {100 * tally.recall(measure):6.1f} "
            f"{100 * tally.f1(measure):6.1f}")


def _describe(timex) -> str:
    if timex is None:
        return "-"
    return f'"{timex.text}" {timex.type} {timex.value}'


def format_report(result: CorpusResult, out: TextIO, *, mismatches: bool = False,
                  per_document: bool = False) -> None:
    """Print the overall table, the per-type table and optionally per-document lines/mismatches."""
    overall = result.overall
    out.write(f"documents: {len(result.documents)}  gold: {overall.gold}  system: {overall.system}"
              f"  docs/s: {result.docs_per_second:.1f}\n\n")
    out.write(f"{'measure':<8} {'P':>6} {'R':>6} {'F1':>6}\n")
    for measure in MEASURES:
        out.write(f"{measure:<8} {_prf(overall, measure)}\n")
    out.write(f"\n{'type':<9} {'gold':>5} {'sys':>5}   strict P/R/F1        relaxed P/R/F1"
              f"         value P/R/F1\n")
    for timex_type, tally in result.by_type.items():
        out.write(f"{timex_type:<9} {tally.gold:>5} {tally.system:>5}  {_prf(tally, 'strict')}  "
                  f"{_prf(tally, 'relaxed')}  {_prf(tally, 'value')}\n")
    if per_document:
        out.write(f"\n{'document':<32} {'gold':>5} {'sys':>5} {'strictF1':>8} {'relaxF1':>8}"
                  f" {'valueF1':>8}\n")
        for document in result.documents:
            tally = document.overall
            out.write(f"{document.doc_id:<32} {tally.gold:>5} {tally.system:>5} "
                      f"{100 * tally.f1('strict'):8.1f} {100 * tally.f1('relaxed'):8.1f} "
                      f"{100 * tally.f1('value'):8.1f}\n")
    if mismatches:
        kinds = Counter(kind for document in result.documents
                        for mismatch in document.mismatches for kind in mismatch.kinds)
        out.write("\nmismatches: " + ", ".join(f"{kind} {count}" for kind, count in
                                               sorted(kinds.items())) + "\n")
        out.write("(doc | kind | gold | system | context)\n")
        for document in result.documents:
            for mismatch in document.mismatches:
                out.write(f"{mismatch.doc_id}\t{'+'.join(mismatch.kinds)}\t"
                          f"{_describe(mismatch.gold)}\t{_describe(mismatch.system)}\t"
                          f"{mismatch.context}\n")
    failed: dict[str, list[str]] = {}
    for document in result.documents:
        if document.error:
            failed.setdefault(document.error, []).append(document.doc_id)
    for error, doc_ids in failed.items():
        examples = ", ".join(doc_ids[:3]) + (", ..." if len(doc_ids) > 3 else "")
        out.write(f"ERROR on {len(doc_ids)} documents ({examples}): {error}\n")


def load_gold(gold_dirs: Iterable[Path]) -> list[GoldDocument]:
    """All TimeML documents of the given directories, sorted by file name in each; raises
    FileNotFoundError for a missing directory and ValueError naming every unreadable file (a
    score over the readable rest would silently differ)."""
    documents, problems = [], []
    for directory in gold_dirs:
        if not Path(directory).is_dir():
            raise FileNotFoundError(f"not a directory: {directory}")
        for path in sorted(Path(directory).glob("*.tml")):
            try:
                documents.append(read_timeml(path))
            except (ValueError, OSError) as exc:
                problems.append(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
    if problems:
        raise ValueError(f"{len(problems)} unreadable gold file(s), nothing scored:\n  " + "\n  ".join(problems))
    return documents


def gold_warnings(gold_dirs: Iterable[Path], documents: Sequence[GoldDocument]) -> list[str]:
    """What may make a score differ from what was meant: .tml files in subfolders (not read),
    documents sharing a DOCID (their per-document rows carry the same name) and gold that scores
    but not as meant (_gold_problems)."""
    warnings = []
    for directory in gold_dirs:
        nested = [path for path in Path(directory).rglob("*.tml") if path.parent != Path(directory)]
        if nested:
            warnings.append(f"{len(nested)} .tml file(s) in subfolders of {directory} are not read "
                            f"(give each folder), e.g. {nested[0]}")
    repeated = sorted(doc_id for doc_id, count in Counter(d.doc_id for d in documents).items() if count > 1)
    if repeated:
        warnings.append(f"documents sharing a DOCID: {', '.join(repeated[:5])}"
                        + (", ..." if len(repeated) > 5 else ""))
    for problem, found in _gold_problems(documents).items():
        if found:
            warnings.append(f"{len(found)} {problem}: {', '.join(found[:5])}"
                            + (", ..." if len(found) > 5 else ""))
    return warnings


def _gold_problems(documents: Sequence[GoldDocument]) -> dict[str, list[str]]:
    """Gold that scores without an error but not as meant: no DCT (every relative value then
    counts as the system's error), TIMEX3 without type or value (scored as empty), TIMEX3 inside
    another (counted as a second expression)."""
    problems: dict[str, list[str]] = {
        "document(s) without a <DCT> date, so relative values cannot match": [],
        "TIMEX3 without a type or value, scored as empty": [],
        "TIMEX3 inside another TIMEX3, scored as an expression of its own": []}
    without_dct, without_value, nested = problems.values()
    for document in documents:
        name = document.source or document.doc_id
        if document.dct is None:
            without_dct.append(name)
        without_value.extend(f"{name} {timex.tid or repr(timex.text)}" for timex in document.timexes
                             if not timex.type or not timex.value)
        nested.extend(f"{name} {inner.tid or repr(inner.text)}" for inner in document.timexes
                      if any(outer is not inner and outer.start <= inner.start and inner.end <= outer.end
                             and (outer.start, outer.end) != (inner.start, inner.end)
                             for outer in document.timexes))
    return problems


def tagger_system(doc_type: str = "auto") -> SystemFunction:
    """The project's tagger as a system function (doc_type "auto" decides per document)."""
    from pipeline.core.temporal.tagger import tag

    def run_tagger(document: GoldDocument) -> Sequence:
        return tag(document.text, document.dct,
                   resolve_doc_type(doc_type, document.text, document.dct))

    return run_tagger


def run(gold_dirs: list[Path], out: TextIO, *, mismatches: bool, per_document: bool,
        doc_type: str = "auto", events: bool = False) -> int:
    """Tag every gold document and print the scores.

    Exit code 0; 1 if the tagger failed on some document; 2 on bad input or no tagger.
    """
    try:
        documents = load_gold(gold_dirs)
    except (FileNotFoundError, ValueError) as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    for warning in gold_warnings(gold_dirs, documents):
        print(f"evaluate: warning: {warning}", file=sys.stderr)
    if not documents:
        print("evaluate: no .tml documents found", file=sys.stderr)
        return 2
    try:
        system = tagger_system(doc_type)
    except ImportError as exc:
        print(f"evaluate: the tagger cannot be imported: {exc}", file=sys.stderr)
        return 2
    result = evaluate(documents, system)
    format_report(result, out, mismatches=mismatches, per_document=per_document)
    exit_code = 1 if any(document.error for document in result.documents) else 0
    if events:
        from pipeline.core.events.score import run_event_scoring

        exit_code = max(exit_code, run_event_scoring(documents, out, mismatches=mismatches))
    return exit_code


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: `python -m pipeline.core.evaluate GOLD_DIR [GOLD_DIR ...]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dirs", nargs="+", type=Path)
    parser.add_argument("--mismatches", action="store_true", help="list every scoring error")
    parser.add_argument("--per-document", action="store_true", help="one score line per document")
    parser.add_argument("--doc-type", choices=("news", "narrative", "auto"), default="auto")
    parser.add_argument("--events", action="store_true", help="also score events and TLINKs")
    args = parser.parse_args(argv)
    return run(args.gold_dirs, sys.stdout, mismatches=args.mismatches,
               per_document=args.per_document, doc_type=args.doc_type, events=args.events)


if __name__ == "__main__":
    sys.exit(main())
