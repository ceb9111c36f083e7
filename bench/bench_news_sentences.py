"""Score the tagger on the hand-written news sentences of bench/news_sentences/ (TempEval-3 style,
the scorer of `timeline evaluate`; each item is a document with its own DCT, in its set's doc type).

    .venv/bin/python bench/bench_news_sentences.py [--set set_b] [--mismatches]
        [--systems ours,dateparser,heideltime]

With more than one system it ends with a side-by-side table per set (bench_tagger's systems, in
the set's doc type: news unless its header says '# doc type: narrative'; HeidelTime needs the
bench extra and Java, and starts a JVM per sentence).
"""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from pipeline.core.evaluate import evaluate, format_report
from pipeline.core.timeml import GoldDocument, GoldTimex

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_tagger import SYSTEM_CLASSES, SYSTEMS, print_table, warm_up_seconds  # noqa: E402  (a script beside this one)

SETS = BENCH / "news_sentences"


def _find_word(sentence: str, text: str, start: int) -> int:
    """Where `text` first occurs at or after `start` not inside a longer word ('now' is not in
    'known'), or -1."""
    pattern = (r"(?<!\w)" if text[:1].isalnum() else "") + re.escape(text) + (r"(?!\w)" if text[-1:].isalnum() else "")
    match = re.compile(pattern).search(sentence, start)
    return match.start() if match else -1


def read_set(path: Path) -> list[GoldDocument]:
    """One document per line: sentence, DCT and `text|TYPE|value` expressions joined by ';;'
    (each in order of appearance: the first occurrence after the previous expression, else the first
    after the text's own previous occurrence); ValueError names a bad line."""
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        sentence, dct, expressions = line.split("\t")
        timexes = []
        searched_from: dict[str, int] = {}  # where the next occurrence of a repeated text is sought
        previous_end = 0
        for index, item in enumerate(filter(None, expressions.split(";;"))):
            text, timex_type, value = item.split("|")
            start = _find_word(sentence, text, max(previous_end, searched_from.get(text, 0)))
            if start < 0:  # listed out of order
                start = _find_word(sentence, text, searched_from.get(text, 0))
            if start < 0:
                raise ValueError(f"{path.name}:{number}: {text!r} is not in the sentence"
                                 + (" again" if text in searched_from else ""))
            searched_from[text] = previous_end = start + len(text)
            timexes.append(GoldTimex(f"t{index}", start, start + len(text), text, timex_type, value))
        documents.append(GoldDocument(f"{path.stem}:{number}", sentence, date.fromisoformat(dct),
                                      tuple(timexes)))
    return documents


_DOC_TYPE_LINE = re.compile(r"^# doc type: (news|narrative)\s*$", re.MULTILINE)


def set_doc_type(path: Path) -> str:
    """The doc type a set's header names ('# doc type: narrative'), news when it names none."""
    match = _DOC_TYPE_LINE.search(path.read_text(encoding="utf-8"))
    return match.group(1) if match else "news"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", help="set name (file stem); default: every set")
    parser.add_argument("--mismatches", action="store_true", help="list every scoring error")
    parser.add_argument("--systems", default="ours",
                        help=f"comma-separated, from {','.join(SYSTEMS)} (default: ours)")
    parser.add_argument("--doc-type", choices=("news", "narrative", "auto"),
                        help="tag every set as this doc type (auto: detected per item, as the "
                             "CLI does) instead of the type its header names")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = sorted(set(names) - set(SYSTEMS))
    if unknown or not names:
        parser.error(f"unknown systems {unknown}; choose from {','.join(SYSTEMS)}")
    paths = [SETS / f"{name}.tsv" for name in args.set] if args.set else sorted(SETS.glob("*.tsv"))
    for path in paths:
        documents = read_set(path)
        systems = [SYSTEM_CLASSES[name](args.doc_type or set_doc_type(path)) for name in names]
        rows = []
        for system in systems:
            print(f"== {path.stem}: {system.name}", flush=True)
            warm_up = warm_up_seconds(system, documents[0].dct)
            system.unplaced = 0
            result = evaluate(documents, system)
            format_report(result, sys.stdout, mismatches=args.mismatches)
            rows.append((system.name, result, warm_up, system.unplaced))
        if len(rows) > 1:
            print(f"== {path.stem}: side by side")
            print_table(rows, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
