"""The two seed articles with hand-built temporal expressions (independent of the tagger)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.core.temporal.timex import Timex

REPO = Path(__file__).resolve().parents[2]
SEED_DIRS = [REPO / "seeds", REPO / ".." / "shared" / "seeds"]
SEED_FILES = {"000": "000_f2529bc020c90fee.txt", "004": "004_bde6570ed3d2c3de.txt"}
PUBLISHED = date(2025, 5, 28)
FURNITURE = "Colorado Politics Must-Reads:"

# (phrase, occurrence, type, value) per seed, as the tagger should find them.
HAND_TIMEXES = {
    "000": [("Wednesday", 0, "DATE", "2025-05-28"), ("June 2", 0, "DATE", "2025-06-02"),
            ("May 16", 0, "DATE", "2025-05-16"), ("Wednesday", 1, "DATE", "2025-05-28"),
            ("current", 0, "DATE", "PRESENT_REF"), ("the weekend", 0, "DATE", "2025-W21-WE"),
            ("June 2", 1, "DATE", "2025-06-02")],
    "004": [("June 2", 0, "DATE", "2025-06-02"), ("Wednesday", 0, "DATE", "2025-05-28"),
            ("June 2", 1, "DATE", "2025-06-02"), ("February 2022", 0, "DATE", "2022-02"),
            ("the past", 0, "DATE", "PAST_REF"), ("2014", 0, "DATE", "2014")],
}


def seed_dir() -> Path | None:
    """Where the seed texts are (the repository copy first), or None."""
    return next((d for d in SEED_DIRS if all((d / f).is_file() for f in SEED_FILES.values())), None)


def seed_text(key: str) -> str:
    """A seed's text with the site furniture line removed (as ingest does)."""
    raw = (seed_dir() / SEED_FILES[key]).read_text(encoding="utf-8").replace("\r\n", "\n")
    return "\n".join(line for line in raw.split("\n") if line.strip() != FURNITURE)


def find_timex(text: str, phrase: str, occurrence: int, timex_type: str, value: str) -> Timex:
    """A Timex for the n-th occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(phrase, start + 1)
        assert start >= 0, phrase
    return Timex(start, start + len(phrase), phrase, timex_type, value)


def hand_timexes(key: str, text: str) -> list[Timex]:
    """The hand-built expressions of one seed, sorted by offset."""
    return sorted((find_timex(text, *spec) for spec in HAND_TIMEXES[key]), key=lambda t: t.start)
