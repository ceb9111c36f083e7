"""The Timex record, the TIMEX3 value grammar, and value -> calendar interval.

A Timex is one temporal expression found in a text: its character span, its TimeML type and
value, and the anchor it was resolved against (so every written date says what it rests on).
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple

from pipeline.core.temporal.compiled_patterns import regex

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

# Where the anchor of a relative expression came from.
ANCHOR_NONE = "none"  # the value is absolute ("June 2, 2025"), no anchor was needed
ANCHOR_DCT = "dct"  # resolved against the document creation (publication) time
ANCHOR_TEXT = "text"  # resolved against the most recent explicit date in the text (narratives)


class Timex(NamedTuple):
    """One TIMEX3: span [start, end) in the text, type, value and how it was anchored (an
    immutable record: a NamedTuple, which starts faster than a dataclass)."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    anchor_value: str | None = None  # the date the value was computed from, ISO, if any
    anchor_source: str = ANCHOR_NONE

    def as_json(self) -> dict:
        """The contract shape of `timeline annotate --jsonl`."""
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value}


_Y = r"(?:(?:BC)?\d{4}|\d{3}X|\d{2}XX|XXXX)"  # BC0480 = 480 BC (TimeML); a DATE may add FY (TIDES)
_M = r"(?:0[1-9]|1[0-2]|XX)"
_D = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_W = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_PART_OF_DAY = r"(?:MO|MI|AF|EV|NI|DT)"
# A clock may carry an ISO 8601 zone ('T06:42-04:00', 'T20:00Z'); this tagger writes local time. An
# unknown hour is XX, as any unknown digit ('the top of the hour': TXX:00); second 60 is a leap second.
_CLOCK = r"(?:[01]\d|2[0-4]|XX)(?::[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d+)?)?)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?"
_DATE_VALUE = (
    rf"(?:(?:FY)?{_Y}(?:-{_M}(?:-{_D})?|-W{_W}(?:-(?:[1-7]|WE|WD))?|-(?:SP|SU|FA|WI)|-Q[1-4X]|-H[12X])?"
    r"|(?:BC)?\d{1,3}|PAST_REF|PRESENT_REF|FUTURE_REF"  # decade, century, millennium
    r"|(?:KA|MA|GA)\d+(?:\.\d+)?)"  # TIDES (TIMEX2): thousands, millions, billions of years ago; -WD weekdays
)
_TIME_VALUE = rf"(?:(?:{_Y}-{_M}-{_D}|{_Y}-W{_W}-[1-7])?T(?:{_CLOCK}|{_PART_OF_DAY}))"
_DURATION_VALUE = (
    r"(?:P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|WE|W|D|DE|CE|E|C|Q|H|L))+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?"
    r"|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+)"
)
VALUE_PATTERNS: dict[str, re.Pattern] = {
    "DATE": regex(rf"^(?:{_DATE_VALUE}|{_TIME_VALUE})$"),
    "TIME": regex(rf"^(?:{_TIME_VALUE}|{_DATE_VALUE})$"),
    "DURATION": regex(rf"^{_DURATION_VALUE}$"),
    "SET": regex(rf"^(?:{_DATE_VALUE}|{_TIME_VALUE}|{_DURATION_VALUE})$"),
}
MODS = frozenset({"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
                  "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"})


def is_valid_value(timex_type: str, value: str) -> bool:
    """True when `value` is a well-formed TIMEX3 value for `timex_type`."""
    pattern = VALUE_PATTERNS.get(timex_type)
    return bool(pattern and pattern.match(value))


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # WI runs into next year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(year: int, month: int) -> tuple[int, int]:
    return year + (month - 1) // 12, (month - 1) % 12 + 1


def value_interval(value: str) -> tuple[date, date, str] | None:
    """Map a fully specified DATE/TIME value to (first day, last day inclusive, granularity).

    Returns None for values with no calendar extent: durations, REF values, underspecified X's.
    """
    if not value or "X" in value or value.endswith("_REF") or value.startswith("P"):
        return None
    try:
        return _interval(value)
    except ValueError:  # e.g. 2025-02-30: well-formed but not a calendar date
        return None


def _interval(value: str) -> tuple[date, date, str] | None:
    if re.fullmatch(r"\d{2}", value):
        start_year = int(value) * 100
        return date(max(start_year, 1), 1, 1), date(start_year + 99, 12, 31), "century"
    if re.fullmatch(r"\d{3}", value):
        start_year = int(value) * 10
        return date(max(start_year, 1), 1, 1), date(start_year + 9, 12, 31), "decade"
    match = re.fullmatch(r"(\d{4})(?:-(.+))?", value.split("T")[0])
    if not match:
        return None
    year, rest = int(match.group(1)), match.group(2)
    has_time = "T" in value
    if rest is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    if re.fullmatch(r"\d{2}", rest):
        month = int(rest)
        return date(year, month, 1), _month_end(year, month), "month"
    if re.fullmatch(r"\d{2}-\d{2}", rest):
        day = date(year, int(rest[:2]), int(rest[3:]))
        if has_time:
            clock = value.split("T", 1)[1]
            granularity = "part_of_day" if clock[:2].isalpha() else "time"
            return day, day, granularity
        return day, day, "day"
    if rest in _SEASON_MONTHS:
        first, last = _SEASON_MONTHS[rest]
        end_year, end_month = _shift_months(year, last)
        return date(year, first, 1), _month_end(end_year, end_month), "season"
    if re.fullmatch(r"Q[1-4]", rest):
        quarter = int(rest[1])
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), "quarter"
    if re.fullmatch(r"H[12]", rest):
        half = int(rest[1])
        return date(year, 6 * half - 5, 1), _month_end(year, 6 * half), "half"
    week_match = re.fullmatch(r"W(\d{2})(?:-(WE|[1-7]))?", rest)
    if week_match:
        monday = date.fromisocalendar(year, int(week_match.group(1)), 1)
        part = week_match.group(2)
        if part is None:
            return monday, monday + timedelta(days=6), "week"
        if part == "WE":
            return monday + timedelta(days=5), monday + timedelta(days=6), "weekend"
        day = monday + timedelta(days=int(part) - 1)
        return day, day, "day"
    return None
