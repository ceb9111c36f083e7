"""Generate a synthetic news corpus for the scale benchmark.

    bench/generate_corpus.py OUT_DIR --n N [--seed S] [--corpora DIR]

Each article is a headline plus paragraphs composed from contiguous sentence runs of two or three
TBAQ TimeML documents (tags stripped, text kept), with one or two news sentences from the templates
below whose temporal expressions ("on Wednesday", "June 2", "last year", "two days ago") are drawn
relative to the article's new publication date. Without ../shared/corpora the articles are built
from the templates alone. Article i depends only on the seed and i, so a smaller corpus is a prefix
of a larger one with the same seed; texts are unique (the pipeline rejects duplicate texts).

Output: `<OUT_DIR>/<block>/<id>.txt` + `<id>.meta.json`, 1,000 articles per block folder.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO_ROOT / ".." / "shared" / "corpora" / "tbaq"
FILES_PER_BLOCK = 1000
DEFAULT_FIRST_DATE = date(2015, 1, 1)
DEFAULT_LAST_DATE = date(2025, 12, 31)
MAX_DRAWS_PER_ARTICLE = 50  # redraws on a duplicate text before giving up

_TEXT_ELEMENT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d]))\s+(?=[\"\u201c`]*[A-Z])")
_LAST_WORD = re.compile(r"(\S+)\.$")
# A period after these words (or after a single letter) does not end a sentence.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "rev", "inc", "corp", "co", "ltd", "bros", "no", "vs", "u.s", "u.n", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "n.j", "n.y", "calif", "pa",
    "va", "fla", "mich", "tex",
})

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "ten")
SOURCES = ("Bench Wire", "Synthetic Herald", "Generated Gazette", "Example Daily News",
           "Placeholder Tribune")
ACTORS = ("The finance minister", "The company", "The city council", "Union leaders",
          "The central bank", "Prosecutors", "The foreign ministry", "Health officials",
          "The governor", "Shareholders", "The defence minister", "Election officials")
ACTIONS = ("announced a new plan", "signed the agreement", "rejected the proposal",
           "opened an investigation", "raised interest rates", "held talks with its partners",
           "approved the budget", "postponed the vote", "filed a lawsuit", "released a report",
           "called for a ceasefire", "cut its forecast")
PLACES = ("in Geneva", "in the capital", "in Brussels", "at the headquarters", "in Nairobi",
          "in Istanbul", "in Ottawa", "in Manila", "at the summit", "in Lima")
TOPICS = ("Trade talks", "Budget negotiations", "The strike", "Peace talks", "The merger",
          "The inquiry", "Flood relief", "The election campaign")

# News sentences; {expr} is a temporal expression of the slot's kind, drawn from the publication
# date by TEMPORAL_EXPRESSIONS below.
TEMPLATES = (
    ("past_weekday", "{actor} {action} {place} {expr}, a spokesperson said."),
    ("near_date",
     "{actor} {action} {place} on {expr}, according to people familiar with the matter."),
    ("relative_past", "{actor} {action} {expr} after {count} rounds of discussion."),
    ("relative_future", "{topic} will resume {expr}, officials said."),
    ("past_year", "{actor} {action} {expr}, when {count} similar cases were reported."),
    ("month_year", "{topic} began in {expr} and have drawn {count} thousand observers."),
    ("duration", "{topic} lasted {expr}, {actor_lower} said {place}."),
    ("today", "{actor} said {expr} that it expects a decision within {count} weeks."),
)
HEADLINES = ("{actor} {action} {place}", "{topic} stall as {actor_lower} {action}",
             "{topic}: {actor_lower} {action}")


def _past_weekday(rng: random.Random, published: date) -> str:
    day = published - timedelta(days=rng.randint(1, 6))
    return f"on {WEEKDAYS[day.weekday()]}"


def _near_date(rng: random.Random, published: date) -> str:
    day = published + timedelta(days=rng.randint(-30, 30))
    return f"{MONTHS[day.month - 1]} {day.day}"


def _relative_past(rng: random.Random, published: date) -> str:
    return rng.choice(("two days ago", "last week", "yesterday", "last month",
                       f"{rng.choice(NUMBER_WORDS)} weeks ago", "earlier this year"))


def _relative_future(rng: random.Random, published: date) -> str:
    return rng.choice(("next week", "tomorrow", "next month", "later this year",
                       f"in {rng.choice(NUMBER_WORDS)} days"))


def _past_year(rng: random.Random, published: date) -> str:
    return rng.choice(("last year", f"in {published.year - rng.randint(1, 12)}",
                       "two years ago"))


def _month_year(rng: random.Random, published: date) -> str:
    month = rng.randint(1, 12)
    year = published.year - (1 if month >= published.month else 0)
    return f"{MONTHS[month - 1]} {year}"


def _duration(rng: random.Random, published: date) -> str:
    return f"{rng.choice(NUMBER_WORDS)} {rng.choice(('days', 'weeks', 'months', 'hours'))}"


def _today(rng: random.Random, published: date) -> str:
    return rng.choice(("today", "this week", "this morning", f"on {WEEKDAYS[published.weekday()]}"))


TEMPORAL_EXPRESSIONS = {
    "past_weekday": _past_weekday, "near_date": _near_date, "relative_past": _relative_past,
    "relative_future": _relative_future, "past_year": _past_year, "month_year": _month_year,
    "duration": _duration, "today": _today,
}


@dataclass(frozen=True)
class SourceDocument:
    """A development document reduced to plain-text paragraphs of sentences."""

    name: str
    paragraphs: tuple[tuple[str, ...], ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(sentence for paragraph in self.paragraphs for sentence in paragraph)


def timeml_text(markup: str) -> str:
    """The plain text of a TimeML document's <TEXT> element (tags stripped, entities decoded)."""
    match = _TEXT_ELEMENT.search(markup)
    return html.unescape(_TAG.sub("", match.group(1) if match else "")).strip()


