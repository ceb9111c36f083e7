"""Score the tagger on the hand-written news sentences of bench/news_sentences/ (TempEval-3 style,
the scorer of `timeline evaluate`; each sentence is a document with its own DCT, doc type news).

    .venv/bin/python bench/bench_news_sentences.py [--set set_b] [--mismatches]
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pipeline.core.evaluate import evaluate, format_report, tagger_system
from pipeline.core.timeml import GoldDocument, GoldTimex

SETS = Path(__file__).resolve().parent / "news_sentences"


def read_set(path: Path) -> list[GoldDocument]:
    """One document per line: sentence, DCT and `text|TYPE|value` expressions joined by ';;'
    (each expression's first occurrence in the sentence); ValueError names a bad line."""
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        sentence, dct, expressions = line.split("\t")
        timexes = []
        for index, item in enumerate(filter(None, expressions.split(";;"))):
            text, timex_type, value = item.split("|")
            start = sentence.find(text)
            if start < 0:
                raise ValueError(f"{path.name}:{number}: {text!r} is not in the sentence")
            timexes.append(GoldTimex(f"t{index}", start, start + len(text), text, timex_type, value))
        documents.append(GoldDocument(f"{path.stem}:{number}", sentence, date.fromisoformat(dct),
                                      tuple(timexes)))
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", help="set name (file stem); default: every set")
    parser.add_argument("--mismatches", action="store_true", help="list every scoring error")
    args = parser.parse_args(argv)
    paths = [SETS / f"{name}.tsv" for name in args.set] if args.set else sorted(SETS.glob("*.tsv"))
    for path in paths:
        print(f"== {path.stem}")
        result = evaluate(read_set(path), tagger_system("news"))
        format_report(result, sys.stdout, mismatches=args.mismatches)
    return 0


if __name__ == "__main__":
    sys.exit(main())
