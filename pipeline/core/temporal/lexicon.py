"""The English rule tables (resources/en/*.tsv), loaded once, and regex fragments built from them."""
from __future__ import annotations

import os
import re
from functools import cache

RESOURCES = os.path.join(os.path.dirname(os.path.realpath(__file__)), "resources", "en")


def read_table(name: str) -> list[list[str]]:
    """Rows of a TSV table (comment lines starting with '#' and blank lines skipped)."""
    rows = []
    with open(os.path.join(RESOURCES, f"{name}.tsv"), encoding="utf-8") as table:
        lines = table.read().splitlines()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _mapping(name: str, convert=str) -> dict[str, object]:
    return {row[0]: convert(row[1]) for row in read_table(name)}


def _number(text: str) -> float | str:
    if text == "X":
        return "X"
    number = float(text)
    return int(number) if number.is_integer() else number


MONTHS: dict[str, int] = _mapping("months", int)
MONTHS_NAMING_PEOPLE = frozenset(row[0] for row in read_table("months") if row[2:] == ["name"])
WEEKDAYS: dict[str, int] = _mapping("weekdays", int)
NUMBERS: dict[str, float | str] = _mapping("numbers", _number)
ORDINALS: dict[str, int] = _mapping("ordinals", int)
SEASONS: dict[str, str] = _mapping("seasons")
PARTS_OF_DAY: dict[str, str] = _mapping("parts_of_day")
PLURALS: dict[str, str] = _mapping("plurals")
REFS: dict[str, str] = _mapping("refs")
NARRATIVE_ONLY_REFS = frozenset(row[0] for row in read_table("refs") if row[2:] == ["narrative"])
SETS: dict[str, str] = _mapping("sets")
VAGUE_DURATIONS: dict[str, str] = _mapping("vague_durations")
DECADE_WORDS: dict[str, int] = _mapping("decades", int)
UNITS: dict[str, tuple[str, bool, int]] = {
    row[0]: (row[1], row[2] == "1", int(row[3])) for row in read_table("units")
}
# Modifiers before an expression ('early', 'about'); those after one ('or later', 'or so') apart.
MODS: dict[str, tuple[str, str]] = {
    row[0]: (row[1], row[2]) for row in read_table("mods") if row[2] != "trailing"
}
TRAILING_MODS: dict[str, str] = {row[0]: row[1] for row in read_table("mods") if row[2] == "trailing"}
# A hedge before a tagged date, time or set: phrase -> (mod or None, the TIMEX3 types it joins).
HEDGES: dict[str, tuple[str | None, frozenset[str]]] = {
    row[0]: (None if row[1] == "-" else row[1], frozenset(row[2].split())) for row in read_table("hedges")}
CUES: dict[str, tuple[str, int]] = {row[0]: (row[1], int(row[2])) for row in read_table("cues")}


def _cues_flagged(flag: str) -> frozenset[str]:
    """The cues whose flags column (comma-separated) holds `flag`."""
    return frozenset(row[0] for row in read_table("cues") if len(row) > 3 and flag in row[3].split(","))


