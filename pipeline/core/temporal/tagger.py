"""The temporal tagger: tag(text, dct, doc_type) -> sorted, non-overlapping, normalized Timexes."""
from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import islice

from pipeline.core.temporal import lexicon
from pipeline.core.temporal.anchor import (FUTURE, PAST, QUOTE_MARK, Reference, reference_from_value,
                                           sentence_span, tense_direction)
from pipeline.core.temporal.compiled_patterns import regex, store_regexes
from pipeline.core.temporal.normalize import (COMPARED_WITH_BEFORE, QUARTER_VALUE, DocContext, Resolution,
                                           is_on_the_next_day, normalize, shifted_value)
from pipeline.core.temporal.recognize import Candidate, recognize
from pipeline.core.temporal.timex import ANCHOR_NONE, ANCHOR_TEXT, Timex, is_valid_value

DOC_TYPES = ("news", "narrative")
# A pattern that starts with a character class (the digits of a year, or a leading (?=...) naming
# the characters a match can start with) is tested quickly at each position; lookbehinds come after.
_YEAR_MENTION = regex(r"(1\d{3}|20\d\d)(?<![\w$.,]\d{4})(?![\w%]|[.,]\d)")
_ERA_YEAR_MENTION = regex(r"(?=\d)\b\d{1,4}\s?(?:BCE?|B\.C\.)(?!\w)")
_AD_YEAR_MENTION = regex(r"(?=A)\bA\.?D\.?\s?\d{1,4}(?!\w)")
# A three-digit year after a preposition or a day and month ('In 376, the', 'on 9 August 378').
_SHORT_YEAR = regex(r"[1-9]\d\d(?<![\w,.$-][1-9]\d\d)(?=[,.;)]\s|\s+(?:the|a|an|and|when|after|before|[A-Z]))")
# ('in December 771', 'in January 814 after a reign of 46 years')
_BEFORE_A_SHORT_YEAR = regex(r"(?:\b(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil)|\d{1,2}\s+[A-Z][a-z]+|\b(?-i:"
                             + "|".join(name.capitalize() for name in lexicon.MONTHS if len(name) > 3) + r"))\s+$")
_CENTURY_MENTION = regex(r"(?=\d)\b(\d{1,2})(?:st|nd|rd|th)[\s-]+[Cc]entury\b(\s+B\.?C)?")
# Matched in lowercased text (faster than IGNORECASE).
_DEICTIC = regex(r"\b(?=[tyasmwfln])(?:today|yesterday|tomorrow|tonight|ago|said|says|say"
                 # a weekday, but not one a history dates ('Thursday, 6 May (1937)', 'Thursday, May
                 # 6, 1937'); 'Sunday, June 8' is news
                 r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
                 r"(?!,?\s+(?:\d{1,2}\s+" + lexicon.FRAGMENTS["MONTH"]
                 + r"\b|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{3,4}\b))"
                 r"|(?<!the\s)(?:this|last|next)\s+(?:week|month|year|weekend|spring|summer|fall|autumn|winter))\b")  # not 'the next year'
_WORD = regex(r"[A-Za-z']+")
# The sentence a history closes on, about the present ('Today, the area remains uninhabited.'):
# it does not make the text news.
_PRESENT_DAY_CODA = regex(r"(?:^|(?<=[.!?]\s))(?:Today|Now|Nowadays|Currently),?\s[^.!?]*[.!?]?\s*$")
NARRATIVE_MIN_OLD_YEARS = 5  # a history names at least this many years before its DCT...
NARRATIVE_SHORT_OLD_YEARS = 3  # ...or, naming no recent year and no word pointing at the DCT, this many
NARRATIVE_OLD_YEARS_PER_DEICTIC = 2  # ...and this many per word pointing at the DCT ('yesterday')
OLD_YEAR_GAP = 2  # years at least this far before the DCT (or the latest year named) are old
NARRATIVE_FULL_DATE_YEARS = 20  # ...or, naming no word pointing at the DCT, days dated this long ago
_FUTURE_WORDS = frozenset("will won't shall plan plans expect expects".split())
# A day dated with its year ('23 June 1757', 'Dec. 7, 1941'): the year.
_FULL_DATE_YEAR = regex(r"\b(?:\d{1,2}\s+" + lexicon.FRAGMENTS["MONTH"] + r"|" + lexicon.FRAGMENTS["MONTH"]
                        + r"\s+\d{1,2}(?:st|nd|rd|th)?),?\s+(\d{3,4})\b", re.IGNORECASE)
# Kinds whose value, once resolved, may anchor later anaphoric expressions ("two days later").
_ANCHORING_TYPES = ("DATE", "TIME")
ASIDE_YEAR_GAP = 30  # a bare year more than a generation from a month-dated reference is an aside
WRITERS_TIME_YEARS = 10  # a year this close to the DCT is the writer's own time in a history
# ("a publication declassified in 2005" in a story of August 1964): it does not move the story
_FLASHBACK = regex(r"\b(?:had|since)\b[^.;]*$")  # pluperfect or 'since' just before a year
_SINCE_BEFORE = regex(r"\bsince\s$", re.IGNORECASE)
# 'lasted until the fall of Budapest in'; not a clause of its own ('until he signed a treaty in')
_UNTIL = regex(r"\b(?:until|till)\b(?!\s+(?:he|she|they|it|we|i|you)\b)[^.;,]*$", re.IGNORECASE)
_WHEN_AFTER = regex(r",?\s+when\b")
_RANGE_DASH_BEFORE = regex(r"\d\s?[-–]\s?$")
_PAREN_BEFORE = regex(r"\(\s?$")
_PAREN_AFTER = regex(r"\s?(?:[-–]\s?\d{2,4}\s?)?\)")
# 'the plunge of', 'the attacks of' (a noun and 'of'), not a part of a day or period ('the night of').
_EVENT_OF_BEFORE = regex(r"\bthe\s+(?:[\w-]+\s+){0,2}?(?!(?:morning|afternoon|evening|night|day|end|beginning|start|"
                         r"middle|spring|summer|autumn|fall|winter|week|month|year|weekend|first|last)\s)[a-z]+\s+of\s+$")
_DATE_OF_BEFORE = regex(r"\b(?:date|deadline)\s+of\s+$", re.IGNORECASE)
_ATTRIBUTIVE_BEFORE = regex(r"\b(?:the|an?)\s$", re.IGNORECASE)
_ATTRIBUTIVE_AFTER = regex(r"\s(?!(?:and|but|nor|when|while|with|for|from|until|till|after|before|that|which|who|was|were|had|has)\b)"
                            r"[a-z]{3,}\b(?!\s+of\b)")  # a noun, not a clause going on
