"""Which way a relative expression points (tense and cue words) and which date it resolves against."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.core.temporal import lexicon

PAST, FUTURE = "past", "future"

_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[\"'“‘(]?[A-Z0-9])|\n")
_WORD = re.compile(r"[A-Za-z']+")
_CUES = {tuple(phrase.lower().split()): cue for phrase, cue in lexicon.CUES.items()}
_MAX_CUE_WORDS = max(len(words) for words in _CUES)
# Regular past forms not listed as cues; adjectives ending in -ed are rare next to a date.
_PAST_PARTICIPLE = re.compile(r"[a-z]{3,}ed$")
_NOT_VERBS = frozenset("need red bed shed speed seed feed breed indeed hundred united based "
                       "limited reduced".split())
_RIGHT_SIDE_DISCOUNT = 0.6
DOMINANCE, MIN_EVIDENCE = 1.3, 0.2  # one direction must outweigh the other this clearly


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (or clause ending in ';') around [start, end)."""
    left = 0
    for match in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, end, end + 400)
    right = right_match.start() + 1 if right_match else min(len(text), end + 400)
    return left, right


def _cue_scores(words: list[str], position: int) -> dict[str, float]:
    """Past/future evidence of the words, each cue weighted by its distance to `position`."""
    scores = {PAST: 0.0, FUTURE: 0.0}
    index = 0
    while index < len(words):
        for length in range(_MAX_CUE_WORDS, 0, -1):
            cue = _CUES.get(tuple(words[index:index + length]))
            if cue:
                break
        else:
            length, cue = 1, None
            if _PAST_PARTICIPLE.match(words[index]) and words[index] not in _NOT_VERBS:
                cue = (PAST, 1)
        if cue:
            direction, weight = cue
            distance = abs(position - index) if index < position else index - position
            discount = 1.0 if index < position else _RIGHT_SIDE_DISCOUNT
            scores[direction] += weight * discount / (1 + distance / 2)
        index += length
    return scores


def tense_direction(text: str, start: int, end: int) -> str | None:
    """PAST or FUTURE from the cue words of the sentence around the span, None if no evidence."""
    left, right = sentence_span(text, start, end)
    before = [w.lower() for w in _WORD.findall(text[left:start])]
    after = [w.lower() for w in _WORD.findall(text[end:right])]
    scores = _cue_scores(before + after, len(before))
    if scores[PAST] > scores[FUTURE] * DOMINANCE + MIN_EVIDENCE:
        return PAST
    if scores[FUTURE] > scores[PAST] * DOMINANCE + MIN_EVIDENCE:
        return FUTURE
    return None


@dataclass(frozen=True, slots=True)
class Reference:
    """A date to resolve against: year always, month/day when known; `source` is 'dct' or 'text'."""

    year: int
    month: int | None = None
    day: int | None = None
    source: str = "dct"

    @classmethod
    def from_date(cls, day: date, source: str) -> "Reference":
        return cls(day.year, day.month, day.day, source)

    @property
    def as_date(self) -> date | None:
        if self.month is None or self.day is None or self.year < 1:
            return None
        return date(self.year, self.month, self.day)

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}" if self.year > 0 else f"BC{1 - self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


_EXPLICIT_VALUE = re.compile(r"^(BC)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def reference_from_value(value: str, source: str = "text") -> Reference | None:
    """The Reference a resolved DATE/TIME value provides for later expressions ('1939-09-01')."""
    match = _EXPLICIT_VALUE.match(value)
    if not match or value.startswith("P"):
        return None
    year = 1 - int(match.group(2)) if match.group(1) else int(match.group(2))
    month = int(match.group(3)) if match.group(3) else None
    day = int(match.group(4)) if match.group(4) else None
    return Reference(year, month, day, source)