# Cues about what follows them ('ahead of Friday's report'): they say nothing of an expression before them.
CUES_BEFORE_ONLY = _cues_flagged("before")
# Cues that are verbs only when no determiner or possessive comes right before them ('they plan', not
# 'the plan' or 'Friday's close').
CUES_AS_VERBS_ONLY = _cues_flagged("verb")
# Present-tense copulas: a schedule ('Game 7 is Sunday night') but not about a possessive time, which
# names something else whose state they tell ('Friday's purchases is far below').
CUES_OF_SCHEDULES = _cues_flagged("schedule")
# Past forms that are also the bare verb ('which shut down in May'): past only when no modal, 'to'
# or 'do' stands right before them ('will hit', 'to cut') and, like verb cues, no determiner.
CUES_OF_BARE_FORMS = _cues_flagged("bare")
# Present forms of an event ('leaves', 'opens'): the scheduled future in a story, but what has just
# happened in a headline ('Ice storm leaves thousands without heat over the weekend').
CUES_OF_EVENTS = _cues_flagged("event")
# Participles of expecting ('expected'): ahead when passive or before 'to' ('is expected to', 'was
# expected Monday', 'expected the Fed to cut'), else the verb's past ('Nobody expected growth in May').
CUES_OF_EXPECTATION = _cues_flagged("expect")
GAME_WORDS = frozenset(row[0] for row in read_table("game_words"))
BUSINESS_WORDS = frozenset(row[0] for row in read_table("business_words"))
CLAUSE_VERBS = frozenset(row[0] for row in read_table("clause_verbs"))
PRESENT_WORDS = frozenset(row[0] for row in read_table("present_words"))
WEEKDAY_TITLE_HEADS = tuple(row[0] for row in read_table("weekday_titles"))
HEADLINE_VERBS = frozenset(row[0] for row in read_table("headline_verbs"))
REPORTING_VERBS = frozenset(row[0] for row in read_table("reporting_verbs"))
PERIOD_NOUNS = frozenset(row[0] for row in read_table("period_nouns"))
RESCHEDULING_VERBS = frozenset(row[0] for row in read_table("rescheduling"))
NAMED_DATES: dict[str, str] = _mapping("named_dates")
NARRATIVE_ONLY_NAMED_DATES = frozenset(row[0] for row in read_table("named_dates") if row[2:] == ["narrative"])
# Days named after their weekday, dated each year by an institution: ('super tuesday', 2020) -> '2020-03-03'.
YEARLY_NAMED_DAYS: dict[tuple[str, int], str] = {(row[0], int(row[1][:4])): row[1]
                                                 for row in read_table("yearly_named_days")}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {row[0]: int(row[1]) for row in read_table("weekday_abbreviations")}
# A weekday's ISO number by its lowercased name or abbreviation ('tuesday', 'tues').
WEEKDAY_NUMBERS: dict[str, int] = {**{abbreviation.lower(): number for abbreviation, number
                                      in WEEKDAY_ABBREVIATIONS.items()}, **WEEKDAYS}
HOLIDAYS: dict[str, tuple[int, str]] = {row[0]: (int(row[1]), row[2]) for row in read_table("holidays")}
OBSERVANCE_DAYS: dict[str, int] = {row[0]: int(row[3]) for row in read_table("holidays") if len(row) > 3}
# holiday -> country word -> (month, day) for holidays whose day depends on the country
NATIONAL_DAYS: dict[str, dict[str, tuple[int, int]]] = {}
for _row in read_table("national_days"):
    for _word in _row[1].split(","):
        NATIONAL_DAYS.setdefault(_row[0], {})[_word] = (int(_row[2]), int(_row[3]))

_TENS = {word: value for word, value in NUMBERS.items() if isinstance(value, int) and 20 <= value <= 90}
_ONES = {word: value for word, value in NUMBERS.items() if isinstance(value, int) and 1 <= value <= 9
         and word.isalpha() and word not in ("a", "an", "couple")}