_YEAR_VALUE = regex(r"^\d{4}$")
_WEEK_VALUE = regex(r"^(\d{4})-W(\d\d)(-WE)?$")
_PERIOD_VALUE = regex(r"^\d{4}(?:-Q[1-4]|-H[12]|-\d\d)?$")  # a year, quarter, half or month
# A reporting period of several months ('the first nine months', 'the six months'): after it, 'a year
# earlier' compares with the year before rather than with the quarter named before.
_DEFINITE = regex(r"the\s", re.IGNORECASE)
_SEVERAL_MONTHS_VALUE = regex(r"^P(?:[2-9]|1[01])M$")
# In news these name their month, day or weekday ('last October', 'Oct. 23', 'Thursday'): a date of its
# own, not a look back from the story's date, so it may anchor 'that same day' even if earlier.
_NAMED_DATE_KINDS = ("month", "mdy", "dmy", "weekday", "holiday")


# A day of a month, with or without its year ('10 July', 'June 3, 1863').
_DAY_OF_MONTH = regex(r"\b(?:\d{1,2}\s+" + lexicon.FRAGMENTS["MONTH"] + r"|" + lexicon.FRAGMENTS["MONTH"]
                      + r"\s+\d{1,2}(?:st|nd|rd|th)?)\b", re.IGNORECASE)
NARRATIVE_STORY_DAYS = 3  # days of months named in a text whose every year is long ago: a history


def _tells_ahead(text: str) -> bool:
    """Whether a word of the future ('will', 'plans') or a contracted 'll is in the text."""
    words = _WORD.findall(text)
    return any(word.endswith("'ll") for word in words) or bool(_words_of(_FUTURE_WORDS, words))


def _names_the_present(text: str) -> bool:
    """Whether a word of present_words.tsv is in the text ('now', 'will'; not the month 'May')."""
    return any(word != "May" for word in _words_of(lexicon.PRESENT_WORDS, _WORD.findall(text)))


def _words_of(vocabulary: frozenset, words: list[str]) -> list[str]:
    """The words in `vocabulary`, but a plan or an expectation as a noun or an infinitive ('the
    Marshall Plan', 'met at Yalta to plan the postwar order'), which tells nothing of now."""
    return [word for i, word in enumerate(words) if word.lower() in vocabulary
            and not (word.lower() in _PLAN_WORDS and i and words[i - 1].lower() in _NOT_A_FINITE_VERB_BEFORE)]


_PLAN_WORDS = frozenset("plan plans expect expects".split())
_NOT_A_FINITE_VERB_BEFORE = frozenset("to the a an his her its their this that whose".split())


def _weekdays_only(deictics: list[str]) -> bool:
    """Whether the words pointing at the DCT are all weekdays (a history's story days can be)."""
    return all(word.endswith("day") and word not in ("today", "yesterday") for word in deictics)


def _dates_only_long_ago(text: str, now: int) -> bool:
    """Whether the text dates days, and only days at least NARRATIVE_FULL_DATE_YEARS before `now`
    ('on 23 June 1757'; or names days of months, only such years and no word of the present: 'the
    1918 influenza pandemic ... on Saturday, September 28 ... on October 3'), and tells nothing ahead: a history's, however present its
    other sentences ('is now a memorial'); not 'The bridge, opened on May 3, 1937, will close in June'."""
    years = [int(year) for year in _FULL_DATE_YEAR.findall(text)]
    if not years and len(_DAY_OF_MONTH.findall(text)) >= 2 and not _names_the_present(text):
        years = [int(year) for year in _YEAR_MENTION.findall(text)]
    return bool(years) and all(now - year >= NARRATIVE_FULL_DATE_YEARS for year in years) and not _tells_ahead(text)