def split_paragraphs(text: str) -> tuple[tuple[str, ...], ...]:
    """Paragraphs (blank-line separated) of sentences, inner line breaks folded into spaces."""
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        flat = _SPACES.sub(" ", block).strip()
        if flat:
            paragraphs.append(split_sentences(flat))
    return tuple(paragraphs)


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """Sentences of one paragraph; a period after an abbreviation or initial does not split."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(paragraph):
        piece = piece.strip()
        if not piece:
            continue
        last_word = _LAST_WORD.search(sentences[-1]) if sentences else None
        if last_word and (len(last_word.group(1)) == 1
                          or last_word.group(1).lower() in ABBREVIATIONS):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return tuple(sentences)


def load_sources(corpora_dir: Path) -> list[SourceDocument]:
    """The *.tml documents under `corpora_dir` (sorted by path); [] when the folder is absent."""
    if not corpora_dir.is_dir():
        return []
    documents = []
    for path in sorted(corpora_dir.rglob("*.tml")):
        paragraphs = split_paragraphs(timeml_text(path.read_text(encoding="utf-8")))
        if sum(len(p) for p in paragraphs) >= 2:
            documents.append(SourceDocument(path.stem, paragraphs))
    return documents


def _fill(rng: random.Random, pattern: str, published: date, kind: str | None = None) -> str:
    actor = rng.choice(ACTORS)
    expr = TEMPORAL_EXPRESSIONS[kind](rng, published) if kind else ""
    return pattern.format(actor=actor, actor_lower=actor[0].lower() + actor[1:],
                          action=rng.choice(ACTIONS), place=rng.choice(PLACES),
                          topic=rng.choice(TOPICS), count=rng.randint(2, 40), expr=expr)


def template_sentence(rng: random.Random, published: date) -> str:
    """One news sentence with a temporal expression drawn relative to `published`."""
    kind, pattern = rng.choice(TEMPLATES)
    return _fill(rng, pattern, published, kind)


def _excerpt(rng: random.Random, document: SourceDocument) -> list[str]:
    """A contiguous run of 4-10 sentences of `document`, as paragraphs of up to 3 sentences."""
    sentences = document.sentences
    length = min(len(sentences), rng.randint(4, 10))
    start = rng.randint(0, len(sentences) - length)
    run = sentences[start:start + length]
    return [" ".join(run[i:i + 3]) for i in range(0, len(run), 3)]


def compose_article(rng: random.Random, published: date,
                    sources: list[SourceDocument]) -> tuple[str, str, list[str]]:
    """(title, text, names of the source documents used) for one article."""
    title = _fill(rng, rng.choice(HEADLINES), published)
    lead = [template_sentence(rng, published) for _ in range(rng.randint(1, 2))]
    paragraphs = [" ".join(lead)]
    used: list[str] = []
    if sources:
        for document in rng.sample(sources, rng.randint(2, 3)):
            paragraphs += _excerpt(rng, document)
            used.append(document.name)
    else:
        for _ in range(rng.randint(4, 8)):
            paragraphs.append(" ".join(template_sentence(rng, published)
                                       for _ in range(rng.randint(1, 3))))
    return title, title + "\n" + "\n\n".join(paragraphs) + "\n", used


def article_path(out_dir: Path, index: int) -> Path:
    """`<out_dir>/<block>/<id>.txt` of article `index` (block = index // 1,000)."""
    return out_dir / f"{index // FILES_PER_BLOCK:04d}" / f"a{index:07d}.txt"


def generate(out_dir: Path, n: int, seed: int = 0, sources: list[SourceDocument] | None = None,
             first_date: date = DEFAULT_FIRST_DATE, last_date: date = DEFAULT_LAST_DATE) -> int:
    """Write `n` articles with sidecars into `out_dir`; returns the number of bytes written."""
    sources = load_sources(DEFAULT_CORPORA) if sources is None else sources
    span_days = (last_date - first_date).days
    seen: set[str] = set()
    written = 0
    for index in range(n):
        rng = random.Random(f"{seed}:{index}")
        published = first_date + timedelta(days=rng.randint(0, span_days))
        for _ in range(MAX_DRAWS_PER_ARTICLE):
            title, text, used = compose_article(rng, published, sources)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest not in seen:
                break
        else:
            raise RuntimeError(f"article {index}: no unique text in {MAX_DRAWS_PER_ARTICLE} draws")
        seen.add(digest)
        meta = {"publication_date": published.isoformat(), "source": rng.choice(SOURCES),
                "title": title, "doc_type": "news", "derived_from": used}
        written += _write_article(article_path(out_dir, index), text, meta)
    return written


def _write_article(text_path: Path, text: str, meta: dict) -> int:
    text_path.parent.mkdir(parents=True, exist_ok=True)
    text_bytes = text.encode("utf-8")
    meta_bytes = (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    text_path.write_bytes(text_bytes)
    text_path.with_name(text_path.stem + ".meta.json").write_bytes(meta_bytes)
    return len(text_bytes) + len(meta_bytes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder of TimeML *.tml sources (default: ../shared/corpora/tbaq); "
                             "templates only when absent")
    args = parser.parse_args(argv)
    sources = load_sources(args.corpora)
    origin = f"{len(sources)} TimeML documents in {args.corpora}" if sources else "templates only"
    written = generate(args.out_dir, args.n, args.seed, sources)
    print(f"Wrote {args.n} articles, {written / 1e6:.1f} MB, to {args.out_dir} from {origin}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