def alternation(words, suffix: str = "") -> str:
    """A regex alternation of `words`, factored by common beginnings ('the\\s+(?:end|start)\\s+of') so
    the engine reads a shared beginning once; longest first at every branch, so the longest form
    wins; a space matches any run of white space, an apostrophe also a typographic one ('New Year’s
    Eve')."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word
    return "(?:" + _alternation_of(trie, suffix) + ")"


def _alternation_of(node: dict, suffix: str) -> str:
    """The regex of a trie node: its branches, the longest word first, a word ending here last."""
    branches = sorted((char for char in node if char), key=lambda char: (-_longest(node[char]), char))
    parts = [_character(char) + _after(node[char], suffix) for char in branches]
    if "" in node:
        parts.append(suffix)
    return "|".join(parts)


def _after(node: dict, suffix: str) -> str:
    """What follows a trie edge: a single path written out, several branches grouped."""
    if len(node) == 1:
        (char, child), = node.items()
        return suffix if char == "" else _character(char) + _after(child, suffix)
    return "(?:" + _alternation_of(node, suffix) + ")"


def _longest(node: dict) -> int:
    return max((1 + _longest(child) if char else 0) for char, child in node.items())


def _character(char: str) -> str:
    return {" ": r"\s+", "'": "['’]"}.get(char, re.escape(char))


def unit_of(word: str) -> str | None:
    """The canonical unit ('year', 'hour'...) of a singular or plural unit word."""
    word = word.lower()
    if word in UNITS:
        return word
    return PLURALS.get(word)


@cache
def number_value(text: str) -> float | str | None:
    """Numeric value of a spelled or written amount: 'two' -> 2, 'twenty-four' -> 24, '1.5' -> 1.5,
    'several' -> 'X'. None when not a number."""
    words = re.sub(r"\s+", " ", text.lower().strip()).replace(",", "")
    if words in NUMBERS:
        return NUMBERS[words]
    if "a " + words in NUMBERS:
        return NUMBERS["a " + words]  # 'the next [quarter of a] century', 'every quarter of an hour'
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return _number(words)
    compound = re.fullmatch(r"([a-z]+)[- ]([a-z]+)", words)
    if compound and compound.group(1) in _TENS and compound.group(2) in _ONES:
        return _TENS[compound.group(1)] + _ONES[compound.group(2)]
    multiplied = re.fullmatch(r"(.+?) (hundred|thousand|million|billion)", words)
    if multiplied:  # 'four hundred', '66 million', '4.5 billion'
        base = number_value(multiplied.group(1))
        if isinstance(base, (int, float)):
            value = base * _MULTIPLIERS[multiplied.group(2)]
            return _number(f"{value:g}") if value < 1e15 else None
    return None


_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "billion": 10 ** 9}


FRAGMENTS: dict[str, str] = {
    "MONTH": "(?:" + alternation(m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july"))
    + "|" + alternation(m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july"))
    + r"(?:\.|(?=\s+\d))"  # 'Sept. 30', 'Sept 30'; and after a day, '30 Sept'
    + r"|(?<=\d\s)" + alternation(m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july"))
    + r"(?![\w.]))",
    "WEEKDAY": alternation(WEEKDAYS),
    # Before a date only ('Tues., May 7', 'Sat 18 May'): alone, 'Sun' and 'Wed' are other words.
    "WEEKDAY_ABBR": r"(?-i:" + "|".join(sorted(WEEKDAY_ABBREVIATIONS, key=len, reverse=True)) + r")\.?",
    "SEASON": alternation(SEASONS),
    "POD": alternation(PARTS_OF_DAY),
    "UNIT": alternation(list(UNITS) + list(PLURALS)),
    "NUMWORD": "(?:(?:" + alternation(w for w in NUMBERS if w in _ONES or w in _TENS or w in ("ten", "twelve"))
    + r"|\d+(?:\.\d+)?)\s+(?:hundred|thousand|million|billion)(?!\s+of\b)|"  # 'four hundred', '66 million'
    + alternation(_TENS) + "[- ]" + alternation(_ONES) + "|"
    + alternation(w for w in NUMBERS if w != "some") + r"|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)",
    "ORDWORD": "(?:" + alternation(w for w in ORDINALS if w not in ("last", "final"))
    + r"|\d{1,2}(?:st|nd|rd|th))",
    "REF": alternation(REFS),
    "SETWORD": alternation(SETS),
    "VAGUE_DURATION": alternation(VAGUE_DURATIONS),
    "DECADEWORD": alternation(DECADE_WORDS),
    "HOLIDAY": alternation(HOLIDAYS),
    "NAMED_DATE": alternation(NAMED_DATES),
    "AMOUNTMOD": alternation(phrase for phrase, (_, kind) in MODS.items() if kind in ("amount", "both")),
    "POINTMOD": alternation(phrase for phrase, (_, kind) in MODS.items() if kind in ("point", "both")),
    "TRAILMOD": alternation(TRAILING_MODS),
}
FRAGMENTS["YEAR"] = r"(?:1\d{3}|20\d\d|21\d\d)(?![\d]|,\d|\.\d)"
# A zone after a clock time: 'GMT', 'EST', 'local time', 'Geneva time', 'New York time' (not a weekday's
# 'Friday Eastern time'); a bare 'Eastern' ('eastern' in a transcript) only before a day or a break
# ('10:30 p.m. Eastern on Tuesday', '9 a.m. Eastern on December 5', not 'Eastern Europe').
FRAGMENTS["ZONE"] = (r"(?-i:[A-Z]{2,4}T|[ECMP]T|GMT|UTC)|(?:local|(?-i:(?!(?i:" + FRAGMENTS["WEEKDAY"] + r")\b)"
                     r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))\s+time\b"
                     r"|(?:[Ee]astern|[Cc]entral|[Mm]ountain|[Pp]acific)(?=\s*[,.;)]|\s*$|,?\s+(?:on\s+)?(?:"
                     + FRAGMENTS["WEEKDAY"] + r"|yesterday|today|tomorrow|tonight)|\s+on\s+(?:" + FRAGMENTS["MONTH"]
                     + r"|\d{1,2}\s+" + FRAGMENTS["MONTH"] + r"))")
# 'B.C.' keeps its final period unless that period ends the sentence.
FRAGMENTS["ERA_BC"] = r"(?:B\.C(?:\.E)?(?:\.(?!\s+(?-i:[A-Z])|\s*$))?|BCE|BC)(?!\w)"
# Groups `year` (a year, or up to 4 digits after 'AD' or followed by 'BC' or 'AD') and optional `era`
# (BC only).
FRAGMENTS["ERA_AD"] = r"(?-i:AD(?!\w)|A\.D\.)"
# A three-digit year is taken after a month or season ('9 August 378', 'the summer of 717'); only
# histories keep it (recognize's false-alarm filter).
FRAGMENTS["ERAYEAR"] = (r"(?:" + FRAGMENTS["ERA_AD"] + r"\s)?(?P<year>" + FRAGMENTS["YEAR"]
                        + r"|[1-9]\d\d(?![\d%]|[,.]\d|\s*(?:percent|per\s+cent)\b"
                        + r"|\s+(?:years?|months?|weeks?|days?|hours?|decades?|centuries)\b)|\d{1,4}(?=\s+(?:"
                        + FRAGMENTS["ERA_BC"] + "|" + FRAGMENTS["ERA_AD"] + r"))"
                        + r"|(?:(?<=(?-i:AD)\s)|(?<=A\.D\.\s))\d{1,4}(?![\d]|[,.]\d))(?:\s+(?P<era>"
                        + FRAGMENTS["ERA_BC"] + r")|\s+" + FRAGMENTS["ERA_AD"] + r")?")
# A spoken year, its last two digits in words after the words of its century: group -> (those words,
# the century, the lowest two digits it takes): 'nineteen ninety-four', 'two thousand and five',
# 'twenty twelve'.
SPOKEN_YEAR_GROUPS: dict[str, tuple[str, int, int]] = {
    "syear": (r"nineteen[\s-]+", 1900, 10),
    "syear2k": (r"two\s+thousand(?:\s+and)?[\s-]+", 2000, 1),
    "syear20": (r"twenty[\s-]+", 2000, 10),
}
FRAGMENTS["SPELLEDYEAR"] = "(?:" + "|".join(f"{words}(?P<{group}>{FRAGMENTS['NUMWORD']})" for group, (words, _, _)
                                            in SPOKEN_YEAR_GROUPS.items()) + r")(?![\w-])"
FRAGMENTS["DAY"] = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|\.\d|,\d|%)"
# After a clock: 'on' and the day it is on, looked at but left out of the span (a TIMEX3 holds no
# preposition: '[9:32 a.m.] on [July 16, 1969]'). Groups dday/dmonth/dyear, omonth/oday/oyear, owday.
# An aside may stand between them: 'at [8 p.m.] (1100 GMT) on Wednesday', '(1100 GMT) on Wednesday'.
_ASIDE = r"(?:\s*\([^()\n]{{1,40}}\))?\)?"
FRAGMENTS["ON_DAY_AFTER"] = (
    r"(?=" + _ASIDE + r"\s+on\s+(?:(?:{w}|{wa}),?\s+)?(?:(?P<dday>{d})\s+(?P<dmonth>{m})(?:,?\s+(?P<dyear>{y}))?"
    r"|(?P<omonth>{m})\s*(?P<oday>{d})(?:,\s*(?P<oyear>{y}))?)"
    r"|" + _ASIDE + r"\s+on\s+(?P<owday>{w})(?!s\b)(?!,?\s+(?:{m}|{d}\s+{m})))?").format(
        w=FRAGMENTS["WEEKDAY"], wa=FRAGMENTS["WEEKDAY_ABBR"], d=FRAGMENTS["DAY"], m=FRAGMENTS["MONTH"],
        y=FRAGMENTS["YEAR"])


def patterns() -> list[tuple[str, str]]:
    """(kind, regex) rows of patterns.tsv with the <<FRAGMENT>> placeholders filled in."""
    filled = []
    for kind, template in read_table("patterns"):
        filled.append((kind, re.sub(r"<<(\w+)>>", lambda m: FRAGMENTS[m.group(1)], template)))
    return filled