def detect_doc_type(text: str, dct: date | None) -> str:
    """'narrative' for histories: texts naming many years long before the DCT (or before the latest
    year they name) and few words pointing at the publication date, or naming only old years with
    no such word and no word of the present or future ('Napoleon crossed the Niemen in June 1812.
    He reached Moscow on 14 September'); else 'news'."""
    text = text or ""
    years = [int(year) for year in _YEAR_MENTION.findall(text)]
    now = dct.year if dct else max(years, default=0)
    old = sum(1 for year in years if now - year >= OLD_YEAR_GAP)
    recent = len(years) - old
    if "BC" in text or "B.C." in text:
        old += len(_ERA_YEAR_MENTION.findall(text))
    if "AD" in text or "A.D." in text:
        old += len(_AD_YEAR_MENTION.findall(text))
    old += sum(1 for match in _SHORT_YEAR.finditer(text)
               if _BEFORE_A_SHORT_YEAR.search(text, max(0, match.start() - 20), match.start()))
    if "entury" in text:  # 'the 5th century': old when before the DCT's (or the latest year's) century
        old += sum(1 for number, bc in _CENTURY_MENTION.findall(text) if bc or int(number) <= now // 100)
    if old == 0:
        return "news"
    lowered = text.lower()
    if old < NARRATIVE_MIN_OLD_YEARS:
        deictics = _DEICTIC.findall(lowered) if recent == 0 else None
        if recent == 0 and (not deictics or (_weekdays_only(deictics) and _dates_only_long_ago(text, now))) and (
                old >= NARRATIVE_SHORT_OLD_YEARS or _dates_only_long_ago(text, now)):
            return "narrative"  # 'The war is usually dated from 21 January 1919 ... in March 1920';
            # 'The Battle of Plassey was fought on 23 June 1757 ... now a memorial stands'; 'at 05:12
            # on Wednesday, 18 April 1906 ... By Saturday the fires were out': a story's weekdays
        if recent == 0 and years and now - max(years) >= NARRATIVE_FULL_DATE_YEARS \
                and len(_DAY_OF_MONTH.findall(text)) >= NARRATIVE_STORY_DAYS and not _tells_ahead(text):
            return "narrative"  # a story of days long ago ('on 3 June 1863 ... on 9 June ... On 1
            # July'), whatever its coda says of today ('This week, reenactors gathered at ...')
        story = _PRESENT_DAY_CODA.sub("", text) if "Today" in text or "Now" in text or "Currently" in text \
            else text
        # ('Today, the wreck lies ...' closing a history)
        tells_the_now = recent >= old or _DEICTIC.search(story.lower()) or _names_the_present(story)
        return "news" if tells_the_now else "narrative"
    # narrative when old >= NARRATIVE_OLD_YEARS_PER_DEICTIC * (the words pointing at the DCT): counted
    # only as far as that can hold
    most = old // NARRATIVE_OLD_YEARS_PER_DEICTIC
    return "narrative" if next(islice(_DEICTIC.finditer(lowered), most, None), None) is None else "news"


def tag(text: str, dct: date | None, doc_type: str = "news") -> list[Timex]:
    """Every TIMEX3 expression of `text`, sorted and non-overlapping, normalized against `dct`
    (news) or the latest date in the text (narratives, or no DCT; underspecified values like
    XXXX-06-02 when there is neither). doc_type: news, narrative or auto."""
    if not text:
        return []
    if doc_type == "auto":
        doc_type = detect_doc_type(text, dct)
    if doc_type not in DOC_TYPES:
        raise ValueError(f"doc_type must be news, narrative or auto, not {doc_type!r}")
    ctx = DocContext(text, dct, doc_type)
    candidates = recognize(text, doc_type)
    speech_days = _speech_days(text, dct, candidates) if doc_type == "news" and dct else {}
    timexes = []
    for cand in candidates:
        ctx.speech_day = speech_days.get(cand.start)
        resolution = normalize(cand, ctx)
        if resolution is None or not is_valid_value(resolution.type, resolution.value):
            continue
        resolution = _past_midnight(ctx, cand, resolution)
        reference = resolution.reference
        timexes.append(Timex(
            cand.start, cand.end, text[cand.start:cand.end], resolution.type, resolution.value,
            resolution.mod, reference.iso if reference else None,
            reference.source if reference else ANCHOR_NONE))
        if cand.kind in _DAY_KINDS and _DAY_VALUE.fullmatch(resolution.value):
            ctx.last_date = date.fromisoformat(resolution.value)
        _note_the_named_week(ctx, cand, resolution)
        _move_past_the_later_duration(ctx, cand, resolution)
        if not _bounds_a_range(text, cand, doc_type) and not _is_a_plan(ctx, cand) and not is_on_the_next_day(text, cand):
            _remember(ctx, cand, resolution)  # ('at [3 p.m.] the next day': that day moves the story)
    return _with_clocked_sets(text, _with_hedges(text, _with_streak_days(text, _with_weeks_ending(
        text, _with_clock_days(text, _with_shared_days(text, _with_days_after(text, timexes)))))))


_WEEKDAY_SET_VALUE = regex(r"XXXX-WXX-[1-7]")
_CLOCK_OF_VALUE = regex(r"T(\d\d:\d\d)$")
_CLOCK_BEFORE_SET = regex(r"\s+")  # '[8 p.m. Thursdays]' (but 'until [8 p.m.] on [Thursdays]')
_SET_BEFORE_CLOCK = regex(r"\s+at\s+")  # '[Sundays at 9 p.m.]' (but '[every Tuesday] at [7 p.m.]')
_EVERY = regex(r"(?:every|each)\s", re.IGNORECASE)
_RANGE_END_BEFORE = regex(r"(?:\bto|\buntil|\btill|[-–])\s*$", re.IGNORECASE)  # 'from noon to [10 p.m.] Fridays'


def _with_clocked_sets(text: str, timexes: list[Timex]) -> list[Timex]:
    """A clock and a weekly day side by side are one recurrence: '[8 p.m. Thursdays]', '[1 p.m.
    every Monday]', and a TV schedule's '[Sundays at 9 p.m.]' (XXXX-WXX-7T21:00); the sets write
    'until [8 p.m.] on [Thursdays]', 'from noon to [10 p.m.] [Fridays]' and '[every Tuesday] at [7 p.m.]'
    as two."""
    joined: list[Timex] = []
    for timex in timexes:
        last = joined[-1] if joined else None
        if last is not None:
            clock, weekly = (last, timex) if last.type == "TIME" else (timex, last)
            between = _CLOCK_BEFORE_SET if last is clock else _SET_BEFORE_CLOCK
            time = _CLOCK_OF_VALUE.search(clock.value)
            if clock.type == "TIME" and weekly.type == "SET" and time and _BARE_CLOCK.fullmatch(clock.text) \
                    and _WEEKDAY_SET_VALUE.fullmatch(weekly.value) and between.fullmatch(text, last.end, timex.start) \
                    and not (last is weekly and _EVERY.match(weekly.text)) \
                    and not _RANGE_END_BEFORE.search(text, max(0, clock.start - 8), clock.start):
                joined[-1] = Timex(last.start, timex.end, text[last.start:timex.end], "SET",
                                   f"{weekly.value}T{time.group(1)}", None, None, ANCHOR_NONE)
                continue
        joined.append(timex)
    return joined


_HEDGE_BEFORE = regex(r"(?<![\w-])(" + lexicon.alternation(lexicon.HEDGES) + r")\s+$", re.IGNORECASE)
HEDGE_REACH = 20  # characters before an expression looked at for its hedge


def _with_hedges(text: str, timexes: list[Timex]) -> list[Timex]:
    """A hedge right before a date, time or set joins its span ('[sometime next week]', '[roughly
    twice a day]'), with its mod unless the expression has one."""
    hedged = list(timexes)
    for index, timex in enumerate(timexes):
        hedge = _HEDGE_BEFORE.search(text, max(0, timex.start - HEDGE_REACH), timex.start)
        if hedge is None or index and timexes[index - 1].end > hedge.start(1):
            continue
        mod, types = lexicon.HEDGES[hedge.group(1).lower()]
        if timex.type in types:
            hedged[index] = timex._replace(start=hedge.start(1), text=text[hedge.start(1):timex.end],
                                           mod=timex.mod or mod)
    return hedged


_STREAK_DAY = regex(r"(?:the|its|a)\s+" + lexicon.FRAGMENTS["ORDWORD"] + r"\s+(?:(?:straight|consecutive|successive)\s+)?day\b"
                    r"(?!\s+of\s+\d{4}\b).*",  # (not 'the first day of 1997', a date of its own)
                    re.IGNORECASE | re.DOTALL)


_NOW_IN_BEFORE = regex(r"\bnow\s+(?:in\s+)?$", re.IGNORECASE)


def _with_streak_days(text: str, timexes: list[Timex]) -> list[Timex]:
    """'fell for [the second straight day] on Tuesday', 'rose to 179 on Saturday as temperatures
    topped 100 degrees for [the third straight day]', 'On 21 July, [the fifth day of the rebellion]',
    'entered [its fifth day] on Thursday': the day its sentence names, the nearest one."""
    dated = list(timexes)
    for index, streak in enumerate(timexes):
        if not _STREAK_DAY.fullmatch(streak.text) or _NOW_IN_BEFORE.search(text, max(0, streak.start - 12), streak.start):
            continue  # ('the walkout, now in [its fifth day], ...': today)
        left, right = sentence_span(text, streak.start, streak.end)
        days = [other for other in timexes if other is not streak and left <= other.start < right
                and _DAY_VALUE.match(other.value)]
        if days:
            day = min(days, key=lambda other: abs(other.start - streak.start))
            dated[index] = streak._replace(value=day.value, anchor_value=day.value, anchor_source=ANCHOR_TEXT)
    return dated


_ENDING_BETWEEN = regex(r"\s+(?:ending|ended|to)\s+(?:on\s+)?")
_THE_WEEK = regex(r"(?:the|that)\s+week", re.IGNORECASE)


def _with_weeks_ending(text: str, timexes: list[Timex]) -> list[Timex]:
    """'[the week ended Oct. 11]', '[the week ending Saturday]', '[the week to Dec. 27]': one
    expression, the (ISO) week the day ends, not a length of seven days and a day (as the sets write
    it, 11 times of 16)."""
    weeks: list[Timex] = []
    skip = False
    for first, second in zip(timexes, timexes[1:] + [None]):
        if skip:
            skip = False
            continue
        if second is not None and first.type == "DURATION" and _THE_WEEK.fullmatch(first.text) \
                and _DAY_VALUE.match(second.value) and _ENDING_BETWEEN.fullmatch(text, first.end, second.start):
            year, week, _ = date.fromisoformat(second.value).isocalendar()
            first = first._replace(end=second.end, text=text[first.start:second.end], type="DATE",
                                   value=f"{year:04d}-W{week:02d}", anchor_value=second.value,
                                   anchor_source=ANCHOR_TEXT)
            skip = True
        weeks.append(first)
    return weeks


_CLOCK_VALUE = regex(r"^(\d{4}-\d\d-\d\d)T(\d\d):(\d\d)$")
_STORY_DAY = regex(r"(?:the\s+(?:next|following|same|previous)|that)\s+(?:day|morning|afternoon|evening|night|"
                   + lexicon.FRAGMENTS["WEEKDAY"] + ")", re.IGNORECASE)
_DAY_OF_VALUE = regex(r"^(\d{4}-\d\d-\d\d)(?:T(MO|AF|EV|NI))?$")
_STATED_HALF_OF_DAY = regex(r"[ap]\.?\s?m\b|\b(?:0\d|1[3-9]|2[0-4])[:.]\d\d|noon|midnight", re.IGNORECASE)  # (a 24-hour clock)


def _with_clock_days(text: str, timexes: list[Timex]) -> list[Timex]:
    """A clock and the story's day right after it are one TIME, as '[10 a.m. Monday]' is: '[3 p.m.
    the next day]', '[noon that day]', '[half past five the next morning]', '[9 a.m. the following
    Saturday]' (the sets write 22 of 32 so); the day's date and part of the day (morning: a.m.) set
    the clock's."""
    joined: list[Timex] = []
    for timex in timexes:
        previous = joined[-1] if joined else None
        clock = _CLOCK_VALUE.match(previous.value) if previous is not None else None
        day = _DAY_OF_VALUE.match(timex.value)
        if clock is None or day is None or text[previous.end:previous.end + 1] != " " \
                or not _STORY_DAY.fullmatch(text, previous.end + 1, timex.end):  # ('[3:35 p.m. that Friday]')
            joined.append(timex)
            continue
        hour = int(clock.group(2))
        if not _STATED_HALF_OF_DAY.search(previous.text):
            if day.group(2) == "MO" and hour >= 12:
                hour -= 12  # 'half past five the next morning': 05:30
            elif day.group(2) in ("EV", "NI") and hour < 12:
                hour += 12
        joined[-1] = previous._replace(end=timex.end, text=text[previous.start:timex.end],
                                       value=f"{day.group(1)}T{hour:02d}:{clock.group(3)}")
    return joined


NIGHT_FROM_HOUR = 18  # a clock told after one from this hour on, earlier than it and at most
NIGHT_GAP_HOURS = 8  # this many hours after it across midnight, is past midnight ('begins with a parade
# at 10 a.m.' after '9:30 p.m. Wednesday' is the same day's morning)


def _past_midnight(ctx: DocContext, cand: Candidate, resolution: Resolution) -> Resolution:
    """A bare clock told after an evening clock of the same day, earlier than it and within a night of
    it, is on the next day ('struck the iceberg at 11:40 p.m. ... Shortly after [midnight] ... lowered
    at [12:45 a.m.]'); the last clock is kept in the context."""
    clock = _CLOCK_VALUE.match(resolution.value) if resolution.type == "TIME" else None
    if clock is None:
        return resolution
    day, minutes = clock.group(1), int(clock.group(2)) * 60 + int(clock.group(3))
    last = ctx.last_clock
    if last is not None and last[0] == day and last[1] >= NIGHT_FROM_HOUR * 60 and minutes < last[1] \
            and minutes + 24 * 60 - last[1] <= NIGHT_GAP_HOURS * 60 and _BARE_CLOCK.fullmatch(ctx.text, cand.start, cand.end) and day != date.max.isoformat():
        day = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
        resolution = Resolution("TIME", f"{day}T{clock.group(2)}:{clock.group(3)}", resolution.mod,
                                resolution.reference)
    ctx.last_clock = (day, minutes)
    return resolution


# A clock alone (no day named) and what joins it to the end of a range.
_BARE_CLOCK = regex(r"(?:(?:about|around|approximately)\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?\s?m\.?)?|noon|midnight|midday)",
                    re.IGNORECASE)
_RANGE_JOINER = regex(r"\s*(?:to|until|till|and|[-–])\s*")
_DAY_CLOCK_VALUE = regex(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)$")
_DAY_VALUE = regex(r"^\d{4}-\d\d-\d\d$")
_AT_BETWEEN = regex(r",?\s+(?:at|around|about|by|from)\s+")  # a day, then its clock
_INSTEAD_BETWEEN = regex(r",?\s+(?:not|or|rather\s+than|instead\s+of)\s+")  # a clock, then another for its day


_ON_BETWEEN = regex(r"\s+on\s+")  # clocks, then their day
_CLOCK_LIST_JOINER = regex(r"\s*(?:,|,?\s+and|to|until|till|[-–])\s*")


def _with_days_after(text: str, timexes: list[Timex]) -> list[Timex]:
    """Bare clocks listed before 'on' and a day take that day ('open from 7 a.m. to [8 p.m.] on
    Election Day', 'services at [5 p.m.] and [11 p.m.] on Christmas Eve'); a range's start that is
    later than its end, the day before."""
    shared = list(timexes)
    day = None  # the day the clocks after the one at hand were given, and its expression
    for index in range(len(shared) - 2, -1, -1):
        clock, after = shared[index], shared[index + 1]
        value = _DAY_CLOCK_VALUE.match(clock.value)
        if not (value and _BARE_CLOCK.fullmatch(clock.text)):
            day = None
            continue
        if _DAY_VALUE.match(after.value) and _ON_BETWEEN.fullmatch(text, clock.end, after.start):
            day = (date.fromisoformat(after.value), after)
        elif day is None or not _CLOCK_LIST_JOINER.fullmatch(text, clock.end, after.start):
            day = None
            continue
        elif value.group(2) > after.value[11:16] and not text[clock.end:after.start].strip(" ,").startswith("and"):
            day = (day[0] - timedelta(days=1), day[1])  # 'from [10 p.m.] to 2 a.m. on Sunday'
        shared[index] = clock._replace(value=f"{day[0].isoformat()}T{value.group(2)}",
                                       anchor_value=day[1].anchor_value, anchor_source=day[1].anchor_source)
    return shared


def _with_shared_days(text: str, timexes: list[Timex]) -> list[Timex]:
    """A clock opening a range without a day of its own takes the day the range's end names ('from
    [9 a.m.] to 3:30 p.m. Wednesday, May 20'; the day before when it is later than the end: 'from
    [11 p.m.] to 2 a.m. Sunday'); a bare clock ending one, the start's day ('from 10 p.m. tonight
    until [6 a.m.]': the next day, past midnight); a bare clock right after a day, or offered
    instead of a clock with a day, that day ('on Nov. 4 at [2 p.m.]', '7:40 p.m. Saturday, not
    [9:40 p.m.]'); two bare clocks of one day, the end past midnight, the next day for the end."""
    shared = list(timexes)
    for index, (first, second) in enumerate(zip(timexes, timexes[1:])):
        end = _DAY_CLOCK_VALUE.match(second.value)
        if end and _DAY_VALUE.match(first.value) and _BARE_CLOCK.fullmatch(second.text) \
                and _AT_BETWEEN.fullmatch(text, first.end, second.start):  # 'on Nov. 4 at [2 p.m.]'
            shared[index + 1] = second._replace(value=f"{first.value}T{end.group(2)}",
                                        anchor_value=first.anchor_value, anchor_source=first.anchor_source)
            continue
        start = _DAY_CLOCK_VALUE.match(first.value)
        if start and end and second.value[:10] != start.group(1) and _BARE_CLOCK.fullmatch(second.text) \
                and _INSTEAD_BETWEEN.fullmatch(text, first.end, second.start):  # '7:40 p.m. Saturday, not [9:40 p.m.]'
            shared[index + 1] = second._replace(value=f"{start.group(1)}T{end.group(2)}",
                                        anchor_value=first.anchor_value, anchor_source=first.anchor_source)
            continue
        if not (start and end and _RANGE_JOINER.fullmatch(text, first.end, second.start)):
            continue
        first_bare, second_bare = _BARE_CLOCK.fullmatch(first.text), _BARE_CLOCK.fullmatch(second.text)
        crosses_midnight = start.group(2) > end.group(2)
        if first_bare and not second_bare:  # the start takes the end's day
            day = date.fromisoformat(end.group(1)) - timedelta(days=crosses_midnight)
            shared[index] = first._replace(value=f"{day.isoformat()}T{start.group(2)}",
                                    anchor_value=second.anchor_value, anchor_source=second.anchor_source)
        elif (second_bare and not first_bare) or (first_bare and second_bare and crosses_midnight
                                                  and start.group(1) == end.group(1)):
            # 'from 10 p.m. tonight until [6 a.m.]', 'tonight from 11:35 p.m. to [12:30 a.m.]': the start's
            day = date.fromisoformat(start.group(1)) + timedelta(days=crosses_midnight)
            shared[index + 1] = second._replace(value=f"{day.isoformat()}T{end.group(2)}",
                                        anchor_value=first.anchor_value, anchor_source=first.anchor_source)
    return shared


# A reporting verb (with whom it was told, or 'in a statement') right before a day: the day of the report.
_SPEECH_OCCASION = r"(?:statement|interview|letter|email|post|news\s+conference|press\s+conference|briefing|speech|message" \
    r"|meeting|rally|hearing|address|appearance)"
_PLACE = r"(?:\s+(?:in|from|at)\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)?"  # 'in Cedar Falls'
_REPORTED_ON = regex(r"(?:\b(?:" + "|".join(sorted(lexicon.REPORTING_VERBS)) + r")"
                     r"(?:\s+(?:(?-i:[a-z]+)|(?:an?|the)\s+(?-i:[a-z]+)))?(?:\s+by\s+(?:tele)?phone)?" + _PLACE +  # 'told a rally in Cedar Falls on [Monday]'
                     r"(?:\s+(?:in|at|during)\s+(?:an?|the)\s+(?:[a-z-]+\s+)?" + _SPEECH_OCCASION
                     + r"(?:\s+(?:issued|released|posted|published))?)?"  # 'in a statement issued [late Sunday]'
                     r"(?:\s+after)?"  # 'said after [Saturday]'s win'
                     r"|\b(?:in|at|during)\s+(?:an?|the|his|her|their)\s+(?:[a-z-]+\s+)?" + _SPEECH_OCCASION
                     + _PLACE + r"(?:\s+with\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)?)\s+(?:on\s+)?$",
                     re.IGNORECASE)
_SPEECH_DAY_KINDS = ("weekday", "mdy", "dmy", "relday", "holiday")
# Expressions told from the day they are said ('today', 'next week', 'three days ago', "'Doors open
# on [Thanksgiving],' the manager said Wednesday"); months and month-days keep their tense-driven
# reading from the DCT.
_TOLD_FROM_THE_SPEECH_DAY = ("relday", "pod_rel", "rel_unit", "ago", "weekday", "holiday")
SPEECH_DAY_REACH = 14  # days before the DCT a report's day may be to anchor what it reports


def _is_quoted(text: str, cand: Candidate) -> bool:
    """Whether an expression stands inside a quotation of its sentence ('"We will finish
    [tomorrow]," he said', "'[Tomorrow] we find out,' she said"): an odd number of quotation
    marks before it in the sentence."""
    left, _ = _whole_sentence(text, cand.start, cand.end)
    return len(QUOTE_MARK.findall(text, left, cand.start)) % 2 == 1


def _whole_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around the span, its clauses ending in ';' joined ('"[Two days ago] I was told
    it was safe; yesterday I was told it was not," the mayor said Friday')."""
    left, right = sentence_span(text, start, end)
    while True:
        previous_end = left
        while previous_end > 0 and text[previous_end - 1].isspace():
            previous_end -= 1
        if previous_end < 2 or text[previous_end - 1] != ";":
            break
        left = sentence_span(text, previous_end - 2, previous_end - 2)[0]
    while right < len(text) and text[right - 1] == ";":
        right = sentence_span(text, right + 1, right + 1)[1]
    return left, right


def _speech_days(text: str, dct: date, candidates: list[Candidate]) -> dict[int, Reference]:
    """The day each quoted deictic expression is told from (by its start), when its sentence dates
    the report ('"We will finish [tomorrow]," the foreman said on [Monday]', 'said in a statement
    [Sunday]') on a day up to SPEECH_DAY_REACH before the DCT."""
    if QUOTE_MARK.search(text) is None:  # (fast: no quotation mark at all, apostrophes aside)
        return {}
    quoted = [cand for cand in candidates if cand.kind in _TOLD_FROM_THE_SPEECH_DAY and _is_quoted(text, cand)]
    days: dict[int, Reference] = {}
    for cand in quoted:
        left, right = _whole_sentence(text, cand.start, cand.end)
        for report in candidates:
            if not left <= report.start < right or report.kind not in _SPEECH_DAY_KINDS \
                    or report.groups.get("rel") or report.start == cand.start \
                    or not _REPORTED_ON.search(text, max(0, report.start - 60), report.start):
                continue
            resolution = normalize(report, DocContext(text, dct, "news"))
            day = reference_from_value(resolution.value) if resolution else None
            if day is not None and day.as_date is not None \
                    and 0 < (dct - day.as_date).days <= SPEECH_DAY_REACH:
                days[cand.start] = Reference.from_date(day.as_date, "text")
                break
    return days


_LATER_AFTER = regex(r"\s+later\b")
_COUNTED_DURATION = regex(r"^P(\d+)([DWMY])$")  # days or weeks move the story to a day, months and years to theirs
_DAYS_PER_UNIT = {"D": 1, "W": 7}
_UNIT_OF_LETTER = {"M": "month", "Y": "year"}
MAX_LATER_DAYS = 366  # longer counts of days or weeks move no story
MAX_LATER_YEARS = 100  # longer counts of months or years move no story either


def _move_past_the_later_duration(ctx: DocContext, cand: Candidate, resolution: Resolution) -> None:
    """Where news keeps a duration before 'later' ('[a minute and a half] later', 'a year later
    than planned'), the story still moves on to the day (month, year) it points to ('on Oct. 24
    ... [a minute and a half] later ... That afternoon')."""
    counted = _COUNTED_DURATION.match(resolution.value)
    story = ctx.text_reference
    if ctx.doc_type != "news" or counted is None or resolution.mod or story is None or story.source != "text" \
            or not _LATER_AFTER.match(ctx.text, cand.end):
        return  # (not an approximate one: 'less than three weeks later')
    amount, letter = int(counted.group(1)), counted.group(2)
    if letter in _UNIT_OF_LETTER:
        if amount > MAX_LATER_YEARS or story.year + amount > date.max.year - 1:
            return
        moved = reference_from_value(shifted_value(story, amount, _UNIT_OF_LETTER[letter]) or "")
    else:
        days = amount * _DAYS_PER_UNIT[letter]
        if days > MAX_LATER_DAYS or (story.as_date is not None and story.as_date.year >= date.max.year):
            return  # (no day past the calendar's last)
        moved = reference_from_value(shifted_value(story, days, "day") or "")
    if moved is not None:
        ctx.text_reference, ctx.reference_start = moved, cand.start


def _note_the_named_week(ctx: DocContext, cand: Candidate, resolution: Resolution) -> None:
    """Keep a news text's last week or weekend counted from the DCT ('[next week]', '[this weekend]')
    for a weekday that details it."""
    week = _WEEK_VALUE.match(resolution.value)
    if ctx.doc_type == "news" and week and resolution.reference is not None:
        monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        ctx.named_week = (cand.end, monday, bool(week.group(3)))


def _remember(ctx: DocContext, cand: Candidate, resolution: Resolution) -> None:
    """Let a resolved date anchor what follows it (narratives, 'the next day'); an ended quarter
    anchors 'the quarter' and 'a year earlier' until a several-month period is reported; an aside
    anchors nothing."""
    quarter = QUARTER_VALUE.match(resolution.value)
    if quarter and cand.kind == "quarter" and _is_reported(ctx, cand, int(quarter.group(1)),
                                                           int(quarter.group(2))):
        ctx.last_quarter = (int(quarter.group(1)), int(quarter.group(2)))
    elif _SEVERAL_MONTHS_VALUE.match(resolution.value) and _DEFINITE.match(ctx.text, cand.start):
        ctx.last_quarter = ctx.last_period = None  # 'for the nine months, ... a year earlier': the
        # year before, not the quarter named before them
    comparison_base = ctx.doc_type == "news" and _is_a_comparison_base(ctx.text, cand)
    if _PERIOD_VALUE.match(resolution.value) and not comparison_base:  # ('from [the previous quarter]'
        ctx.last_period = (cand.start, cand.end, resolution.value)  # is no period reported)
    if ctx.doc_type == "news" and _YEAR_VALUE.match(resolution.value) and ctx.dct is not None \
            and _names_a_coming_calendar_year(cand, resolution, ctx):
        ctx.sentence_year = (sentence_span(ctx.text, cand.start, cand.end)[0], int(resolution.value))
    anchoring = resolution.type in _ANCHORING_TYPES
    in_parentheses = anchoring and _in_parentheses(ctx.text, cand)
    attributive = anchoring and not in_parentheses and _is_attributive(ctx.text, cand)
    if attributive and ctx.doc_type == "news" and _DAY_VALUE.match(resolution.value) \
            and not _ORDERED_AFTER.search(ctx.text, max(0, cand.start - 20), cand.start):
        ctx.attributive_day = (sentence_span(ctx.text, cand.start, cand.end)[0],  # (not a point of
                               reference_from_value(resolution.value))  # comparison: 'began on Friday, seven
        # weeks after the [October 7] attack, ... freed at 4 p.m.')
    if not anchoring or in_parentheses or (
            attributive and not (ctx.doc_type == "narrative" and _opens_or_advances(ctx, resolution))):
        return  # (a history's first date sets its story even when it names an event: '[The 2000]
        # election was held on 7 November'; a later year moves it on: 'stood down at [the 1979]
        # election and was made a life peer later that year')
    if cand.kind in ("mdy", "dmy", "month_year", "year") and _DATE_OF_BEFORE.search(ctx.text, max(0, cand.start - 12),
                                                                                   cand.start):
        return  # 'postponements from its original launch date of [22 January]': a date named, no story
    if ctx.doc_type == "news" and cand.kind in ("mdy", "dmy", "month_year", "year") \
            and _EVENT_OF_BEFORE.search(ctx.text, max(0, cand.start - 30), cand.start):
        return  # 'surpassing the 508-point plunge of [Oct. 19, 1987]': the date of an event named in
        # passing (a history's 'campaign of 1915' does carry its story)
    if ctx.doc_type == "narrative" and resolution.reference is not None and resolution.reference.source == "dct":
        ctx.writers_time_named = True  # (what follows may count from the writer's day: 'next spring')
        if cand.kind not in ("mdy", "dmy"):
            return  # a history's '[this year]' is the writer's: the story stays where it was (but a day it
            # names, its year the writer's, carries the story on: 'struck at 04:17 on [Monday, 6 February]')
    if ctx.doc_type == "news" and _YEAR_VALUE.match(resolution.value) and ctx.dct is not None \
            and resolution.reference is not None and int(resolution.value) < ctx.dct.year \
            and not COMPARED_WITH_BEFORE.search(ctx.text, max(0, cand.start - 10), cand.start) \
            and not (cand.kind == "ago" and (cand.groups.get("dir") or "").lower() in ("earlier", "before")):
        # '[last year]', 'two years ago'; not a comparison base ('up 5% from [last year]', ', slightly
        # less than [a year earlier]')
        ctx.sentence_year = (sentence_span(ctx.text, cand.start, cand.end)[0], int(resolution.value))
    if comparison_base:
        return  # 'retail sales fell 0.4% from [June]': the story stays on the month it reports
    reference = reference_from_value(resolution.value)
    if reference is not None and reference.as_date is not None:
        ctx.last_day, ctx.attributive_day = reference, None
        if resolution.type == "TIME":
            ctx.last_time_day = reference
    if reference is not None and _reports_the_story_date(ctx, cand, reference):
        return  # 'struck Peru on Sunday, officials said [Monday]. The quake hit at 4:12 a.m.': Sunday's
    computed = resolution.reference is not None and not (
        ctx.doc_type == "news" and cand.kind in _NAMED_DATE_KINDS)
    if computed and _is_a_flashback_day(ctx, cand, reference):
        return  # 'lifted off on Jan. 28 ... had been scrubbed [the previous day] ... that evening': the 28th
    if reference is not None and _moves_the_story(reference, ctx.text_reference, computed=computed,
                                                            narrative=ctx.doc_type == "narrative", dct=ctx.dct):
        ctx.text_reference, ctx.reference_start = reference, cand.start


def _names_a_coming_calendar_year(cand: Candidate, resolution: Resolution, ctx: DocContext) -> bool:
    """A calendar year after the DCT's naming an event or a schedule ('the [2002] World Cup would kick
    off on May 31', 'Formula One's [2026] calendar'), not a fiscal one nor a budget's."""
    return cand.kind == "year" and resolution.reference is None and not cand.groups.get("fiscal") \
        and int(resolution.value) > ctx.dct.year \
        and bool(_EVENT_YEAR_BEFORE.search(ctx.text, max(0, cand.start - 8), cand.start)) \
        and not _BUDGET_AFTER.match(ctx.text, cand.end)


_EVENT_YEAR_BEFORE = regex(r"(?:\b(?:[Tt]he|its|their)|['’]s)\s+$")
# A year labelling a budget or a forecast ('its [2027] budget outline') names the period it covers,
# not when the sentence's days fall.
_BUDGET_AFTER = regex(r"\s+(?:budget|spending|tax|revenue|outlays|forecasts?|targets?|guidance)\b", re.IGNORECASE)


def _opens_or_advances(ctx: DocContext, resolution: Resolution) -> bool:
    """Whether a history's date is its first or a bare year after the story's."""
    story = ctx.text_reference
    return story is None or (_YEAR_VALUE.match(resolution.value) is not None and int(resolution.value) > story.year)


def _is_a_flashback_day(ctx: DocContext, cand: Candidate, reference: Reference | None) -> bool:
    """Whether a day computed back from the story's day is told in the past perfect: a look back
    that the story returns from."""
    story = ctx.text_reference
    if reference is None or story is None or reference.as_date is None or story.as_date is None:
        return False
    return reference.as_date < story.as_date and bool(
        _PAST_PERFECT_BEFORE.search(ctx.text, max(0, cand.start - 40), cand.start))


_PAST_PERFECT_BEFORE = regex(r"\bhad\b[^.;,]*$", re.IGNORECASE)
_REPORT_DATE_BEFORE = regex(r"\b(?:" + "|".join(sorted(lexicon.REPORTING_VERBS)) + r")\s+(?:on\s+)?$",
                            re.IGNORECASE)


_FROM_BEFORE = regex(r"\bfrom\s+$", re.IGNORECASE)
_RANGE_AFTER = regex(r"\s*(?:to|through|until|till|[-–])\s", re.IGNORECASE)


def _is_a_comparison_base(text: str, cand: Candidate) -> bool:
    """Whether a month or quarter is what a figure is compared with ('rose 0.3% from [October]', 'grew
    1.2% from [the previous quarter]'), not the start of a range ('from [June] to August')."""
    return cand.kind in ("month", "quarter", "quarter_rel") \
        and bool(_FROM_BEFORE.search(text, max(0, cand.start - 6), cand.start)) \
        and not _RANGE_AFTER.match(text, cand.end)


def _reports_the_story_date(ctx: DocContext, cand: Candidate, reference: Reference) -> bool:
    """Whether a news date only dates the report of what its sentence dated before it ('struck on
    Sunday ..., officials said [Monday]', 'added 210,000 jobs in November, the department said
    [Friday]'): the story stays on the earlier day or month."""
    story = ctx.text_reference
    if ctx.doc_type != "news" or story is None or story.month is None or reference.month is None:
        return False
    return (story.year, story.month, story.day or 0) <= (reference.year, reference.month, reference.day or 0) \
        and bool(_REPORT_DATE_BEFORE.search(ctx.text, max(0, cand.start - 16), cand.start))


def _is_reported(ctx: DocContext, cand: Candidate, year: int, quarter: int) -> bool:
    """Whether a story can be reporting on the quarter: it ended before the DCT month or is told in
    the past tense (a fiscal one: 'reported fourth-quarter earnings'); 'will result in a
    fourth-quarter charge' in November does not make Q4 'the latest quarter'."""
    return ctx.dct is None or (year, 3 * quarter) < (ctx.dct.year, ctx.dct.month) \
        or ctx.direction(cand) == PAST


def _bounds_a_range(text: str, cand: Candidate, doc_type: str) -> bool:
    """'1975-[1976]', '1861-[1865]', 'from 21 February to [18 December 1916]': the end of a range
    does not move the story's time (the story goes on from the range's start); nor, in news, the
    first day of a period named 'between' ('cards used between [Nov. 27] and Dec. 15, confirming a
    report from the day before')."""
    if cand.kind in ("year", "year_range_end") and _RANGE_DASH_BEFORE.search(text, max(0, cand.start - 3), cand.start):
        return True
    if cand.kind not in _DAY_KINDS:
        return False
    return bool(_DAY_RANGE_BEFORE.search(text, max(0, cand.start - 40), cand.start)) or (
        doc_type == "news" and bool(_BETWEEN_BEFORE.search(text, max(0, cand.start - 8), cand.start))
        and bool(_AND_A_DAY_AFTER.match(text, cand.end)))


_DAY_KINDS = ("mdy", "dmy")
# 'from 21 February to [18 December 1916]', 'between May 3 and [June 9, 1862]'
_DAY_RANGE_BEFORE = regex(r"\b(?:[Ff]rom|[Bb]etween)\s+(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})"
                          r"(?:st|nd|rd|th)?,?\s+(?:to|until|till|through|and|[-–])\s+$")
# 'between [Nov. 27] and Dec. 15': the first day of a period
_BETWEEN_BEFORE = regex(r"\b[Bb]etween\s+$")
_AND_A_DAY_AFTER = regex(r",?\s+and\s+(?:" + lexicon.FRAGMENTS["MONTH"] + r"\.?\s+\d|\d{1,2}\s+" + lexicon.FRAGMENTS["MONTH"] + r")",
                         re.IGNORECASE)


def _in_parentheses(text: str, cand: Candidate) -> bool:
    """A date in parentheses ('the Civil Constitution of the Clergy (1790)', 'Kono Shigeharu ([2 March
    1888] – [17 October 1960]) was', '(born [9 September 1979])') tells when something else was,
    not where the story is."""
    return bool(_PAREN_BEFORE.search(text, max(0, cand.start - 2), cand.start) and _PAREN_AFTER.match(text, cand.end)) \
        or _in_a_dating_parenthesis(text, cand)


_ORDERED_AFTER = regex(r"\b(?:after|since|before|following|than)\s+(?:the|an?)\s+$", re.IGNORECASE)


def _is_attributive(text: str, cand: Candidate) -> bool:
    """A date naming an event ('the August 1792 uprising'): when something else was, mostly."""
    return bool(_ATTRIBUTIVE_BEFORE.search(text, max(0, cand.start - 5), cand.start)
                and _ATTRIBUTIVE_AFTER.match(text, cand.end))


# What parentheses that date something hold: a date or a range of dates, perhaps after 'born' or
# 'died', perhaps after a name and a semicolon ('2 March 1888 – 17 October 1960', 'born 9 September
# 1979', 'née Price; 7 July 1932 – 18 March 2009').
_DATING_PARENTHESIS = regex(r"(?:[^();]{1,40};\s?)?(?:(?:born|died|b\.|d\.)\s+)?[\w .,]*\d[\w .,]*?(?:\s?[–—-]\s?[\w .,]*\d[\w .,]*)?")
PARENTHESIS_REACH = 40  # characters from a date to the parentheses around it


def _in_a_dating_parenthesis(text: str, cand: Candidate) -> bool:
    """Whether the date stands in short parentheses that only date something ('(1888–1960)',
    '(2 March 1888 – 17 October 1960)', '(born 9 September 1979)')."""
    opening = text.rfind("(", max(0, cand.start - PARENTHESIS_REACH), cand.start)
    closing = text.find(")", cand.end, cand.end + PARENTHESIS_REACH)
    if opening < 0 or closing < 0 or ")" in text[opening:cand.start] or "(" in text[cand.end:closing]:
        return False
    return bool(_DATING_PARENTHESIS.fullmatch(text, opening + 1, closing))


def _is_a_plan(ctx: DocContext, cand: Candidate) -> bool:
    """A year a narrative looks ahead to ('a campaign planned for 1976') or back to ('had been
    French since 1887') does not move the story's time, nor, in news too, a year or month after
    'since'."""
    if cand.kind not in ("year", "bc_year", "month_year", "month", "mdy", "dmy"):
        return False
    if ctx.doc_type == "narrative" and ctx.text_reference is None:
        return False  # a history's first date sets its story ('had been planned for [May 1944]')
    if _SINCE_BEFORE.search(ctx.text, max(0, cand.start - 7), cand.start):
        return True  # 'the worst day since [1987]', 'the first decline since [February]', 'the
        # steepest since [Oct. 19, 1987]': a look back, in news too
    if cand.kind in ("month", "mdy", "dmy"):
        return False
    if ctx.doc_type != "narrative":
        return False
    if _FLASHBACK.search(ctx.text, max(0, cand.start - 40), cand.start):
        return True
    if ctx.text_reference is not None and _UNTIL.search(ctx.text, max(0, cand.start - 60), cand.start) \
            and not _WHEN_AFTER.match(ctx.text, cand.end):
        return True  # where something lasted to, not where the story goes ('until [April 1916],
        # when they reached the island' does go there)
    return tense_direction(ctx.text, cand.start, cand.end, deadlines=False) == FUTURE


def _moves_the_story(new: Reference, old: Reference | None, computed: bool, narrative: bool,
                     dct: date | None = None) -> bool:
    """Whether a date becomes the reference for what follows. Not a look back computed from the
    current one ('a decade earlier'), not a restatement of part of it ('1939' after 'September 1,
    1939'), and not a bare year replacing a dated story: one computed from it ('the previous
    year') or, in a history, one far from it: far back, or far ahead but in the writer's own time
    (an aside: '... records released in 2005 show', 'as of 2025 it is the longest-standing'; a life
    story's 'recorded for the last time in 1998' does move on); a news story's life history does
    go back ('died Tuesday ... moved there in 1961 and bought a house [that year]')."""
    if old is None:
        return True
    if computed and new.year < old.year:
        return False  # 'a decade earlier': a look back
    if new.month is None and old.month is not None and (computed or narrative and (
            old.year - new.year > ASIDE_YEAR_GAP or new.year - old.year > ASIDE_YEAR_GAP
            and dct is not None and dct.year - new.year <= WRITERS_TIME_YEARS)):
        return False
    restates = new.year == old.year and (new.month is None or (new.month == old.month and new.day is None))
    return not restates


store_regexes()  # every module of the tagger is imported: keep their compiled regexes for the next process
