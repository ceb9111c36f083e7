"""Candidate span + document context -> TIMEX3 type, value and mod (one handler per pattern kind)."""
from __future__ import annotations

import calendar
import re
import warnings
from functools import lru_cache
from datetime import date, datetime, timedelta

from dateutil.easter import EASTER_ORTHODOX, easter

from pipeline.core.temporal import lexicon
from pipeline.core.temporal.anchor import (FUTURE, MIN_EVIDENCE, PAST, Reference, direction_of,
                                           sentence_span, tense_scores)
from pipeline.core.temporal.compiled_patterns import regex
from pipeline.core.temporal.recognize import DEADLINE_WORD_BEFORE, ENTRY_HEADER_AFTER, PERIOD_NOUN_AFTER, Candidate

# A season year runs from spring to winter: a winter is named by the year of its December ('last
# winter' said in March 2026 or November 2026: 2025-WI).
SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
WINTER_AHEAD_FROM_MONTH = 7  # from this month of a story's year on, its winter is next year's WI
# Words of a relative phrase -> offset in units from the reference.
_OFFSETS = {"last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1, "latest": -1,
            "next": 1, "coming": 1, "following": 1, "very next": 1,
            "this": 0, "current": 0, "same": 0, "that": 0, "the": 0, "these": 0, "those": 0,
            "earlier this": 0, "later this": 0, "this past": -1, "this coming": 1}
_ANAPHORIC_WORDS = frozenset({"following", "previous", "preceding", "prior", "same", "that", "those",
                              "very next"})
_CLOCK_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
# In a narrative, a month this many months before the reference month belongs to the next year.
NARRATIVE_MONTH_WRAP = 10
# ...and a day of a month (a story's chain of days: 'on 20 December ... by [1 February]') this many.
NARRATIVE_DAY_WRAP = 6
# A month-day without a year is the nearest one; tense may pick the other side within this window.
DAY_DIRECTION_WINDOW = 240
# Past evidence this strong takes a month-day without a year back up to a year, past the window.
FAR_PAST_EVIDENCE, YEAR = 0.8, timedelta(days=366)
FAR_FUTURE_EVIDENCE = 1.2  # a month-day told of the future this clearly may be up to a year ahead
# A bare month this many months ahead of the reference is the coming one unless the tense
# clearly points back (at least MONTH_FLIP_EVIDENCE of past evidence).
UPCOMING_MONTHS, MONTH_FLIP_EVIDENCE = 2, 0.4
FAINT_EVIDENCE = 0.12  # a bare month told of the future this faintly, and not of the past, is the coming one
# Hundreds before this year name a century ('the 1800s': 18); from it on, a decade ('the 2000s': 200).
CENTURY_HUNDREDS_BEFORE = 2000
_ERA_BC = regex(r"^B\.?C", re.IGNORECASE)


class Resolution:
    """A handler's answer: type, value, mod and the reference the value was computed from."""

    __slots__ = ("type", "value", "mod", "reference")

    def __init__(self, type: str, value: str, mod: str | None = None, reference: Reference | None = None):
        self.type, self.value, self.mod, self.reference = type, value, mod, reference

    def __repr__(self) -> str:
        return f"Resolution({self.type!r}, {self.value!r}, {self.mod!r}, {self.reference!r})"


class DocContext:
    """What normalization needs about the document: text, DCT, doc type and the dates seen so far."""

    __slots__ = ("text", "dct", "doc_type", "text_reference", "reference_start", "last_quarter", "speech_day",
                 "sentence_year", "named_week", "last_period", "last_day", "last_time_day", "last_clock", "last_date",
                 "attributive_day", "writers_time_named", "_scores")

    def __init__(self, text: str, dct: date | None, doc_type: str = "news"):
        self.text, self.dct, self.doc_type = text, dct, doc_type
        self.text_reference: Reference | None = None
        self.reference_start = -1  # where the expression that set text_reference starts
        self.last_quarter: tuple[int, int] | None = None  # (year, quarter) of the last quarter named
        self.speech_day: Reference | None = None  # the report day of the expression being resolved, if any
        self.sentence_year: tuple[int, int] | None = None  # (sentence start, year): a news sentence's 'last year'
        # (end, Monday, weekend only): the last week a news text counted from the DCT ('[this weekend]')
        self.named_week: tuple[int, date, bool] | None = None
        self.last_period: tuple[int, int, str] | None = None  # (start, end, value) of the last year, quarter or month
        self.last_day: Reference | None = None  # the last day named in the text, for a bare part of a day
        self.last_date: date | None = None  # the last month-day resolved, story or not (a range's start)
        self.last_time_day: Reference | None = None  # the day of the last clock time or part of a day named
        self.last_clock: tuple[str, int] | None = None  # (ISO day, minutes after midnight) of the last clock
        # (sentence start, day) of a news day naming an event ('the [Thanksgiving] dinner'), no day named since
        self.attributive_day: tuple[int, Reference] | None = None
        self.writers_time_named = False  # a history has named the writer's own time ('this year')
        self._scores: dict = {}  # tense evidence by span

    def reference(self, anaphoric: bool = False) -> Reference | None:
        """The DCT for deictic expressions in news, or the day of the report they are quoted or
        reported from ('"We will finish [tomorrow]," the foreman said on Monday'); the latest text
        date for narratives and anaphoric expressions ('two days later'), falling back to the
        other when missing."""
        dct_reference = Reference.from_date(self.dct, "dct") if self.dct else None
        if self.doc_type == "narrative" or anaphoric or dct_reference is None:
            return self.text_reference or dct_reference
        return self.speech_day or dct_reference

    def direction(self, cand: Candidate, min_evidence: float = MIN_EVIDENCE) -> str | None:
        """Tense direction around the candidate (evidence cached per span); a higher `min_evidence`
        raises the bar for overruling a default."""
        return direction_of(self.evidence(cand), min_evidence)

    def evidence(self, cand: Candidate) -> dict[str, float]:
        """The past and future evidence of the cue words around the candidate (cached per span)."""
        key = (cand.start, cand.end)
        if key not in self._scores:
            self._scores[key] = tense_scores(self.text, cand.start, cand.end)
        return self._scores[key]


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip().replace("’", "'") if text else ""


def _rel(text: str | None) -> str:
    """A relative word without its article: 'the previous' -> 'previous'; 'the rest (remainder) of
    the' (week) -> 'this'."""
    rel = _clean(text)
    if "rest of" in rel or "remainder of" in rel:
        return "this"
    return rel[4:] if rel.startswith("the ") else rel


def _mod(*phrases: str | None) -> str | None:
    for phrase in phrases:
        phrase = _clean(phrase)
        if phrase in lexicon.TRAILING_MODS:
            return lexicon.TRAILING_MODS[phrase]
        if phrase:
            entry = lexicon.MODS.get(phrase) or lexicon.MODS.get(phrase.rstrip("-"))
            if entry:
                return None if entry[0] == "-" else entry[0]  # ('[exactly a decade]': no TimeML mod)
    return None


def _month_number(word: str) -> int:
    return lexicon.MONTHS[_clean(word).rstrip(".")]


def _day_number(word: str) -> int:
    """'23', '23rd', 'twenty-third' -> 23."""
    digits = re.match(r"\d+", word)
    return int(digits.group()) if digits else lexicon.ORDINALS[_clean(word)]


def _fmt_date(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _fmt_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _fmt_year(year: int) -> str:
    return f"BC{-year + 1:04d}" if year <= 0 else f"{year:04d}"


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _choose(options: list, origin, direction: str | None, distance):
    """The option in `direction` from origin closest to it (ties and no direction: the closest)."""
    if direction == PAST:
        options = [o for o in options if o <= origin] or options
    elif direction == FUTURE:
        options = [o for o in options if o >= origin] or options
    return min(options, key=lambda o: (distance(o, origin), o > origin))


def _direction_for(cand: Candidate, ctx: DocContext, rel: str | None) -> str | None:
    offset = _OFFSETS.get(_rel(rel)) if rel else None
    if offset is not None and offset != 0:
        return PAST if offset < 0 else FUTURE
    return ctx.direction(cand)


# --- days, months, years ---------------------------------------------------------------------

def _is_day_of(year: int, month: int, day: int) -> bool:
    """Whether month/day exists in `year` (BC years are checked as a leap year)."""
    return _safe_date(year if year > 0 else 4, month, day) is not None


_COORDINATED_YEAR = regex(
    r"\s*(?:,|and|or|to|until|through|[-–])\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:"
    + lexicon.FRAGMENTS["MONTH"] + r")\s*(?:\d{1,2}(?:st|nd|rd|th)?,?\s*)?("
    + lexicon.FRAGMENTS["YEAR"] + ")", re.IGNORECASE)


_COORDINATED_RELATIVE_YEAR = regex(
    r"\s*(?:and|or|to|until|through|[-–])\s*(?:" + lexicon.FRAGMENTS["MONTH"] + r")\s+(?:of\s+)?(last|next|this)\s+year\b",
    re.IGNORECASE)


def coordinated_year(ctx: DocContext, cand: Candidate) -> int | None:
    """The year of a coordinated date right after the span ('[August] and September 1914') or of
    the year the span stands in apposition to ('cut rates twice in 2026, in [March] and June')."""
    match = _COORDINATED_YEAR.match(ctx.text, cand.end) \
        or _YEAR_APPOSITION_BEFORE.search(ctx.text, max(0, cand.start - 40), cand.start)
    if match:
        return int(match.group(1))
    relative = _COORDINATED_RELATIVE_YEAR.match(ctx.text, cand.end) if ctx.dct else None
    return ctx.dct.year + _OFFSETS[relative.group(1).lower()] if relative else None  # '[June] and
    # October of last year'


# 'in 2026, in [March]', and the month coordinated with it ('in 2026, in March and [June]').
_YEAR_APPOSITION_BEFORE = regex(r"\b(1\d{3}|20\d\d),\s+(?:in|by|from|until|through)\s+(?:(?:early|mid-?|late)\s*)?"
                                r"(?:" + lexicon.FRAGMENTS["MONTH"] + r"\s+(?:and|or)\s+)?$", re.IGNORECASE)


# A period that 'ended' on a month-day closed on the last one, however long ago.
_ENDED_BEFORE = regex(r"\bended\s+(?:on\s+)?$", re.IGNORECASE)
# A past act 'before' or 'ahead of' a day says nothing of which side of the DCT the day is on.
_EVENT_BEFORE_THE_DAY = regex(r"\b(?:before|ahead\s+of|(?:ready|prepared|in\s+time)\s+for)\s+$", re.IGNORECASE)


def _is_after_the_act(cand: Candidate, ctx: DocContext) -> bool:
    """'slashed prices before [Christmas]', said two days before it: the day follows the act, so
    the act's tense does not place it; it is the nearest one."""
    return bool(_EVENT_BEFORE_THE_DAY.search(ctx.text, max(0, cand.start - 14), cand.start))


PAST_STORY_MIN_DAYS = 365  # a news text's dated story this long before the DCT is a past one...
PAST_STORY_REACH_DAYS = 90  # ...which a month-day without a year this soon after it continues


def _days_after_a_past_story(ctx: DocContext, month: int, day: int) -> date | None:
    """In news, a month-day shortly after the day a story long before the DCT was told on, in
    that story's year ('last seen on Aug. 4, 1979. Her body was found on [Aug. 7]'), else None."""
    story = ctx.text_reference
    if ctx.doc_type != "news" or ctx.dct is None or story is None or story.as_date is None \
            or (ctx.dct - story.as_date).days < PAST_STORY_MIN_DAYS:
        return None
    for year in (story.year, story.year + 1):
        told = _safe_date(year, month, day)
        if told is not None and 0 <= (told - story.as_date).days <= PAST_STORY_REACH_DAYS:
            return told
    return None


PAST_STORY_LOOKBACK_DAYS = 30  # ...and, told in the past perfect, this soon before it (a month-day)
PAST_STORY_LOOKBACK_MONTHS = 3  # ...or this soon (a month)
_PAST_PERFECT = regex(r"\bhad\s+(?:(?:not|already|just|long)\s+)?(?!to\b)[a-z]+", re.IGNORECASE)


def _past_story_looked_back_from(cand: Candidate, ctx: DocContext) -> date | None:
    """In news, the day of a story long before the DCT when the candidate's sentence is told in the
    past perfect, looking back from that story; else None."""
    story = ctx.text_reference
    if ctx.doc_type != "news" or ctx.dct is None or story is None or story.as_date is None \
            or (ctx.dct - story.as_date).days < PAST_STORY_MIN_DAYS:
        return None
    start, end = sentence_span(ctx.text, cand.start, cand.end)
    return story.as_date if _PAST_PERFECT.search(ctx.text, start, end) else None


def _days_before_a_past_story(cand: Candidate, ctx: DocContext, month: int, day: int) -> date | None:
    """A month-day shortly before a past story, told in the past perfect: in that story's year
    ('On April 30, 1975, ... On [April 29], U.S. helicopters had begun evacuating'), else None."""
    story_day = _past_story_looked_back_from(cand, ctx)
    told = _safe_date(story_day.year, month, day) if story_day else None
    return told if told and 0 < (story_day - told).days <= PAST_STORY_LOOKBACK_DAYS else None


def _day_in_the_named_week(cand: Candidate, ctx: DocContext, weekday: int) -> date | None:
    """In news, a weekday in a 'with' phrase that details a week or weekend named just before falls
    in it ('delayed [next week], with Thursday pickups moving to [Friday]', 'returns [this weekend],
    with the parade at 11 a.m. [Saturday]'; a weekend holds Saturday and Sunday only)."""
    if ctx.named_week is None:
        return None
    end, monday, weekend = ctx.named_week
    if (weekend and weekday < 6) or not _DETAILING_WITH.fullmatch(ctx.text, end, cand.start):
        return None
    return monday + timedelta(days=weekday - 1)


# From a week's end to a weekday detailing it: ', with' and a few words, no clause boundary.
_DETAILING_WITH = regex(r",\s+with\s+(?:[^.;:,!?]{0,60}\s)?")


def _day_of_the_sentence_year(cand: Candidate, ctx: DocContext, month: int, day: int) -> date | None:
    """In news, a month-day after a past year counted back earlier in its sentence is of that year
    ('[Last year], lawmakers missed the deadline, passing the budget on [May 8]'), unless told ahead;
    so is one after a coming calendar year ('the [2002] World Cup would kick off on [May 31]'),
    unless told of the past."""
    year = _the_sentence_year(cand, ctx)
    return _safe_date(year, month, day) if year is not None else None


def _the_sentence_year(cand: Candidate, ctx: DocContext) -> int | None:
    """The past year a news sentence counted back to before the candidate ('[Last year], deputies
    made 14 arrests on New Year's Eve') or the coming calendar year it named, unless the candidate
    is told the other way or has its own 'rel'."""
    if ctx.doc_type != "news" or ctx.sentence_year is None or cand.groups.get("rel"):
        return None
    start, year = ctx.sentence_year
    if ctx.direction(cand) == (PAST if ctx.dct is not None and year > ctx.dct.year else FUTURE):
        return None  # 'postponed [last year], will be held on Dec. 19'
    return year if start == sentence_span(ctx.text, cand.start, cand.end)[0] else None


def _next_timeline_entry(cand: Candidate, ctx: DocContext, month: int, day: int) -> date | None:
    """A month-day heading a timeline entry ('Feb. 3, 2020 - Iowa holds its caucuses. [March 3] -
    Voters ...') follows the entry before it: the first such day after the date the text named. In
    a chronology ('Key dates: [Jan. 9] - Jury selection begins; Feb. 14 - ...'), whose entries tell
    in the present what has mostly happened, the first dated entry is the latest such day up to the
    DCT, unless its entry looks ahead."""
    story = ctx.text_reference
    header = ENTRY_HEADER_AFTER.match(ctx.text, cand.end) or (
        is_a_chronology(ctx.text) and _SPACED_HYPHEN_AFTER.match(ctx.text, cand.end))
    if ctx.doc_type != "news" or not header:
        return None
    if story is None or story.as_date is None:
        if not is_a_chronology(ctx.text) or ctx.dct is None \
                or _LOOKS_AHEAD_IN_ENTRY.match(ctx.text, cand.end):
            return None
        for year in (ctx.dct.year, ctx.dct.year - 1):
            told = _safe_date(year, month, day)
            if told is not None and told <= ctx.dct:
                return told
        return None
    for year in (story.year, story.year + 1):
        told = _safe_date(year, month, day)
        if told is not None and told >= story.as_date:
            return told
    return None


_SPACED_HYPHEN_AFTER = regex(r"\s+-\s")
# An entry that tells of what is still to come ('Tuesday - Jury expected to begin deliberations').
_LOOKS_AHEAD_IN_ENTRY = regex(r"[^;.]*\b(?:will|expected|scheduled|set\s+to|due|planned|to\s+be)\b", re.IGNORECASE)
# Entries a chronology separates with semicolons: 'Jan. 9 - Jury selection begins; Feb. 14 - ...'.
_CHRONOLOGY_ENTRY = regex(r"(?:^|;\s+|:\s+)[A-Z][\w.,' ]{0,30}?\s+[-–—]\s+\S")
CHRONOLOGY_MIN_ENTRIES = 3
_chronologies: dict[int, tuple[str, bool]] = {}  # id -> (text, whether it is a chronology), the last text


def is_a_chronology(text: str) -> bool:
    """Whether the text is a list of dated entries separated by semicolons (a news chronology)."""
    known = _chronologies.get(id(text))
    if known is None or known[0] is not text:
        known = (text, len(_CHRONOLOGY_ENTRY.findall(text)) >= CHRONOLOGY_MIN_ENTRIES)
        _chronologies.clear()
        _chronologies[id(text)] = known
    return known[1]


_HABITUAL = regex(r"\b(?:typically|usually|normally|traditionally|customarily)\b", re.IGNORECASE)
# Right before or after a date: it recurs each year ('celebrated annually on [8 September]', 'every
# year in [early May]', '[16 December] is now a public holiday').
_YEARLY_BEFORE = regex(r"\b(?:annually|every\s+year|each\s+year|yearly)\s+(?:on|in)\s+(?:the\s+)?$", re.IGNORECASE)
# ...or a range of days that recurs ('open from [April 15] through [Oct. 31] each year').
_YEARLY_AFTER = regex(r"(?:\s+(?:to|through|until|till|and|[-–])\s+(?:" + lexicon.FRAGMENTS["MONTH"]
                      + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?)?\s+(?:each\s+year|every\s+year|annually|yearly)\b", re.IGNORECASE)
_HOLIDAY_AFTER = regex(r"\s+(?:is|are)\s+(?:now\s+)?an?\s+(?:public|national|bank|federal|state)\s+holiday\b")
_CONTRAST = regex(r";|,\s+(?:but|while|although|though|whereas)\b", re.IGNORECASE)


def _is_habitual(cand: Candidate, ctx: DocContext) -> bool:
    """Whether a clause tells what happens every year ('the first freeze usually arrives in
    [mid-October], but this year ...', 'the victory is celebrated annually on [8 September]'): no year."""
    start, end = sentence_span(ctx.text, cand.start, cand.end)
    for contrast in _CONTRAST.finditer(ctx.text, start, end):
        if contrast.end() <= cand.start:
            start = contrast.end()
        elif contrast.start() >= cand.end:
            end = contrast.start()
            break
    return bool(_HABITUAL.search(ctx.text, start, end) or _HOLIDAY_AFTER.match(ctx.text, cand.end)
                or _YEARLY_BEFORE.search(ctx.text, max(0, cand.start - 30), cand.start)
                or _YEARLY_AFTER.match(ctx.text, cand.end))


_ATTACKS_AFTER = regex(r"(?:,\s*2001,)?\s+(?:terror(?:ist)?\s+)?(?:attacks|hijackings)\b", re.IGNORECASE)


# 'born on' with no 'was' before it: whoever is born that day, any year ('People born on [Feb. 29]').
_GENERIC_BIRTHDAY_BEFORE = regex(r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)\b[Bb]orn\s+on\s+$")
# What names a past day by its anniversary ('the 10th anniversary of the [March 11] disaster').
_ANNIVERSARY_OF_BEFORE = regex(r"\banniversary\s+of\s+(?:the\s+)?$", re.IGNORECASE)
ANNIVERSARY_LEAD = timedelta(days=31)  # an anniversary is marked up to a month ahead of it


def _year_of_the_weekday(ctx: DocContext, month: int, day: int, weekday: int, year: int,
                         ref: Reference) -> tuple[int, Reference]:
    """The year next to the story's, else, once the text has named the writer's own time, the
    writer's (the DCT's or next to it), in which the day falls on the weekday the text gives it ('this
    year's were named on [Monday, 6 May]' after 2009, written in 2024: 2024); else the story's."""
    story = [(year + k, ref) for k in (-1, 1)]
    writers = [(ctx.dct.year + k, Reference.from_date(ctx.dct, "dct")) for k in (0, -1, 1)] \
        if ctx.dct and ctx.writers_time_named else []
    for option, reference in story + writers:
        if _safe_date(option, month, day) and date(option, month, day).isoweekday() == weekday:
            return option, reference
    return year, ref


def _month_day(cand: Candidate, ctx: DocContext, month: int, day: int, year: int | None):
    mod = _mod(cand.groups.get("pmod"))
    if year is None and (month, day) == (9, 11) and _ATTACKS_AFTER.match(ctx.text, cand.end):
        year = 2001  # 'the [Sept. 11] attacks': the day named like '9/11' (named_dates.tsv)
    if year is None:
        year = coordinated_year(ctx, cand)
    if year is not None:
        if not _is_day_of(year, month, day):
            return None
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}-{day:02d}", mod)
    ref = ctx.reference()
    if ref is None or (_is_habitual(cand, ctx) and not cand.groups.get("wday")) \
            or _GENERIC_BIRTHDAY_BEFORE.search(ctx.text, max(0, cand.start - 20), cand.start):
        # ('people [born on Feb. 29] get a birthday every four years': any year's)
        # 'the lake usually freezes by [Jan. 15]' (but '[Tuesday, Dec. 26]' names one year's day)
        return Resolution("DATE", f"XXXX-{month:02d}-{day:02d}", mod)
    if ref.source == "dct" and ref.as_date is not None \
            and _ANNIVERSARY_OF_BEFORE.search(ctx.text, max(0, cand.start - 30), cand.start):
        # 'to mark the first anniversary of the [Oct. 7] attack next Monday': at least a year back
        latest = ref.as_date - YEAR + ANNIVERSARY_LEAD
        year = latest.year - (1 if (month, day) > (latest.month, latest.day) else 0)
        if _is_day_of(year, month, day):
            return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}-{day:02d}", mod, ref)
    range_end = _range_end_day(cand, ctx, month, day)
    if range_end is not None:  # 'repaid between Jan. 1 and [April 30]': after the day it starts on
        return Resolution("DATE", _fmt_date(range_end), mod, Reference.from_date(ctx.last_date, "text"))
    told = _days_after_a_past_story(ctx, month, day) or _days_before_a_past_story(cand, ctx, month, day) \
        or _next_timeline_entry(cand, ctx, month, day) or _day_of_the_sentence_year(cand, ctx, month, day)
    if told is not None:  # 'last seen on Aug. 4, 1979. Her body was found on [Aug. 7]': 1979
        return Resolution("DATE", _fmt_date(told), mod, ctx.text_reference)
    weekday = lexicon.WEEKDAY_NUMBERS.get(_clean(cand.groups.get("wday")).rstrip("."))
    if ref.as_date is None or ref.source == "text":
        year = ref.year + (1 if ref.month is not None and ref.month - month > NARRATIVE_DAY_WRAP else 0)
        if not _is_day_of(year, month, day):
            return None
        if weekday and date(year, month, day).isoweekday() != weekday:
            year, ref = _year_of_the_weekday(ctx, month, day, weekday, year, ref)
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}-{day:02d}", mod, ref)
    options = [d for d in (_safe_date(ref.year + k, month, day) for k in (-1, 0, 1)) if d]
    if weekday:  # 'Saturday, April 25': the year in which that day is a Saturday
        options = [d for d in options if d.isoweekday() == weekday] or options
    if not options:
        return None
    origin = ref.as_date
    offset = _OFFSETS.get(_rel(cand.groups.get("rel")).replace("this ", ""), 0)
    direction = ctx.direction(cand)
    near = [d for d in options if abs((d - origin).days) <= DAY_DIRECTION_WINDOW]
    if direction == PAST and _is_after_the_act(cand, ctx):
        pass  # the nearest one
    elif offset:  # 'last Oct. 23', 'next March 3': the nearest one on that side
        options = [d for d in options if (d < origin if offset < 0 else d > origin)] or options
    elif _ENDED_BEFORE.search(ctx.text, max(0, cand.start - 12), cand.start):
        options = [d for d in options if d <= origin] or options  # 'the fiscal year ended Jan. 31'
    elif _SCHEDULED_FOR_BEFORE.search(ctx.text, max(0, cand.start - 50), cand.start) \
            and not _PLUPERFECT_BEFORE.search(ctx.text, max(0, cand.start - 60), cand.start):
        options = [d for d in options if origin <= d < origin + YEAR] or options  # 'sentencing was set
        # for [Sept. 26]' in January: the coming one
    elif direction == PAST and any(d <= origin for d in near):
        options = [d for d in near if d <= origin]
    elif direction == FUTURE and any(d >= origin for d in near):
        options = [d for d in near if d >= origin]
    elif ctx.direction(cand, FAR_PAST_EVIDENCE) == PAST and any(origin - YEAR < d < origin for d in options):
        options = [d for d in options if origin - YEAR < d < origin]  # 'was passed on Feb. 3' in December
    elif ctx.direction(cand, FAR_FUTURE_EVIDENCE) == FUTURE and any(origin < d < origin + YEAR for d in options):
        options = [d for d in options if origin < d < origin + YEAR]  # 'will be released on Dec. 20' in February
    chosen = min(options, key=lambda d: (abs((d - origin).days), d > origin))
    return Resolution("DATE", _fmt_date(chosen), mod, ref)


_AFTER_RANGE_START_DAY = regex(r"\b(?:between|from)\s+(" + lexicon.FRAGMENTS["MONTH"]
                               + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\s*(?:and|to|through|until|till|[-–])\s*$",
                               re.IGNORECASE)


def _range_end_day(cand: Candidate, ctx: DocContext, month: int, day: int) -> date | None:
    """The first month-day on or after the day that opens its range ('between Jan. 1 [2021] and
    [April 30]': 2021), when that day was the last one resolved."""
    opening = _AFTER_RANGE_START_DAY.search(ctx.text, max(0, cand.start - 40), cand.start)
    start = ctx.last_date
    if opening is None or start is None or start.month != _month_number(opening.group(1)):
        return None
    end = _safe_date(start.year, month, day)
    return end if end is None or end >= start else _safe_date(start.year + 1, month, day)


def _explicit_year(groups: dict, name: str = "year") -> int | None:
    """The year group as a number (BC years as 1 - n; 'nineteen ninety-four' as 1994, 'two thousand
    and five' as 2005, 'twenty twelve' as 2012), None when absent."""
    year = groups.get(name)
    if year:
        return _era_year(int(year), groups.get("era"))
    if name != "year":
        return None
    for group, (_, century, lowest) in lexicon.SPOKEN_YEAR_GROUPS.items():
        if groups.get(group):
            tail = lexicon.number_value(groups[group])
            return century + tail if isinstance(tail, int) and lowest <= tail <= 99 else None
    return None


def _resolve_mdy(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    year = _explicit_year(groups) or _explicit_year(groups, "ryear") or _explicit_year(groups, "ofyear")
    if year is None and (groups.get("yrel") or groups.get("yrel2")):
        rel = _rel(groups.get("yrel") or groups["yrel2"])
        ref = ctx.reference(anaphoric=rel in _ANAPHORIC_WORDS or _clean(groups.get("yrel") or groups["yrel2"])
                            .startswith("the "))  # 'of that year', '[3 October that year]', 'of the next
        # year': the story's; '[March 3] last year', '[Aug. 25] of last year': the DCT's
        year = ref.year + _OFFSETS.get(rel, 0) if ref else None
    day = _day_number(groups.get("podday") or groups["day"])  # 'the night of [8]–9 September': the 8th's
    resolution = _month_day(cand, ctx, _month_number(groups["month"]), day, year)
    pod = _pod(groups.get("podof"))
    if resolution is None or pod is None:
        return resolution
    return Resolution("TIME", f"{resolution.value}T{pod}", resolution.mod, resolution.reference)


def _resolve_iso(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    year, month, day = int(groups["year"]), int(groups["mon"]), _day_number(groups["day"])
    if _safe_date(year, month, day) is None:
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if groups.get("hour"):
        return Resolution("TIME", f"{value}T{groups['hour']}:{groups['minute']}")
    return Resolution("DATE", value)


_DAY_FIRST_DATE = regex(r"(?<!\d)(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])/\d{2,4}(?!\d)")


def _as_the_text_writes(ctx: DocContext, month: int, day: int) -> tuple[int, int]:
    """A slashed month and day read month first by its pattern, swapped when both could be months
    and the text writes its other slashed dates day first ('from 01/03/2023 to 15/03/2023')."""
    if month <= 12 and day <= 12 and _DAY_FIRST_DATE.search(ctx.text):
        return day, month
    return month, day


def _resolve_slash(cand: Candidate, ctx: DocContext):
    """'5/16/2025' month first, '16/05/2025' and '18.06.2024' day first, '12-Dec-2022'; '01/03/2023'
    is day first in a text whose other slashed dates are ('from 01/03/2023 to 15/03/2023')."""
    groups = cand.groups
    year = int(groups["year"])
    if year < 100:
        year += 1900 if year >= 30 else 2000
    month = _month_number(groups["mname"]) if groups.get("mname") else int(groups["mon"])
    day = int(groups["day"])
    if "/" in ctx.text[cand.start:cand.end]:
        month, day = _as_the_text_writes(ctx, month, day)
    if _safe_date(year, month, day) is None:
        return None
    return Resolution("DATE", f"{year:04d}-{month:02d}-{day:02d}")


def _resolve_slash_day(cand: Candidate, ctx: DocContext):
    """'the week ending [8/10]', 'on [18/12]': a month and day written with a slash, no year; a
    text whose slashed dates are day first reads '8/10' as 8 October."""
    month, day = _as_the_text_writes(ctx, int(cand.groups["mon"]), int(cand.groups["day"]))
    return _month_day(cand, ctx, month, day, None)


def _resolve_month_year(cand: Candidate, ctx: DocContext):
    month = _month_number(cand.groups["month"])
    year = _explicit_year(cand.groups)
    if year is None:
        return None
    return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}",
                      _mod(cand.groups.get("pmod"), cand.groups.get("pmod2")))


# The nth week of a month is the ISO week holding its day 7n-3, so that most of its days are the
# month's ('the third week of January 2024': 2024-W03); the last holds the month's fourth-last day.
_WEEK_OF_MONTH_DAY = {"first": 4, "second": 11, "third": 18, "fourth": 25, "last": -3, "final": -3}


def _resolve_part_of_month(cand: Candidate, ctx: DocContext):
    """'the second half of May': the month, with START or END; 'the third week of January': the ISO
    week."""
    groups = cand.groups
    month = _month_number(groups["month"])
    ending = ("last", "final", "closing") + (("second",) if _clean(groups["unit"]) == "half" else ())
    mod = "END" if _clean(groups["part"]) in ending else "START"
    if groups.get("year"):
        resolved = Resolution("DATE", f"{_fmt_year(int(groups['year']))}-{month:02d}", mod)
    else:
        resolved = _resolve_month(cand, ctx)
        resolved = Resolution("DATE", resolved.value, mod, resolved.reference) if resolved else None
    week_day = _WEEK_OF_MONTH_DAY.get(_clean(groups["part"]))
    unit = _clean(groups["unit"])
    if resolved is None or unit not in ("week", "day") or groups.get("num") or week_day is None \
            or not re.fullmatch(r"\d{4}-\d\d", resolved.value):
        return resolved
    year = int(resolved.value[:4])
    last_day = calendar.monthrange(year, month)[1]
    if unit == "day":  # 'the last day of February', 'the second day of May'
        day = lexicon.ORDINALS[_clean(groups["part"])] if week_day > 0 else last_day
        return Resolution("DATE", _fmt_date(date(year, month, day)), None, resolved.reference)
    day = week_day if week_day > 0 else last_day + week_day
    return Resolution("DATE", _fmt_week(date(year, month, day)), None, resolved.reference)


def _resolve_week_of(cand: Candidate, ctx: DocContext):
    """'the week of June 9': the ISO week holding that day; 'the weekend of Oct. 17' its weekend."""
    day = _resolve_mdy(cand, ctx)
    if day is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", day.value):
        return None
    week = _fmt_week(date.fromisoformat(day.value))
    return Resolution("DATE", week + "-WE" if cand.groups.get("wend") else week, None, day.reference)


def _resolve_nth_weekday(cand: Candidate, ctx: DocContext):
    """'the first Tuesday of November': that weekday of the month (year from the month's rules);
    'the second weekend in August': the weekend of its second Saturday."""
    groups = cand.groups
    if groups.get("every"):  # '[the first Monday of every month]': a monthly recurrence
        return Resolution("SET", "P1M")
    if groups.get("mrel"):  # 'the last Sunday of the month': of the DCT's (or next) month
        ref = ctx.reference()
        if ref is None or ref.month is None or _is_habitual(cand, ctx):
            return None  # 'meets on the first Monday of the month': no one day
        year, number = _shift_month(ref.year, ref.month, 1 if _clean(groups["mrel"]) == "next" else 0)
        month = Resolution("DATE", f"{_fmt_year(year)}-{number:02d}", None, ref)
    else:
        month = _resolve_month_year(cand, ctx) if groups.get("year") else _resolve_month(cand, ctx)
    if month is None or not re.fullmatch(r"\d{4}-\d\d", month.value):
        return None
    nth = lexicon.ORDINALS[_clean(groups["nth"])]
    weekday = 6 if groups.get("weekend") else lexicon.WEEKDAYS[_clean(groups["wday"])]
    rule = f"{-1 if _clean(groups['nth']) == 'last' else nth}:{weekday}"
    day = _holiday_date(int(month.value[:4]), int(month.value[5:]), rule)
    if groups.get("weekend"):
        return Resolution("DATE", f"{_fmt_week(day)}-WE", None, month.reference)
    return Resolution("DATE", _fmt_date(day), None, month.reference)


def _resolve_month_relyear(cand: Candidate, ctx: DocContext):
    ref = ctx.reference(anaphoric=_clean(cand.groups["yrel"]) in ("that", "the following", "the previous",
                                                                 "the same"))
    month = _month_number(cand.groups["month"])
    mod = _mod(cand.groups.get("pmod"))
    if ref is None:
        return Resolution("DATE", f"XXXX-{month:02d}", mod)
    offset = {"last": -1, "next": 1, "the following": 1, "the previous": -1}.get(
        _clean(cand.groups["yrel"]), 0)
    return Resolution("DATE", f"{_fmt_year(ref.year + offset)}-{month:02d}", mod, ref)


# A bare month ending a range of months or coordinated after one: 'from March through [June]',
# 'in September and [December]'.
_AFTER_RANGE_START_MONTH = regex(
    "(" + lexicon.FRAGMENTS["MONTH"] + r")\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?\s*(?:through|to|until|till|and|or|[-–])\s*$",
    re.IGNORECASE)  # ('from October to [March]', 'from Oct. 28 until [the end of March]')


def _range_end_month(cand: Candidate, ctx: DocContext, month: int, mod: str | None) -> Resolution | None:
    """In news, the first `month` after the month that starts the range or list, when the text just
    named it (histories run ranges back from where the story is: 'in March 1945 ... from October to
    March')."""
    start = ctx.text_reference
    match = _AFTER_RANGE_START_MONTH.search(ctx.text, max(0, cand.start - 20), cand.start)
    if ctx.doc_type != "news" or match is None or start is None \
            or start.month != _month_number(match.group(1)):
        return None
    year = start.year + (1 if month < start.month else 0)
    return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}", mod, start)


_WRITERS_RELS = frozenset({"next", "last", "this", "this past", "this coming"})


def _in_a_history_coda(rel: str, ctx: DocContext) -> bool:
    """Whether a history's 'next', 'last' or 'this' counts from the writer's day: once the text has
    named the writer's own time ('This year the city approved ... demolition could begin [next spring]')."""
    return rel in _WRITERS_RELS and ctx.doc_type == "narrative" and ctx.dct is not None and ctx.writers_time_named


def _resolve_month(cand: Candidate, ctx: DocContext):
    month = _month_number(cand.groups["month"])
    mod = _mod(cand.groups.get("pmod"), cand.groups.get("pmod2"))
    rel = _rel(cand.groups.get("rel"))
    if _in_a_history_coda(rel, ctx):
        return as_news(_resolve_month, cand, ctx)  # 'a vigil for the 50th anniversary [next August]'
    year = None if rel else coordinated_year(ctx, cand)
    if year is not None:
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}", mod)
    range_end = None if rel else _range_end_month(cand, ctx, month, mod)
    if range_end is not None:
        return range_end
    if rel == "that":  # 'a peace deal was signed [that December]': of the year the text is in
        ref = ctx.reference(anaphoric=True)
        if ref is None:
            return Resolution("DATE", f"XXXX-{month:02d}", mod)
        return Resolution("DATE", f"{_fmt_year(ref.year)}-{month:02d}", mod, ref)
    if not rel and _is_habitual(cand, ctx):  # 'the rainy season typically runs from [June]'
        return Resolution("DATE", f"XXXX-{month:02d}", mod)
    story_day = None if rel else _past_story_looked_back_from(cand, ctx)
    if story_day and 0 < story_day.month - month <= PAST_STORY_LOOKBACK_MONTHS:
        # 'erupted [Forty years ago today] ... had been rumbling since a swarm of quakes in [March]'
        return Resolution("DATE", f"{_fmt_year(story_day.year)}-{month:02d}", mod, ctx.text_reference)
    ref = ctx.reference(anaphoric=rel in _ANAPHORIC_WORDS)  # 'took office [the following January]'
    if ref is None:
        return Resolution("DATE", f"XXXX-{month:02d}", mod)
    if ref.month is None or (ref.source == "text" and not rel):
        year = ref.year
        if ref.month is None and rel in _ANAPHORIC_WORDS:
            year += _OFFSETS.get(rel, 0)  # 'around 1455 ... [the previous October]': 1454
        if ref.month is not None and ref.month - month > NARRATIVE_MONTH_WRAP:
            year += 1  # 'In January' after 'December 1941': the story has moved on to 1942
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}", mod, ref)
    origin = (ref.year, ref.month)
    if rel == "this":  # this year's, unless the tense points the other way ('will open this March' in May)
        year, direction = ref.year, ctx.direction(cand)
        if direction == FUTURE and month < ref.month:
            year += 1
        elif direction == PAST and month > ref.month:
            year -= 1
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}", mod, ref)
    options = [(ref.year + k, month) for k in (-1, 0, 1)]
    if rel:
        strict = [o for o in options if (o < origin if _OFFSETS.get(rel, 0) < 0 else o > origin)]
        chosen = min(strict, key=lambda o: abs(o[0] - origin[0]) * 12 + abs(o[1] - origin[1]))
        if rel == "last" and chosen == (origin[0], origin[1] - 1):
            chosen = (chosen[0] - 1, month)  # '[last February]' in March: a year back ('last month'
            # would name the one just gone); 'Last December' in January stays the one just gone
    else:
        chosen = _nearest_month(cand, ctx, options, origin)
    return Resolution("DATE", f"{_fmt_year(chosen[0])}-{chosen[1]:02d}", mod, ref)


_SINCE_BEFORE = regex(r"\bsince\s+$", re.IGNORECASE)
_RESCHEDULED_FROM_BEFORE = regex(r"\b(?:postponed|delayed|moved|pushed\s+back|rescheduled|shifted)\s+from\s+$",
                                 re.IGNORECASE)
_PERIOD_NOUN_BEFORE = regex(r"\b" + lexicon.alternation(lexicon.PERIOD_NOUNS)
                            + r"(?:\s+(?:reports?|releases?|figures|data|numbers))?\s+for\s+$")  # 'jobs report for [June]'


def _names_a_statistics_period(cand: Candidate, ctx: DocContext) -> bool:
    """'April retail sales', 'the July jobs report', 'figures for December': the month is the period
    the numbers are about."""
    return bool(PERIOD_NOUN_AFTER.match(ctx.text, cand.end, cand.end + 40)
                or _PERIOD_NOUN_BEFORE.search(ctx.text, max(0, cand.start - 30), cand.start))


_COMPARED_FROM_BEFORE = regex(r"\bfrom\s+(?:its|their|his|her|the|a|an)\s+$", re.IGNORECASE)
# (not 'rather than in [November]', nor a deadline's 'no earlier (later, sooner) than [March]')
_THAN_BEFORE = regex(r"(?<!rather\s)(?<!earlier\s)(?<!later\s)(?<!sooner\s)\bthan\s+(?:in\s+)?$", re.IGNORECASE)
_NOUN_AFTER = regex(r"\s+[a-z]{3,}\b")


def _nearest_month(cand: Candidate, ctx: DocContext, options: list, origin: tuple[int, int]):
    """A bare month in news is the last occurrence, or the coming one when it is at most
    UPCOMING_MONTHS ahead and the tense does not clearly point back; future tense: the coming one.
    A month naming the period of statistics, or one after 'since', is the latest one begun,
    whatever the tense."""
    if _names_a_statistics_period(cand, ctx) or _SINCE_BEFORE.search(ctx.text, max(0, cand.start - 6), cand.start):
        return max(o for o in options if o <= origin)
    if _RESCHEDULED_FROM_BEFORE.search(ctx.text, max(0, cand.start - 30), cand.start):
        # 'postponed from [March]': the date first set, either side of the DCT; the nearest
        return min(options, key=lambda o: abs((o[0] - origin[0]) * 12 + o[1] - origin[1]))
    direction = ctx.direction(cand)
    if direction != FUTURE and (_planned_for(ctx.text, cand.start) or _SETS_A_DATE_BEFORE.search(
            ctx.text, max(0, cand.start - 20), cand.start)):  # 'called elections for [December]',
        # 'Judge sets [March] trial': the nearest one
        return min(options, key=lambda o: abs((o[0] - origin[0]) * 12 + o[1] - origin[1]))
    if (_COMPARED_FROM_BEFORE.search(ctx.text, max(0, cand.start - 12), cand.start)
            and _NOUN_AFTER.match(ctx.text, cand.end)) or _THAN_BEFORE.search(ctx.text, max(0, cand.start - 9), cand.start):
        # 'earnings of $5.10 a share, down from its [July] forecast', 'could end up even milder than
        # [January]': a figure gone by, whatever the tense
        return max(o for o in options if o <= origin)
    upcoming = min(o for o in options if o >= origin)
    evidence = ctx.evidence(cand)
    if direction == FUTURE or (direction is None and not evidence[PAST] and evidence[FUTURE] >= FAINT_EVIDENCE):
        return upcoming  # (faintly: 'will fly the route three times a week, rising to daily flights in [July]')
    months_ahead = (upcoming[0] - origin[0]) * 12 + upcoming[1] - origin[1]
    if months_ahead <= UPCOMING_MONTHS and ctx.direction(cand, MONTH_FLIP_EVIDENCE) != PAST:
        return upcoming
    return max(o for o in options if o <= origin)


def _era_year(year: int, era: str | None) -> int:
    return 1 - year if era and _ERA_BC.match(era) else year


def _resolve_year(cand: Candidate, ctx: DocContext):
    year = _era_year(int(cand.groups["year"]), cand.groups.get("era"))
    return Resolution("DATE", _fmt_year(year), _mod(cand.groups.get("pmod"), cand.groups.get("tailmod")))


def _resolve_year_span(cand: Candidate, ctx: DocContext):
    """'FY2024-25': the year the fiscal year begins in (written out, 'the [2024]-[25] season' is two)."""
    return Resolution("DATE", cand.groups["year"])


def _resolve_year_range_end(cand: Candidate, ctx: DocContext):
    """'1915-17': the second year takes the century of the first (the next one past it: '1999-00')."""
    first = ctx.text[cand.start - 5:cand.start - 1]
    if not first.isdigit():
        return None
    end = int(first[:2]) * 100 + int(cand.groups["yy"])
    return Resolution("DATE", _fmt_year(end + 100 if end < int(first) else end))


def _resolve_short_year(cand: Candidate, ctx: DocContext):
    """"the Club of '89", "the '99 Boys": the year with those last two digits nearest the reference
    year (a tie goes to the earlier one; told in the past, not after it)."""
    ref = ctx.reference()
    if ref is None or ref.year < 100:
        return None
    year = _year_of_two_digits(cand.groups["yy"], ref.year, past_only=ctx.direction(cand) == PAST)
    return Resolution("DATE", _fmt_year(year), None, ref)


def _year_of_two_digits(tail: str, reference_year: int, past_only: bool = False) -> int:
    """The year ending in `tail` nearest the reference year (a tie goes to the earlier one); with
    `past_only`, none after it ('it was the summer of ['46]')."""
    options = [100 * (reference_year // 100 + k) + int(tail) for k in (-1, 0, 1)]
    if past_only:
        options = [year for year in options if year <= reference_year]
    return min(options, key=lambda y: (abs(y - reference_year), y))


_RANGE_MONTH_DAY = regex(
    r"(" + lexicon.FRAGMENTS["MONTH"] + r")\s*\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{1,2}(?:st|nd|rd|th)?)*"
    r"(?:\s*(?:[-–]|and|to)|,?\s+and|,)\s*$", re.IGNORECASE)  # 'July 24, [25] and [27]'


def _resolve_day_range_end(cand: Candidate, ctx: DocContext):
    """'April 6-7', 'May 4 and 5', 'July 24, 25 and 27': a later day takes the month (and year) of the first."""
    month = _RANGE_MONTH_DAY.search(ctx.text, max(0, cand.start - 25), cand.start)
    if month is None or not month.group(1)[0].isupper():
        return None
    return _month_day(cand, ctx, _month_number(month.group(1)), _day_number(cand.groups["day"]),
                      _explicit_year(cand.groups))


def _resolve_spelled_year(cand: Candidate, ctx: DocContext):
    """'nineteen ninety-six' -> 1996, 'the year two thousand (and one)' -> 2000 (2001), 'twenty
    twelve' -> 2012."""
    if cand.groups.get("yy3"):
        tail = lexicon.number_value(cand.groups["yy3"])
        return Resolution("DATE", f"20{tail:02d}") if isinstance(tail, int) and 10 <= tail <= 99 else None
    if cand.groups.get("yy") is None:
        tail = lexicon.number_value(cand.groups["yy2"]) if cand.groups.get("yy2") else 0
        return Resolution("DATE", f"{2000 + tail:04d}") if isinstance(tail, int) and tail < 100 else None
    tail = lexicon.number_value(cand.groups["yy"])
    if not isinstance(tail, int) or not 10 <= tail <= 99:
        return None
    return Resolution("DATE", f"19{tail:02d}")


def _resolve_decade(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    mod = _mod(groups.get("pmod"), groups.get("pmod2"))
    era_bc = bool(groups.get("era") and _ERA_BC.match(groups["era"]))
    if groups.get("dec"):
        year = int(groups["dec"])
        if not era_bc and year % 100 == 0 and year < CENTURY_HUNDREDS_BEFORE:
            return Resolution("DATE", f"{year // 100:02d}", mod)
        decade = year // 10
        return Resolution("DATE", f"BC{decade:03d}" if era_bc else f"{decade:03d}", mod)
    if groups.get("hundreds"):  # 'the eighteen hundreds': the 19th century
        return Resolution("DATE", f"{lexicon.NUMBERS[_clean(groups['hundreds'])]:02d}", mod)
    digit = int(groups["dec2"][0]) if groups.get("dec2") else lexicon.DECADE_WORDS[_clean(groups["decword"])]
    if groups.get("spokencent"):  # 'the nineteen sixties'
        return Resolution("DATE", f"{lexicon.NUMBERS[_clean(groups['spokencent'])]:02d}{digit}", mod)
    ref = ctx.reference()
    century = ref.year // 100 if ref and ref.year > 0 else 19
    if ref and digit * 10 > ref.year % 100 + 10:
        century -= 1
    return Resolution("DATE", f"{century:02d}{digit}", mod, ref)


def _century_number(word: str) -> int:
    """'twentieth', '20th' -> 20."""
    word = _clean(word)
    return lexicon.ORDINALS.get(word) or int(re.match(r"\d+", word).group())


def _resolve_century(cand: Candidate, ctx: DocContext):
    number = _century_number(cand.groups["cent"])
    mod = _mod(cand.groups.get("pmod"), cand.groups.get("pmod2"))
    era = cand.groups.get("era")
    prefix = "BC" if era and _ERA_BC.match(era) else ""
    if cand.groups.get("millennium"):  # 'the second millennium BC': one digit, BC1
        return Resolution("DATE", f"{prefix}{number - 1}", mod) if number <= 10 else None
    return Resolution("DATE", f"{prefix}{number - 1:02d}", mod)


def _resolve_century_turn(cand: Candidate, ctx: DocContext):
    """'the turn of the century': the century year nearest the reference ('since the turn of the
    century' in 2019: 2000); 'the turn of the 20th century': 1900."""
    word = _clean(cand.groups.get("cent"))
    if word:
        year = 100 * (_century_number(word) - 1)
        return Resolution("DATE", _fmt_year(year), "APPROX")
    ref = ctx.reference()
    if ref is None:
        return None
    return Resolution("DATE", _fmt_year(100 * round(ref.year / 100)), "APPROX", ref)


# --- quarters, halves, seasons ---------------------------------------------------------------

def _quarter_number(word: str) -> int:
    word = _clean(word)
    return lexicon.ORDINALS.get(word) or int(word[0])


def _relative_year(rel: str | None, ref: Reference, of_year: bool = False) -> int:
    """The year `rel` points to from the reference's; `of_year`: a word before 'year' ('of [the
    following] year')."""
    rel = _clean(rel)
    if rel in ("year-earlier", "year-ago", "prior-year", "last"):
        return ref.year - 1
    if rel == "next":
        return ref.year + 1
    return ref.year + (_STORY_YEAR_OFFSETS.get(_rel(rel), 0) if of_year else 0)


# A year told from the story's ('the first quarter of [that year]', 'the second half of the following year').
_STORY_YEAR_OFFSETS = {"that": 0, "same": 0, "following": 1, "previous": -1}


# Results are reported for a quarter that has ended: 'will report fourth-quarter earnings' in January.
_PRESENT_PERFECT_BEFORE = regex(r"\b(?:has|have)\s+(?:\w+\s+)?\w+(?:ed|en|wn)\b[^.;,]*$", re.IGNORECASE)
_RESULTS_AFTER = regex(r"\s+(?:results|earnings|profits?|net|losses|loss|revenues?|sales|figures|GDP|gross\s+domestic\s+product)\b")
_RESULTS_BEFORE = regex(r"\b(?:loss|losses|profits?|earnings|results|revenues?|sales|charges?)\s+(?:for|in|of)\s+(?:the\s+)?$",
                        re.IGNORECASE)


# After a fiscal quarter, the day it ended ('fiscal fourth quarter [ended June 30]').
_FISCAL_QUARTER_ENDED = regex(r",?\s+ended\s+(" + lexicon.FRAGMENTS["MONTH"] + r")\s+(\d{1,2})\b(?!,?\s+\d{4})",
                              re.IGNORECASE)


def _resolve_quarter(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    quarter = _quarter_number(groups["qord"])
    mod = _mod(groups.get("pmod"))
    explicit = groups.get("qyear") or groups.get("qyear2") or groups.get("year")
    if explicit:
        return Resolution("DATE", f"{int(explicit):04d}-Q{quarter}", mod)
    ref = ctx.reference(anaphoric=_rel(groups.get("qrel")) in _STORY_YEAR_OFFSETS)
    tail = groups.get("qyy") or groups.get("qyy2")
    if tail and ref is not None and ref.year >= 100:  # '4Q87', 'Q1 FY85'
        return Resolution("DATE", f"{_year_of_two_digits(tail, ref.year):04d}-Q{quarter}", mod, ref)
    if ref is None:
        return Resolution("DATE", f"XXXX-Q{quarter}", mod)
    relative = groups.get("ryear") or groups.get("qrel") or groups.get("rel")
    year = _relative_year(relative, ref, of_year=bool(groups.get("qrel")))
    ended = _FISCAL_QUARTER_ENDED.match(ctx.text, cand.end) if "fiscal" in ctx.text[cand.start:cand.end].lower() \
        else None
    if ended and not relative and ref.as_date is not None:  # 'its fiscal fourth quarter ended [June 30]'
        # reported in August: the fiscal year named by the year it ends in, this one
        month, day = lexicon.MONTHS[ended.group(1).lower().rstrip(".")], int(ended.group(2))
        end_year = ref.year - (1 if (month, day) > (ref.month, ref.day) else 0)
        return Resolution("DATE", f"{_fmt_year(end_year)}-Q{quarter}", mod, ref)
    current_quarter = ((ref.month or 1) - 1) // 3 + 1
    reported = bool(_RESULTS_AFTER.match(ctx.text, cand.end))
    just_ended = quarter == (current_quarter - 2) % 4 + 1
    if not relative and just_ended and _RESULTS_BEFORE.search(ctx.text, max(0, cand.start - 30), cand.start):
        # 'expects a loss for [the fourth quarter]' said in January: the quarter just ended, whose
        # results are still to come
        return Resolution("DATE", f"{_fmt_year(year - (quarter == 4))}-Q{quarter}", mod, ref)
    direction = ctx.direction(cand)
    if not relative and quarter > current_quarter and (
            reported and not (direction == FUTURE and quarter == current_quarter + 1) or direction == PAST
            or direction is None and quarter > current_quarter + 1):
        year -= 1  # 'fourth-quarter results' reported in February: last year's fourth quarter (but
        # 'said it would start production in [the fourth quarter]', said in July, or 'expects
        # [fourth-quarter] sales to rise', said in September, of the quarter next: this year's)
    elif not relative and quarter <= current_quarter - 2 and not reported and ctx.direction(cand) == FUTURE:
        year += 1  # 'expect a slowdown in the first quarter' said in December: next year's (the
        # quarter just ended is the one a report is due for: 'will report ... for the third quarter')
    return Resolution("DATE", f"{_fmt_year(year)}-Q{quarter}", mod, ref)


def _current_quarter(ctx: DocContext, ref: Reference) -> tuple[int, int]:
    """The quarter a business story is about: the last one named, else the one before the DCT's."""
    if ctx.last_quarter:
        return ctx.last_quarter[0], ctx.last_quarter[1]
    index = ref.year * 4 + ((ref.month or 1) - 1) // 3 - 1
    return index // 4, index % 4 + 1


_HALF_OR_MONTH_VALUE = regex(r"^(\d{4})-(H[12]|\d\d)$")


_ENDS_AHEAD_AFTER = regex(r",?\s+(?:which|that)\s+(?:ends|will\s+end|closes|will\s+close)\b", re.IGNORECASE)


QUARTER_VALUE = regex(r"^(\d{4})-Q([1-4])$")


def _resolve_quarter_rel(cand: Candidate, ctx: DocContext):
    """'the quarter', 'the latest quarter': the quarter being reported; 'the current quarter', or
    'this quarter' looking ahead or in the present perfect, the DCT's; 'the next quarter' the one
    after the DCT's, 'the following quarter' the one after the last named; 'last year's quarter',
    'the corresponding period last year': the reported one a year back."""
    rel = _clean(cand.groups.get("rel"))
    noun = _clean(cand.groups.get("noun"))
    last_years = bool(cand.groups.get("ryear"))
    if not rel and not last_years and (noun == "period" or not cand.groups.get("det")):
        return None
    ref = ctx.reference()
    if ref is None:
        return Resolution("DATE", "XXXX-QX")
    year_back = any(word in rel for word in ("year-earlier", "year-ago", "prior-year"))
    reported = _HALF_OR_MONTH_VALUE.match(ctx.last_period[2]) if ctx.last_period and noun == "period" else None
    if year_back and reported:  # 'first-half profit ..., up from ... in [the year-earlier period]': that half
        return Resolution("DATE", f"{_fmt_year(int(reported.group(1)) - 1)}-{reported.group(2)}", None, ref)
    named = QUARTER_VALUE.match(ctx.last_period[2]) if year_back and ctx.last_period else None
    if named and ctx.last_period[0] >= sentence_span(ctx.text, cand.start, cand.end)[0]:
        # 'to rise 8% in the fourth quarter from [the year-earlier quarter]': that quarter a year back
        return Resolution("DATE", f"{_fmt_year(int(named.group(1)) - 1)}-Q{named.group(2)}", None, ref)
    year, quarter = _current_quarter(ctx, ref)
    words = set(rel.split())
    # 'will slow [this quarter]', 'has fallen 5% [this quarter]': the quarter under way
    this = _clean(cand.groups.get("det")) == "this" and not rel
    under_way = this and (ctx.direction(cand) == FUTURE
                          or _PRESENT_PERFECT_BEFORE.search(ctx.text, max(0, cand.start - 60), cand.start))
    # 'will cut 1,200 jobs by [the end of the quarter]': the quarter under way
    under_way = under_way or (bool(cand.groups.get("pmod")) and ctx.direction(cand) != PAST) \
        or bool(_ENDS_AHEAD_AFTER.match(ctx.text, cand.end))  # 'for [the quarter], which ends Sunday'
    if words & {"current", "next", "coming"} or under_way:
        year, quarter = ref.year, ((ref.month or 1) - 1) // 3 + 1
    if words & {"next", "coming", "following"}:
        year, quarter = divmod(year * 4 + quarter, 4)
        quarter += 1
    elif "previous" in words:  # 'in the second quarter from the previous quarter': Q1
        year, quarter = divmod(year * 4 + quarter - 2, 4)
        quarter += 1
    explicit_year = re.search(r"\d{4}", rel)
    if explicit_year:
        year = int(explicit_year.group())
    elif year_back or cand.groups.get("ago") or last_years:
        year -= 1
    return Resolution("DATE", f"{_fmt_year(year)}-Q{quarter}", _mod(cand.groups.get("pmod")), ref)


def _resolve_half(cand: Candidate, ctx: DocContext):
    """'the second half of 1989' -> 1989-H2; 'the last half of the '80s' -> the decade, mod END."""
    half = 1 if _clean(cand.groups["hord"]) in ("first", "front") else 2
    groups = cand.groups
    year = _explicit_year(groups)
    if year is not None:
        return Resolution("DATE", f"{year:04d}-H{half}")
    if groups.get("dec2"):
        decade = _resolve_decade(cand, ctx)
        return Resolution("DATE", decade.value, "START" if half == 1 else "END", decade.reference)
    ref = ctx.reference(anaphoric=_rel(groups.get("yrel")) in _STORY_YEAR_OFFSETS)
    if ref is None:
        return Resolution("DATE", f"XXXX-H{half}")
    year = _relative_year(groups.get("yrel"), ref, of_year=True)
    current_half = 1 if (ref.month or 1) <= 6 else 2
    if not groups.get("yrel") and half > current_half and (
            ctx.direction(cand) == PAST or _RESULTS_AFTER.match(ctx.text, cand.end)):
        year -= 1  # 'second-half profit fell', reported in January: last year's (but 'expects
        # margins to improve in [the second half of the year]', said in April: this year's)
    elif not groups.get("yrel") and half == 1 and (ref.month or 1) >= 10 and ctx.direction(cand) == FUTURE:
        year += 1  # 'expects growth to pick up in the first half' said in the last quarter: next year's
    return Resolution("DATE", f"{_fmt_year(year)}-H{half}", None, ref)


_HALF_CODE_AFTER = regex(r"\b(?:in|for|during|over|by|the|its|their)\s+$", re.IGNORECASE)


def _resolve_half_code(cand: Candidate, ctx: DocContext):
    """'H1 2025', '2025 H2', '1H90', '2H FY94': that half of the year; a bare one after a preposition or
    determiner ('output rose in H1') like 'the first half'; any other bare 'H2' is no date (hydrogen)."""
    year = cand.groups.get("year") or cand.groups.get("pyear")
    tail = cand.groups.get("hyy") or cand.groups.get("hyy2")
    ref = ctx.reference() if tail and not year else None
    if ref is not None and ref.year >= 100:  # '1H90', '2H FY94'
        year = f"{_year_of_two_digits(tail, ref.year):04d}"
    if year:
        return Resolution("DATE", f"{year}-H{cand.groups['hnum']}")
    if not _HALF_CODE_AFTER.search(ctx.text, max(0, cand.start - 8), cand.start):
        return None
    half = {"hord": "first" if cand.groups["hnum"] == "1" else "second", "det": "the"}
    return _resolve_half(Candidate(cand.start, cand.end, "half", half), ctx)


def _resolve_month_quarter(cand: Candidate, ctx: DocContext):
    """'the December quarter': the calendar quarter ending in that month, of the year the month is
    dated to like a bare month."""
    end = _resolve_month(Candidate(cand.start, cand.end, "month", {"month": cand.groups["month"]}), ctx)
    year = end.value.split("-")[0]
    return Resolution("DATE", f"{year}-Q{_month_number(cand.groups['month']) // 3}", None, end.reference)


def _resolve_month_span(cand: Candidate, ctx: DocContext):
    """'the April-June quarter', 'the January-March period': that calendar quarter, of the year its
    last month is dated to like a bare month; 'the January-June period' that half; any other span
    ('the January-October period') is its length (P10M)."""
    first, last = _month_number(cand.groups["month"]), _month_number(cand.groups["month2"])
    months = (last - first) % 12 + 1
    is_quarter = months == 3 and first % 3 == 1
    is_half = months == 6 and first in (1, 7) and _clean(cand.groups["noun"]) == "period"
    if not (is_quarter or is_half):
        return Resolution("DURATION", f"P{months}M")
    end = _resolve_month(Candidate(cand.start, cand.end, "month", {"month": cand.groups["month2"]}), ctx)
    year = end.value.split("-")[0]
    part = f"Q{(first + 2) // 3}" if is_quarter else f"H{(first + 5) // 6}"
    return Resolution("DATE", f"{year}-{part}", None, end.reference)


def _current_season(ref: Reference) -> tuple[int, int]:
    """(season year, season order) of the reference month; January and February belong to the
    winter of the year before."""
    month = ref.month or 6
    return (ref.year - 1, SEASON_ORDER["WI"]) if month < 3 else (ref.year, (month - 3) // 3)


def _resolve_season(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    season = lexicon.SEASONS[_clean(groups["season"])]
    mod = _mod(groups.get("pmod"), groups.get("pmod2"))
    year = _explicit_year(groups)
    if year is not None:
        return Resolution("DATE", f"{_fmt_year(year)}-{season}", mod)
    if groups.get("yrel"):  # 'the spring of that year', 'the summer of the following (of next) year'
        ref = ctx.reference(anaphoric=_rel(groups["yrel"]) in _STORY_YEAR_OFFSETS)
        if ref is None:
            return Resolution("DATE", f"XXXX-{season}", mod)
        year = ref.year + _OFFSETS.get(_rel(groups["yrel"]), 0)
        return Resolution("DATE", f"{_fmt_year(year)}-{season}", mod, ref)
    rel = _rel(groups.get("rel"))
    if _in_a_history_coda(rel, ctx):
        return as_news(_resolve_season, cand, ctx)  # 'is working on new music [this autumn]'
    ref = ctx.reference(anaphoric=rel in _ANAPHORIC_WORDS or _clean(groups.get("rel")).startswith("the "))
    if ref is None:
        return Resolution("DATE", f"XXXX-{season}", mod)
    offset = _OFFSETS.get(rel, 0) if rel not in ("the", "this past", "this coming") else 0
    if offset and (ref.source == "dct" or ref.month is not None):  # 'last summer' said in October:
        # the one just gone; 'revived [the following autumn]' after February 1763: that year's
        current = _current_season(ref)
        options = [(current[0] + k, SEASON_ORDER[season]) for k in (-1, 0, 1)]
        if offset < 0:
            chosen = max(option for option in options if option < current)
        else:
            chosen = min(option for option in options if option > current)
        return Resolution("DATE", f"{_fmt_year(chosen[0])}-{season}", mod, ref)
    if offset:
        return Resolution("DATE", f"{_fmt_year(ref.year + offset)}-{season}", mod, ref)
    if ref.source == "text" and season == "WI" and ctx.doc_type == "news" and ref.month is not None:
        # the winter of a month the news text told of, named by its December ('in October 1941.
        # [That winter]': 1941-WI; after 'January 1942': 1941-WI too)
        return Resolution("DATE", f"{_fmt_year(_current_season(ref)[0])}-{season}", mod, ref)
    if ref.source == "text" and season == "WI" and (ref.month or 12) >= WINTER_AHEAD_FROM_MONTH:
        # a history in the second half of a year (or in a bare year) winters into the next one,
        # named as WikiWars names it, by its January
        return Resolution("DATE", f"{_fmt_year(ref.year + 1)}-{season}", mod, ref)
    if ref.source == "text":
        return Resolution("DATE", f"{_fmt_year(ref.year)}-{season}", mod, ref)
    current_year, current_order = _current_season(ref)
    if rel == "this":  # the season under way or of this year; future tense may take the next one
        year = current_year if SEASON_ORDER[season] == current_order else ref.year
        if ctx.direction(cand) == FUTURE and (year, SEASON_ORDER[season]) < (current_year, current_order):
            year += 1  # 'will expand this spring', said in November; 'bookings for this fall were
            # running ahead', said in August, is still this year's fall
        return Resolution("DATE", f"{_fmt_year(year)}-{season}", mod, ref)
    options = [(current_year + k, SEASON_ORDER[season]) for k in (-1, 0, 1)]
    direction = _direction_for(cand, ctx, rel)
    if direction != FUTURE and rel in ("", "the") and _planned_for(ctx.text, cand.start):
        direction = None  # 'added flights to the Caribbean for [the winter]': the nearest one
    chosen = _choose(options, (current_year, current_order), direction,
                     lambda a, b: abs((a[0] - b[0]) * 4 + a[1] - b[1]))
    return Resolution("DATE", f"{_fmt_year(chosen[0])}-{season}", mod, ref)


def _resolve_seasons_ago(cand: Candidate, ctx: DocContext):
    """'[three winters ago]': the winter before last winter, and one more ('last winter' is one ago)."""
    groups = cand.groups
    season, count = lexicon.SEASONS[_clean(groups["season"])], lexicon.number_value(_clean(groups["num"]))
    ref = ctx.reference()
    if ref is None or not isinstance(count, int) or count < 1:
        return None
    current = _current_season(ref)
    last = max(option for option in ((current[0] + k, SEASON_ORDER[season]) for k in (-1, 0)) if option < current)
    return Resolution("DATE", f"{_fmt_year(last[0] - count + 1)}-{season}", _mod(groups.get("amod")), ref)


# --- days of the week, relative days, times --------------------------------------------------

def _pod(word: str | None) -> str | None:
    return lexicon.PARTS_OF_DAY.get(_clean(word)) if word else None


def _with_pod(day_value: str, pod: str | None) -> Resolution:
    if pod:
        return Resolution("TIME", f"{day_value}T{pod}")
    return Resolution("DATE", day_value)


_REPORT_DAY_THEN_WOULD = regex(
    r"\b(?:" + "|".join(sorted(lexicon.REPORTING_VERBS)) + r")\s+(?:in\s+an?\s+(?:statement|interview)\s+)?"
    r"(?:on\s+)?(?:(?:early|late)\s+)?(" + lexicon.FRAGMENTS["WEEKDAY"]
    + r")\b(?:(?!\b(?:" + lexicon.FRAGMENTS["WEEKDAY"] + r")\b)[^.;])*\bwould\b[^.;]*$", re.IGNORECASE)


def _report_day_before_would(cand: Candidate, ctx: DocContext, dct_day: date) -> date | None:
    """The day of a report dated by a weekday earlier in the sentence whose reported clause has
    'would' before the expression ('The company said Monday that it would close the plant on
    [Friday]'): the future it tells runs from that day, not from the DCT."""
    left, _ = sentence_span(ctx.text, cand.start, cand.end)
    match = _REPORT_DAY_THEN_WOULD.search(ctx.text, left, cand.start)
    if match is None:
        return None
    weekday = lexicon.WEEKDAYS.get(match.group(1).lower().rstrip("."))
    return _weekday_date(weekday, dct_day, PAST, strict=False) if weekday else None


UPCOMING_DAY_REACH = 7  # days after the DCT within which a day the sentence named carries the plan on


def _upcoming_day_before(cand: Candidate, ctx: DocContext, dct_day: date) -> date | None:
    """The day, shortly after the DCT, that the news text named last in this sentence: a weekday
    with no tense of its own continues that plan ('will practice Wednesday and Thursday before
    flying to London on [Friday]')."""
    named = ctx.text_reference
    if named is None or named.as_date is None or ctx.doc_type != "news" \
            or not 0 < (named.as_date - dct_day).days <= UPCOMING_DAY_REACH \
            or ctx.reference_start < sentence_span(ctx.text, cand.start, cand.end)[0] \
            or _AFTER_AN_EVENT_BEFORE.search(ctx.text, max(0, cand.start - 40), cand.start):
        return None  # ('rallies for Monday evening after a televised debate [Thursday]': a day before it)
    return named.as_date


_AFTER_AN_EVENT_BEFORE = regex(r"\bafter\s+(?:(?!on\s)[\w'-]+\s+){0,4}$", re.IGNORECASE)


_PLANNED_FOR_BEFORE = regex(r"\bfor\s+$", re.IGNORECASE)
# A verb that calls off or moves what a possessive day names ('postponed [Thursday]'s launch').
_CALLED_OFF_BEFORE = regex(r"\b(?:postponed|delayed|canceled|cancelled|called\s+off|scrapped|moved|rescheduled|"
                           r"suspended)\s+(?:the\s+)?$", re.IGNORECASE)
# A verb that sets an event's date, right before the month the event is named by ('set a [March]
# trial date', 'called a [June] election'): the date set may lie on either side of the DCT.
_SETS_A_DATE_BEFORE = regex(r"\b(?:set|sets|setting|scheduled|schedules|scheduling|called|calls|calling)\s+"
                            r"(?:(?:a|an|the|its|their|his|her)\s+)?$", re.IGNORECASE)
_PAST_PLAN_BEFORE = regex(r"\b(?:was|were)\s+(?:(?:scheduled|slated|due|expected|planned)\b"
                          r"|(?:(?:set|supposed|told|asked|ordered|instructed|advised|urged)\s+)?to\s+[a-z])"
                          r"[^.;]*$", re.IGNORECASE)
_PLUPERFECT_BEFORE = regex(r"\bhad\b[^.;]*$", re.IGNORECASE)
_SCHEDULED_FOR_BEFORE = regex(r"\b(?:set|scheduled|slated)\s+(?:(?:a|an|the|its|his|her|their)\s+(?:[a-z-]+\s+){1,3})?"
                              r"for\s+$", re.IGNORECASE)  # 'set the next hearing for [Dec. 4]'


def _planned_for(text: str, start: int) -> bool:
    """Whether the weekday is the day of a plan told in the past, which may lie on either side of
    the DCT: 'for' opens it ('canceled classes for [Monday]') or a past 'was scheduled to' governs
    it ('charges were expected to be filed [Saturday]'), and no pluperfect tells of a plan long
    past ('had been set for [Wednesday] but was scrubbed')."""
    return bool(_PLANNED_FOR_BEFORE.search(text, max(0, start - 5), start)
                or _PAST_PLAN_BEFORE.search(text, max(0, start - 60), start)) \
        and not _PLUPERFECT_BEFORE.search(text, max(0, start - 60), start)


# A rescheduling verb told after the day it moves an event from ('originally set for [Saturday], has
# been postponed to Tuesday', '[This Thursday]'s meeting has been moved to the gym'), in the same
# clause (not 'is to appear in court [Monday], and his license has been suspended').
_RESCHEDULED_AFTER = regex(r"(?:'s)?(?:(?!,\s+and\s)[^.;:!?]){0,60}?\b(?:has|have|was|were|is|are)\s+(?:been\s+)?(?:(?:"
                           + "|".join(sorted(verb for verb in lexicon.RESCHEDULING_VERBS if verb.endswith("ed")))
                           + r")|canceled|cancelled|called\s+off|scrapped|pushed\s+back)\b")


def _rescheduled_later(text: str, cand: Candidate) -> bool:
    """Whether the sentence goes on to move or cancel the event of the day: the day it was planned
    for, whichever side of the DCT; not when a 'will' right before tells the event is still ahead
    ('will vote [Tuesday] on the levy, which has been postponed twice')."""
    return bool(_RESCHEDULED_AFTER.match(text, cand.end)) \
        and not _WILL_JUST_BEFORE.search(text, max(0, cand.start - 30), cand.start)


_WILL_JUST_BEFORE = regex(r"(?:\bwill|'ll)\s+(?:[a-z]+\s+){1,2}(?:on\s+)?$")


def _weekday_date(weekday: int, origin: date, direction: str | None, strict: bool) -> date:
    back = (origin.isoweekday() - weekday) % 7
    forward = (weekday - origin.isoweekday()) % 7
    if strict:
        back, forward = back or 7, forward or 7
    if direction == FUTURE:
        return origin + timedelta(days=forward)
    return origin - timedelta(days=back)


_COORDINATED_PLURAL_POD = regex(r"\s+(?:and|or)\s+" + lexicon.FRAGMENTS["WEEKDAY"] + r"\s+("
                                + lexicon.FRAGMENTS["POD"] + r")(?<=s)\b", re.IGNORECASE)


# A weekday right after another and a conjunction: after a range word it is the first one of its
# name after that day ('Monday through [Friday]'); after 'and'/'or' the one of its name within
# COORDINATED_DAYS of it, on either side ('next Wednesday and [Thursday]', 'Friday and [Thursday]',
# 'late Monday night and [Tuesday]').
_AFTER_COORDINATED_WEEKDAY = regex(
    r"(\bbetween\s+)?(" + lexicon.FRAGMENTS["WEEKDAY"] + r"|today|tonight|tomorrow)\.?(?:\s+(?:"
    + lexicon.FRAGMENTS["POD"] + r"))?,?\s+(and|or|through|to|until|till|[-–])"
    r"\s+(?:on\s+)?$", re.IGNORECASE)
COORDINATED_DAYS = 3


def _coordinated_weekday_date(cand: Candidate, ctx: DocContext, weekday: int) -> date | None:
    """The date of a weekday coordinated after the weekday (or today, tonight, tomorrow) the text
    last resolved, or None."""
    previous = ctx.text_reference.as_date if ctx.text_reference else None
    match = _AFTER_COORDINATED_WEEKDAY.search(ctx.text, max(0, cand.start - 38), cand.start)
    if previous is None or match is None or lexicon.WEEKDAYS.get(_clean(match.group(2)),
                                                                  previous.isoweekday()) != previous.isoweekday():
        return None  # ('tonight and [Thursday]': after the day 'tonight' resolved to)
    after = _weekday_date(weekday, previous, FUTURE, strict=True)
    if _clean(match.group(3)) not in ("and", "or") or match.group(1):  # a range: 'between today and [Sunday]'
        return after
    before = _weekday_date(weekday, previous, PAST, strict=True)
    nearest = min((after, before), key=lambda day: abs((day - previous).days))
    return nearest if abs((nearest - previous).days) <= COORDINATED_DAYS else None


_DATE_THEN_COMMA = regex(r"\d(?:st|nd|rd|th)?(?:,\s*\d{4})?,\s*$")


def _appositive_weekday_date(cand: Candidate, ctx: DocContext, weekday: int) -> date | None:
    """'on Aug. 15, [a Sunday]': the date just named, when it falls on that weekday."""
    previous = ctx.text_reference.as_date if ctx.text_reference else None
    if previous is None or previous.isoweekday() != weekday \
            or not _DATE_THEN_COMMA.search(ctx.text, max(0, cand.start - 12), cand.start):
        return None
    return previous


_YEARLY_NAMED_DAY = regex(lexicon.alternation({name for name, _ in lexicon.YEARLY_NAMED_DAYS}) + r"\b", re.IGNORECASE)


_EVERY_WEEKDAY_AND_BEFORE = regex(r"\b(?:every|each)\s+(?:" + lexicon.FRAGMENTS["WEEKDAY"] + r")\s*(?:,|and|or|&)\s*$",
                                  re.IGNORECASE)


def _resolve_weekday(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    weekday = lexicon.WEEKDAYS[_clean(groups["wday"])]
    pod = _pod(groups.get("pod") or groups.get("podof"))  # 'Sunday night', 'the early hours of Sunday'
    rel = _rel(groups.get("rel"))
    if not rel and not pod and _EVERY_WEEKDAY_AND_BEFORE.search(ctx.text, max(0, cand.start - 24), cand.start):
        return Resolution("SET", f"XXXX-WXX-{weekday}")  # 'every Tuesday and [Friday]': each one
    coordinated = None if rel else _coordinated_weekday_date(cand, ctx, weekday)
    if coordinated is None and groups.get("appos"):
        coordinated = _appositive_weekday_date(cand, ctx, weekday)
    if coordinated is not None:
        resolution = _with_pod(_fmt_date(coordinated), pod)
        resolution.mod, resolution.reference = _mod(groups.get("pmod")), ctx.text_reference
        return resolution
    if pod and _clean(groups.get("pod")).endswith("s"):
        return Resolution("SET", f"XXXX-WXX-{weekday}T{pod}")  # 'Tuesday nights': every one
    shared_pod = None if pod else _COORDINATED_PLURAL_POD.match(ctx.text, cand.end)
    if shared_pod:  # '[Monday] and Tuesday nights'
        return Resolution("SET", f"XXXX-WXX-{weekday}T{_pod(shared_pod.group(1))}")
    ref = ctx.reference(anaphoric=rel in _ANAPHORIC_WORDS or _clean(groups.get("rel")).startswith("the "))
    origin = ref.as_date if ref else None
    if origin is None and ctx.doc_type == "narrative" and ctx.dct is not None and not rel:
        return as_news(_resolve_weekday, cand, ctx)  # a history's weekday in no week it told: the writer's
    if origin is None:
        week = f"{_fmt_year(ref.year)}-WXX" if ref else "XXXX-WXX"
        return _with_pod(f"{week}-{weekday}", pod)
    named_day = _YEARLY_NAMED_DAY.match(ctx.text, cand.start)  # '[Super Tuesday]': that year's, when known
    named = lexicon.YEARLY_NAMED_DAYS.get((" ".join(named_day.group(0).lower().split()), origin.year)) \
        if named_day and not rel else None
    if named is not None:
        return Resolution("DATE", named, _mod(groups.get("pmod")), ref)
    holiday = None if rel else _holiday_of_the_weekday(cand, ctx, weekday, origin)
    if holiday is not None:  # 'closed [Monday] for Presidents' Day': that holiday's Monday
        resolution = _with_pod(_fmt_date(holiday), pod)
        resolution.mod, resolution.reference = _mod(groups.get("pmod")), ref
        return resolution
    in_named_week = None if rel else _day_in_the_named_week(cand, ctx, weekday)
    if in_named_week is not None:  # 'returns [this weekend], with the parade at 11 a.m. [Saturday]'
        day = in_named_week
    elif rel in ("this", "this coming", "this past"):  # the week's, unless that lies the other way
        monday = origin - timedelta(days=origin.isoweekday() - 1)
        day = monday + timedelta(days=weekday - 1)
        direction = {"this past": PAST, "this coming": FUTURE}.get(rel) \
            or (None if _rescheduled_later(ctx.text, cand) else ctx.direction(cand))
        if direction == PAST and day > origin:
            day -= timedelta(days=7)
        if direction == FUTURE and day < origin:
            day += timedelta(days=7)  # 'will vote this Tuesday', said on a Thursday
    elif not rel and ref.source == "dct" and (_rescheduled_later(ctx.text, cand) or (
            _direction_for(cand, ctx, rel) != FUTURE and _planned_for(ctx.text, cand.start))
            or (ctx.text.startswith(("'s", "’s"), cand.end) and (
                _CALLED_OFF_BEFORE.search(ctx.text, max(0, cand.start - 20), cand.start)))):
        # 'canceled classes for [Monday]', 'the meeting scheduled for [Thursday] has been moved',
        # 'postponed [Thursday]'s launch': the day something was planned for, whatever became of it
        # since; the nearest one
        back, ahead = (_weekday_date(weekday, origin, side, strict=False) for side in (PAST, FUTURE))
        day = ahead if (ahead - origin) <= (origin - back) else back
    elif not rel and ctx.doc_type == "news" and ref.source == "dct" and is_a_chronology(ctx.text) \
            and (ENTRY_HEADER_AFTER.match(ctx.text, cand.end) or _SPACED_HYPHEN_AFTER.match(ctx.text, cand.end)) \
            and not _LOOKS_AHEAD_IN_ENTRY.match(ctx.text, cand.end):
        # a chronology's entry ('Nov. 9 - Dynegy agrees to buy Enron; [Wednesday] - Dynegy walks away'):
        # told in the present, gone by: the last such weekday up to the DCT
        day = _weekday_date(weekday, origin, PAST, strict=False)
    elif not rel and ctx.doc_type == "narrative" and ref.source == "text":
        # a story's weekday comes on from the day it has reached, whatever its past tense says
        # ('On Wednesday, 10 April 1912 the ship sailed ... On [Sunday] the wireless operators ...')
        day = _weekday_date(weekday, origin, FUTURE, strict=False)
    else:
        told = _direction_for(cand, ctx, rel)
        if told is None and not rel and ref.source == "dct" and (
                ENTRY_HEADER_AFTER.match(ctx.text, cand.end) or _is_the_subject_of_is(ctx.text, cand)):
            told = FUTURE  # 'Tuesday: Polls open at 7 a.m.': a schedule's entry; '[Friday] is a holiday'; ahead
        said_now = ref.source == "dct" or ref is ctx.speech_day  # the DCT, or the day a quotation was said
        direction = told or (PAST if said_now else FUTURE)
        report_day = _report_day_before_would(cand, ctx, origin) if told != PAST and not rel else None
        plan_day = _upcoming_day_before(cand, ctx, origin) if told is None and not rel \
            and ctx.direction(cand, min_evidence=0.0) != PAST else None  # (not after 'sealed a victory on')
        if report_day is not None:  # 'said Monday that it would close on [Friday]': after that Monday
            day = _weekday_date(weekday, report_day, FUTURE, strict=False)  # ('said early Wednesday that
            # she would speak [Wednesday morning]': that day)
        elif plan_day is not None:  # 'will practice Thursday before flying to London on [Friday]',
            day = _weekday_date(weekday, plan_day, FUTURE, strict=False)  # or that day itself

        elif told is None and not rel and said_now and ctx.direction(cand, min_evidence=0.0) != PAST:
            # no cue either way ('Plant sale: [Saturday], 10 a.m.'): the nearest one, news leaning
            # back by NEWS_PAST_LEAN_DAYS (what a report tells has mostly happened) unless a faint
            # cue points ahead ('Schools Open [Tuesday] With Leaner Budgets')
            back, ahead = (_weekday_date(weekday, origin, side, strict=False) for side in (PAST, FUTURE))
            lean = 0 if ctx.direction(cand, min_evidence=0.0) == FUTURE else NEWS_PAST_LEAN_DAYS
            day = ahead if (ahead - origin).days + lean < (origin - back).days else back
        else:
            day = _weekday_date(weekday, origin, direction, strict=bool(rel))
            if rel in ("last", "next") and ref.source == "dct" and abs((day - origin).days) == 1:
                day += timedelta(days=7 if day > origin else -7)  # 'expelled diplomats [last
                # Thursday]' said on a Friday: the week before's (yesterday would be 'Thursday')
    resolution = _with_pod(_fmt_date(day), pod)
    resolution.mod, resolution.reference = _mod(groups.get("pmod")), ref
    return resolution


NEWS_PAST_LEAN_DAYS = 1  # a weekday told with no cue is the coming one only if this much nearer


_IS_AFTER = regex(r"\s+(?:is|are)\s+(?!(?:over|past|gone|behind|when|the\s+day\s+(?:when|that))\b)")
_CLAUSE_OPENS_BEFORE = regex(r"(?:^|[.;:!?\"“]\s*|\bthat\s+)$")


def _is_the_subject_of_is(text: str, cand: Candidate) -> bool:
    """Whether the expression opens a clause as the subject of a present 'is' ('Parents are reminded
    that [Friday] is an early-release day'): a day still to come."""
    return bool(_IS_AFTER.match(text, cand.end)) and bool(_CLAUSE_OPENS_BEFORE.search(text, max(0, cand.start - 6),
                                                                                         cand.start))


_FOR_HOLIDAY_AFTER = regex(r"\s*(?:,\s*|\s+for\s+)(?:the\s+)?(" + lexicon.FRAGMENTS["HOLIDAY"] + r")\b",
                           re.IGNORECASE)
HOLIDAY_WEEKDAY_REACH = timedelta(days=183)


def _holiday_of_the_weekday(cand: Candidate, ctx: DocContext, weekday: int, origin: date) -> date | None:
    """The day of a holiday named right after a weekday that it falls on ('closed on [Monday] for New
    Year's Day', '[Monday], Presidents' Day'), nearest the reference; None if there is none."""
    named = _FOR_HOLIDAY_AFTER.match(ctx.text, cand.end)
    if named is None:
        return None
    month, rule = lexicon.HOLIDAYS[_clean(named.group(1))]
    days = [day for day in (_holiday_date(origin.year + k, month, rule) for k in (-1, 0, 1))
            if day and day.isoweekday() == weekday and abs(day - origin) <= HOLIDAY_WEEKDAY_REACH]
    direction = _direction_for(cand, ctx, None)
    told = [day for day in days if (day >= origin if direction == FUTURE else day <= origin)] if direction else []
    return min(told or days, key=lambda day: abs(day - origin)) if days else None


_REL_DAY_OFFSETS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last": -1, "this": 0,
                    "the next": 1, "the following": 1, "the previous": -1, "that": 0, "the same": 0,
                    "that same": 0}


# A history's 'today' is the day it was written when its sentence names that day's occasion ('The
# bridge [turns 150] today', 'marks its thirtieth [anniversary] today', 'its 40th [birthday] today', '[marks
# ten years of] independence today').
_OCCASION_OF_THE_DAY = regex(r"\b(?:turn(?:s|ed)?\s+\d+|anniversary|birthday|centenary|centennial|bicentenary"
                             r"|bicentennial|jubilee|(?:marks?|marking|celebrates?|celebrating)\s+(?:[\w-]+\s+){0,4}"
                             r"(?:years|decades?|centur(?:y|ies))\s+of)\b", re.IGNORECASE)


def _names_the_writers_day(cand: Candidate, ctx: DocContext) -> bool:
    return bool(_OCCASION_OF_THE_DAY.search(ctx.text, *sentence_span(ctx.text, cand.start, cand.end)))


def _resolve_relday(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    word = _clean(groups.get("reld") or groups.get("rel"))
    pod = _pod(groups.get("pod") or groups.get("pod0") or groups.get("pod2") or groups.get("podof"))
    if word == "tonight":
        pod = "NI"
    if word == "last" and pod is None:
        return None
    if word == "today" and pod is None and ctx.doc_type == "narrative" and not groups.get("dayshift"):
        if ctx.dct is not None and _names_the_writers_day(cand, ctx):
            return as_news(_resolve_relday, cand, ctx)  # 'The bridge turns 150 [today]': the writer's day
        return Resolution("DATE", "PRESENT_REF")  # a history's 'Today, the wreck lies ...': the present
    if word == "this" and pod is not None and ctx.doc_type == "narrative" and ctx.dct is not None:
        return as_news(_resolve_relday, cand, ctx)  # a history's 'went on sale [this morning]': the writer's day
    if (word in ("yesterday", "tomorrow", "tonight") or (word == "last" and pod == "NI")) \
            and ctx.doc_type == "narrative" and ctx.dct is not None \
            and not _QUOTES.search(ctx.text, *sentence_span(ctx.text, cand.start, cand.end)):
        return as_news(_resolve_relday, cand, ctx)  # a history's 'won the final [yesterday]', quoting no one
    anaphoric = word in ("the next", "the following", "the previous", "that", "the same", "that same")
    ref = ctx.reference(anaphoric=anaphoric)
    if anaphoric and ref is not None and ref.as_date is None and ctx.last_day is not None:
        ref = ctx.last_day  # 'began Monday in the trial of men accused of a robbery in the fall of 1998. He
        # testified [later that afternoon]': the day last named, not the season
    offset = _REL_DAY_OFFSETS[word] + {"after": 1, "before": -1}.get(_clean(groups.get("dayshift")), 0)
    day = shifted_day(ref, offset) if ref else None
    if day is None:
        return _with_pod("XXXX-XX-XX", pod)
    resolution = _with_pod(day, pod)
    resolution.mod, resolution.reference = _mod(groups.get("pmod")), ref  # 'late yesterday': END
    return resolution


def _resolve_bare_pod(cand: Candidate, ctx: DocContext):
    """'in the morning', 'by mid afternoon': that part of the day last named, even when a month or
    year came after it ('said yesterday morning, the third decline since May ... faded in [the
    afternoon]'); with no day named, the DCT's in news ('opens the year 2000, and trains would run
    through [the night]'); but a news night told in the past with no day named is the one that
    just ended, the DCT's eve ('firefighters battled the blaze through [the night]')."""
    ref = ctx.reference(anaphoric=True)
    if ref is None or ref.as_date is None:
        ref = ctx.last_day or (ctx.reference() if ctx.doc_type == "news" else ref)
    elif ctx.doc_type == "news" and ctx.dct is not None and ref.as_date > ctx.dct and not is_a_chronology(ctx.text) \
            and _is_named_day_against_the_tense(cand, ctx, ref, ctx.reference()):
        ref = ctx.reference()  # 'will release it next Friday. Stocks recovered by [late morning]': today's
    origin = ref.as_date if ref else None
    if origin is not None and ref.source == "dct" and cand.groups["pod"].lower() == "night" \
            and direction_of(tense_scores(ctx.text, cand.start, cand.end, deadlines=False)) == PAST:
        origin -= timedelta(days=1)
    day = _fmt_date(origin) if origin else "XXXX-XX-XX"
    pod = _pod(cand.groups["pod"])
    mod = _mod(cand.groups.get("pmod"), cand.groups.get("pmod2"))
    return Resolution("TIME", f"{day}T{pod}", mod, ref if origin else None)


def _resolve_overnight(cand: Candidate, ctx: DocContext):
    """News 'overnight': the night ahead when told of the future ('could reach 60 mph overnight'),
    else the night that just ended ('temperatures plunged overnight'): the DCT's eve."""
    if cand.groups.get("wday"):  # 'knocked out power [overnight Tuesday]': that weekday's night
        day = _resolve_weekday(cand, ctx)
        return Resolution("TIME", f"{day.value.split('T')[0]}TNI", day.mod, day.reference) if day else None
    ref = ctx.reference()
    if ref is None or ref.as_date is None:
        return Resolution("TIME", "XXXX-XX-XXTNI")
    if ctx.direction(cand) == FUTURE:
        night = ref.as_date
    else:  # the night after the day the story is on ('went down about 10 p.m. Wednesday ... searched
        # [overnight]'), or before the DCT
        named = ctx.last_time_day.as_date if ctx.last_time_day and ctx.doc_type == "news" else None
        recent = named is not None and 0 < (ref.as_date - named).days <= OVERNIGHT_STORY_DAYS
        night = named if recent else ref.as_date - timedelta(days=1)
    return Resolution("TIME", f"{_fmt_date(night)}TNI", None, ref)


OVERNIGHT_STORY_DAYS = 6  # a past 'overnight' follows a clock time's day this close before the DCT


_TWILIGHT_PODS = {"dawn": "morning", "daybreak": "morning", "dusk": "evening", "nightfall": "evening",
                  "sunrise": "morning", "first light": "morning", "sunset": "evening", "sundown": "evening",
                  "sunup": "morning"}


def _resolve_twilight(cand: Candidate, ctx: DocContext):
    """'at [dawn Wednesday]', 'at [daybreak tomorrow]', 'at [first light Saturday]': the morning (dusk,
    sunset: the evening) of that day;
    a bare 'by [dawn]' is the morning of the day last named, as 'by [morning]' is."""
    groups = cand.groups
    pod = _TWILIGHT_PODS[_clean(groups["twilight"])]
    month, day = groups.get("omonth") or groups.get("dmonth"), groups.get("oday") or groups.get("dday")
    if month and day:  # 'opens at [dawn] on Nov. 16': that day's
        year = groups.get("oyear") or groups.get("dyear")
        dated = _month_day(cand, ctx, _month_number(month), _day_number(day), int(year) if year else None)
        return Resolution("TIME", f"{dated.value}T{_pod(pod)}", None, dated.reference) if dated else None
    weekday = groups.get("wday") or groups.get("owday")  # 'at [dawn] on Sunday': Sunday's
    if weekday or groups.get("reld") or groups.get("thispod"):  # (the day resolved over the whole span)
        day = _resolve_weekday(Candidate(cand.start, cand.end, "weekday", {"wday": weekday}), ctx) if weekday \
            else _resolve_relday(Candidate(cand.start, cand.end, "relday", {"reld": groups.get("reld") or "today"}), ctx)
        if day is None or "T" in day.value:
            return None
        return Resolution("TIME", f"{day.value}T{_pod(pod)}", None, day.reference)
    return _resolve_bare_pod(Candidate(cand.start, cand.end, "pod_bare", {"pod": pod}), ctx)


def _resolve_generic_pod(cand: Candidate, ctx: DocContext):
    """'moved only at [night]': nights in general, no particular one."""
    return Resolution("TIME", f"XXXX-XX-XXT{_pod(cand.groups['pod'])}")


# 'at 4 in the morning' is 4 a.m., '8 in the evening' 8 p.m.
_HALF_OF_DAY = {"in the morning": "am", "in the afternoon": "pm", "in the evening": "pm"}


def _clock_value(hour: int, minute: int, ampm: str) -> str | None:
    marker = _HALF_OF_DAY.get(_clean(ampm)) or _clean(ampm).replace(".", "").replace(" ", "")
    if marker in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if marker == "pm" else 0)
    return f"{hour:02d}:{minute:02d}"


_DAILY_SETS = [word for word, value in lexicon.SETS.items() if value in ("P1D", "XXXX-XX-XXTNI", "XXXX-WXX-WE")]
_ROUTINE = regex(
    r"\b(?:" + "|".join(_DAILY_SETS) + r"|hourly|weekdays|" + lexicon.FRAGMENTS["WEEKDAY"] + r"s"
    r"|(?:every|each)\s+(?:\d+\s+minutes|hour|day|night|morning|afternoon|evening|weekend|"
    + lexicon.FRAGMENTS["WEEKDAY"] + r"))\b", re.IGNORECASE)


def _tells_a_routine(text: str, cand: Candidate) -> bool:
    """Whether the sentence of a clock time tells a routine ('open at 6 a.m. daily', 'from 9 a.m.
    to 2 p.m. Tuesdays through Saturdays', 'every Thursday at 8:30 p.m.')."""
    left, right = sentence_span(text, cand.start, cand.end)
    return bool(_ROUTINE.search(text, left, right))


_DETERMINER_BEFORE = regex(r"\b(?:the|a|an|its|their|his|her|our)\s+$", re.IGNORECASE)
_NOUN_THEN_DAY = regex(r"(?:(?:\s+[a-z]+){1,2}?\s+on|\s+[a-z]+)\s+(" + lexicon.FRAGMENTS["WEEKDAY"] + r")\b",
                       re.IGNORECASE)  # 'the [8 p.m.] curfew on Friday', 'its [7 p.m.] meeting Tuesday'


def _attributive_clock_day(text: str, cand: Candidate) -> str | None:
    """The weekday of a clock time used before a noun ('its [5 p.m.] advisory on Tuesday', 'its
    [7 p.m.] meeting Thursday'), when the clock names no day itself."""
    if any(cand.groups.get(name) for name in ("wday", "reld", "month", "wmonth", "ahol", "hol")):
        return None
    if not _DETERMINER_BEFORE.search(text, max(0, cand.start - 8), cand.start):
        return None
    after = _NOUN_THEN_DAY.match(text, cand.end)
    return after.group(1) if after else None


def _is_named_day_against_the_tense(cand: Candidate, ctx: DocContext, named_day: Reference,
                                    dct: Reference | None) -> bool:
    """'The first one came on Dec. 2. ... will peak at [19:23 GMT]': a news clock time told of
    the future is not on a day named before the DCT; nor one told of the past on a day named after
    it ('shots could begin as early as Monday. The agency announced the decision at [9 p.m.]')."""
    if dct is None or dct.source != "dct" or dct.as_date is None:
        return False
    direction = ctx.direction(cand)
    if named_day.as_date > dct.as_date and direction != PAST:  # 'will open at 5 a.m. Friday ... had
        # camped outside stores by [midday]': 'by' after a past verb sets no deadline
        direction = direction_of(tense_scores(ctx.text, cand.start, cand.end, deadlines=False))
    return (named_day.as_date < dct.as_date and direction == FUTURE) \
        or (named_day.as_date > dct.as_date and direction == PAST)


_UNTIL_BEFORE = regex(r"\b(?:until|till|to)\s+$", re.IGNORECASE)
_SMALL_HOURS = regex(r"0?[1-4](?:[:.]\d\d)?\s*a\.?\s?m\b", re.IGNORECASE)  # after midnight, before dawn


def _time_day(cand: Candidate, ctx: DocContext) -> tuple[str, Reference | None] | None:
    """The day a clock time is on: its named weekday/relative day/date (or the weekday ending its
    range: 'from [7 a.m.] to 8 p.m. Sunday'), else the reference day ('at [noon] the next day':
    the day after it)."""
    groups = cand.groups
    if not groups.get("nday") and is_on_the_next_day(ctx.text, cand):
        cand = Candidate(cand.start, cand.end, cand.kind, {**groups, "nday": "next"})
        groups = cand.groups
    ahead = groups.get("rwday") or groups.get("owday") \
        or _attributive_clock_day(ctx.text, cand)  # 'to 8 p.m. Sunday', 'on Sunday' after it
    if ahead and not groups.get("wday") and not groups.get("reld"):  # not '[9 p.m. tonight] and ... Monday'
        cand = Candidate(cand.start, cand.end, cand.kind, {**groups, "wday": ahead})
        groups = cand.groups
    month = groups.get("month") or groups.get("wmonth") or groups.get("dmonth") or groups.get("omonth")
    day = groups.get("day") or groups.get("wmday") or groups.get("dday") or groups.get("oday")
    if month and day:  # '5 p.m. EST Nov. 9', '2 a.m. Sunday, March 8', '1:23 a.m. on 26 April 1986'
        year = groups.get("year") or groups.get("wyear") or groups.get("dyear") or groups.get("oyear")
        resolved = _month_day(cand, ctx, _month_number(month), _day_number(day), int(year) if year else None)
        return (resolved.value, resolved.reference) if resolved else None
    if groups.get("wday"):
        resolved = _resolve_weekday(cand, ctx)
        return (resolved.value.split("T")[0], resolved.reference) if resolved else None
    if groups.get("ahol") or groups.get("hol"):  # 'steps off at [10 a.m.] on New Year's Day', 'closes at
        # [noon Christmas Eve]': the holiday's day
        holiday = groups.get("ahol") or groups["hol"]
        named_at = ctx.text.find(holiday, cand.end)
        dated = _APPOSITIVE_DATE.match(ctx.text, named_at + len(holiday)) if named_at >= 0 else None
        if dated:  # 'at [noon] on Easter Monday, 24 April 1916': the date the holiday is given
            day_text, month_text, year_text = dated.group(1) or dated.group(5), dated.group(2) or dated.group(4), \
                dated.group(3) or dated.group(6)
            if _is_day_of(int(year_text), _month_number(month_text), int(day_text)):
                return f"{int(year_text):04d}-{_month_number(month_text):02d}-{int(day_text):02d}", None
        resolved = _holiday_day(Candidate(cand.start, cand.end, "holiday", {"holiday": holiday}), ctx)
        return (resolved.value, resolved.reference) if resolved else None
    if not groups.get("reld") and _tells_a_routine(ctx.text, cand):
        return "XXXX-XX-XX", None  # 'parking lots open at [6 a.m.] daily': no one day
    ref = ctx.reference(anaphoric=bool(groups.get("nday")))  # 'at [3 p.m.] the next day': the day after
    # the one named last
    attributive = ctx.attributive_day
    if not groups.get("reld") and not groups.get("nday") and attributive is not None \
            and attributive[0] == sentence_span(ctx.text, cand.start, cand.end)[0]:
        ref = attributive[1]  # 'the [New Year's Eve] party runs from [9 p.m.]'
    elif not groups.get("reld"):  # a bare time is on the day last named ('on Oct. 23 ... at 10 p.m.'),
        named_day = ctx.reference(anaphoric=True)  # unless the tense points the other way
        if named_day is not None and named_day.as_date is None and ctx.last_day is not None:
            named_day = ctx.last_day  # 'convicted him late Thursday in the [1986] shooting ... the verdict
            # at [9:40 p.m.]': the day last named, not the year
        if named_day and named_day.as_date and (is_a_chronology(ctx.text)
                                                or not _is_named_day_against_the_tense(cand, ctx, named_day, ref)):
            ref = named_day
    origin = ref.as_date if ref else None
    if origin is None:
        return "XXXX-XX-XX", None
    offset = 1 if groups.get("nday") else _REL_DAY_OFFSETS.get(_clean(groups.get("reld")), 0)
    if not offset and ref.source == "text" and _UNTIL_BEFORE.search(ctx.text, max(0, cand.start - 7), cand.start) \
            and _SMALL_HOURS.match(ctx.text, cand.start, cand.end) \
            and not (origin == ctx.dct and ctx.direction(cand) == PAST):  # 'Last updated: Tuesday. They met
        # until [2 a.m.]': the DCT's small hours, not tomorrow's
        offset = 1  # 'the Hogmanay party will run until [1 a.m.]': past the named day's midnight
    return _fmt_date(origin + timedelta(days=offset)), ref


_NEXT_DAY_AFTER = regex(r"\s+the\s+(?:next|following)\s+day\b", re.IGNORECASE)
# A full date set beside a holiday ('Easter Monday, 24 April 1916', 'Christmas Day, Dec. 25, 1914').
_APPOSITIVE_DATE = regex(r",\s+(?:(\d{1,2})\s+(" + lexicon.FRAGMENTS["MONTH"] + r")\.?\s+(\d{4})|(" + lexicon.FRAGMENTS["MONTH"]
                         + r")\.?\s+(\d{1,2}),\s+(\d{4}))\b", re.IGNORECASE)


def is_on_the_next_day(text: str, cand: Candidate) -> bool:
    """Whether a clock time is told of the day after the one named last ('at [3 p.m.] the next
    day', 'at [noon] the following day')."""
    return bool(cand.groups.get("nday")) or (cand.kind == "clock_word" and bool(_NEXT_DAY_AFTER.match(text, cand.end)))


_RANGE_END_CLOCK = regex(r"\s*(?:to|until|till|[-–])\s*([01]?\d|2[0-3])(?:[:.]([0-5]\d))?\s*"
                         r"([ap]\.\s?m\.?|[ap]m\b)", re.IGNORECASE)


def _crosses_midnight(cand: Candidate, ctx: DocContext, clock: str) -> bool:
    """Whether a clock time opens a range that ends on the next day ('from [6 p.m.] until 3 a.m.
    Thursday': 6 p.m. is Wednesday's)."""
    end = _RANGE_END_CLOCK.match(ctx.text, cand.end)
    end_clock = end and _clock_value(int(end.group(1)), int(end.group(2) or 0), end.group(3))
    return bool(end_clock) and end_clock < clock


def _resolve_time(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    clock = _clock_value(int(groups["hour"]), int(groups.get("minute") or 0), groups["ampm"])
    if clock is None:
        return None
    if _clean(groups["ampm"]) == "o'clock":  # '10 o'clock tomorrow night': 22:00
        clock = _later_half_clock(clock, cand, ctx, twelve_hour=True)
    day = _time_day(cand, ctx)
    if day is None:
        return None
    if groups.get("rwday") and not groups.get("wday") and not groups.get("reld") and _crosses_midnight(cand, ctx, clock):
        day = (_fmt_date(date.fromisoformat(day[0]) - timedelta(days=1)), day[1])
    return Resolution("TIME", f"{day[0]}T{clock}", _mod(groups.get("amod")), day[1])


_LATER_HALF_OF_DAY = ("AF", "EV", "NI")
LAST_AFTERNOON_HOUR = 5
_MORNING_AFTER = regex(r"\s+(?:in\s+the\s+morning|(?:this|tomorrow|yesterday|every|each|\w+day)\s+mornings?|overnight)\b",
                       re.IGNORECASE)
# A sentence about the night or evening, and none about a morning: its clock from seven to eleven
# with no a.m. or p.m. is the evening's.
_NIGHT_WORD = regex(r"\b(?:tonight|night|evening)\b", re.IGNORECASE)
_MORNING_WORD = regex(r"\b(?:morning|breakfast|a\.?\s?m\b|dawn|overnight)", re.IGNORECASE)
FIRST_EVENING_HOUR = 7
_POD_AT_BEFORE = regex(r"\b(tonight|afternoon|evening|night)\s+at\s+$", re.IGNORECASE)
_GREETING = regex(r"\b[Gg]ood\s+(morning|afternoon|evening)\b")
_TIME_NOW_BEFORE = regex(r"\b[Ii]t(?:['’]s|\s+is)\s+(?:now\s+|just\s+)?(?:about\s+|around\s+|exactly\s+)?$")
GREETING_REACH = 300  # characters from a broadcast's greeting to a clock it sets the half of the day of


def _greeting_pod(ctx: DocContext, cand: Candidate) -> str | None:
    """The part of the day a broadcast's greeting names just before it tells the time ('Good evening.
    It's [a quarter to nine]'): the last greeting within reach."""
    if not _TIME_NOW_BEFORE.search(ctx.text, max(0, cand.start - 24), cand.start):
        return None  # ('Good evening. The flight landed at 10:15': any time of the day)
    greetings = list(_GREETING.finditer(ctx.text, max(0, cand.start - GREETING_REACH), cand.start))
    return _pod(greetings[-1].group(1)) if greetings else None


def _later_half_clock(clock: str, cand: Candidate, ctx: DocContext, twelve_hour: bool = False) -> str:
    """A morning clock said of the afternoon, evening or night is p.m.: 'ten o'clock tonight', 'Good
    evening. It's nine o'clock'. On a twelve-hour clock, one to five o'clock with no morning named
    is the afternoon's ('back here tomorrow at [1 o'clock]')."""
    groups = cand.groups
    pod = "NI" if _clean(groups.get("reld")) in ("tonight", "last") else _pod(
        groups.get("pod") or groups.get("pod2") or groups.get("wpod")) or _greeting_pod(ctx, cand)
    before = _POD_AT_BEFORE.search(ctx.text, max(0, cand.start - 24), cand.start)
    if pod is None and before:  # 'will address the nation tonight at [9 o'clock]'
        pod = "NI" if before.group(1).lower() == "tonight" else _pod(before.group(1))
    if pod is None and twelve_hour and 1 <= int(clock[:2]) <= LAST_AFTERNOON_HOUR \
            and not _MORNING_AFTER.match(ctx.text, cand.end):
        pod = "AF"
    if pod is None and twelve_hour and int(clock[:2]) >= FIRST_EVENING_HOUR:
        start, end = sentence_span(ctx.text, cand.start, cand.end)
        if _NIGHT_WORD.search(ctx.text, start, end) and not _MORNING_WORD.search(ctx.text, start, end):
            pod = "NI"  # 'the last train tonight leaves at [eleven forty-five]': 23:45
    hour, minute = clock.split(":")
    return f"{int(hour) + 12:02d}:{minute}" if int(hour) < 12 and pod in _LATER_HALF_OF_DAY else clock


def _resolve_date_clock(cand: Candidate, ctx: DocContext):
    """A date and then its clock, as time stamps write them: 'Oct. 31, 2014, 7:02 PM', 'Thu 4 Apr
    2019 06.00 BST'."""
    groups = cand.groups
    month, day = (groups["month"], groups["day"]) if groups.get("month") else (groups["dmonth"], groups["dday"])
    resolved = _month_day(cand, ctx, _month_number(month), _day_number(day), _explicit_year(groups))
    clock = _clock_value(int(groups["hour"]), int(groups.get("minute") or 0), groups.get("ampm") or "")
    if resolved is None or clock is None:
        return None
    return Resolution("TIME", f"{resolved.value}T{clock}", None, resolved.reference)


def _resolve_month_of(cand: Candidate, ctx: DocContext):
    """'in the month of March (2019)': that month."""
    return _resolve_month_year(cand, ctx) if cand.groups.get("year") else _resolve_month(cand, ctx)


def _resolve_clock_range_start(cand: Candidate, ctx: DocContext):
    """'from [5] to 8 p.m. Thursday', '[6]-7:30 p.m.': the bare hour opening a range takes the
    range's a.m. or p.m. (the morning when that would put it after the end: 'from [11] to 2 p.m.'),
    and the range's day."""
    groups = cand.groups
    hour, end = int(groups["hour"]), int(groups["endhour"])
    marker = _clean(groups["ampm"]).replace(".", "").replace(" ", "")
    if marker == "pm" and hour % 12 > end % 12:
        marker = "am"
    clock = _clock_value(hour, int(groups.get("minute") or 0), marker)
    day = _time_day(cand, ctx)
    if clock is None or day is None:
        return None
    return Resolution("TIME", f"{day[0]}T{clock}", None, day[1])


# A day named right before, then a comma: the text restates it ('Rent came due today, [the first of
# the month]').
_DAY_NAMED_BEFORE = regex(r"\b(?:today|tomorrow|yesterday|" + lexicon.FRAGMENTS["WEEKDAY"] + r"),\s+$", re.IGNORECASE)


def _resolve_month_first(cand: Candidate, ctx: DocContext):
    """'the first (day) of the month', 'the last day of the year': each period's when habitual
    ('typically on [the first of the month]'), the day just named when it restates it ('due today,
    [the first of the month]', 'said on Friday, [the last day of the year]'), else the edge of this
    or the next period as the tense says ('fees will increase on [the first of the month]')."""
    groups = cand.groups
    if groups.get("year"):  # 'the first day of 1997', 'the last day of 1999'
        return Resolution("DATE", _fmt_date(_period_edge(date(int(groups["year"]), 1, 1), bool(groups.get("edge")),
                                                         True, 0)))
    rel, first, whole_year = _clean(groups["mrel"]), bool(groups.get("edge")), _clean(groups["period"]) == "year"
    named = ctx.last_day.as_date if ctx.last_day else None
    if named is not None and _DAY_NAMED_BEFORE.search(ctx.text, max(0, cand.start - 12), cand.start) \
            and named == _period_edge(named, first, whole_year, 0):
        return Resolution("DATE", _fmt_date(named), None, ctx.last_day)
    if rel in ("each", "every") or _is_habitual(cand, ctx):
        return Resolution("SET", "XXXX-12-31" if whole_year and not first else "XXXX-01-01" if whole_year
                          else "XXXX-XX-01" if first else "XXXX-XX-XX")
    ref = ctx.reference()
    if ref is None or ref.as_date is None:
        return Resolution("DATE", "XXXX-XX-01" if first and not whole_year else "XXXX-XX-XX")
    origin = ref.as_date
    this_edge = _period_edge(origin, first, whole_year, 0)
    if rel == "next":
        return Resolution("DATE", _fmt_date(_period_edge(origin, first, whole_year, 1)), None, ref)
    if rel == "this" or this_edge == origin or (this_edge > origin) != (ctx.direction(cand) == PAST) \
            or not first:
        return Resolution("DATE", _fmt_date(this_edge), None, ref)
    return Resolution("DATE", _fmt_date(_period_edge(origin, first, whole_year, 1)), None, ref)


def _period_edge(day: date, first: bool, whole_year: bool, ahead: int) -> date:
    """The first or last day of the day's month or year, `ahead` periods on."""
    if whole_year:
        return date(day.year + ahead, 1, 1) if first else date(day.year + ahead, 12, 31)
    year, month = _shift_month(day.year, day.month, ahead)
    return date(year, month, 1) if first else date(year, month, calendar.monthrange(year, month)[1])


def _resolve_british_day(cand: Candidate, ctx: DocContext):
    """British counted days: 'Sunday week' and 'a week on Tuesday' (the coming Sunday or Tuesday, a
    week on), 'tomorrow week', 'a fortnight today', 'Monday next' (the coming Monday), 'Thursday
    last' (the last one)."""
    groups = cand.groups
    ref = ctx.reference()
    origin = ref.as_date if ref else None
    if origin is None:
        return None
    weeks = 2 if _clean(groups.get("shift")) == "fortnight" else 1
    reld = _clean(groups.get("reld") or groups.get("reld2"))
    if reld:
        day = origin + timedelta(days=_REL_DAY_OFFSETS[reld] + 7 * weeks)
    else:
        weekday = lexicon.WEEKDAYS[_clean(groups.get("wday") or groups.get("wday2") or groups["wday3"])]
        if _clean(groups.get("nl")) == "last":
            return Resolution("DATE", _fmt_date(origin - timedelta(days=(origin.isoweekday() - weekday - 1) % 7 + 1)),
                              None, ref)
        coming = origin + timedelta(days=(weekday - origin.isoweekday() - 1) % 7 + 1)
        day = coming if groups.get("wday3") else coming + timedelta(weeks=weeks)
    return Resolution("DATE", _fmt_date(day), None, ref)


def _resolve_rel_hour(cand: Candidate, ctx: DocContext):
    """'this hour' is the present; 'the past hour', 'the next hour' an hour long."""
    if _clean(cand.groups["rel"]) == "this":
        return Resolution("DATE", "PRESENT_REF")
    return Resolution("DURATION", "PT1H")


_HOUR_WORDS = {"midnight": 0, "noon": 12}  # 'two minutes past [midnight]'


def _resolve_clock_spoken(cand: Candidate, ctx: DocContext):
    """'seven p.m.', 'ten o'clock tomorrow night', 'six forty-five tomorrow morning', 'two minutes
    past nine this morning': a clock in words on its day."""
    groups = cand.groups
    word = _clean(groups["hour"])
    if word in _HOUR_WORDS and not groups.get("mins"):  # 'before [midnight tonight]': the clock word's
        return _resolve_clock_word(cand._replace(groups={**groups, "clock": word}), ctx)
    hour = _HOUR_WORDS[word] if word in _HOUR_WORDS else lexicon.number_value(word)
    words = _clean(groups.get("minute"))
    minute = lexicon.number_value(words.replace("oh", "").strip(" -")) if words else 0
    if not isinstance(minute, int) or not 0 <= minute <= 59:
        return None
    if groups.get("mins"):  # 'two minutes past nine', 'ten minutes to six'
        shift = lexicon.number_value(_clean(groups["mins"]))
        if not isinstance(shift, int) or not 0 < shift < 60:
            return None
        minute = shift
        if _clean(groups["dir"]) in ("to", "before"):
            hour, minute = (hour - 1) % 24 if hour in (0, 12) else (hour - 1) or 12, 60 - shift
    if hour == 0 or hour == 23:  # 'one minute past/before [midnight]': a 24-hour clock already
        day = _time_day(cand, ctx)
        return Resolution("TIME", f"{day[0]}T{hour:02d}:{minute:02d}", _mod(groups.get("amod")), day[1]) if day else None
    clock = _clock_value(hour, minute, groups.get("ampm") or "")
    if clock is None:
        return None
    if not groups.get("ampm") or _clean(groups["ampm"]) == "o'clock":
        clock = _later_half_clock(clock, cand, ctx, twelve_hour=True)
    day = _time_day(cand, ctx)
    if day is None:
        return None
    return Resolution("TIME", f"{day[0]}T{clock}", _mod(groups.get("amod")), day[1])


def _resolve_clock24(cand: Candidate, ctx: DocContext):
    """'14:32 GMT', '0600 hours', 'at 7 tonight'; a morning hour said of the afternoon or night is
    p.m. ('7:30 tonight', '9:15 Wednesday night'), as is news's one to five o'clock with no morning
    named ('meet at [5:30]': 17:30; '05:30' is a 24-hour clock's)."""
    day = _time_day(cand, ctx)
    clock = _later_half_clock(f"{int(cand.groups['hour']):02d}:{cand.groups['minute'] or '00'}", cand, ctx,
                              twelve_hour=len(cand.groups["hour"]) == 1 and ctx.doc_type == "news")
    later_half = _LATER_HALF_BEFORE.search(ctx.text, max(0, cand.start - 30), cand.start)
    hour = int(clock[:2])
    if later_half and (hour < 12 if later_half.group(1).lower() in ("afternoon", "evening") else 6 <= hour < 12):
        clock = f"{hour + 12:02d}{clock[2:]}"  # 'the final tonight at [10:10]': 22:10
    return Resolution("TIME", f"{day[0]}T{clock}", _mod(cand.groups.get("amod")), day[1])


# A part of the day right before the clock it sets ('tonight at 10:10', 'Sunday evening at 7:30').
_LATER_HALF_BEFORE = regex(r"\b(tonight|afternoon|evening|night)\s+at\s+(?:about\s+|around\s+)?$", re.IGNORECASE)


_AFTERNOON_HOURS = range(1, 7)  # 'half past three' with no part of the day: 15:30; 'half past nine' 09:30
_POD_AFTER_ON_DAY = regex(r"\s+on\s+\w+\s+(" + lexicon.FRAGMENTS["POD"] + r")\b", re.IGNORECASE)


def _resolve_clock_phrase(cand: Candidate, ctx: DocContext):
    """'half past nine', 'a quarter to three this afternoon', British 'at half six' (6:30): the clock
    time on its day; hours one to six with no part of the day are the afternoon's."""
    groups = cand.groups
    hour = lexicon.number_value(_clean(groups["hour"]))
    minute = 30 if groups.get("bhalf") or _clean(groups["part"]) == "half" else 15
    if _clean(groups.get("dir")) == "to":
        hour, minute = (hour - 1) or 12, 60 - minute
    on_day_pod = _POD_AFTER_ON_DAY.match(ctx.text, cand.end)  # 'at half past nine on Sunday morning'
    pod = _pod(groups.get("pod") or groups.get("pod2") or groups.get("wpod")
               or (on_day_pod.group(1) if on_day_pod else None)) or _greeting_pod(ctx, cand)
    if _clean(groups.get("reld")) == "tonight":
        pod = "NI"
    if hour < 12 and (pod in _LATER_HALF_OF_DAY or pod is None and hour in _AFTERNOON_HOURS):
        hour += 12
    day = _time_day(cand, ctx)
    if day is None:
        return None
    return Resolution("TIME", f"{day[0]}T{hour:02d}:{minute:02d}", _mod(groups.get("amod")), day[1])


_AFTER_BEFORE = regex(r"\b(?:after|past|since)\s+$", re.IGNORECASE)


def _resolve_clock_word(cand: Candidate, ctx: DocContext):
    """'noon', 'midnight Friday'; a bare midnight told in the past is the one that began the DCT's
    day ('the fire broke out shortly before midnight': the previous day's 24:00)."""
    day = _time_day(cand, ctx)
    if day is None:
        return None
    clock = _CLOCK_WORDS[_clean(cand.groups["clock"])]
    mod = _mod(cand.groups.get("amod"))
    direction = ctx.direction(cand) if clock == "24:00" else None
    if clock == "24:00" and _AFTER_BEFORE.search(ctx.text, max(0, cand.start - 8), cand.start):
        if direction == PAST:  # 'crashed shortly after [midnight]': the midnight that began the day
            return Resolution("TIME", f"{day[0]}T00:00", mod, day[1])
        if direction is None and _DAY_VALUE.fullmatch(day[0]):  # a story's 'Shortly after [midnight],
            # the captain ordered': the night after the day told, as the next day's 00:00 (as
            # annotators write it); a midnight ahead is the 24:00 ending its day ('results are
            # expected after [midnight]')
            return Resolution("TIME", f"{_fmt_date(date.fromisoformat(day[0]) + timedelta(days=1))}T00:00",
                              mod, day[1])
    bare = not any(cand.groups.get(name) for name in ("wday", "reld", "owday", "rwday", "month", "omonth"))
    if clock == "24:00" and bare and day[1] is not None and day[1].source == "dct" and direction == PAST:
        return Resolution("TIME", f"{_fmt_date(day[1].as_date - timedelta(days=1))}T{clock}", mod, day[1])
    return Resolution("TIME", f"{day[0]}T{clock}", mod, day[1])


# --- offsets ('two days ago'), durations, sets ------------------------------------------------

_VAGUE_LONG_UNITS = {"decade": "PXDE", "century": "PXC"}


def _duration_value(amount, unit: str) -> str | None:
    letter, is_clock, base_units = lexicon.UNITS[unit]
    if isinstance(amount, str) and unit in _VAGUE_LONG_UNITS:
        return _VAGUE_LONG_UNITS[unit]  # 'for [decades]': PXDE, not the years they hold
    if isinstance(amount, str):
        number = "X"
    else:
        if base_units > 1:
            amount *= base_units
        number = f"{amount:g}"
        if "e" in number:
            return None
    return f"PT{number}{letter}" if is_clock else f"P{number}{letter}"


GREGORIAN_CYCLE_YEARS = 400  # the Gregorian calendar repeats itself every 400 years


def shifted_day(ref: Reference, days: int) -> str | None:
    """The reference's day moved by `days`, as a date value (None when it names no day). A day BC
    ('15 March 44 BC ... [two days later]') is counted in a year a multiple of 400 later, whose
    (proleptic Gregorian) calendar is the same, and moved back."""
    if ref.month is None or ref.day is None:
        return None
    shift = 0 if ref.year >= 1 else GREGORIAN_CYCLE_YEARS * ((GREGORIAN_CYCLE_YEARS - ref.year) // GREGORIAN_CYCLE_YEARS)
    moved = date(ref.year + shift, ref.month, ref.day) + timedelta(days=days)
    return f"{_fmt_year(moved.year - shift)}-{moved.month:02d}-{moved.day:02d}"


def shifted_value(ref: Reference, amount: int, unit: str) -> str | None:
    """The reference moved by `amount` units, written at the unit's granularity (or the
    reference's, when coarser)."""
    letter, _, base_units = lexicon.UNITS[unit]
    if unit in ("year", "decade", "century", "millennium"):
        return _fmt_year(ref.year + amount * base_units)
    if letter == "W" and base_units > 1:  # 'a fortnight ago': two weeks ago
        unit, amount = "week", amount * base_units
    if ref.month is None and ref.week is not None and unit == "week":  # 'the week before' a week
        return _fmt_week(date.fromisocalendar(ref.year, ref.week, 1) + timedelta(weeks=amount))
    if ref.month is None:
        return _fmt_year(ref.year) + ("-WXX" if unit == "week" else "-XX" if unit in ("month", "quarter")
                                      else "-XX-XX")
    if unit in ("month", "quarter"):
        year, month = _shift_month(ref.year, ref.month, amount * (3 if unit == "quarter" else 1))
        if unit == "quarter":
            return f"{_fmt_year(year)}-Q{(month - 1) // 3 + 1}"
        return f"{_fmt_year(year)}-{month:02d}"
    if unit == "day" and ref.day is not None:
        return shifted_day(ref, amount)
    origin = ref.as_date
    if origin is None:
        return f"{_fmt_year(ref.year)}-{ref.month:02d}" + ("-XX" if unit == "day" else "")
    if unit == "week":
        return _fmt_week(origin + timedelta(weeks=amount))
    # a clock unit moves a day without a clock only by whole days: 'two hours ago' is the same day
    seconds = amount * {"hour": 3600, "minute": 60}.get(unit, 1)
    return _fmt_date(origin + timedelta(days=int(seconds / 86400)))


def _resolve_ago(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    unit = lexicon.unit_of(groups["unit"])
    amount = lexicon.number_value(groups["num"]) if groups.get("num") else "X"
    if amount is None:
        return None
    direction = "ago" if groups.get("agoday") or groups.get("agoper") else _clean(groups["dir"])
    sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
    mod = _mod(groups.get("amod"))
    if isinstance(amount, float) and not amount.is_integer():
        amount, unit = _in_whole_units(amount, unit)  # 'a quarter of a century later': 25 years
    if isinstance(amount, str) or not float(amount).is_integer() or amount > 10000:
        # in news 'a few minutes ago' is a moment of the day, 'a few days ago' a day
        vague_type = "TIME" if lexicon.UNITS[unit][1] and ctx.doc_type == "news" else "DATE"
        return Resolution(vague_type, "PAST_REF" if sign < 0 else "FUTURE_REF", mod)
    ref = ctx.reference(anaphoric=direction not in ("ago", "from now", "hence", "back"))
    if direction == "ago" and ctx.doc_type == "narrative" and ctx.dct and not _is_speech(cand, ctx):
        ref = Reference.from_date(ctx.dct, "dct")  # a history's own '[two years ago]': the writer's
        # (but a speech's 'when we took office [15 months ago]' is the speaker's)
    if ref is None:
        return Resolution("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod)
    if direction == "on" and ref.source == "dct":  # '[Ten years on], the town still ...' with no date
        # told before: the present, that long after something past
        amount = 0
    compared = _period_in_sentence(cand, ctx) if unit == "year" and amount == 1 and (direction in (
        "earlier", "before") or (direction == "ago" and COMPARED_WITH_BEFORE.search(
            ctx.text, max(0, cand.start - 15), cand.start))) else None
    if compared:  # 'totaled $9 billion in 1998, down 40% from [a year earlier]': 1997; 'rose 2.5% in
        # January from [a year ago]': January a year back
        return Resolution("DATE", f"{_fmt_year(int(compared[:4]) - 1)}{compared[4:]}", mod, ref)
    if unit == "year" and amount == 1 and ctx.last_quarter:
        year, quarter = ctx.last_quarter
        return Resolution("DATE", f"{_fmt_year(year - 1)}-Q{quarter}", mod, ref)
    if unit == "week" and ref.source == "text" and ref.as_date is not None:
        # 'reopened on March 14; [a week earlier], ...': that day a week back
        return Resolution("DATE", _fmt_date(ref.as_date + timedelta(weeks=sign * int(amount))), mod, ref)
    if groups.get("agoper") and lexicon.UNITS[unit][0] == "Y" and ref.as_date is not None:
        # 'retook the majority [two years ago this month]': that month (week, season, morning) of the year
        day = _same_day_back(ref, int(amount), unit)
        period = _clean(groups["agoper"])
        if period in lexicon.PARTS_OF_DAY:  # '[Fifty years ago this morning]'
            return Resolution("TIME", f"{_fmt_date(day)}T{lexicon.PARTS_OF_DAY[period]}", mod, ref)
        if period in lexicon.SEASONS:  # '[Thirty years ago this winter]' (said in January: the winter begun the year before)
            season = lexicon.SEASONS[period]
            year = _current_season(Reference.from_date(day, "text"))[0] if season == "WI" else day.year
            return Resolution("DATE", f"{_fmt_year(year)}-{season}", mod, ref)
        value = {"month": f"{_fmt_year(day.year)}-{day.month:02d}", "week": _fmt_week(day),
                 "weekend": _fmt_week(day) + "-WE"}[period]
        return Resolution("DATE", value, mod, ref)
    clock = ctx.last_clock
    if lexicon.UNITS[unit][1] and direction in ("later", "earlier") and clock is not None and (
            ctx.doc_type == "news" or ref.as_date is not None and clock[0] == ref.as_date.isoformat()):
        # 'left at 10:00 a.m. on 1 June 1928 and arrived [eight hours later]': that clock time moved
        # on, a TIME (news told one just before, or the span would be a duration)
        moment = datetime.combine(date.fromisoformat(clock[0]), datetime.min.time()) + timedelta(minutes=clock[1]) \
            + sign * timedelta(**{unit + "s": int(amount)})
        return Resolution("TIME", f"{_fmt_date(moment.date())}T{moment.hour:02d}:{moment.minute:02d}", mod, ref)
    ago_day = _clean(groups.get("agoday"))
    day = _same_day_back(ref, int(amount), unit) if ago_day else None
    if day is not None:  # '[Forty-five years ago tomorrow]': tomorrow's day that many years back
        day += timedelta(days=_AGO_DAY_SHIFTS[ago_day])
        if ago_day == "tonight":
            return Resolution("TIME", f"{_fmt_date(day)}TNI", mod, ref)
    if day is None and groups.get("exact") and ref.as_date is not None:
        day = _same_day_back(ref, -sign * int(amount), unit)  # '[exactly a year later]': that very day
    if day is None and unit == "week" and amount == 1 and direction == "ago" and ref.as_date is not None:
        day = ref.as_date - timedelta(weeks=1)  # '[a week ago]': that day (the sets, 7 of 9; 'two
        # weeks ago' is a week, 16 of 19)
    value = _fmt_date(day) if day else shifted_value(ref, sign * int(amount), unit)
    if value is None:
        return None
    return Resolution("DATE", value, mod, ref)


_SPOKEN = regex(r"[\"“”]|\b(?:" + "|".join(sorted(lexicon.REPORTING_VERBS | {"suggested", "suggests", "added", "adds"}))
                + r")\b", re.IGNORECASE)


def _is_speech(cand: Candidate, ctx: DocContext) -> bool:
    """Whether the candidate's sentence quotes or reports someone ('he said ...', '"...'): its
    deictic words are the speaker's, not the writer's."""
    left, right = sentence_span(ctx.text, cand.start, cand.end)
    return bool(_SPOKEN.search(ctx.text, left, right))


# The day an anniversary counts back from: '20 years ago [tomorrow]'.
_AGO_DAY_SHIFTS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}

# What a comparison base follows ('up 5% from [last year]', 'higher than [a year ago]').
COMPARED_WITH_BEFORE = regex(r"\b(?:from|than|over|with|versus|vs\.?)\s+$", re.IGNORECASE)


def _period_in_sentence(cand: Candidate, ctx: DocContext) -> str | None:
    """The year, quarter or month named last before the candidate in its own sentence, if any."""
    if ctx.last_period is None:
        return None
    start, end, value = ctx.last_period
    same = sentence_span(ctx.text, start, end)[0] == sentence_span(ctx.text, cand.start, cand.end)[0]
    return value if same else None


def _in_whole_units(amount: float, unit: str) -> tuple[float, str]:
    """A fractional amount in a unit it is a whole number of ('a quarter of a century': 25 years, 'half
    a year': 6 months, 'half an hour': 30 minutes); else as it was."""
    letter, _, base_units = lexicon.UNITS[unit]
    if letter == "Y" and base_units > 1 and (amount * base_units).is_integer():
        return amount * base_units, "year"
    if unit in _SMALLER_UNITS and (amount * _SMALLER_UNITS[unit][1]).is_integer():
        smaller, per = _SMALLER_UNITS[unit]
        return amount * per, smaller
    return amount, unit


def _same_day_back(ref: Reference, amount: int, unit: str) -> date | None:
    """'[Forty years ago today]': the reference's day, that many units back."""
    origin = ref.as_date
    if origin is None:
        return None
    letter, _, base_units = lexicon.UNITS[unit]
    amount *= base_units or 1
    if letter == "Y":
        return _safe_date(origin.year - amount, origin.month, origin.day)
    if letter in ("M", "Q"):
        year, month = _shift_month(origin.year, origin.month, -amount * (3 if letter == "Q" else 1))
        return _safe_date(year, month, origin.day)
    return origin - timedelta(days=amount * {"W": 7, "D": 1}[letter]) if letter in ("W", "D") else None


def _resolve_from_weekday(cand: Candidate, ctx: DocContext):
    """'a week from Tuesday', 'two days from Friday', 'a week from tomorrow', '[a year from today]',
    '[a week from tonight]': that day (resolved as it would be alone), moved on by the units."""
    count = lexicon.number_value(_clean(cand.groups["num"]))
    unit = lexicon.unit_of(cand.groups["unit"])
    wday, reld = cand.groups["wday"], cand.groups["reld"]
    if wday:
        day = _resolve_weekday(Candidate(cand.end - len(wday), cand.end, "weekday", {"wday": wday}), ctx)
    else:
        day = _resolve_relday(Candidate(cand.end - len(reld), cand.end, "relday", {"reld": reld}), ctx)
        if day is not None and day.value == "PRESENT_REF" and ctx.dct:  # a history's '[a year from today]':
            # from the time of writing, though its bare 'today' is the present
            day = Resolution("DATE", _fmt_date(ctx.dct), None, Reference.from_date(ctx.dct, "dct"))
    night = day is not None and day.value.endswith("TNI")  # 'a week from [tonight]': that night, a week on
    day_value = day.value.removesuffix("TNI") if day is not None else ""
    if not isinstance(count, int) or not _DAY_VALUE.match(day_value):
        return None
    shifted = _same_day_back(Reference.from_date(date.fromisoformat(day_value), "text"), -count, unit)
    if shifted is None:
        return None
    return Resolution("TIME", f"{_fmt_date(shifted)}TNI", None, day.reference) if night \
        else Resolution("DATE", _fmt_date(shifted), None, day.reference)


_DAY_VALUE = regex(r"^\d{4}-\d\d-\d\d$")


def _resolve_day_rel(cand: Candidate, ctx: DocContext):
    ref = ctx.reference(anaphoric=True)
    if ref is None:
        return None
    sign = -1 if _clean(cand.groups["dir"]) == "before" else 1
    unit = cand.groups["unit"].lower()
    if unit in ("night", "day") and ref.as_date is None and ctx.last_day is not None:
        ref = ctx.last_day  # 'played on Sept. 6, breaking a record set in 1939. He had tied it [the night
        # before]': the day named last, not the year an aside named after it
    if unit == "night":  # 'having fled [the night before]': the eve's night; 'the night after': that day's
        day = ref.as_date
        return Resolution("TIME", f"{_fmt_date(day + timedelta(days=min(sign, 0)))}TNI", None, ref) if day else None
    named = _period_in_sentence(cand, ctx) if unit == "year" else None
    if named and _YEAR_ONLY.match(named):  # 'in a 1997 speech he recalled it had nearly gone under
        return Resolution("DATE", _fmt_year(int(named) + sign), None, ref)  # [the year before]': 1996
    value = shifted_value(ref, sign, unit)
    return Resolution("DATE", value, None, ref) if value else None


_YEAR_ONLY = regex(r"^\d{4}$")


def _resolve_before_last(cand: Candidate, ctx: DocContext):
    """'the week before last', 'the year after next': two units back or ahead of the DCT; 'the
    weekend before last', 'the Tuesday before last', 'the Friday after next' likewise."""
    ref = ctx.reference()
    if ref is None:
        return None
    sign = -1 if _clean(cand.groups["dir"]).startswith("before") else 1
    unit = _clean(cand.groups.get("unit"))
    if unit != "weekend" and not cand.groups.get("wday"):
        value = shifted_value(ref, 2 * sign, unit)
        return Resolution("DATE", value, None, ref) if value else None
    origin = ref.as_date
    if origin is None:
        return None
    if unit == "weekend":
        return Resolution("DATE", _fmt_week(origin + timedelta(weeks=2 * sign)) + "-WE", None, ref)
    weekday = lexicon.WEEKDAYS[_clean(cand.groups["wday"])]
    nearest = _weekday_date(weekday, origin, PAST if sign < 0 else FUTURE, strict=True)
    return Resolution("DATE", _fmt_date(nearest + timedelta(weeks=sign)), None, ref)


def _resolve_weekdays_ago(cand: Candidate, ctx: DocContext):
    """'two Fridays ago': the last Friday before the DCT, a Friday further back; 'a week ago
    Monday': the Monday of the week before the DCT's."""
    ref = ctx.reference()
    origin = ref.as_date if ref else None
    if origin is None:
        return None
    groups = cand.groups
    if groups.get("wday"):
        weekday = lexicon.WEEKDAYS[_clean(groups["wday"])]
        monday = origin - timedelta(days=origin.isoweekday() - 1, weeks=1)
        return Resolution("DATE", _fmt_date(monday + timedelta(days=weekday - 1)), None, ref)
    count = lexicon.number_value(_clean(groups["num"]))
    if not isinstance(count, int) or count < 1:
        return None
    last = _weekday_date(lexicon.WEEKDAYS[_clean(groups["wdays"])], origin, PAST, strict=True)
    return Resolution("DATE", _fmt_date(last - timedelta(weeks=count - 1)), None, ref)


def _resolve_this_time(cand: Candidate, ctx: DocContext):
    """'this time last year': the reference day one unit back (or ahead)."""
    ref = ctx.reference()
    if ref is None:
        return None
    sign = -1 if _clean(cand.groups["rel"]) == "last" else 1
    unit = _clean(cand.groups["unit"])
    origin = ref.as_date
    if origin is None:
        value = shifted_value(ref, sign, unit)
        return Resolution("DATE", value, None, ref) if value else None
    if unit == "week":
        return Resolution("DATE", _fmt_date(origin + timedelta(weeks=sign)), None, ref)
    year, month = _shift_month(origin.year, origin.month, sign * (12 if unit == "year" else 1))
    day = min(origin.day, calendar.monthrange(year, month)[1])
    return Resolution("DATE", _fmt_date(date(year, month, day)), None, ref)


# Half of a unit in the next smaller one: 'half a year' and '2 1/2 years' (TimeBank: P2Y6M), 'two and
# a half years' P2Y6M (the sets, 9 times of 10), 'an hour and a half' PT1H30M; a year and a half is
# eighteen months.
_SMALLER_UNITS = {"year": ("month", 12), "day": ("hour", 24), "hour": ("minute", 60), "minute": ("second", 60)}
_FRACTION_WORDS = regex(r"(?:(?P<three>three|3)[\s-]+)?(?P<part>half|quarters?|1/2)$", re.IGNORECASE)


def _fraction_of(words: str | None) -> float:
    """'and a half' 0.5, 'and a quarter' 0.25, 'and three-quarters' 0.75, '1/2' 0.5; none 0."""
    match = _FRACTION_WORDS.search(words or "")
    if match is None:
        return 0
    if match.group("part").lower() in ("half", "1/2"):
        return 0.5
    return 0.75 if match.group("three") else 0.25


def _fraction_part(fraction: float, unit: str) -> str:
    """A fraction of a unit in the next smaller one, as a duration's tail: 0.5 day 'T12H', 0.25 hour
    '15M', 0.5 year '6M'; '' when it is no whole number of them."""
    if unit not in _SMALLER_UNITS or not (fraction * _SMALLER_UNITS[unit][1]).is_integer():
        return ""
    smaller, per = _SMALLER_UNITS[unit]
    letter, is_clock, _ = lexicon.UNITS[smaller]
    return ("T" if is_clock and not lexicon.UNITS[unit][1] else "") + f"{fraction * per:g}{letter}"


_DURATION_ORDER = ("year", "month", "week", "day", "hour", "minute", "second")


def _resolve_duration_pair(cand: Candidate, ctx: DocContext):
    """'two hours and 40 minutes': PT2H40M; 'three years and six months': P3Y6M; 'eight days, three
    hours and 18 minutes': P8DT3H18M. Each unit must be smaller than the one before; every amount a
    whole number but seconds ('1 minute 28.997 seconds': PT1M28.997S)."""
    groups = cand.groups
    parts = [(groups[num], groups[unit]) for num, unit in (("num", "unit"), ("num_b", "unit_b"), ("num_c", "unit_c"))
             if groups.get(unit)]
    units = [lexicon.unit_of(unit) for _, unit in parts]
    amounts = [lexicon.number_value(num) for num, _ in parts]
    if not all(isinstance(amount, int) or (unit == "second" and isinstance(amount, float))
               for amount, unit in zip(amounts, units)) or any(
            _DURATION_ORDER.index(larger) >= _DURATION_ORDER.index(smaller) for larger, smaller in zip(units, units[1:])):
        return None
    if "week" in units:  # 'P1W' takes no other unit: 'a year and two weeks' is P1Y14D
        amounts = [amount * 7 if unit == "week" else amount for amount, unit in zip(amounts, units)]
        units = ["day" if unit == "week" else unit for unit in units]
        merged: list[tuple[int, str]] = []
        for amount, unit in zip(amounts, units):  # 'two weeks and three days': P17D
            merged.append((merged.pop()[0] + amount, unit) if merged and merged[-1][1] == unit else (amount, unit))
        amounts, units = [amount for amount, _ in merged], [unit for _, unit in merged]
    date_part = time_part = ""
    for amount, unit in zip(amounts, units):
        letter, is_clock, _ = lexicon.UNITS[unit]
        if is_clock:
            time_part += f"{amount}{letter}"
        else:
            date_part += f"{amount}{letter}"
    value = "P" + date_part + ("T" + time_part if time_part else "")
    return Resolution("DURATION", value, _mod(groups.get("amod")))


def _resolve_duration(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    if groups.get("unit_b"):
        return _resolve_duration_pair(cand, ctx)
    unit = lexicon.unit_of(groups["unit"])
    amount = lexicon.number_value(groups.get("num2") or groups["num"])
    if amount is None or unit is None:
        return None
    if amount == 1 and groups["unit"].lower() != unit:
        amount = "X"  # 'a decades-long feud': an article before a plural unit counts nothing
    fraction = _fraction_of(groups.get("frac") or groups.get("frac2"))
    if isinstance(amount, float) and amount < 1 and not fraction:  # 'half an hour': PT30M, not PT0.5H;
        value = _duration_value(*_in_whole_units(amount, unit))  # 'a quarter of a year': P3M
    elif fraction and amount == 1 and unit == "year":
        value = f"P{12 * (1 + fraction):g}M"  # 'a year and a half': P18M
    elif fraction and isinstance(amount, int):
        tail = _fraction_part(fraction, unit)  # 'two and a quarter hours': PT2H15M; else decimal ('P2.5W')
        value = _duration_value(amount, unit) + tail if tail else _duration_value(amount + fraction, unit)
    else:
        value = _duration_value(amount, unit)
    if value is None:
        return None
    if _clean(groups.get("tail")) == "old":
        return None  # an age ('a 6-year-old'), not a temporal expression
    if ctx.doc_type == "narrative" and not (fraction or groups.get("num2") or groups.get("amod")):
        event_offset = _event_offset(cand, ctx, amount, unit)
        if event_offset is not None:
            return event_offset
    return Resolution("DURATION", value, _mod(groups.get("amod"), groups.get("tmod")))


def _resolve_nights(cand: Candidate, ctx: DocContext):
    """'a stay of [three nights]': a length in days; '[two nights ago]': that night."""
    amount = lexicon.number_value(_clean(cand.groups["num"]))
    if not isinstance(amount, int):
        return None
    mod = _mod(cand.groups.get("amod"))
    if not cand.groups.get("ago"):
        return Resolution("DURATION", f"P{amount}D", mod)
    ref = ctx.reference()
    if ref is None or ref.as_date is None:
        return Resolution("TIME", "PAST_REF", mod)
    return Resolution("TIME", f"{_fmt_date(ref.as_date - timedelta(days=amount))}TNI", mod, ref)


# 'before/after' and an event, not a date ('after the fall of Girona', not 'after May 5').
_BEFORE_OR_AFTER_EVENT = regex(
    r"\s+(before|after)\s+(?!(?:"
    + "|".join(lexicon.FRAGMENTS[name] for name in ("MONTH", "WEEKDAY", "HOLIDAY")) + r")\b)[A-Za-z]",
    re.IGNORECASE)


# How long, not when: 'held out [for a month] before', 'his record lasted only [46 days] before'.
_FOR_BEFORE = regex(r"\b(?:for|lasted|lasting|lasts|took|spent)\s+(?:only\s+|just\s+|nearly\s+|almost\s+|about\s+)?$",
                    re.IGNORECASE)


def _event_offset(cand: Candidate, ctx: DocContext, amount, unit: str) -> Resolution | None:
    """'[Five days] after the fall of Girona' in a history: the date that far from the story's
    current date (the event is usually the one just told); approximate amounts stay durations."""
    match = _BEFORE_OR_AFTER_EVENT.match(ctx.text, cand.end)
    ref = ctx.reference(anaphoric=True)
    if match is None or ref is None or ref.source != "text" or not isinstance(amount, int) \
            or lexicon.UNITS[unit][1] or _FOR_BEFORE.search(ctx.text, max(0, cand.start - 12), cand.start):
        return None  # 'held out [for a month] before the fort fell': how long; '[Seventy-three
        # seconds] after liftoff': less than a day, no date
    sign = -1 if match.group(1) == "before" else 1
    value = shifted_value(ref, sign * amount, unit)
    return Resolution("DATE", value, None, ref) if value else None


def _resolve_plural_units(cand: Candidate, ctx: DocContext):
    """'for years', 'recent months': an unspecified number of units; but '[recent years]' is the
    recent past (TimeBank and AQUAINT: 3 of 4; the hand-written sets split 7 to 7)."""
    unit = lexicon.unit_of(cand.groups["unit"])
    if unit == "year" and _clean(cand.groups.get("rel")) == "recent":
        return Resolution("DATE", "PAST_REF")
    return Resolution("DURATION", _duration_value("X", unit))


def _resolve_unit_long(cand: Candidate, ctx: DocContext):
    """'a day-long meeting' and 'the coming fortnight' last one unit, 'a decades-long feud' an
    unspecified number of them."""
    word = _clean(cand.groups["unit"])
    unit = lexicon.unit_of(word)
    return Resolution("DURATION", _duration_value("X" if word != unit else 1, unit))


# After 'the week/month/year': the period ends on a date ('the week ended Jan. 2', 'the year to March').
_PERIOD_ENDING = regex(
    r"\s+(?:ended|ending|ends|that\s+ended|which\s+ended|to(?=\s+(?:\d|(?:" + lexicon.FRAGMENTS["MONTH"]
    + "|" + lexicon.FRAGMENTS["WEEKDAY"] + r")(?!\w))))\b", re.IGNORECASE)

_OF_AFTER = regex(r"\s+of\b")


def _is_period_up_to_now(cand: Candidate, ctx: DocContext, unit: str, mod: str | None) -> bool:
    """'the past year', 'the last month': the length of time up to now (as the annotators of the
    hand-written sets write it, eleven of eleven; TimeBank's three are dates), not 'the last year
    of his term' nor 'the last day'."""
    phrase = _clean(cand.groups["rel"])
    return mod is None and (phrase == "the past" and unit in ("year", "month", "week", "day")
                            or phrase == "the last" and unit in ("year", "month", "week")) \
        and not _OF_AFTER.match(ctx.text, cand.end)


_DEICTIC_RELS = frozenset({"this", "next", "last"})  # without an article: told from the time of writing
_OF_BEFORE = regex(r"\bof\s+$")  # ('the major event of [this year]': the story's year)


def _past_year_of_the_sentence(cand: Candidate, ctx: DocContext) -> bool:
    """Whether a news sentence named a past year before the candidate, which its tense does not
    move ahead of: the story's year ('in 1926 ... by [the end of the year]')."""
    story = ctx.text_reference
    if ctx.doc_type != "news" or ctx.dct is None or story is None or story.source != "text" \
            or story.year >= ctx.dct.year:
        return False
    sentence_start = sentence_span(ctx.text, cand.start, cand.end)[0]
    return ctx.reference_start >= sentence_start and not _IN_AN_ASIDE.search(ctx.text, sentence_start, ctx.reference_start) \
        and ctx.direction(cand) != FUTURE


_IN_AN_ASIDE = regex(r",\s+(?:which|who|founded|built|opened)\b[^,]*$", re.IGNORECASE)  # ('the store, which
# opened in [1929], ...': no story)


def _resolve_rel_unit(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    rel = _rel(groups["rel"])
    unit = _clean(groups["unit"])
    if unit.startswith("quarter"):  # '[the past quarter century]': no calendar period has the name, a length
        return Resolution("DURATION", "P25Y", _mod(groups.get("pmod")))
    if rel == "the" and unit == "day":  # 'the day' names no day, but '[by the end of the day]' ends the one told of
        ref = ctx.reference(anaphoric=True) if groups.get("pmod") and DEADLINE_WORD_BEFORE.search(
            ctx.text, max(0, cand.start - 7), cand.start) else None
        return Resolution("DATE", _fmt_date(ref.as_date), _mod(groups.get("pmod")), ref) \
            if ref is not None and ref.as_date is not None else None
    if unit in ("year", "month", "week") and rel == "the" and _PERIOD_ENDING.match(ctx.text, cand.end):
        return Resolution("DURATION", _duration_value(1, unit))  # 'the week ended/to Jan. 2': a length
    anaphoric = rel in _ANAPHORIC_WORDS or _clean(groups.get("adj")) == "same" or (
        unit == "day" and rel in ("next", "previous", "latest"))
    ref = ctx.reference(anaphoric=anaphoric)
    if rel == "the" and unit in ("year", "decade") and _past_year_of_the_sentence(cand, ctx):
        ref = ctx.text_reference  # 'began the route in 1926 and drove a Ford by [the end of the decade]'
    if ctx.doc_type == "narrative" and ctx.dct and _clean(groups["rel"]) in _DEICTIC_RELS \
            and unit in ("year", "week", "month", "weekend") and not _OF_BEFORE.search(ctx.text, max(0, cand.start - 4), cand.start):
        ref = Reference.from_date(ctx.dct, "dct")  # a history's '[this year]', '[next year]': the writer's
    mod = _mod(groups.get("pmod"), groups.get("tailmod"))
    offset = _OFFSETS.get(rel, 0)
    if ref is None:
        return _underspecified_unit(unit, mod)
    if groups.get("yago") and (ref.month is not None or unit == "week"):
        # 'in October, from [the same month last year]': a year before the one named
        if unit == "month":
            return Resolution("DATE", f"{_fmt_year(ref.year - 1)}-{ref.month:02d}", mod, ref)
        if unit == "week" and ref.as_date is None and ctx.named_week is not None:
            # 'prices rose [last week], up from [the same week a year ago]': that week a year back
            return Resolution("DATE", _fmt_week(ctx.named_week[1] - timedelta(weeks=52)), mod, ref)
        if ref.as_date is not None:
            day = ref.as_date - timedelta(weeks=52) if unit == "week" else _same_day_back(ref, 1, "year")
            return Resolution("DATE", _fmt_week(day) if unit == "week" else _fmt_date(day), mod, ref)
    if rel == "the" and unit == "week" and mod is None:
        return Resolution("DATE", f"{_fmt_year(ref.year)}-WXX", mod, ref)  # 'for the week, ...': which?
    if unit in ("decade", "century") and rel in ("past", "next", "coming") and mod is None and not groups.get("partof"):
        story = ctx.text_reference
        decade_named = _DECADE_BEFORE.search(ctx.text, sentence_span(ctx.text, cand.start, cand.end)[0], cand.start) \
            if unit == "decade" else None
        if decade_named:  # 'retired in the late 1950s, and [the next decade] ...': that decade's
            story = Reference(int(decade_named.group(1)) * 10 + 5, source="text")
        if rel == "next" and story is not None \
                and not _SPAN_PREPOSITION_BEFORE.search(ctx.text, max(0, cand.start - 12), cand.start):
            # 'moved to Ticino in 1961, and in [the next decade] he wrote': the decade after the story's
            year = story.year + lexicon.UNITS[unit][2]
            digits_dropped = {"decade": 1, "century": 2}[unit]
            return Resolution("DATE", _fmt_year(year)[:len(_fmt_year(year)) - digits_dropped], mod, story)
        return Resolution("DURATION", _duration_value(1, unit))  # '(over) the past/next decade': P10Y
    if _is_period_up_to_now(cand, ctx, unit, mod):
        return Resolution("DURATION", _duration_value(1, unit))  # 'fell 22% over [the past year]': P1Y
    if unit in ("year", "decade", "century"):
        span = lexicon.UNITS[unit][2]
        year = ref.year + offset * span - (unit == "year" and _year_just_ended(cand, ctx, ref, rel))
        if unit == "year" and rel == "the" and _clean(groups.get("adj")) == "full" and ctx.last_quarter:
            year = ctx.last_quarter[0]  # 'fourth-quarter earnings ..., bringing its profit for [the full
            # year]' reported in January: the year of that quarter
        digits_dropped = {"year": 0, "decade": 1, "century": 2}[unit]  # 1998 -> 199 -> 19
        value = _fmt_year(year)[:len(_fmt_year(year)) - digits_dropped]
        return Resolution("DATE", value, mod, ref)
    if unit == "week" and ref.week is not None:  # 'last week, double the previous week's total'
        monday = date.fromisocalendar(ref.year, ref.week, 1)
        return Resolution("DATE", _fmt_week(monday + timedelta(weeks=offset)), mod, ref)
    if ref.month is None:
        return Resolution("DATE", f"{_fmt_year(ref.year)}" + ("-XX-XX" if unit == "day" else ""), mod, ref)
    if unit == "month":
        year, month = _shift_month(ref.year, ref.month, offset)
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}", mod, ref)
    if unit == "day" and ref.day is not None:  # ('the next day' after a day BC too)
        return Resolution("DATE", shifted_day(ref, offset), mod, ref)
    origin = ref.as_date
    if origin is None:  # a day of a month named without its day: 'that same day' -> 0479-06-XX
        return Resolution("DATE", f"{_fmt_year(ref.year)}-{ref.month:02d}" + ("-XX" if unit == "day" else ""),
                          mod, ref)
    if unit == "week":
        return Resolution("DATE", _fmt_week(origin + timedelta(weeks=offset)), mod, ref)
    if ref.source == "text" and (rel in ("that", "same") or rel == "the" and ctx.doc_type == "narrative"):
        # 'opened on Friday, Oct. 20. [That weekend]'; a history's 'opened on Thursday ... Over [the weekend]'
        return Resolution("DATE", _fmt_week(origin) + "-WE", mod, ref)
    if ref.source == "text" and rel in ("following", "next") and origin.isoweekday() < 6:
        # 'the wall opened on Thursday, 9 November. [The following weekend]': that week's
        return Resolution("DATE", _fmt_week(origin) + "-WE", mod, ref)
    return Resolution("DATE", _weekend_value(cand, ctx, origin, rel, offset), mod, ref)


def _weekend_value(cand: Candidate, ctx: DocContext, origin: date, rel: str, offset: int) -> str:
    """'this weekend' and 'the coming weekend' on a weekday are the coming one, unless told in the
    past on a Monday ('gathered this weekend'); 'the weekend' follows the tense, but a deadline's
    ('were reluctant to buy before [the weekend]', 'a deal by [the weekend]') is this week's whatever
    the tense (the sets, 62 of 65; not 'snow left by [the weekend]'s storm')."""
    if rel in ("coming", "this coming") and origin.isoweekday() < 6:
        offset = 0  # 'this coming weekend' said on a Tuesday: that week's
    deadline = rel == "the" and _DEADLINE_BEFORE.search(ctx.text, max(0, cand.start - 12), cand.start) \
        and not ctx.text.startswith(("'s", "’s"), cand.end)
    if offset == 0 and rel in ("the", "that", "same") and origin.isoweekday() < 6 and not deadline:
        direction = ctx.direction(cand) or PAST
        offset = -1 if direction == PAST else 0
    elif offset == 0 and rel == "this" and origin.isoweekday() == 1 and ctx.direction(cand) == PAST:
        offset = -1  # said on a Monday, the weekend just gone; later in the week, the week's own
    return _fmt_week(origin + timedelta(weeks=offset)) + "-WE"


_DEADLINE_BEFORE = regex(r"\b(?:before|by|until|till|ahead\s+of)\s+$", re.IGNORECASE)
# A decade named earlier in the sentence ('the late [195]0s').
_DECADE_BEFORE = regex(r"\b(1\d\d|20\d)0s\b(?!.*\b(?:1\d\d|20\d)0s\b)")
# Before a period, what makes it a length ('over [the next decade]', 'for [the next decade] he earned').
_SPAN_PREPOSITION_BEFORE = regex(r"\b(?:over|within|for|throughout|across)\s+$", re.IGNORECASE)


def _underspecified_unit(unit: str, mod: str | None) -> Resolution:
    value = {"year": "XXXX", "decade": "XXX", "century": "XX", "month": "XXXX-XX",
             "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "day": "XXXX-XX-XX"}[unit]
    return Resolution("DATE", value, mod)


def _resolve_year_adj(cand: Candidate, ctx: DocContext):
    """'year-earlier results': the previous year, or its same quarter in a quarterly report;
    'full-year profit': the year of the quarter reported, else the current one."""
    ref = ctx.reference()
    if ref is None:
        return Resolution("DATE", "XXXX")
    if _clean(cand.groups["yadj"]) == "full-year":
        return Resolution("DATE", _fmt_year(ctx.last_quarter[0] if ctx.last_quarter else ref.year), None, ref)
    if ctx.last_quarter:
        year, quarter = ctx.last_quarter
        return Resolution("DATE", f"{_fmt_year(year - 1)}-Q{quarter}", None, ref)
    return Resolution("DATE", _fmt_year(ref.year - 1), None, ref)


def _year_just_ended(cand: Candidate, ctx: DocContext, ref: Reference, rel: str) -> bool:
    """Whether 'the year' told in the past in a January news story is the year just ended
    ('Profits fell at the end of the year' on Jan. 5)."""
    return rel in ("the", "") and ref.source == "dct" and ref.month == 1 and ctx.direction(cand) == PAST


def _resolve_year_end(cand: Candidate, ctx: DocContext):
    ref = ctx.reference()
    if ref is None:
        return Resolution("DATE", "XXXX", "END")
    rel = _clean(cand.groups.get("rel"))
    year = ref.year + _OFFSETS.get(rel, 0) - _year_just_ended(cand, ctx, ref, rel)
    return Resolution("DATE", _fmt_year(year), _mod(cand.groups.get("amod")), ref)


def _resolve_set(cand: Candidate, ctx: DocContext):
    groups = cand.groups
    if groups.get("wday"):
        pod = _pod(groups.get("wdaypod"))
        return Resolution("SET", f"XXXX-WXX-{lexicon.WEEKDAYS[_clean(groups['wday'])]}"
                                 + (f"T{pod}" if pod else ""))
    if groups.get("weekend"):
        return Resolution("SET", "XXXX-WXX-WE")
    if groups.get("pod"):
        count = lexicon.number_value(groups["num"]) if groups.get("num") else None
        if isinstance(count, int) and count > 1:  # 'every three nights': every third day
            return Resolution("SET", f"P{count}D")
        return Resolution("SET", f"XXXX-XX-XXT{_pod(groups['pod'])}")
    if groups.get("season"):
        return Resolution("SET", f"XXXX-{lexicon.SEASONS[_clean(groups['season'])]}")
    if groups.get("month"):  # 'every April', 'every April 15', 'every 15 April' (the day read as a count)
        mday = groups.get("mday") or (groups.get("num") if (groups.get("num") or "").isdigit() else None)
        day = f"-{_day_number(mday):02d}" if mday else ""
        return Resolution("SET", f"XXXX-{_month_number(groups['month']):02d}{day}")
    if groups.get("holiday"):  # 'every Christmas': its day each year; a movable feast's is unknown
        month, rule = lexicon.HOLIDAYS[_clean(groups["holiday"])]
        return Resolution("SET", f"XXXX-{month:02d}-{int(rule):02d}" if rule.isdigit() else "XXXX-XX-XX")
    unit = lexicon.unit_of(groups["unit"])
    amount = 0.5 if _clean(groups.get("num")) == "half" else lexicon.number_value(groups["num"]) if groups.get("num") else 1
    if groups.get("num") is None and "other" in _clean(cand.groups.get("every") or "") + \
            ctx.text[cand.start:cand.end].lower():
        amount = 2
    if amount is None or unit is None:
        return None
    if unit == "quarter" and isinstance(amount, int):
        amount, unit = amount * 3, "month"  # '[every quarter]': P3M, as 'quarterly' is (TimeBank, the sets)
    value = _duration_value(*_in_whole_units(amount, unit)) if isinstance(amount, float) else _duration_value(amount, unit)
    return Resolution("SET", value) if value else None


def _resolve_frequency(cand: Candidate, ctx: DocContext):
    """'twice a week', 'three times a year': a SET of the unit (the count is TimeML's freq, not kept);
    'eight hours a night': daily."""
    word = _clean(cand.groups["unit"])
    unit = "day" if word == "night" else lexicon.unit_of(word)
    value = _duration_value(1, unit) if unit else None
    return Resolution("SET", value) if value else None


def _resolve_interval_set(cand: Candidate, ctx: DocContext):
    """'seen at [six-month intervals]': a SET of that length."""
    amount, unit = lexicon.number_value(_clean(cand.groups["num"])), lexicon.unit_of(cand.groups["unit"])
    value = _duration_value(amount, unit) if isinstance(amount, int) and unit else None
    return Resolution("SET", value) if value else None


def _resolve_set_word(cand: Candidate, ctx: DocContext):
    return Resolution("SET", lexicon.SETS[_clean(cand.groups["setword"])])


def _resolve_weekday_set(cand: Candidate, ctx: DocContext):
    return Resolution("SET", f"XXXX-WXX-{lexicon.WEEKDAYS[_clean(cand.groups['wday'])]}")


def _resolve_run_weekend(cand: Candidate, ctx: DocContext):
    """'took in $25.1 million in [its opening weekend]', '[its second weekend]': a weekend of a film's
    (a show's) run, the one just gone unless told of the future."""
    ref = ctx.reference()
    if ref is None or ref.as_date is None:
        return Resolution("DATE", "XXXX-WXX-WE")
    return Resolution("DATE", _weekend_value(cand, ctx, ref.as_date, "the", 0), None, ref)


def _resolve_midweek(cand: Candidate, ctx: DocContext):
    """'will climb by [midweek]': the ISO week of the Wednesday the tense points to (news: the
    last one unless told of the future)."""
    ref = ctx.reference()
    if ref is None or ref.as_date is None:
        return Resolution("DATE", "XXXX-WXX")
    wednesday = _weekday_date(3, ref.as_date, ctx.direction(cand) or PAST, strict=False)
    return Resolution("DATE", _fmt_week(wednesday), None, ref)


SEASON_TURNS_IN_MONTH = 3  # a league's 'this season' before March is the one that began the year before


def _resolve_play_season(cand: Candidate, ctx: DocContext):
    """A league's 'this/last/next season': the year it began ('the most by any team [this season]'
    in January 2023: 2022). Before March, 'last season' is the latest finished one, begun the year
    before. 'the following/previous season', 'that season': the season after, before or of the
    year the text tells of."""
    rel = _clean(cand.groups["rel"])
    if rel.startswith(("the ", "that")):  # 'relegated in the 1949 season and again [the following season]'
        story = ctx.text_reference
        named = ctx.last_period  # (a season named as 'the 1949 season' is an aside that moves no story)
        if named and _YEAR_ONLY.match(named[2]) and (story is None or named[0] > ctx.reference_start):
            story = Reference(int(named[2]), source="text")
        if story is None:
            return None
        return Resolution("DATE", _fmt_year(story.year + _OFFSETS.get(_rel(rel), 0)), None, story)
    ref = ctx.reference()
    if ref is None or ref.month is None:
        return None
    year = ref.year - (ref.month < SEASON_TURNS_IN_MONTH)
    if rel == "next":
        year += 1
    elif rel == "last" and ref.month >= SEASON_TURNS_IN_MONTH:
        year -= 1
    return Resolution("DATE", _fmt_year(year), None, ref)


def _resolve_someday(cand: Candidate, ctx: DocContext):
    """'will [one day] join': some time ahead, not a day long."""
    return Resolution("DATE", "FUTURE_REF")


def _resolve_vague_duration(cand: Candidate, ctx: DocContext):
    """'within [a generation]', 'for [ages]': a length of time with no number."""
    return Resolution("DURATION", lexicon.VAGUE_DURATIONS[_clean(cand.groups["vague"])])


def _resolve_ref(cand: Candidate, ctx: DocContext):
    phrase = _clean(cand.groups["ref"])
    if phrase in lexicon.NARRATIVE_ONLY_REFS and ctx.doc_type != "narrative":
        return None
    return Resolution("DATE", lexicon.REFS[phrase])


@lru_cache(maxsize=1024)
def _calendar_holiday(year: int, country: str, name: str, category: str = "public") -> date | None:
    """The first day named `name` in `country`'s holidays of `year` of the category (the `holidays`
    package's lunar calendars: Eid al-Fitr, Yom Kippur, Diwali, Chinese New Year; its estimated days
    too); None outside its range."""
    import holidays  # imported on first use: most texts name no such holiday

    try:
        with warnings.catch_warnings():  # 'available only from 2001 to 2035': then it has none
            warnings.simplefilter("ignore")
            days = holidays.country_holidays(country, years=year, language="en_US", categories=(category,))
    except (NotImplementedError, ValueError, KeyError):
        return None
    return min((day for day, names in days.items()
                if name in (named.removesuffix(" (estimated)") for named in names.split("; "))), default=None)


def _holiday_date(year: int, month: int, rule: str) -> date | None:
    """The day a holiday rule gives in `year`: a day of `month`, 'n:isoweekday' (the nth weekday,
    -1 the last; '4:4+1' the day after the fourth Thursday) or 'easter+n'/'easter-n' (days from
    Easter Sunday; `month` unused; 'orthodox-easter+n' from the Orthodox one) or
    'calendar:<country>:<name>' (see _calendar_holiday)."""
    if rule.startswith("easter"):
        return easter(year) + timedelta(days=int(rule[len("easter"):] or 0)) if year > 1582 else None
    if rule.startswith("orthodox-easter"):
        return easter(year, EASTER_ORTHODOX) + timedelta(days=int(rule[len("orthodox-easter"):] or 0)) \
            if year > 1582 else None
    if rule.startswith("calendar:"):
        return _calendar_holiday(year, *rule.split(":")[1:])
    if ":" not in rule:
        return _safe_date(year, month, int(rule))
    nth, weekday, *days_after = (int(part) for part in re.split(r"[:+]", rule))
    days = [day for day in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, day).isoweekday() == weekday]
    return date(year, month, days[nth if nth < 0 else nth - 1]) + timedelta(days=sum(days_after))


HOLIDAY_NEAR_DAYS = 30  # a holiday this close to the reference wins over one far on the tense's side


def _resolve_holiday(cand: Candidate, ctx: DocContext):
    """'Christmas', 'last Thanksgiving', 'Easter 2026': the holiday's day nearest the reference in
    the tense's direction; 'Easter week' is the ISO week holding it; 'the Memorial Day weekend' the
    weekend nearest the holiday (a Monday's is the one before it)."""
    day = _observance_under_way(cand, ctx) or _holiday_day(cand, ctx)
    day = _on_the_weekday_named(cand, ctx, day)
    if day is not None and re.fullmatch(r"\d{4}-\d\d-\d\d", day.value) and (
            cand.groups.get("hshift") or cand.groups.get("hpod")):
        # 'the day after Thanksgiving', 'the first day of Passover', 'the eve of Passover', 'Christmas morning'
        hshift = _clean(cand.groups.get("hshift"))
        if hshift.startswith("week"):  # 'the week before Christmas': the ISO week a week off it
            week_day = date.fromisoformat(day.value) + timedelta(weeks=1 if hshift == "week after" else -1)
            return Resolution("DATE", _fmt_week(week_day), None, day.reference)
        shift = {"day after": 1, "day before": -1, "eve of": -1}.get(hshift, 0)
        if cand.groups.get("hwday"):  # 'the Friday after Thanksgiving', 'the Sunday before Easter'
            gap = (lexicon.WEEKDAYS[_clean(cand.groups["hwday"])] - date.fromisoformat(day.value).isoweekday()) % 7
            shift = (gap or 7) if hshift.endswith("after") else (gap - 7 if gap else -7)
        shifted = _fmt_date(date.fromisoformat(day.value) + timedelta(days=shift))
        return _with_pod(shifted, _pod(cand.groups.get("hpod"))) if cand.groups.get("hpod") \
            else Resolution("DATE", shifted, None, day.reference)
    lasting = lexicon.OBSERVANCE_DAYS.get(_clean(cand.groups["holiday"]))
    if lasting and day is not None and re.fullmatch(r"\d{4}-\d\d-\d\d", day.value) and not cand.groups.get("hweek"):
        return Resolution("DATE", _unit_holding(date.fromisoformat(day.value), lasting), None, day.reference)
    if day is None or not cand.groups.get("hweek"):
        return day
    if cand.groups.get("hweekend"):
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", day.value):
            return Resolution("DATE", "XXXX-WXX-WE", None, day.reference)
        holiday = date.fromisoformat(day.value)
        saturday = min((holiday + timedelta(days=k) for k in range(-6, 7)
                        if (holiday + timedelta(days=k)).isoweekday() == 6),
                       key=lambda d: (abs((d - holiday).days - 0.5), d))
        return Resolution("DATE", f"{_fmt_week(saturday)}-WE", None, day.reference)
    ref = ctx.reference()
    origin = ref.as_date if ref and not (cand.groups.get("year") or cand.groups.get("inyear")) else None
    if origin:  # 'as Easter week began': the week under way holds this year's holiday
        month, rule = lexicon.HOLIDAYS[_clean(cand.groups["holiday"])]
        current = _holiday_date(origin.year, month, rule)
        if current and _fmt_week(current) == _fmt_week(origin):
            return Resolution("DATE", _fmt_week(current), None, ref)
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", day.value):
        return Resolution("DATE", "XXXX-WXX", None, day.reference)
    return Resolution("DATE", _fmt_week(date.fromisoformat(day.value)), None, day.reference)


_ON_WEEKDAY_AFTER = regex(r"\s+(?:(?:falls|fell|begins|began|starts|started)\s+)?on\s+(" + lexicon.FRAGMENTS["WEEKDAY"]
                          + r")\b", re.IGNORECASE)
LUNAR_SIGHTING_DAYS = 1  # a lunar holiday a country keeps a day off another's computed one


def _on_the_weekday_named(cand: Candidate, ctx: DocContext, day: Resolution | None) -> Resolution | None:
    """A lunar holiday told with its weekday ('celebrated [Eid al-Fitr] on Monday') is on that
    weekday when the calendars' day is a day off it (the moon seen a day early or late)."""
    if day is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", day.value) \
            or not lexicon.HOLIDAYS[_clean(cand.groups["holiday"])][1].startswith("calendar:"):
        return day
    named = _ON_WEEKDAY_AFTER.match(ctx.text, cand.end)
    if named is None:
        return day
    computed, weekday = date.fromisoformat(day.value), lexicon.WEEKDAYS[_clean(named.group(1))]
    for shift in range(-LUNAR_SIGHTING_DAYS, LUNAR_SIGHTING_DAYS + 1):
        candidate = computed + timedelta(days=shift)
        if candidate.isoweekday() == weekday:
            return Resolution("DATE", _fmt_date(candidate), None, day.reference)
    return day


def _unit_holding(first: date, days: int) -> str:
    """The month or, across months, the year an observance of `days` days from `first` falls in
    ('Ramadan' 2008: 2008-09; Hanukkah 2013, from Nov. 28: 2013)."""
    last = first + timedelta(days=days - 1)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}"


def _observance_under_way(cand: Candidate, ctx: DocContext) -> Resolution | None:
    """The first day of an observance the reference day falls in ('[Ramadan] began today', 'fasting
    during [Lent]' said in March), unless 'last' or 'next' points to another one or a day of one is
    named ('the eve of Passover')."""
    name = _clean(cand.groups["holiday"])
    lasting, ref = lexicon.OBSERVANCE_DAYS.get(name), ctx.reference()
    if not lasting or ref is None or ref.as_date is None or cand.groups.get("year") or cand.groups.get("inyear") \
            or cand.groups.get("hshift") or _rel(cand.groups.get("rel")) in ("last", "next"):
        return None
    month, rule = lexicon.HOLIDAYS[name]
    for year in (ref.as_date.year - 1, ref.as_date.year):
        first = _holiday_date(year, month, rule)
        if first is not None and first <= ref.as_date < first + timedelta(days=lasting):
            return Resolution("DATE", _fmt_date(first), None, ref)
    return None


_STORY_HOLIDAY_RELS = frozenset({"the following", "the next", "the previous"})


def _holiday_from_the_story(ctx: DocContext, month: int, rule: str, after: bool):
    """The holiday first after (or last before) the month the story has reached, as 'the following
    December' is ('appeared on Dec. 22, 2003. [The following Christmas]': 2004's)."""
    story = ctx.reference(anaphoric=True)
    if story is None:
        return Resolution("DATE", f"XXXX-{month:02d}-{int(rule):02d}" if rule.isdigit() else "XXXX")
    reached = (story.year, story.month or 0)
    options = [day for day in (_holiday_date(story.year + k, month, rule) for k in (-1, 0, 1))
               if day and ((day.year, day.month) > reached if after else (day.year, day.month) < reached)]
    if not options:
        return None
    return Resolution("DATE", _fmt_date(min(options) if after else max(options)), None, story)


def _holiday_day(cand: Candidate, ctx: DocContext):
    """The day of the holiday named (see _resolve_holiday)."""
    name = _clean(cand.groups["holiday"])
    groups = cand.groups
    if groups.get("ayear") or groups.get("abcyear"):  # the date set beside it: 'St Crispin's Day, 25
        # October 1415', 'the Ides of March, 15 March 44 BC'
        year = int(groups["ayear"]) if groups.get("ayear") else 1 - int(groups["abcyear"])
        month, day = _month_number(groups.get("amonth") or groups["amonth2"]), \
            _day_number(groups.get("aday") or groups["aday2"])
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}-{day:02d}") if _is_day_of(year, month, day) else None
    month, rule = _national_day(ctx.text, cand, name) or _orthodox_day(ctx.text, cand, name) or lexicon.HOLIDAYS[name]
    if groups.get("bcyear") and rule.isdigit():  # 'the Ides of March 44 BC'
        return Resolution("DATE", f"{_fmt_year(1 - int(groups['bcyear']))}-{month:02d}-{int(rule):02d}")
    year = cand.groups.get("year") or cand.groups.get("inyear")  # 'Mardi Gras in 2021'
    if year:
        day = _holiday_date(int(year), month, rule)
        return Resolution("DATE", _fmt_date(day)) if day else None
    rel = _clean(cand.groups.get("rel"))
    if rel in _STORY_HOLIDAY_RELS:  # 'appeared on Dec. 22, 2003. [The following Christmas]': 2004's
        return _holiday_from_the_story(ctx, month, rule, after=rel != "the previous")
    ref = ctx.reference()
    if ref is None or (not rel and rule.isdigit() and _is_habitual(cand, ctx)):
        # no reference, or 'shops traditionally close early on [Christmas Eve]': no year
        return Resolution("DATE", f"XXXX-{month:02d}-{int(rule):02d}" if rule.isdigit() else "XXXX")
    told = _days_after_a_past_story(ctx, month, int(rule)) if rule.isdigit() and not rel else None
    if told is not None:  # 'fire broke out on July 3, 1909 ... canceled its [Independence Day] parade'
        return Resolution("DATE", _fmt_date(told), None, ctx.text_reference)
    sentence_year = _the_sentence_year(cand, ctx)
    in_that_year = _holiday_date(sentence_year, month, rule) if sentence_year is not None else None
    if in_that_year is not None:  # '[Last year], deputies made 14 arrests on [New Year's Eve]'
        return Resolution("DATE", _fmt_date(in_that_year), None, ref)
    if ref.year < 1:  # a story before the Common Era: a fixed day of its year, no calendar to choose in
        return Resolution("DATE", f"{_fmt_year(ref.year)}-{month:02d}-{int(rule):02d}" if rule.isdigit()
                          else _fmt_year(ref.year), None, ref)
    origin = ref.as_date or date(ref.year, 7, 1)
    options = [d for d in (_holiday_date(ref.year + k, month, rule) for k in (-1, 0, 1)) if d]
    if ref.source == "text" and ref is not ctx.speech_day:  # the story's year; the next one for a January
        # holiday after December (a quotation's speech day is told from like a DCT: 'Over [Christmas] we lost
        # power,' she told the council on Friday, Jan. 2)
        year = ref.year + (ref.month is not None and ref.month - month > NARRATIVE_MONTH_WRAP and not rel)
        options = [d for d in options if d.year == year] or options
    direction = _direction_for(cand, ctx, rel)
    if direction != FUTURE and not rel and (_is_after_the_act(cand, ctx) or _planned_for(ctx.text, cand.start)):
        direction = None  # before or planned for the holiday: the nearest one
    if rel and _OFFSETS.get(_rel(rel)):  # 'last Halloween' said on Halloween: a year ago, not today
        options = [day for day in options if day != origin] or options
    chosen = _choose(options, origin, direction, lambda a, b: abs((a - b).days))
    if not rel and direction is not None and abs((chosen - origin).days) > DAY_DIRECTION_WINDOW \
            and ctx.direction(cand, FAR_FUTURE_EVIDENCE if direction == FUTURE else FAR_PAST_EVIDENCE) is None:
        # a weakly told holiday far on the tense's side gives way to one just passed or coming ('will
        # be out six weeks after a win on [Boxing Day]', said on Dec. 30: four days ago)
        chosen = min(options, key=lambda day: abs((day - origin).days)) if any(
            abs((day - origin).days) <= HOLIDAY_NEAR_DAYS for day in options) else chosen
    return Resolution("DATE", _fmt_date(chosen), None, ref)


def _national_day(text: str, cand: Candidate, name: str) -> tuple[int, str] | None:
    """(month, day) of a holiday whose day depends on the country, for the country named nearest
    to it in its sentence ('India celebrates [Independence Day]'); None when none is named."""
    countries = lexicon.NATIONAL_DAYS.get(name)
    if not countries:
        return None
    left, right = sentence_span(text, cand.start, cand.end)
    named = [(min(abs(match.start() - cand.start), abs(match.start() - cand.end)), countries[match.group()])
             for match in _country_words(name).finditer(text, left, right)
             if not cand.start <= match.start() < cand.end]
    if not named:
        return None
    month, day = min(named)[1]
    return month, str(day)


_ORTHODOX = regex(r"\bOrthodox\b(?![^.;]*\bWestern\b)")  # (not 'Orthodox and Western Christians')


def _orthodox_day(text: str, cand: Candidate, name: str) -> tuple[int, str] | None:
    """The Orthodox (month, rule) of Easter or Christmas told of Orthodox Christians earlier in the
    sentence ('Serbian Orthodox believers will celebrate [Christmas] on Sunday': January 7)."""
    orthodox = lexicon.HOLIDAYS.get(f"orthodox {name}")
    if orthodox is None:
        return None
    left = sentence_span(text, cand.start, cand.end)[0]
    return orthodox if _ORTHODOX.search(text[left:cand.start]) else None


@lru_cache(maxsize=None)
def _country_words(name: str) -> re.Pattern:
    words = sorted(lexicon.NATIONAL_DAYS[name], key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")


def _resolve_to_date(cand: Candidate, ctx: DocContext):
    """'year to date', 'quarter-to-date': the period the DCT (or the story) is in."""
    ref = ctx.reference()
    if ref is None:
        return Resolution("DATE", "XXXX")
    unit = _clean(cand.groups["unit"])
    if unit == "year" or ref.month is None:
        return Resolution("DATE", _fmt_year(ref.year), None, ref)
    if unit == "quarter":
        return Resolution("DATE", f"{_fmt_year(ref.year)}-Q{(ref.month - 1) // 3 + 1}", None, ref)
    return Resolution("DATE", f"{_fmt_year(ref.year)}-{ref.month:02d}", None, ref)


def _resolve_named_date(cand: Candidate, ctx: DocContext):
    """'9/11', 'D-Day': the one day the name stands for (news's D-Day is the landings, no date)."""
    name = _clean(cand.groups["named"])
    if name in lexicon.NARRATIVE_ONLY_NAMED_DATES and ctx.doc_type != "narrative":
        return None
    return Resolution("DATE", lexicon.NAMED_DATES[name])


def _resolve_new_year(cand: Candidate, ctx: DocContext):
    """'in the new year' (lower case; 'the New Year' is the holiday): the year whose Jan. 1 is
    nearest the reference, the one just begun in January or the coming one in December."""
    ref = ctx.reference()
    if ref is None:
        return Resolution("DATE", "XXXX")
    origin = ref.as_date or date(ref.year, 7, 1)
    year = min((ref.year, ref.year + 1), key=lambda y: abs((date(y, 1, 1) - origin).days))
    return Resolution("DATE", _fmt_year(year), None, ref)


# A day opening a range whose closing day names the month: 'from [the 13th] to the 19th of October 1950'.
_RANGE_CLOSING_MONTH = regex(
    r"\s*(?:to|through|until|till|and|[-–])\s*the\s+\d{1,2}(?:st|nd|rd|th)\s+of\s+("
    + lexicon.FRAGMENTS["MONTH"] + r")(?:,?\s+(" + lexicon.FRAGMENTS["YEAR"] + r"))?", re.IGNORECASE)


def _resolve_day_ord(cand: Candidate, ctx: DocContext):
    """'the 14th': the month's day the tense and the text make it; '[the 15th of each month]' a
    recurrence (XXXX-XX-15); '[the evening of the 4th]' a part of that day."""
    day = _day_number(cand.groups["day"])
    if cand.groups.get("every"):
        return Resolution("SET", f"XXXX-XX-{day:02d}")
    resolution = _day_of_the_month(cand, ctx, day)
    pod = _pod(cand.groups.get("podof"))
    if resolution is None or pod is None:
        return resolution
    return Resolution("TIME", f"{resolution.value}T{pod}", resolution.mod, resolution.reference)


def _day_of_the_month(cand: Candidate, ctx: DocContext, day: int):
    closing = _RANGE_CLOSING_MONTH.match(ctx.text, cand.end)
    if closing:
        month = _month_number(closing.group(1))
        year = int(closing.group(2)) if closing.group(2) else coordinated_year(ctx, cand)
        if year is None:
            return _month_day(cand, ctx, month, day, None)
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}-{day:02d}") if _is_day_of(year, month, day) \
            else None
    if cand.groups.get("mrel") or cand.groups.get("inst"):  # 'the 3rd of this month', 'the 2nd inst.'
        ref = ctx.reference()
        if ref is None or ref.month is None:
            return None
        year, month = _shift_month(ref.year, ref.month, _OFFSETS.get(_clean(cand.groups.get("mrel")), 0))
        return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}-{day:02d}", None, ref) \
            if _is_day_of(year, month, day) else None
    ref = ctx.reference(anaphoric=True)
    if ref is None or ref.month is None:
        return None
    year, month = ref.year, ref.month
    if ref.source == "dct" and ref.day is not None:  # tense picks this month's or the next/last
        direction = ctx.direction(cand)
        if direction == FUTURE and day < ref.day:
            year, month = _shift_month(year, month, 1)
        elif direction == PAST and day > ref.day:
            year, month = _shift_month(year, month, -1)
    if not _is_day_of(year, month, day):
        return None
    return Resolution("DATE", f"{_fmt_year(year)}-{month:02d}-{day:02d}", None, ref)


def _resolve_nth_day_today(cand: Candidate, ctx: DocContext):
    """'today is [the eighth day] of the strike', 'it's [the second day] of talks': the present tense
    puts the counted day on the reference day itself; 'fell for [the second straight day]' is the day
    it fell (the tagger takes a day named in its sentence)."""
    ref = ctx.reference()
    if ref is None or ref.as_date is None:
        return None
    return Resolution("DATE", _fmt_date(ref.as_date), None, ref)


HANDLERS = {
    "iso": _resolve_iso, "slash": _resolve_slash, "slash_day": _resolve_slash_day, "mdy": _resolve_mdy, "dmy": _resolve_mdy,
    "month_year": _resolve_month_year, "month_range_start": _resolve_month_year,
    "part_of_month": _resolve_part_of_month, "week_of": _resolve_week_of,
    "nth_weekday": _resolve_nth_weekday,
    "month_relyear": _resolve_month_relyear, "month": _resolve_month,
    "year": _resolve_year, "bc_year": _resolve_year, "bc_range_start": _resolve_year,
    "year_range_end": _resolve_year_range_end, "seasons_ago": _resolve_seasons_ago, "year_span": _resolve_year_span,
    "short_year": _resolve_short_year, "spelled_year": _resolve_spelled_year,
    "day_range_start": _resolve_mdy, "day_range_end": _resolve_day_range_end,
    "day_range_end_word": _resolve_day_range_end,
    "decade": _resolve_decade, "century": _resolve_century, "century_turn": _resolve_century_turn,
    "quarter": _resolve_quarter, "quarter_rel": _resolve_quarter_rel, "half": _resolve_half,
    "month_span": _resolve_month_span, "month_quarter": _resolve_month_quarter, "half_code": _resolve_half_code,
    "season": _resolve_season, "relday": _resolve_relday, "pod_rel": _resolve_relday,
    "pod_bare": _resolve_bare_pod, "pod_generic": _resolve_generic_pod, "overnight": _resolve_overnight,
    "twilight": _resolve_twilight,
    "weekday": _resolve_weekday, "time": _resolve_time, "clock_word": _resolve_clock_word,
    "clock24": _resolve_clock24, "clock_phrase": _resolve_clock_phrase,
    "clock_spoken": _resolve_clock_spoken, "rel_hour": _resolve_rel_hour,
    "date_clock": _resolve_date_clock, "month_of": _resolve_month_of,
    "clock_range_start": _resolve_clock_range_start, "british_day": _resolve_british_day,
    "weekdays_ago": _resolve_weekdays_ago,
    "ago": _resolve_ago, "from_weekday": _resolve_from_weekday, "day_rel": _resolve_day_rel, "before_last": _resolve_before_last,
    "this_time": _resolve_this_time,
    "duration": _resolve_duration, "nights": _resolve_nights,
    "plural_units": _resolve_plural_units, "unit_long": _resolve_unit_long,
    "rel_unit": _resolve_rel_unit,
    "year_adj": _resolve_year_adj, "year_end": _resolve_year_end,
    "set": _resolve_set, "set_word": _resolve_set_word, "frequency": _resolve_frequency, "interval_set": _resolve_interval_set,
    "weekday_set": _resolve_weekday_set, "run_weekend": _resolve_run_weekend,
    "ref": _resolve_ref, "vague_duration": _resolve_vague_duration, "someday": _resolve_someday, "holiday": _resolve_holiday,
    "midweek": _resolve_midweek, "play_season": _resolve_play_season,
    "named_date": _resolve_named_date, "to_date": _resolve_to_date,
    "new_year": _resolve_new_year,
    "day_ord": _resolve_day_ord, "nth_day_today": _resolve_nth_day_today, "month_first": _resolve_month_first,
}


def normalize(cand: Candidate, ctx: DocContext) -> Resolution | None:
    """The TIMEX3 reading of one candidate, or None when it is not a valid temporal expression
    (including dates computed beyond the calendar, e.g. '9999 weeks later' from a DCT in 9998)."""
    handler = HANDLERS[cand.kind]
    try:
        if ctx.doc_type == "narrative" and ctx.dct is not None and _tells_the_writers_present(cand, ctx):
            resolution = as_news(handler, cand, ctx)
        else:
            resolution = handler(cand, ctx)
    except (OverflowError, ValueError):
        return None
    if resolution is not None and ctx.doc_type == "narrative" and resolution.value.endswith("TMO") \
            and _EARLY_HOURS.match(ctx.text, cand.start):  # a history's '[the early hours of 29 May]': the night's
        return Resolution(resolution.type, resolution.value[:-2] + "NI", resolution.mod, resolution.reference)
    if resolution is not None and cand.kind in _YEARLESS_KINDS and resolution.value[:4].isdigit() \
            and _EVERY_YEAR_BEFORE.search(ctx.text, max(0, cand.start - 40), cand.start):
        return Resolution(resolution.type, "XXXX" + resolution.value[4:], resolution.mod)
    return resolution


_EARLY_HOURS = regex(r"(?:the\s+)?early\s+hours\b", re.IGNORECASE)

# A month or day that ends or starts every fiscal year ('whose fiscal year ends in [March]'; but
# 'its fiscal year ended [Jan. 31]' is one year's).
_EVERY_YEAR_BEFORE = regex(r"\bfiscal\s+years?\s+(?:ends|end|begins|begin|starts|start)\s+(?:in\s+|on\s+)?$",
                           re.IGNORECASE)
_YEARLESS_KINDS = frozenset({"month", "mdy", "dmy"})


# A history's sentence told from its writer's present: what is still to come ('a new album is due in
# [February]', 'the band will play Oslo on [Tuesday]'); not a quotation's ('"a date which will live in
# infamy"').
_WRITERS_PRESENT = regex(r"\b(?:will|(?:is|are)\s+(?:due|expected|scheduled))\b", re.IGNORECASE)
_QUOTES = regex("[\"“”]")


def as_news(handler, cand: Candidate, ctx: DocContext) -> Resolution | None:
    """A history's expression resolved as news would resolve it: from the DCT, the writer's day."""
    ctx.doc_type = "news"
    try:
        return handler(cand, ctx)
    finally:
        ctx.doc_type = "narrative"


def _tells_the_writers_present(cand: Candidate, ctx: DocContext) -> bool:
    """Whether the candidate's sentence, quoting no one, tells of what is still to come."""
    left, right = sentence_span(ctx.text, cand.start, cand.end)
    return bool(_WRITERS_PRESENT.search(ctx.text, left, right)) and not _QUOTES.search(ctx.text, left, right)
