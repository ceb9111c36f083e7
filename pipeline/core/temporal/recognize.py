"""Text -> candidate temporal expression spans (regexes from the lexicon, then false-alarm filters)."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from pipeline.core.temporal import lexicon
from pipeline.core.temporal.anchor import is_lower_case_text, sentence_span, without_title_case
from pipeline.core.temporal.compiled_patterns import compile_patterns, regex
from pipeline.core.temporal.pattern_index import MAX_DEPTH

if TYPE_CHECKING:
    from collections.abc import Callable


class Candidate(NamedTuple):
    """A matched span, the pattern kind that found it and its named groups (None when unmatched)."""

    start: int
    end: int
    kind: str
    groups: dict


_LEFT_EDGE = r"(?<![\w$£€#])"
_RIGHT_EDGE = r"(?![\w]|-(?!era\b)(?-i:[a-z])|[.,]\d|%)"  # (not before a hyphen and a word, but '[1970s]-era')
_KINDS, _SOURCES = zip(*lexicon.patterns())
_COMPILED, PATTERN_INDEX = compile_patterns(
    [(_LEFT_EDGE + "(?:" + expression + ")" + _RIGHT_EDGE, re.IGNORECASE) for expression in _SOURCES])
PATTERNS: list[tuple[str, re.Pattern]] = list(zip(_KINDS, _COMPILED))
KIND_PRIORITY = {kind: rank for rank, (kind, _) in enumerate(PATTERNS)}
# Every expression contains a trigger word (or a number) and begins with a trigger or start word
# at most WORDS_BEFORE_TRIGGER words before it; patterns are only tried at those word starts.
_TOKEN = regex(r"(?:\w|'(?=\d))[\w'.]*")  # an opening quote is no part of a word ("'Today", not "'90s")
_TOKEN_SPLIT = regex("(" + _TOKEN.pattern + ")")
_TOKEN_PARTS = regex(r"[-.]|'s?")
# A token part that can hold a number of the calendar: digits, or a fiscal year written 'FY2025'.
_NUMERIC_PART = regex(r"(?:fy|cy)?\d")  # (fiscal and calendar years: FY2024, CY1987)


def _words(phrases) -> set[str]:
    """The words of `phrases` as tokens are split ("mother's day" -> mother, day)."""
    return {part for phrase in phrases for word in phrase.lower().split()
            for part in _TOKEN_PARTS.split(word) if part}


_NOT_TRIGGERS = frozenset("the in at just right more most near short long distant".split())
TRIGGER_WORDS = frozenset(
    _words(list(lexicon.MONTHS) + list(lexicon.WEEKDAYS) + list(lexicon.UNITS) + list(lexicon.PLURALS)
           + list(lexicon.SEASONS) + list(lexicon.PARTS_OF_DAY) + list(lexicon.REFS) + list(lexicon.SETS)
           + list(lexicon.DECADE_WORDS) + [name.split()[-1] for name in lexicon.HOLIDAYS]
           + [unit + "long" for unit in lexicon.UNITS]  # 'a weeklong truce'
           + [phrase.split()[-1] for phrase in lexicon.VAGUE_DURATIONS]  # 'for [ages]'
           + "yesterday today tomorrow tonight noon midnight midday midweek season half period weekend nineteen "
              "dawn daybreak dusk nightfall "
              "thousand twenty hundreds fifteen thirty forty fifty "  # spoken minutes ('at eleven forty-five')
              "q1 q2 q3 q4 h1 h2".split())
    - _NOT_TRIGGERS)
START_WORDS = frozenset(_words(row[0] for row in lexicon.read_table("start_words"))
                        | {phrase.split()[0].rstrip("-") for phrase in lexicon.MODS}
                        | {_TOKEN.match(name).group() for name in lexicon.NAMED_DATES}  # 'd' of 'd-day'
                        | _words(lexicon.NUMBERS) | _words(lexicon.ORDINALS) | _words(lexicon.REFS)
                        | _words(lexicon.HOLIDAYS)  # a holiday's last word is its trigger
                        | _words(lexicon.VAGUE_DURATIONS)  # "for [donkey's years]"
                        | {abbreviation.lower() for abbreviation in lexicon.WEEKDAY_ABBREVIATIONS})
WORDS_BEFORE_TRIGGER = 6

# Words before a bare month or season that show it is a date ("in May", not "may").
DATE_PREPOSITIONS = frozenset(
    "in since by until till of from to through throughout during before after between and or "
    "early late mid last next this each every for around about that least than".split())  # 'until at
# least [March]', 'no earlier than [May]'

# Words before a bare 'fall' or 'spring' that make it a season ('in spring', not 'to fall').
SEASON_PREPOSITIONS = frozenset("in during by until since through throughout same early late mid "
                                "last next this".split())
# A bare month right after these is a person ('..., said April.').
SPEECH_VERBS = frozenset("said says told asked wrote added replied according".split())
# Words after a year-like number that show it counts things ("2014 points"); not nouns a year
# names, nor words ending in -s that are no plural ('in 2018 was', '2019 has', 'since 2001 as').
_COUNTED_NOUN = regex(r"\s+(?!years\b|seasons\b|levels\b|figures\b|results\b|elections\b|games\b"
                      r"|olympics\b|rates\b|prices\b|sales\b|earnings\b|profits\b"
                      r"|(?:was|is|has|does|as|thus|this|his|its|plus|less|unless|whereas|across"
                      r"|always|perhaps|news)\b)[a-z]+s\b")
# Before a year with a plural noun after it, these make it a year ('the 1777 campaigns').
DETERMINERS = frozenset("the its his her their our this that".split())
# Words labelling a number that is not a year: 'Page 1998', 'Resolution 1483', 'Route 2010'.
NUMBER_LABELS = frozenset("page pages section article chapter room route flight highway interstate "
                          "resolution rule no number nos model version item paragraph clause bill code "
                          "suite box apartment apt exit gate platform track form ordinance incident log "
                          "reference ref badge unit lot locker pier berth cabin".split())
# '555-2020', '022-2496-1430', 'INV-2023-0612', not '1990-2020'
_PHONE_BEFORE = regex(r"(?:(?<!\d)\d{1,3}|\d{5,}|\d-\d{3,4}|(?-i:[A-Z]{2,}))-$")
# '2001 Main Street', '1801 East 11th Street'; 'at (to) 1999 Broadway' (but 'in 2001 Broadway saw')
_STREET_WORDS = r"(?-i:Avenue|Ave|Street|St|Road|Rd|Boulevard|Blvd|Lane|Drive|Plaza|Place|Parkway|Court|Square|Way|Crescent|Terrace)"
_STREET_AFTER = regex(r"\s+(?:(?:[A-Z][a-z]+|[A-Z](?=\s)|\d{1,3}(?:st|nd|rd|th))\s+)+" + _STREET_WORDS + r"\b|(?<=\b(?:at|to)\s\d{4})\s+Broadway\b"
                      r"|\s+(?-i:Route|Highway)\s+\d")  # ('at [1225] Route 17': a house number)
_CAPITALIZED_NAME = regex(r"\s+[A-Z][a-z]+")
_DESIGNATION_AFTER = regex(r"\s(?-i:[A-Z]{1,3}\d{1,4})\b")
_PHONE_GROUPS_AFTER = regex(r"\s\d{3}\s\d{3}\b")  # 'call Crime Stoppers on 1800 333 000'
_COLOURS = "white|black|silver|gray|grey|red|blue|green|gold|maroon|tan|brown|beige|yellow|orange|dark|light"
_VEHICLE_AFTER = regex(r"\s+(?:(?:" + _COLOURS + r")(?:[\s-]+(?:" + _COLOURS + r"))?\s+)?(?-i:"
                       + "|".join(row[0] for row in lexicon.read_table("vehicle_makes")) + r")\b")
_OPENS_SENTENCE = regex(r"(?:^|[.!?\"“]\s*)$")
_POSSESSIVE = regex(r"['’]s\b")
# After a year-like number, these make it a count, a clock or a phone number: '2014-for-', '2014 percent',
# '1942 GMT', '1800-425-2024'.
_NOT_A_YEAR_AFTER = regex(r"(?:-\d{2,4}-\d)|\s*(?:-for-|percent|per\s+cent|point|block\b|(?-i:metres|meters|kilometres|kilometers|yards|miles|feet|km|m)\b|(?-i:GMT|UTC)\b)")
_THE_DAY = regex(r"the\s+\d{1,2}\s", re.IGNORECASE)
_TIMETABLE_AFTER = regex(r"\s+(?:schedule|timetable|service)\b")
_WEEKLY_THING_AFTER = regex(r"\s+(?:schools?|roasts?|best)\b")  # a weekly class, meal or dress, no one day
# A name given ('its character Friday', 'a servant named Friday'; but 'he was named Friday', 'called Friday').
_NAMING_BEFORE = regex(r"\b(?:character|nicknamed|" + lexicon.alternation(row[0] for row in lexicon.read_table("naming_nouns"))
                       + r"\s+(?:named|called))\s+$")
_TICKER_BEFORE = regex(r"\((?-i:[A-Z]{2,}):\s*$")  # an exchange's code in parentheses ('(HKEX: 1997)')
_ERA_AD = regex(lexicon.FRAGMENTS["ERA_AD"])
_NUMBER_BEFORE = regex(r"(?:\d[.,]?|[$£€#]|No\.\s?)$")


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 30):start])
    return match.group(1).lower() if match else ""


def _is_capitalized(word: str | None) -> bool:
    return bool(word) and word[0].isupper()


_YEAR_GROUPS = frozenset({"year", *lexicon.SPOKEN_YEAR_GROUPS})  # a transcript's 'may nineteen ninety-four'


def _month_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'may' (modal), 'march' (verb) and names like 'April Ryan' are not dates."""
    month = cand.groups.get("month")
    if month is None:
        return False
    if not _is_capitalized(month) and not (
            is_lower_case_text(text)
            and (month.lower() not in ("may", "march") or any(cand.groups.get(group) for group in _YEAR_GROUPS))
            and (cand.kind != "month" or _previous_word(text, cand.start) in DATE_PREPOSITIONS - _COORDINATORS)):
        return True  # (but 'since [october]', '[july twelfth]' in a text all in lower case, a transcript's)
    bare = cand.kind == "month" and not cand.groups.get("rel") and not cand.groups.get("pmod") \
        and not cand.groups.get("pmod2")
    if not bare:
        return False
    if _PLACE_WORD_AFTER.match(text, cand.end):
        return True  # 'residents of [April] Street': a place's name
    if month.lower() in lexicon.MONTHS_NAMING_PEOPLE and (
            _SPEAKS_AFTER.match(text, cand.end) or _KIN_BEFORE.search(text, max(0, cand.start - 30), cand.start)):
        return True  # 'allies of [May] said': the person speaks; 'a great-granddaughter, [April]
    if month.lower() in ("may", "march") or month.isupper():
        previous = _previous_word(text, cand.start)
        if month.lower() == "march" and _is_the_verb_march(text, cand, previous):
            return True  # 'plan to [March] on City Hall'
        if _COMPANY_WORD_AFTER.match(text, cand.end):
            return True  # 'shares of [May] Department Stores': a company's name
        if previous in DATE_PREPOSITIONS or PERIOD_NOUN_AFTER.match(text, cand.end, cand.end + 40) \
                or _AS_EARLY_AS_BEFORE.search(text, max(0, cand.start - 16), cand.start):
            return False  # 'in May'; 'will report [May] traffic figures'; 'as early as [March]'
        if previous.endswith("est") or _MONTH_AS_SUBJECT.match(text, cand.end):
            return False  # 'the wettest [May] on record'; '[March] ended warmer than normal'
        if previous in _DETERMINERS_BEFORE_MONTH or (month.lower() == "march" and _LOWER_CASE_WORD_BEFORE.search(
                text, max(0, cand.start - 30), cand.start)):
            return not _attributive_noun_after(text, cand.end)  # 'its March meeting', 'Judge sets
            # [March] trial'; not 'The March on', 'will March to' ('which May negotiated': the name)
        return True

    if _previous_word(text, cand.start) in SPEECH_VERBS and month.lower() in lexicon.MONTHS_NAMING_PEOPLE:
        return True  # 'said April': a name (but 'said December sales rose')
    follower = _CAPITALIZED_NAME.match(text, cand.end)
    if follower and follower.group().strip().lower() not in lexicon.MONTHS:
        if month.lower() in lexicon.MONTHS_NAMING_PEOPLE and (
                _POSSESSIVE.match(text, follower.end()) or _full_name_after(text, cand.end)):
            return True  # 'two of August Wilson's plays', 'songs by June Carter Cash': a name
            # whatever comes before
        return _previous_word(text, cand.start) not in DATE_PREPOSITIONS - _COORDINATORS
    return False  # ('Will Smith and April Jones': a name; 'in March and April' has no name after)


# A relative named in apposition ('survived by a great-granddaughter, [April]', 'his wife, June',
# 'his wife of 52 years, June').
_KIN_BEFORE = regex(r"\b(?:daughter|granddaughter|son|grandson|wife|husband|sister|brother|mother|father|niece|"
                    r"nephew|aunt|cousin|partner|widow|friend|named)s?(?:\s+of\s+[\w-]+\s+years)?,?\s+$",
                    re.IGNORECASE)
_COMPANY_WORD_AFTER = regex(r"\s+(?:Department\s+Stores?|Stores|Co\.|Corp\.|Inc\.|Company|Holdings|Industries)")
_SPEAKS_AFTER = regex(r"\s+(?:said|says|told|tells|added|wrote|replied|insisted|argued)\b")
# A month before these (a word or two between) names the period figures are about ('April retail
# sales', 'the July jobs report').
PERIOD_NOUN_AFTER = regex(r"(?:'s)?(?:\s+(?!(?:as|and|or|but|when|while|if|because|after|before|since|until|than|on|in|at|to|for|from|with|by|ahead|about|over)\b)"
                          r"[a-z-]+){0,2}?\s+" + lexicon.alternation(lexicon.PERIOD_NOUNS)
                          + r"\b")
_AS_EARLY_AS_BEFORE = regex(r"\b(?:early|late|soon)\s+as\s+$", re.IGNORECASE)
# After 'May'/'March', a past verb makes it the month a sentence is about ('[March] ended warmer
# than normal', '[May] was the wettest month'), not the modal or the verb.
_MONTH_AS_SUBJECT = regex(r"\s+(?:was|has\s+been|had\s+been|brought|saw|began|ended|closed)\b")
_TWO_NAMES_AFTER = regex(r"\s+([A-Z][a-z]+)\s+[A-Z][a-z]+\b")
# Capitalized words that open a title or an office, not a surname ('in June President Obama').
_TITLES = frozenset("President Prime Premier Vice Gov Governor Sen Senator Rep Representative Mr Mrs Ms Dr "
                    "King Queen Prince Princess Pope General Gen Chancellor Minister Secretary Judge Justice "
                    "Mayor Chief Chairman Speaker Sheriff Lt Col Sgt Capt Adm Saint St Lord Lady Sir".split())


def _full_name_after(text: str, end: int) -> bool:
    """Whether two capitalized words follow, the first no title: 'June [Carter Cash]'."""
    names = _TWO_NAMES_AFTER.match(text, end)
    return bool(names) and names.group(1) not in _TITLES and names.group(1).lower() not in lexicon.WEEKDAYS


_DETERMINERS_BEFORE_MONTH = frozenset("the its their his her our".split())
_COORDINATORS = frozenset({"and", "or"})
_NOUN_AFTER = regex(r"\s+([a-z]+)\b")
_NOT_NOUNS_AFTER_MONTH = frozenset("on of to in for and or with at from by through against into down across "
                                   "along toward towards past around be have not also still never together again home out off up "
                                   "back forward".split())
# A lower-case word right before a capitalized 'May' or 'March' that is no modal or infinitive
# marker: mid-sentence, where neither the modal nor the verb is capitalized ('sets [March] trial').
_LOWER_CASE_WORD_BEFORE = regex(r"(?<![\w'])(?!(?:to|will|would|could|should|might|must|can|may|did|not|"
                                r"who|they|we|i|you)\s)[a-z]+\s+$")
# Verbs whose 'to' makes a following 'March' the verb: 'plan to [March] on City Hall'.
_INFINITIVE_VERBS = frozenset("plan plans planned planning want wants wanted intend intends intended vow "
                              "vows vowed threaten threatens threatened going decided decide decides agreed "
                              "agree agrees hope hopes hoped promise promised promises prepare prepared "
                              "preparing expect expected expects refuse refused continue continued "
                              "tried try trying".split())
# After 'to March', where a march goes: 'to [March] on Washington', 'to March through the city'.
_MARCH_ROUTE_AFTER = regex(r"\s+(?:on|through|into|down|across|against|along|toward|towards|past)\s+"
                           r"(?:the\s|(?!(?i:" + lexicon.FRAGMENTS["WEEKDAY"] + r"|" + lexicon.FRAGMENTS["MONTH"]
                           + r"))[A-Z])")


def _is_the_verb_march(text: str, cand: Candidate, previous: str) -> bool:
    """Whether a capitalized 'March' after 'to' is the verb: after a verb that takes an infinitive,
    or before the way the march goes ('vowed to [March] on the capital', 'urged them to March
    through Selma'); not 'postponed to [March]'."""
    if previous != "to":
        return False
    before_to = _previous_word(text, text.rfind("to", 0, cand.start))
    return before_to in _INFINITIVE_VERBS or bool(_MARCH_ROUTE_AFTER.match(text, cand.end))


def _attributive_noun_after(text: str, end: int) -> bool:
    """Whether a lowercase word that is not a preposition follows ('the May [election]')."""
    match = _NOUN_AFTER.match(text, end)
    return bool(match) and match.group(1) not in _NOT_NOUNS_AFTER_MONTH and not match.group(1).endswith("ly")


def _title_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'This Week' (a programme), 'Next Year' in a title: capitalized relative phrases mid-sentence."""
    words = text[cand.start:cand.end].split()
    return cand.kind == "rel_unit" and len(words) == 2 and all(w[0].isupper() for w in words) \
        and bool(re.search(r"(?:[a-z,]\s+|[\"“'‘])$", text[max(0, cand.start - 3):cand.start]))


def _deadline_day_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'is [the last day] to enroll', 'the last day for comments': a deadline named, not the day
    before the DCT."""
    span = text[cand.start:cand.end].lower()
    return cand.kind == "rel_unit" and (span == "the last day" or (
        span == "last day" and _previous_word(text, cand.start) == "the")) \
        and bool(_TO_OR_FOR_AFTER.match(text, cand.end))


_TO_OR_FOR_AFTER = regex(r"\s+(?:to|for)\b")


# A holiday whose name in lower case is an everyday phrase ('the fourth time'): only its capitalized
# form names the day ('the Fourth'), even in a transcript written all in lower case.
_EVERYDAY_WHEN_LOWER_CASE = frozenset({"the fourth"})


def _is_lower_case_name(name: str) -> bool:
    """Whether a holiday's name is written in lower case ('election day'; 'the Fourth of July' and
    'the late May bank holiday' are not, nor Britain's 'summer bank holiday', whose official name is)."""
    words = name.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return not any(word[:1].isupper() for word in words) and not name.lower().endswith("bank holiday")


_EVENT_NAMED_AFTER = regex(r"\s+(?:war|offensive|rising|uprising)\b", re.IGNORECASE)
# A group named by the date it recalls, the rest of that date between ('the [April] 6 Youth Movement',
# 'the [26th] of July Movement', 'the [1922] Committee', 'the [March 14] alliance').
_GROUP_NAMED_AFTER = regex(r"(?:\s+\d{1,2}(?:st|nd|rd|th)?|\s+of\s+(?-i:[A-Z])[a-z]+)?\s+(?:Youth\s+)?"
                           r"(?-i:Movement|Brigade|Committee|Commission|[Aa]lliance|Coalition|Battalion|Regiment)\b")
_OPERATION_BEFORE = regex(r"\b(?:Operation|Father)\s+$")  # 'Operation Ramadan': a military operation's name;
# 'Father Christmas': a figure's
# Capitalized after a holiday, these are held on its day ('Christmas Eve Mass', 'the Thanksgiving
# Day Parade'), not a name the holiday's word is part of ('Easter Island').
_HOLIDAY_THING_AFTER = regex(r"(?:['’]s)?\s+(?:trees?|lights|cards?|carols?|decorations|ornaments|stockings?|"
                             r"wreaths?|cookies|music|songs?|movies?|films?|markets?|resolutions?|crackers?|"
                             r"calendars?|gelt|eggs?|bunn(?:y|ies)|candles?|lanterns?|menorahs?|presents|gifts?|"
                             r"hampers?|puddings?|jumpers?|sweaters?|albums?|specials?|cactus|creep|appeals?|"
                             r"shopping)\b")
_HOLIDAY_OBSERVANCE_AFTER = regex(r"\s+(?:Mass|Masses|Parade|Service|Services|Vigil|Liturgy)\b")


_WEEKDAY_TITLE_BEFORE = regex(r"\b(?:" + "|".join(map(re.escape, lexicon.WEEKDAY_TITLE_HEADS)) + r")\s+$")


# A newspaper named by a weekday, in any case ('the Sunday Times', 'Sunday Telegraph').
_NEWSPAPER_AFTER = regex(r"\s+(?:times|telegraph|mirror|tribune|observer|herald|express)\b", re.IGNORECASE)
_WEB_DOMAIN_AFTER = regex(r"\.(?:com|net|org|io|co)\b")


_CAPITALIZED_WORD_BEFORE = regex(r"[A-Z][\w'’.&-]*\s+$")


def _follows_a_capitalized_word(text: str, start: int) -> bool:
    """Whether a capitalized word ends right before `start`, not opening the sentence ('China [Daily]')."""
    return bool(_CAPITALIZED_WORD_BEFORE.search(text, max(0, start - 30), start)) \
        and not _OPENS_SENTENCE.search(text, max(0, start - 3), start)


_LOWER_CASE_WORD_AFTER = regex(r"\s+[a-z]")  # running text goes on (no title-case headline)


_ON_BEFORE = regex(r"\b[Oo]n\s$")
FIRST_NAME_REACH = 14
# (not a place named after a saint or a person: 'St. Louis Friday', 'Point Judith', 'Fort Worth')
_FIRST_NAME_BEFORE = regex(r"(?<!\bSt\.\s)(?<!\bSt\s)(?<!\bSaint\s)(?<!\bSan\s)(?<!\bFort\s)(?<!\bPort\s)"
                           r"(?<!\bPoint\s)(?<!\bLake\s)(?<!\bMount\s)(?<!\bCape\s)\b(?-i:"
                           + lexicon.alternation(row[0] for row in lexicon.read_table("first_names")) + r")\s$")
_PLACE_WORD_AFTER = regex(r"\s+(?:Road|Street|Avenue|Lane|Drive|Boulevard|Way|Place|Square|Island|Harbou?r|Creek|River|Park)\b")


_RUNNING_TEXT_BEFORE = regex(r"\b(?-i:[a-z]{4,})\b[^.!?]*$")  # a lower-case word earlier in the sentence


def _weekday_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'The Sunday Times', 'Black Friday Sale', 'Easter Island': a weekday or holiday followed by a
    name; 'Tuesday Morning Corp.': a capitalized part of the day inside a name; a newspaper named
    with a weekday ('the Mail on Sunday', weekday_titles.tsv); a holiday written in lower case; a
    web address ('Monday.com')."""
    if _WEB_DOMAIN_AFTER.match(text, cand.end):
        return True
    if cand.kind == "holiday" and _is_lower_case_name(cand.groups["holiday"]) and (
            not is_lower_case_text(text) or cand.groups["holiday"].lower() in _EVERYDAY_WHEN_LOWER_CASE):
        return True  # 'jailed on election day in 1910': a day of that country, not the US holiday
        # (a transcript writes every name in lower case: 'on black friday')
    if cand.kind == "holiday" and (_EVENT_NAMED_AFTER.match(text, cand.end)
                                   or _OPERATION_BEFORE.search(text, max(0, cand.start - 10), cand.start)):
        return True  # 'the 1973 Yom Kippur war', 'the Easter Rising', 'Operation Ramadan', 'Father Christmas': a name
    if cand.kind == "holiday" and _HOLIDAY_THING_AFTER.match(text, cand.end):
        return True  # 'will collect Christmas trees at the curb': things of the holiday, no date
    if cand.kind not in ("weekday", "holiday") or cand.groups.get("year") or cand.groups.get("hweek"):
        return False
    if cand.kind == "weekday" and _previous_word(text, cand.start) in ("a", "an") \
            and _TIMETABLE_AFTER.match(text, cand.end):
        return True  # 'buses will run a [Sunday] schedule': a kind of timetable, no day
    if cand.kind == "weekday" and _WEEKLY_THING_AFTER.match(text, cand.end):
        return True  # 'Sunday school groups', 'the Sunday roast': the weekly class or meal, no day
    if cand.kind == "weekday" and _NAMING_BEFORE.search(text, max(0, cand.start - 20), cand.start):
        return True  # 'Crusoe's companion, a character named Friday': a name
    if not cand.groups.get("rel") and not cand.groups.get("pmod") \
            and _FIRST_NAME_BEFORE.search(text, max(0, cand.start - FIRST_NAME_REACH), cand.start):
        return True  # 'Mayor Tom [Friday] told the audience', 'owner Dave [Christmas] said': a surname
    if cand.kind == "weekday" and _WEEKDAY_TITLE_BEFORE.search(text, max(0, cand.start - 20), cand.start):
        return True  # 'the Mail on Sunday'
    if cand.kind == "weekday" and _NEWSPAPER_AFTER.match(text, cand.end):
        return True  # 'Sunday Times Editor Steps Down' (its capitals lowered as a Title Case headline's)
    pod = cand.groups.get("pod")
    if pod:  # 'Tuesday Morning Corp.', 'the Tuesday Morning store', 'shares of Tuesday Morning rose'
        return pod[:1].isupper() and (bool(_CAPITALIZED_NAME.match(text, cand.end) or _LOWER_CASE_WORD_AFTER.match(
            text, cand.end)) or _previous_word(text, cand.start) == "the"
            or bool(_RUNNING_TEXT_BEFORE.search(text, max(0, cand.start - 80), cand.start)))  # 'found the door of
        # [Tuesday Morning], the discount store': a capital inside running text (not a Title Case headline's)
    follower = _CAPITALIZED_NAME.match(text, cand.end)
    if follower and cand.kind in ("weekday", "holiday") and _ON_BEFORE.search(text, max(0, cand.start - 4), cand.start) \
            and not _PLACE_WORD_AFTER.match(text, cand.end):
        return False  # 'On [Thursday] Germany and Italy declared war', 'On [Christmas night] George
        # Washington led': the day, then the subject
    if follower and cand.kind == "holiday" and _HOLIDAY_OBSERVANCE_AFTER.match(text, cand.end):
        return False  # 'will celebrate Christmas Eve Mass': held on the day
    return bool(follower) and follower.group().strip().lower() not in lexicon.MONTHS


_CLASS_OF_BEFORE = regex(r"\b[Cc]lass\s+of\s+$")


_OTHER_CALENDAR_BEFORE = regex(r"\b(?:Persian|Iranian|Islamic|Hijri|Muslim|Jewish|Hebrew|Buddhist|Thai|Chinese|lunar)"
                               r"\s+(?:calendar\s+)?year\s+$", re.IGNORECASE)
_HIJRI_AFTER = regex(r"\s+(?-i:AH|A\.H\.)(?!\w)")


def _year_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """Numbers that are amounts, not years: '2014 points', '$2014', '1,2014'; a graduating class's
    name ('the Class of 2024')."""
    if cand.kind not in ("year", "bc_year") or cand.groups.get("era") or cand.groups.get("fiscal"):
        return False
    if _CLASS_OF_BEFORE.search(text, max(0, cand.start - 9), cand.start) or _YEAR_2000_NAME.match(text, cand.start - 5):
        return True  # (or 'a year-[2000] glitch': the Y2K bug's name)
    if _OTHER_CALENDAR_BEFORE.search(text, max(0, cand.start - 30), cand.start) or _HIJRI_AFTER.match(text, cand.end):
        return True  # 'the Persian year [1403]', 'the 1446 AH pilgrimage': another calendar's year
    if cand.kind == "year" and len(cand.groups["year"]) == 3:  # 'In [732] an Umayyad army': a history's year,
        return doc_type != "narrative" and not _ERA_AD.search(text, cand.start, cand.end)  # in news a count
        # unless marked AD ('founded in [AD 635]')
    if _NUMBER_BEFORE.search(text, max(0, cand.start - 4), cand.start):
        return True
    if cand.kind == "bc_year":
        return False
    if _COUNTED_NOUN.match(text, cand.end) and _previous_word(text, cand.start) not in DETERMINERS \
            and _previous_word(text, cand.start) not in _YEAR_PREPOSITIONS | {"year"} \
            and not text[cand.start:cand.start + 9].lower().startswith("the year ") and not cand.groups.get("pmod") \
            and not _YEAR_OPENER_BEFORE.search(text, max(0, cand.start - 12), cand.start):
        return True  # '2014 points' (but 'found in [1984] contains', 'before the year [2000] arrives', 'by
        # [early 1847] thousands were dying', 'By [1905] collectors', 'as of [2019] preservationists')
    if _PHONE_BEFORE.search(text, max(0, cand.start - 10), cand.start) or _STREET_AFTER.match(text, cand.end) \
            or _PHONE_GROUPS_AFTER.match(text, cand.end):
        return True
    if (_VEHICLE_AFTER.match(text, cand.end) or _DESIGNATION_AFTER.match(text, cand.end)) \
            and _previous_word(text, cand.start) not in _YEAR_PREPOSITIONS:
        return True  # 'a stolen [1989] Chevrolet Camaro': a model year (but 'in 1908 Ford introduced');
        # 'asteroid [2012] DA14': a designation
    if _has_number_label(text, cand.start) and not cand.groups.get("pmod"):
        return True  # 'Rule [1622]' (but 'the slide rule [around 1622]')
    if _TICKER_BEFORE.search(text, max(0, cand.start - 12), cand.start):
        return True  # '(HKEX: 1997)': a stock code
    if _CODE_CITATION_BEFORE.search(text, max(0, cand.start - 12), cand.start):
        return True  # '42 U.S.C. 1983', '§ 1956': a section of a code of law
    name = text[cand.start:cand.start + 1].isdigit() and _NAME_BEFORE_YEAR.search(
        text, max(0, cand.start - 40), cand.start)
    if name and name.group(1).lower() not in _TEMPORAL_NAME_WORDS and not _RANGE_DASH_AFTER.match(text, cand.end):
        return True  # 'the Russell [2000] index', 'Vision [2030]': a name's number (not 'Western
        # Theater 1861-1863', nor a heading's 'In 2007')
    if _previous_word(text, cand.start) == "the" and _VERB_AFTER.match(text, cand.end):
        return True  # 'The 1975 will headline the festival': a band
    return bool(_NOT_A_YEAR_AFTER.match(text, cand.end))


_CODE_CITATION_BEFORE = regex(r"(?:\bU\.\s?S\.\s?C\.|\bUSC|\bC\.\s?F\.\s?R\.|\bCFR|§)\s*(?:§\s*)?$")
_VERB_AFTER = regex(r"\s+(?:will|would|is|was|has|had|are|were|[a-z]+ed)\b")
_NUMBER_AFTER_DASH = regex(r"[-–/](\d\d|\d{4})(?![\d/-])")
_YEAR_BEFORE_DASH = regex(r"(\d{4})[-–/]$")
_MODEL_PREFIX_BEFORE = regex(r"(?<![\w-])[A-Z]{1,3}[-/]$")
RANGE_MAX_YEARS = 30  # '2024-25' is a season, '2024-17' a code ('Ordinance 2024-17'); '1788-1851' a life


def _code_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """A year and a number after a dash that cannot end a range of years ('Ordinance [2024-17]'), or a
    year after a model's letters and a dash ('X-1000'): a document's or a product's number, no date."""
    if cand.kind == "year":
        if _MODEL_PREFIX_BEFORE.search(text, max(0, cand.start - 5), cand.start):
            return True  # 'the X-[1000] mesh router', 'an F-[1500]': a model's number
        after = _NUMBER_AFTER_DASH.match(text, cand.end)
        return bool(after) and not _ends_a_year_range(cand.groups["year"], after.group(1))
    before = _YEAR_BEFORE_DASH.search(text, max(0, cand.start - 5), cand.start)
    return bool(before) and (not _ends_a_year_range(before.group(1), cand.groups["yy"])
                             or _has_number_label(text, before.start()))  # 'Ordinance 2017-[43]'


def _has_number_label(text: str, start: int) -> bool:
    """Whether a word labelling a number that is no year stands right before `start` ('Page 1998')."""
    label = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, start - 20):start])
    return bool(label) and label.group(1).lower() in NUMBER_LABELS


def _ends_a_year_range(start: str, end: str) -> bool:
    """Whether `end` ('25', '1851') can end a range of years from `start` ('2024', '1788'): a later
    year, within RANGE_MAX_YEARS when written with two digits."""
    if len(end) == 4:
        return int(end) > int(start)
    return 0 < (int(end) - int(start[-2:])) % 100 <= RANGE_MAX_YEARS


# A capitalized word inside a sentence right before a year: a name the number belongs to, unless it
# is a word of time ('in late March 2020', 'Christmas 2015', 'AD 79').
_NAME_BEFORE_YEAR = regex(r"(?:^|[a-z,;]\s+|[.!?]\s+)(?:[A-Z][A-Za-z]*\s+){0,2}([A-Z][A-Za-z]+)\s+$")  # ('and SQL Server [2000]')
_TEMPORAL_NAME_WORDS = frozenset(lexicon.MONTHS) | frozenset(lexicon.WEEKDAYS) | frozenset(lexicon.SEASONS) \
    | DATE_PREPOSITIONS | frozenset("ad bc bce ce fy fiscal christmas easter throughout during early late mid "
                                    "the and of around about circa her his its their our my your if like unlike when while as so but yet nor "
                                    "this that these those each every".split())
_RANGE_DASH_AFTER = regex(r"\s?[-–]")
_YEAR_PREPOSITIONS = frozenset("in since until during from".split())
_YEAR_OPENER_BEFORE = regex(r"(?:\b[Aa]s\s+of|(?:^|[.!?;:]\s+)By)\s+$")  # a year's, not a count's, openers
_SCORE = regex(r"\b\d{1,3}-\d{1,3}\b")
_MONTH_BEFORE = regex(r"\b(?:" + lexicon.FRAGMENTS["MONTH"] + r")\.?\s*$", re.IGNORECASE)


def _has_score(text: str, left: int, right: int) -> bool:
    """Whether a game's score stands in text[left:right] ('won 24-17'; not the days of 'April 28-29')."""
    return any(not _MONTH_BEFORE.search(text, max(0, score.start() - 12), score.start())
               for score in _SCORE.finditer(text, left, right))
_WORD = regex(r"[a-z][a-z-]*")


def _year_span_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """In news '2022-23' names one season or fiscal year; '1861-65', and a span in a history ('the
    Siege of Kut (1915-16)', WikiWars) unless it names its season ('the 1966-67 season'), is a range
    of years: two expressions."""
    named_as_one = text[cand.start:cand.end].lower().endswith(("season", "year"))  # 'the 1966-67 season'
    return (doc_type == "narrative" and not named_as_one) or int(cand.groups["yy"]) != (int(cand.groups["year"]) + 1) % 100


# A year or relative word makes a quarter or half one of the calendar ('the second quarter of next year').
_CALENDAR_PERIOD_GROUPS = ("year", "qyear", "qrel", "rel", "ryear", "yrel")


def _period_code_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """A compact quarter or half ('4Q', '1H90') after a label is a name's number ('its Model [4Q]
    controller')."""
    return text[cand.start:cand.start + 1].isdigit() and _has_number_label(text, cand.start)


def _period_of_play_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'outscored 31-12 in the fourth quarter', 'threw for 312 yards in the first half': periods of
    a game, in a sentence of a game's report and of no company's; and parts of someone's own period
    ('the second half of their two-year session')."""
    if cand.kind not in ("quarter", "half") or any(cand.groups.get(name) for name in _CALENDAR_PERIOD_GROUPS):
        return False
    if _OF_ONES_OWN_PERIOD_AFTER.match(text, cand.end):
        return True  # 'for [the second half] of their two-year session', 'the first half of his term'
    left, right = sentence_span(text, cand.start, cand.end)
    if _GAME_RESULT.search(text, left, right):
        return True  # 'hurt in [the first half] of Sunday's 24-17 loss': a game's, 'loss' no business word
    words = set(_WORD.findall(text[left:right].lower()))
    if not words.isdisjoint(lexicon.BUSINESS_WORDS) or "%" in text[left:right]:
        return False
    if left > 1:  # the game may be the previous sentence's: 'beating the Warriors 114-110. Golden State lost
        left = sentence_span(text, left - 2, left - 2)[0]  # Thompson late in [the third quarter]'
        words |= set(_WORD.findall(text[left:right].lower()))
    return not words.isdisjoint(lexicon.GAME_WORDS) or _has_score(text, left, right)


# A part of someone's own period, not of the calendar ('of their session'; but 'of its fiscal year').
_OF_ONES_OWN_PERIOD_AFTER = regex(r"\s+of\s+(?:their|his|her|its|our|my|your)\s+(?!(?:[\w-]+\s+){0,2}?"
                                  r"(?:fiscal|financial|year|decade|century|month|quarter)\b)", re.IGNORECASE)
_GAME_RESULT = regex(r"\b\d{1,3}-\d{1,3}\s+(?:loss|win|victory|defeat|rout|upset)\b", re.IGNORECASE)


_ASTRONOMICAL_AFTER = regex(r"\s+(?:solstice|equinox)\b", re.IGNORECASE)


_SEASON_NAMED_PLACE_AFTER = regex(r"\s+(?:(?:and|or)\s+(?:Summer|Winter)\s+)?(?:Palace|Gardens?|Street|Hall|Park|Square|Olympics|Olympic|Paralympics|Paralympic|Games|Youth|Classic)\b")
_FALL_AS_DECLINE_AFTER = regex(
    r"\s+(?:in|of)\s+(?!(?:the|a|an|this|that|last|next|each|every|early|late|mid)\b)[a-z]")
_BEFORE_A_NAMED_SEASON = frozenset({"the", "the next", "next", "the last", "last", "this"})


_WAR_AFTER = regex(r"\s+War\b")


def _season_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'fall' and 'spring' as verbs; 'the fall of Rome', 'Fall of Saigon' (events)."""
    season = cand.groups.get("season")
    if cand.kind != "season" or season is None:
        return False
    dated = cand.groups.get("year") or cand.groups.get("pmod") or cand.groups.get("pmod2")
    if dated:
        return False
    rel = (cand.groups.get("rel") or "").lower()
    named = rel == "" or (rel in _BEFORE_A_NAMED_SEASON and season[0].isupper() and doc_type == "news")
    if season[0].isupper() and _WAR_AFTER.match(text, cand.end):
        return True  # 'the Winter War'
    if named and _CAPITALIZED_NAME.match(text, cand.end):
        return True  # 'Summer Smith'; in news 'the (next) Winter Olympics' (histories date 'the Spring Offensive')
    if rel == "" and season[0].isupper() and doc_type == "news" and _follows_a_capitalized_word(text, cand.start):
        return True  # 'the Arab Spring', 'the Prague Spring' (histories date 'the Chinese [Spring] Offensive')
    if season[0].isupper() and _SEASON_NAMED_PLACE_AFTER.match(text, cand.end):
        return True  # 'the Winter Palace', 'the Summer Games', in histories too
    if season.lower() == "fall" and rel in ("", "the") and _FALL_AS_DECLINE_AFTER.match(text, cand.end):
        return True  # 'the fall in oil prices', 'the fall of communism': a drop, an end
    if _ASTRONOMICAL_AFTER.match(text, cand.end):
        return True  # 'the winter solstice', 'the spring equinox': a day, not the season
    if rel in ("", "the", "a") and _SEASONAL_KIND_AFTER.match(text, cand.end):
        return True  # 'after the winter storm', 'winter tires', 'the switch to summer time' (a clock
        # standard): a kind of thing, not a time
    if season.lower() in ("fall", "spring") and rel in ("", "the") \
            and re.match(r"\s+of\b", text[cand.end:cand.end + 4]):
        return True  # 'the fall of Rome', 'Fall of Saigon', 'Spring of Life'
    if season.lower() == "fall" and rel in ("that", "those", "which") and _FALL_AS_VERB_AFTER.match(text, cand.end):
        return True  # 'banks [that fall] short', 'those that fall behind': the verb
    if season.lower() == "fall" and _previous_word(text, cand.start) in _SIZE_OF_A_DROP:
        return True  # 'the steepest fall since the 1990s', 'a sharp fall': a drop
    if rel == "" and _SUPERLATIVE_BEFORE.search(text, max(0, cand.start - 24), cand.start):
        return False  # 'after the wettest [spring] on record': that season
    if season in ("fall", "spring") and rel == "":
        return _previous_word(text, cand.start) not in SEASON_PREPOSITIONS
    if doc_type == "narrative":
        return False
    return rel == "" and season.islower() and _previous_word(text, cand.start) not in DATE_PREPOSITIONS


_FALL_AS_VERB_AFTER = regex(r"\s+(?:short|behind|below|under|into|within|outside|off|through|apart|ill|silent|victim|prey)\b")
# Words that size a drop ('the steepest fall', 'a sharp fall'), not a season ('the wettest fall').
_SIZE_OF_A_DROP = frozenset("steep steeper steepest sharp sharper sharpest big bigger biggest large larger largest "
                            "deep deeper deepest slight modest small smaller smallest further dramatic precipitous "
                            "record".split())
_SUPERLATIVE_BEFORE = regex(r"\b(?:the|this|last)\s+(?:[a-z]+est|most\s+[a-z]+)\s+$")


_SEASONAL_KIND_AFTER = regex(r"\s+(?:storms?|weather|tires|coats?|clothing|wheat|barley|rye|oats|canola|squash|"
                             r"onions?|armyworms?|break|quarters|editions?|(?:and|or)\s+(?:summer|winter)\s+editions|time(?!\s+of\b))\b", re.IGNORECASE)  # (crops: 'winter wheat', 'Fall armyworm')
_NAME_BEFORE = regex(r"[a-z,;:]\s+(?:[A-Z][A-Za-z]*\s+)*[A-Z][A-Za-z]*\s+$")


# Nouns that make "today's ..." the present age, not the publication day ("today's youth").
GENERIC_NOUNS = frozenset("world society youth generation generations children kids teenagers families "
                          "parents consumers computers technology technologies culture".split())
_POSSESSIVE_NOUNS_AFTER = regex(r"['’]s\s+([a-z]+)(?:\s+([a-z]+))?")  # a noun, or adjective + noun
_GENERIC_OF_BEFORE = regex(r"(?<!\bas\s)\bof\s+$", re.IGNORECASE)
_HIGH_BEFORE = regex(r"\bhigh\s+$", re.IGNORECASE)


def _relday_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'USA Today', 'the Today show' (a capitalized 'Today' in a name); the present or coming age,
    not a day: 'today's youth', 'today's personal computers', 'the people of tomorrow'."""
    if cand.kind != "relday":
        return False
    span = text[cand.start:cand.end]
    if span == "Today" and (_NAME_BEFORE.search(text, max(0, cand.start - 40), cand.start)
                            or _previous_word(text, cand.start) == "the"):
        return True  # 'USA Today', 'return to the Today show'
    if span.lower() not in ("today", "tomorrow"):
        return False
    nouns = _POSSESSIVE_NOUNS_AFTER.match(text, cand.end)
    if nouns and not GENERIC_NOUNS.isdisjoint(nouns.groups()):
        return True
    return bool(_GENERIC_OF_BEFORE.search(text, max(0, cand.start - 8), cand.start)) \
        and not re.match(r"['’]s", text[cand.end:cand.end + 2])


# A word right after 'in the evening' or 'the past' that does not make it a noun modifier ('in the
# evening sky', 'the past six seasons'): function words, pronouns, day words; participles and adverbs
# (-ing, -ed, -ly) are also fine.
_NOT_MODIFIED_AFTER = frozenset(
    "and or but nor so yet as when while before after until till since because if though although "
    "with without to at in on by for from into near about around over under than then there here "
    "across through throughout along during outside inside onto upon within beyond against amid amidst despite "
    "toward towards among between via "
    "the a an this that these those his her its their our my your he she it they we i you who which "
    "where local time hours yesterday today tomorrow tonight is was are were will would had has have".split())
_NEXT_WORD = regex(r"\s+([a-z]+)\b")


def _modifies_next_word(text: str, end: int) -> bool:
    """Whether the lower-case word after `end` is one the expression modifies ('evening [sky]')."""
    follower = _NEXT_WORD.match(text, end)
    return bool(follower) and follower.group(1) not in _NOT_MODIFIED_AFTER \
        and not follower.group(1).endswith(("ing", "ed", "ly"))


def _part_of_day_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'in the evening sky', 'in the morning papers': a part of the day modifying a noun (not after a
    bare 'by' or 'until': 'by [morning] thousands were dead', 'by [mid-afternoon] water covered')."""
    if cand.kind != "pod_bare":
        return False
    if text[cand.start].islower() and (cand.groups.get("pod") or "")[:1].isupper():
        return True  # 'Let's Spend [the Night] Together': a title's capital
    return _modifies_next_word(text, cand.end) and not DEADLINE_WORD_BEFORE.search(text, max(0, cand.start - 7), cand.start)


DEADLINE_WORD_BEFORE = regex(r"\b(?:by|until|till)\s+$", re.IGNORECASE)


def _overnight_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'overnight' is the night before or after the DCT in news only, and not as an adjective ('an
    overnight stay', 'overnight lows') or the idiom 'suddenly' ('did not happen overnight',
    'became a star overnight')."""
    if doc_type != "news" or _modifies_next_word(text, cand.end):
        return True
    clause = _CLAUSE_BREAK.split(text[max(0, cand.start - 60):cand.start])[-1]
    return bool(_SUDDENLY_IDIOM_BEFORE.search(clause))


_SUDDENLY_IDIOM_BEFORE = regex(r"n't\b|\b(?:not|never|become|becomes|became|happen|happens|happened|change|"
                               r"changed|almost|virtually|literally|practically|seemingly|nearly)\b",
                               re.IGNORECASE)


def _weekday_set_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'TGI [Fridays]': a plural weekday after an acronym is a name."""
    return bool(_ACRONYM_BEFORE.search(text, max(0, cand.start - 8), cand.start))


_ACRONYM_BEFORE = regex(r"\b[A-Z]{2,}\s+$")


def _short_year_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """A three-digit year after a month or season is a history's ('9 August 378'); in news it is a
    count ('in August 300 workers'), and so is one before a counted noun or after '<month> of'."""
    year = cand.groups.get("year") or ""
    return len(year) == 3 and not cand.groups.get("era") and (
        doc_type != "narrative" or bool(_COUNTED_NOUN.match(text, cand.end))
        or cand.kind == "month_year" and " of " in text[cand.start:cand.end])  # 'in January of 114 to 250'


def _named_short_year_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'Organizers of Woodstock ['94]', 'Expo ['86]': a name's year, as 'Vision [2030]' is (but
    'Christmas '94', 'the summer of '46')."""
    name = _NAME_BEFORE_YEAR.search(text, max(0, cand.start - 40), cand.start)
    return bool(name) and name.group(1).lower() not in _TEMPORAL_NAME_WORDS


def _century_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'scored his [first century]': a hundred runs, not a century of time; '21st Century Fox': a
    name."""
    if text[cand.end - 7:cand.end] == "Century" and _CAPITALIZED_NAME.match(text, cand.end):
        return True
    return _previous_word(text, cand.start) in _POSSESSIVE_DETERMINERS


_POSSESSIVE_DETERMINERS = frozenset("his her their its my your our".split())


def _clock_word_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'high noon': the idiom (or the film), not a clock time; a capitalized one before a capitalized
    word is a name ('Midnight Mass', 'Midnight Express', 'Midnight Oil'), and so is 'midnight Mass'."""
    if cand.kind != "clock_word":
        return False
    span = text[cand.start:cand.end]
    follower = _CAPITALIZED_NAME.match(text, cand.end)
    if " " not in span and span[0].isupper() and follower and (
            not _OPENS_SENTENCE.search(text, max(0, cand.start - 3), cand.start)
            or follower.group().strip().lower() not in lexicon.WEEKDAYS.keys() | lexicon.MONTHS.keys()):
        return True  # also opening a sentence ('Midnight Oil frontman ...'), but 'Midnight Friday is'
    if text[cand.start:cand.end].lower() == "midnight" and _MASS_AFTER.match(text, cand.end):
        return True  # 'will celebrate [midnight] Mass at 10 p.m.': the service's name, whatever its hour
    return bool(_HIGH_BEFORE.search(text, max(0, cand.start - 6), cand.start))


_MASS_AFTER = regex(r"\s+Mass(?:es)?\b")


_SOON_CONNECTIVE_BEFORE = frozenset("as how so too".split())  # 'as soon as', 'too soon to tell'
_SOON_CONNECTIVE_AFTER = regex(r"\s+(?:after|afterwards?|thereafter|before|as|enough)\b", re.IGNORECASE)
_FUTURE_CUE = regex(r"(?:\b|(?<=\w)')(?:will|would|ll|shall|may|might|could|can|should|must|to"
                    r"|expected|expects?|plans?|hopes?)\b", re.IGNORECASE)
_CLAUSE_BREAK = regex(r"[.,;:!?]")
_FUTURE_MODAL_AFTER = regex(r"\s+(?:will|would|may|might|could|should|must)\b", re.IGNORECASE)
# After 'former', these make it the pronoun ('did not consider the former an option', '... the latter').
_PRONOUN_FORMER_AFTER = regex(r"\s*(?:[^\w\s]|\s(?:a|an|the|is|was|were|are|had|has|would|could|did"
                              r"|and|or|but)\b)")


_NAME_WORD_BEFORE = regex(r"(?<![.!?]\s)\b(?!The\b|A\b|An\b)(?-i:[A-Z][a-z]+)\s+$")


def _zodiac_year_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'[the Year] of the Dragon': a year of the Chinese zodiac's cycle, no calendar year."""
    return (cand.groups.get("unit") or "").lower() == "year" and bool(_ZODIAC_AFTER.match(text, cand.end))


_ZODIAC_AFTER = regex(r"\s+of\s+the\s+(?:(?:Golden|Metal|Fire|Water|Wood|Earth)\s+)?(?:Rat|Ox|Tiger|Rabbit|Hare|Dragon"
                      r"|Snake|Horse|Goat|Sheep|Ram|Monkey|Rooster|Dog|Pig|Boar)\b", re.IGNORECASE)


def _ref_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'current' as in electric current; 'the present situation' (an adjective); 'the former' as a
    pronoun; 'soon' and 'recently' inside a connective ('as soon as', 'soon after', 'as recently as'). 'now that' stays tagged:
    TimeBank and AQUAINT mark its 'now' the present (3 of 3)."""
    ref = (cand.groups.get("ref") or "").lower()
    if ref == "former":
        return bool(_PRONOUN_FORMER_AFTER.match(text, cand.end))
    if ref == "soon":  # the future of news only: 'will soon', 'expected soon'; not 'was soon freed'
        clause = _CLAUSE_BREAK.split(text[max(0, cand.start - 80):cand.start])[-1]
        return doc_type == "narrative" or _previous_word(text, cand.start) in _SOON_CONNECTIVE_BEFORE \
            or bool(_SOON_CONNECTIVE_AFTER.match(text, cand.end)) \
            or not (_FUTURE_CUE.search(clause) or _FUTURE_MODAL_AFTER.match(text, cand.end))
    if ref == "current":  # 'a current of 600 volts', 'alternating-current', 'generates a current
        # strong enough' are electric; 'the current account deficit' is the balance of payments
        if text[cand.start - 1:cand.start] == "-" or _previous_word(text, cand.start) in ("a", "an"):
            return True
        if text[cand.start].isupper() and _NAME_WORD_BEFORE.search(text, max(0, cand.start - 20), cand.start):
            return True  # 'the Humboldt [Current]': an ocean current's name
        follower = text[cand.end:cand.end + 8]
        return not re.match(r"\s+[a-z]", follower) or bool(re.match(r"\s+(?:of|account)\b", follower))
    if ref == "the present":  # 'the present situation', 'The present Hagia Sophia'
        return bool(re.match(r"\s+[A-Za-z]", text[cand.end:cand.end + 3]))
    if ref == "recently":  # 'as recently as 1978': the year is the time
        return _previous_word(text, cand.start) == "as" and text.startswith(" as ", cand.end)
    if ref == "the past":  # 'the past season'; but TimeBank tags 'the past three summers' as a whole
        follower = _NEXT_WORD.match(text, cand.end)
        if follower and follower.group(1) in lexicon.NUMBERS:  # not 'missed [the past] three games'
            return not _TIME_NOUN_AFTER_COUNT.match(text, follower.end())
        return _modifies_next_word(text, cand.end)
    if ref in ("the future", "future"):  # 'the future Pope Pius II', 'the future emperor Titus': a later role
        return bool(_ROLE_AFTER_FUTURE.match(text, cand.end))
    return False


# After 'the future', a capitalized word or a role names who someone later became, no time.
_ROLE_AFTER_FUTURE = regex(r"\s+(?:(?-i:[A-Z])|(?:king|queen|emperor|empress|pope|president|prime\s+minister|"
                           r"premier|chancellor|wife|husband|bride|son-in-law|daughter-in-law|tsar|czar|"
                           r"shah|sultan|duke|duchess|prince|princess|leader|ruler|mayor|governor|senator|"
                           r"general|champion|founder|chairman|chief)\b)", re.IGNORECASE)


# What a count after 'the past' must name for 'the past' to be a time: 'the past three summers'.
_TIME_NOUN_AFTER_COUNT = regex(
    r"[\s-]+(?:(?:full|straight|consecutive|calendar|fiscal)\s+)?(?:" + lexicon.FRAGMENTS["UNIT"]
    + r"|summers?|winters?|springs?|autumns?|falls?|quarters?)\b", re.IGNORECASE)


_RATE_BEFORE = regex(r"(?:\d|%|\bpercent|\bonce|\btwice|\btimes|\bcents?|\bdollars?|\bpence"
                     r"|\b(?:m|b|tr)illion|\bthousand|\bhundred|[a-z]{3,}[^s']s)(?:\s+(?:more|less|extra))?\s*$")
_FRACTION_AFTER = regex(r"\s+of\b")
_SHIFT_AFTER = regex(r"\s+(?:from\s+(?:now|today|tomorrow|then|" + lexicon.FRAGMENTS["WEEKDAY"] + "|"
                     + lexicon.FRAGMENTS["MONTH"] + r")|later|earlier|ago|before|after)\b", re.IGNORECASE)
# 'over' is 'more than' after these ('for over a year', 'lasted over two hours', 'just over'); after a verb or
# noun it is the preposition 'during' ('evolved over several years', 'used over three years').
_OVER_AS_MORE_THAN_AFTER = frozenset("for in within after of to from than since by lasted lasts last "
                                     "lasting took takes take taking spent spend spends spending "
                                     "just well slightly little".split())


_NAMED_EVENT_AFTER = regex(r"\s+of\s+[A-Z]")
_AGE_LIMIT_AFTER = regex(r"\s+(?:of\s+age|and\s+(?:older|younger|over|under)|or\s+(?:older|younger))\b")
_AGE_GAP_AFTER = regex(r"\s+(?:(?:his|her|their|my|your|our)\s+(?:junior|senior)|older|younger)\b")
_NAMED_WAR_AFTER = regex(r"['’]\s+[A-Z][a-z]+")


def _names_something(text: str, cand: Candidate, doc_type: str) -> bool:
    """Whether a capitalized duration is part of a name: "The Thirty Years' War", 'The 24 Hours of
    Le Mans', and in news 'the Six-Day War', 'viewers of 60 Minutes', 'aired on Sixty Minutes'
    (histories date 'the [Seven Days] Battles' and 'the [Six-Day] War', as WikiWars does)."""
    num, unit = cand.groups.get("num") or "", cand.groups.get("unit") or ""
    if not (num[:1].isupper() or unit[:1].isupper()):
        return False
    if num[:1].isupper() and _NAMED_WAR_AFTER.match(text, cand.end):
        return True
    if not unit[:1].isupper():
        return False
    if _NAMED_EVENT_AFTER.match(text, cand.end) and (cand.groups.get("det") or _previous_word(text, cand.start) == "the"):
        return True
    if doc_type != "news":
        return False
    if _CAPITALIZED_NAME.match(text, cand.end):
        return True  # 'Forty Days Inn'; 'a Days Inn'
    if num.isdigit() and "the" in ((cand.groups.get("det") or "").lower(), _previous_word(text, cand.start)):
        return True  # 'The 48 Hours episode'
    return (num.isdigit() or num[:1].isupper()) \
        and not _OPENS_SENTENCE.search(text, max(0, cand.start - 3), cand.start)


_DAY_CARE_AFTER = regex(r"[\s-]+care\b", re.IGNORECASE)


_COUNTED_BACK_AFTER = regex(r"\s+(?:later|earlier|ago)\b", re.IGNORECASE)
_ANGLE_BEFORE = regex(r"(?:\bdegrees?|°)\s*(?:\d+\s*(?:minutes?|['′])\s*)?$", re.IGNORECASE)


_YEAR_2000_NAME = regex(r"(?i:year)-(?:19|20)\d\d\b")  # 'a year-2000 glitch': a name, no time


def _duration_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'a second time'; rates ('$5 a year', '1,200 passengers a day', 'twice a day': the frequency pattern's); fractions ('a quarter of',
    'cut by a quarter'); a year or a month's day before 'and' ('on 18 October [1912 and four days]
    later', 'the invasion of August [2 and 47 days] after')."""
    if cand.kind != "duration":
        return False
    if _YEAR_2000_NAME.match(text, cand.end - 4):
        return True  # '[a year]-2000 glitch'
    unit = (cand.groups.get("unit") or "").lower()
    num = (cand.groups.get("num") or "").lower()
    if cand.groups.get("num2") and num.isdigit() and (len(num) == 4 or _previous_word(text, cand.start) in lexicon.MONTHS):
        return True  # ('the invasion of August [2 and 47 days] after': a month's day, then a count)
    if unit == "day" and _DAY_CARE_AFTER.match(text, cand.end):
        return True  # 'taken from a [day care] center': a kind of care, no time
    if unit == "second" and num in ("a", "the"):
        return True
    if doc_type == "news" and (cand.groups.get("unit") or "")[:1].isupper():
        return True  # '[60 Minutes] aired', 'the 24 Hours of Le Mans': a name's capital (a Title Case headline is
        # judged in lower case; WikiWars tags the named wars of histories, '[Seven Years] War')
    if lexicon.unit_of(unit) in ("minute", "second") and _ANGLE_BEFORE.search(text, max(0, cand.start - 12), cand.start):
        return True  # '86 degrees [14 minutes] north': an angle's minutes, a latitude
    if _names_something(text, cand, doc_type):
        return True
    if _AGE_GAP_AFTER.match(text, cand.end) or (doc_type == "news" and _AGE_LIMIT_AFTER.match(text, cand.end)):
        return True  # 'a widow fifteen years his junior', 'two years older', 'everyone [6 months] and
        # older', 'vaccinated at [12 months] of age': an age, not a time (histories, as WikiWars,
        # keep '[26 years of age]')
    amod = (cand.groups.get("amod") or "").lower()
    if cand.groups.get("rel") and _COUNTED_BACK_AFTER.match(text, cand.end):
        return True  # 'and the last [two years later]': the count of a shift, not 'the last two years'
    if amod in ("over", "under") and cand.groups.get("det"):
        return True  # 'over the past five years': a preposition, not 'more than'
    if amod == "over" and _previous_word(text, cand.start) not in _OVER_AS_MORE_THAN_AFTER:
        return True  # 'evolved over several years' (during); but 'for over three years'
    if unit.startswith("quarter") and (_FRACTION_AFTER.match(text, cand.end) or num in ("a", "an")
                                       or "-" in text[cand.start:cand.end]):
        return True  # 'a quarter' is a fraction ('fell by about a quarter') or no particular quarter
    return num in ("a", "an") and not amod and bool(
        _RATE_BEFORE.search(text, max(0, cand.start - 16), cand.start)) \
        and _previous_word(text, cand.start) not in _OVER_AS_MORE_THAN_AFTER \
        and not _SHIFT_AFTER.match(text, cand.end)  # 'lasts a week', 'begins a week from Monday'


# An amount right before 'per' and a unit ('15 million instructions per second', '10,000 units per
# day'): a measure, which news annotation leaves untagged.
_AMOUNT_BEFORE = regex(r"(?:\d%?|%|\bpercent|\bcents?|\bdollars?|\b(?:m|b|tr)illion|\bthousand"
                       r"|\bhundred)(?:\s+[a-z]+s)?\s*$")


# Frequency words that also name a publication ('a weekly') or qualify one ('a daily newspaper').
_PUBLICATION_WORDS = frozenset("daily weekly monthly quarterly fortnightly biweekly".split())
_PUBLICATION_NOUN_AFTER = regex(r"\s+(?:news\s+)?(?:newspapers?|editions?|magazines?|publications?|papers?|news|tabloids?)\b")
# A frequency word as a noun: after a determiner and up to two adjectives ('the ailing', 'a satirical',
# 'the oldest national'), before the end of its noun phrase.
_PUBLICATION_BEFORE = regex(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:(?:[a-z]+(?:al|ic|ing|ed|ish|ous|ary|ern|ive|est)"
                            r"|new|old|major|rival|sister|[a-z]+-[a-z]+)\s+){0,2}$")
_NOUN_END_AFTER = regex(r"\s*[.,;:)!?]|\s*$|\s+(?:in|on|at|of|for|from|since|until|with|and|or|but|that|which|who|"
                        r"whose|still|was|is|has|had|will|would|became|began|lost|gave|sold|ran|carried|published|"
                        r"printed|reported|said|devoted|founded|launched)\b")
_CHANGE_OR_LIMIT_AFTER = regex(r"\s+(?:gains?|rises?|drops?|declines?|jumps?|increases?|decreases?|falls?|"
                               r"loss(?:es)?|advances?|climbs?|surges?|slides?|dips?|limits?|maximum|cap|payments)\b")
# After 'daily'/'weekly', a name or a report: the word names a newspaper.
_PAPER_AFTER = regex(r"\s+(?:[A-Z][a-z]+|(?:said|says|reported|reports|wrote|writes|quoted|published)\b)")
_DETERMINER_NEAR_BEFORE = regex(r"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w'-]+\s+){0,3}$")


def _set_word_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'10,000 units per day': a measure after an amount, in news; 'the New York Daily News', 'The
    Weekly Standard': a capitalized word inside a name; 'a year' that is no rate (see below)."""
    if cand.kind == "set_word" and text[cand.start].isupper() and (
            _CAPITALIZED_NAME.match(text, cand.end) or _follows_a_capitalized_word(text, cand.start)) \
            and not _OPENS_SENTENCE.search(text, max(0, cand.start - 3), cand.start):
        return True  # 'the New York Daily News', 'China Daily', 'Publishers Weekly'
    if cand.kind == "set_word" and not cand.groups.get("freq") and text[cand.start].islower() \
            and _PAPER_AFTER.match(text, cand.end) and _DETERMINER_NEAR_BEFORE.search(text, max(0, cand.start - 40), cand.start):
        return True  # 'the Milan daily Il Popolo', 'the business weekly said': a newspaper
    setword = (cand.groups.get("setword") or "").lower()
    if setword in _PUBLICATION_WORDS and _PUBLICATION_NOUN_AFTER.match(text, cand.end):
        return True  # 'a [weekly] edition', 'the first daily newspaper', 'switched to [monthly] publication': a
        # kind of paper (the sets leave all 16 untagged)
    if setword in _PUBLICATION_WORDS \
            and _PUBLICATION_BEFORE.search(text, max(0, cand.start - 40), cand.start) and _NOUN_END_AFTER.match(text, cand.end):
        return True  # 'became a [daily] in 1855', 'The [weekly] lost readers', 'a satirical weekly.': a publication
    if cand.kind == "set_word" and not cand.groups.get("freq") and _CHANGE_OR_LIMIT_AFTER.match(text, cand.end):
        return True  # 'the steepest [monthly] decline', 'a third weekly gain', 'the daily limit', 'lower
        # monthly payments': a measure of a change, a cap or a sum, no recurrence (as the sets write it)
    if setword == "quarterly" and _modifies_next_word(text, cand.end):
        return True  # 'its quarterly dividend': TimeBank tags the adverb only ('pays it [quarterly]')
    if cand.kind == "frequency" and cand.groups.get("rate"):
        # '$40 million [a year]', '1,200 flights [a day]': a rate after an amount, as the news sets tag it;
        # not a speed ('70 miles an hour'), an ordinal ('plans a second plant') or a fraction ('a quarter')
        return lexicon.unit_of(cand.groups["unit"]) in _NOT_RATE_UNITS or _FRACTION_AFTER.match(text, cand.end) \
            or not _RATE_BEFORE.search(text, max(0, cand.start - 16), cand.start) \
            or _previous_word(text, cand.start) in _OVER_AS_MORE_THAN_AFTER
    if cand.kind == "set_word" and (cand.groups.get("setword") or "").endswith("s") and _counted(text, cand.start):
        return True  # 'for 10 [weekends]': a count of them, no rate
    is_rate = cand.kind == "frequency" and not cand.groups.get("freq")
    return is_rate and doc_type == "news" and bool(
        _AMOUNT_BEFORE.search(text, max(0, cand.start - 24), cand.start))  # '15 million instructions per second'


# Not rates after an amount: an ordinal ('plans a second plant'), a fraction ('a quarter'). (A speed
# or a wage is one: '70 miles [an hour]', '$11 [an hour]', as the brief and 102 set items write it.)
_NOT_RATE_UNITS = frozenset({"second", "quarter"})
_WORD_BEFORE = regex(r"([\w,]+)\s+$")


def _counted(text: str, start: int) -> bool:
    """Whether a number or a vague count stands right before `start` ('10', 'three', 'several')."""
    before = _WORD_BEFORE.search(text, max(0, start - 16), start)
    word = before.group(1).lower().replace(",", "") if before else ""
    return word.isdigit() or isinstance(lexicon.NUMBERS.get(word), int) or word in ("several", "many", "few")


def _counted_from_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'will close for [four days] from [Saturday]': a length and its start, not the day counted to
    ('reopens a week from Tuesday'); 'will run [twice a day] from [Monday]': a rate and its start."""
    return _previous_word(text, cand.start) in ("for", "once", "twice", "thrice", "times")


def _later_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'[three days later]' is the date it points to, in news as in histories; but news keeps a
    vague amount ('[hours] later', '[a few days] later') and a clock unit ('[40 minutes] later',
    '[about two hours] later') a duration, 'later' left out of the span, unless a clock time was
    just told."""
    if cand.kind != "ago" or doc_type != "news" or (cand.groups.get("dir") or "").lower() not in ("later", "on"):
        return False
    num, unit = cand.groups.get("num"), lexicon.unit_of(cand.groups.get("unit") or "")
    if not num or lexicon.number_value(num) == "X" or unit is None:
        return True
    return lexicon.UNITS[unit][1] and not _CLOCK_TIME.search(text, max(0, cand.start - CLOCK_REACH), cand.start)


# A clock time told shortly before '[14 hours later]' makes it a time of day ('left at 6 p.m.
# Wednesday and was found [14 hours later]': 8 a.m. Thursday).
CLOCK_REACH = 300
_CLOCK_TIME = regex(r"\b(?:\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?\s?m\b|\d{1,2}:\d\d\b|noon\b|midnight\b)", re.IGNORECASE)


_AWARD_BEFORE = regex(r"(?:[A-Z][a-z]+|\b(?:person|man|woman|player|coach|rookie|athlete|album|song|record"
                      r"|teacher|executive|manager|car|book|driver|pitcher))\s+of\s+$")


_ROMAN_NUMERAL_AFTER = regex(r"\s+[IVXL]+\b")
_YEAR_POSSESSIVE_BEFORE = regex(r"\b\d{4}['’]s\s+\S+\s+of\s+$")


def _program_name_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """A capitalized day word ending a name after another capitalized word: 'World News Tonight',
    'CBS This Morning', 'This is VOA Today.'; an award: 'Person of the Year', 'coach of the year'."""
    span = text[cand.start:cand.end]
    if cand.kind == "rel_unit":  # (not a dated one, "1965's Man of [the Year]", nor the calendar's 'the Year III')
        named = span.split()[-1][:1].isupper() or (doc_type == "news" and span.lower() == "the year")
        return named and not _ROMAN_NUMERAL_AFTER.match(text, cand.end) \
            and not _YEAR_POSSESSIVE_BEFORE.search(text, max(0, cand.start - 40), cand.start) \
            and bool(_AWARD_BEFORE.search(text, max(0, cand.start - 30), cand.start))  # 'Album of [the
        # Year]', 'Player of the Week', 'the Storm of the Century'; in news 'coach of the year' too
    capitalized = all(word[:1].isupper() for word in span.split())
    return capitalized and (_follows_a_capitalized_word(text, cand.start) or (
        bool(_SHOW_AFTER.match(text, cand.end)) and not _OPENS_SENTENCE.search(text, max(0, cand.start - 3), cand.start)))


# A broadcast named by a day word: 'the rival [Today] show', 'on the Tonight Show'.
_SHOW_AFTER = regex(r"\s+(?:[Ss]how|[Pp]rogram(?:me)?|[Bb]roadcast)\b")


# Words before a spoken year of this century that show it is one ('in two thousand one').
_SPOKEN_YEAR_BEFORE = frozenset("in since until till by of from before after during through back to into".split())


def _spelled_year_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'two thousand people', 'twenty twelve-year-olds': an amount. Without 'the year' a spoken
    year of this century ('in two thousand and eight', 'back in twenty twelve') needs a preposition
    before it and no noun after it."""
    if cand.groups.get("theyear") or cand.groups.get("yy"):
        return False
    return _previous_word(text, cand.start) not in _SPOKEN_YEAR_BEFORE \
        or bool(re.match(r"\s+(?:hundred|thousand|million|percent)\b", text[cand.end:])) \
        or _modifies_next_word(text, cand.end)


_AGE_BEFORE = regex(r"\b(?:her|his|their|my|our|your)\s+(?:(?:early|mid|late)[\s-]*)?$", re.IGNORECASE)


def _age_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'in her [forties]', 'in his mid-twenties': an age, no decade."""
    return bool(cand.groups.get("decword")) and bool(_AGE_BEFORE.search(text, max(0, cand.start - 16), cand.start))


def _model_series_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'Boeing 767-[400s]', 'its 737-[300s]': a model's series after its number and a hyphen, no decade."""
    return bool(_MODEL_NUMBER_BEFORE.search(text, max(0, cand.start - 4), cand.start))


_MODEL_NUMBER_BEFORE = regex(r"[0-9A-Z]-$")


def _degrees_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'temperatures will drop into [the forties]', 'highs in the upper 60s': degrees, in a sentence
    about the weather ('temperatures in [the 1990s]' are a decade's)."""
    if _FULL_DECADE.search(text, cand.start, cand.end) or not _DEGREES_BEFORE.search(text, max(0, cand.start - 30), cand.start):
        return False
    left, right = sentence_span(text, cand.start, cand.end)
    return bool(_TEMPERATURE_WORD.search(text, left, right))


_DEGREES_BEFORE = regex(r"(?:\b(?:in|into|to|near|above|below|from|reach|reached|hit|top|topped)\s+(?:the\s+)?"
                        r"(?:(?:upper|lower|low|high|mid)[\s-]+)?|\b(?:upper|lower)[\s-]+)$", re.IGNORECASE)
_FULL_DECADE = regex(r"\d{4}")
_TEMPERATURE_WORD = regex(r"\b(?:temperatures?|highs|lows|degrees|wind\s+chills?|thermometers?|heat\s+index)\b",
                          re.IGNORECASE)


def _range_end_period_is_false_alarm(text: str, cand: Candidate, doc_type: str) -> bool:
    """'over the 2019-[2023 period]': the year ends a range of years, it is no quarter's year."""
    return text[cand.start - 1:cand.start] in ("-", "–", "/")


# Each false-alarm filter and the candidate kinds it judges (None: every kind whose pattern has a
# 'month' group); recognize runs only a kind's own filters.
FALSE_ALARM_FILTERS = {
    _title_is_false_alarm: ("rel_unit",), _deadline_day_is_false_alarm: ("rel_unit",), _month_is_false_alarm: None,
    _weekday_is_false_alarm: ("weekday", "holiday"), _year_is_false_alarm: ("year", "bc_year"),
    _season_is_false_alarm: ("season",), _ref_is_false_alarm: ("ref",),
    _duration_is_false_alarm: ("duration",), _relday_is_false_alarm: ("relday",),
    _set_word_is_false_alarm: ("set_word", "frequency"), _later_is_false_alarm: ("ago",),
    _counted_from_is_false_alarm: ("from_weekday",),
    _clock_word_is_false_alarm: ("clock_word",), _part_of_day_is_false_alarm: ("pod_bare",),
    _overnight_is_false_alarm: ("overnight",), _century_is_false_alarm: ("century",),
    _weekday_set_is_false_alarm: ("weekday_set",),
    _short_year_is_false_alarm: ("mdy", "dmy", "week_of", "nth_weekday", "month_year", "season"),
    _named_short_year_is_false_alarm: ("short_year",),
    _period_of_play_is_false_alarm: ("quarter", "half"), _period_code_is_false_alarm: ("quarter", "half_code"),
    _year_span_is_false_alarm: ("year_span",),
    _program_name_is_false_alarm: ("relday", "pod_rel", "rel_unit"), _zodiac_year_is_false_alarm: ("rel_unit",),
    _spelled_year_is_false_alarm: ("spelled_year",), _range_end_period_is_false_alarm: ("quarter_rel",),
    _age_is_false_alarm: ("decade",), _degrees_is_false_alarm: ("decade",), _model_series_is_false_alarm: ("decade",), _code_is_false_alarm: ("year", "year_range_end"),
}


_CLOCK_MARKERS = frozenset({"a.m", "p.m", "o'clock", "o’clock", "oclock", "m"})  # end a clock in words ('seven p.m.',
# a transcript's 'seven p m')


TRIGGER, START, OTHER = "t", "s", "."  # token classes, one letter each
# A trigger, or a start word with a trigger at most WORDS_BEFORE_TRIGGER tokens after it.
_CHOSEN_CODE = regex(f"{TRIGGER}|{START}(?=.{{0,{WORDS_BEFORE_TRIGGER - 1}}}{TRIGGER})")


def _token_class(token: str) -> str:
    """TRIGGER, START or OTHER for a lowercased token."""
    if token.isalpha():  # a plain word, most tokens (fast)
        if token in TRIGGER_WORDS or token[:-1] in TRIGGER_WORDS or token in _CLOCK_MARKERS:
            return TRIGGER  # ('oclock', the 'm' of 'nine p m' in a transcript)
        return START if token in START_WORDS else OTHER
    parts = _TOKEN_PARTS.split(token)
    if token.rstrip(".") in _CLOCK_MARKERS \
            or any(part in TRIGGER_WORDS or _NUMERIC_PART.match(part) or part[:-1] in TRIGGER_WORDS for part in parts):
        return TRIGGER
    return START if parts[0] in START_WORDS else OTHER


class _TokenClasses(dict):
    """Token -> _token_class(token), filled as tokens are met (a dict: looking up the classes of
    every token of a text is the recognizer's most frequent step); emptied at MAX_TOKEN_CLASSES."""

    def __missing__(self, token: str) -> str:
        if len(self) >= MAX_TOKEN_CLASSES:
            self.clear()
        found = self[token] = _token_class(token)
        return found


MAX_TOKEN_CLASSES = 1 << 16
_TOKEN_CLASSES = _TokenClasses()


@lru_cache(maxsize=1 << 16)
def _patterns_starting_with(head: str, previous: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The patterns a match could begin with `head` (the text's first MAX_DEPTH characters there,
    lowercased) after the character `previous` (lowercased; '' at the text's start)."""
    return _patterns_of(PATTERN_INDEX.possible(head, previous))


@lru_cache(maxsize=None)
def _patterns_of(mask: int) -> tuple[tuple[str, re.Pattern], ...]:
    """The rows of PATTERNS whose bits are set in `mask`."""
    return tuple(row for number, row in enumerate(PATTERNS) if mask >> number & 1)


def start_positions(text: str) -> list[tuple[int, str]]:
    """(offset, head) where an expression may begin: trigger words, and start words at most
    WORDS_BEFORE_TRIGGER words before one; the head is the lowercased text's first MAX_DEPTH
    characters there."""
    lowered = text.lower()
    same_offsets = len(lowered) == len(text)  # not so when "İ".lower() is longer: split `text` then
    pieces = _TOKEN_SPLIT.split(lowered if same_offsets else text)  # gap, token, gap, ..., gap
    tokens = pieces[1::2] if same_offsets else map(str.lower, pieces[1::2])
    codes = "".join(map(_TOKEN_CLASSES.__getitem__, tokens))  # a letter per token
    if TRIGGER not in codes:
        return []
    starts = list(accumulate(map(len, pieces)))[0::2]  # where each token begins
    chosen = map(starts.__getitem__, map(re.Match.start, _CHOSEN_CODE.finditer(codes)))
    if same_offsets:
        return [(start, lowered[start:start + MAX_DEPTH]) for start in chosen]
    return [(start, text[start:start + MAX_DEPTH].lower()) for start in chosen]


_KINDS_WITH_MONTHS = frozenset(kind for kind, pattern in PATTERNS if "month" in pattern.groupindex)
_FILTERS_OF_KIND = {
    kind: tuple(alarm for alarm, kinds in FALSE_ALARM_FILTERS.items()
                if (kind in _KINDS_WITH_MONTHS if kinds is None else kind in kinds))
    for kind, _ in PATTERNS}


# A date or weekday right before a dash or colon heads the next entry of a timeline ('lifts off at
# [1:47 a.m.] Nov. 21 - Orion passes ...', 'the event at [10 a.m.] Wednesday: Google shows ...').
ENTRY_HEADER_AFTER = regex(r"\s*(?:[—–]|--|:)\s")
_TRAILING_DAY_GROUPS = ("wday", "wmonth", "month")
_LOOKED_AHEAD_DAY_GROUPS = ("rwday", "owday")


_SECOND_PART_GROUPS = ("num_b", "unit_b", "num_c", "unit_c", "frac2", "tmod", "tail")


def _without_next_entry(text: str, match: re.Match, kind: str) -> Candidate:
    """The candidate of a pattern match, less a trailing day that heads the next timeline entry,
    and a duration less a second part in its own unit ('took [six and a half hours], half an hour
    more': two durations, not one)."""
    groups = match.groupdict()
    if kind == "duration" and groups.get("unit_b") and lexicon.unit_of(groups["unit_b"]) == lexicon.unit_of(groups["unit"]):
        return Candidate(match.start(), match.end("unit"), kind,
                         {name: None if name in _SECOND_PART_GROUPS else value for name, value in groups.items()})
    if kind not in ("time", "clock24"):
        return Candidate(match.start(), match.end(), kind, groups)
    for name in _LOOKED_AHEAD_DAY_GROUPS:  # 'at [7 a.m.] and close at 8 p.m. Wednesday: ...'
        if groups.get(name) and ENTRY_HEADER_AFTER.match(text, match.end(name)):
            groups[name] = None
    if ENTRY_HEADER_AFTER.match(text, match.end()):
        starts = [match.start(name) for name in _TRAILING_DAY_GROUPS if groups.get(name)]
        if starts:
            end = len(text[:min(starts)].rstrip(" ,"))
            kept = {name: value for name, value in groups.items()
                    if value is None or match.start(name) < min(starts)}
            return Candidate(match.start(), end, kind, kept)
    return Candidate(match.start(), match.end(), kind, groups)


def _without_zone_words(text: str, match: re.Match, cand: Candidate) -> Candidate:
    """A history's clock time leaves 'local time' or 'Eastern time' out of its span ('at [9:32 a.m.]
    local time on 16 July 1969', as WikiWars has it; news puts them in)."""
    zone = match.group("tz") if "tz" in match.re.groupindex else None
    if not zone or not zone.endswith("time") or match.end("tz") != cand.end:
        return cand
    return Candidate(cand.start, len(text[:match.start("tz")].rstrip()), cand.kind, cand.groups)


def find_matches(text: str, judged: str, doc_type: str = "news") -> list[tuple[Candidate, Candidate]]:
    """Every pattern match starting near a trigger word, as (candidate, the candidate as judged:
    its groups read from `judged`, the text with its Title Case headlines in lower case)."""
    found = []
    for start, head in start_positions(text):
        for kind, pattern in _patterns_starting_with(head, text[start - 1:start].lower()):
            match = pattern.match(text, start)
            if match is None or match.end() == start:
                continue
            cand = trim_determiner(text, _without_next_entry(text, match, kind))
            if doc_type == "narrative" and kind in ("time", "clock24", "clock_word"):
                cand = _without_zone_words(text, match, cand)
            elif doc_type == "news" and kind == "nth_day_today":
                cand = _without_the_event(text, cand)
            found.append((cand, cand if judged is text else _as_judged(judged, match, cand)))
    return found


def _is_false_alarm(text: str, judged: str, cand: Candidate, judged_cand: Candidate, doc_type: str) -> bool:
    """Whether a false-alarm filter of the match's kind rejects it (judged on `judged`, the text with
    its Title Case headlines in lower case, whose capitals name nothing), or it lies in a quoted title."""
    return any(is_false_alarm(judged, judged_cand, doc_type) for is_false_alarm in _FILTERS_OF_KIND[cand.kind]) \
        or ((doc_type == "news" or cand.kind != "rel_unit") and _is_in_a_title(text, cand)) \
        or bool(_GROUP_NAMED_AFTER.match(text, cand.end)) \
        or bool(_HONORIFIC_BEFORE.search(text, max(0, cand.start - 6), cand.start)) \
        or bool(_STREET_NAMED_AFTER.match(text, cand.end)) \
        or _is_in_a_named_work(text, cand)


_HONORIFIC_BEFORE = regex(r"\b(?-i:Mr|Mrs|Ms|Dr|Miss)\.?\s$")  # 'Mr. [Friday], the county treasurer': a surname
_STREET_NAMED_AFTER = regex(r"\s+" + _STREET_WORDS + r"\b")  # '[14 March] Road', 'April Street': a street's name


_DAY_OF_EVENT = regex(r"\s+of\s", re.IGNORECASE)


def _without_the_event(text: str, cand: Candidate) -> Candidate:
    """News leaves the event out of a counted day ('It's [the second day] of an offensive', as
    TimeBank does; histories keep '[the fifth day of the rebellion]', as WikiWars does)."""
    day_end = text.lower().find("day", cand.start, cand.end) + len("day")
    return Candidate(cand.start, day_end, cand.kind, cand.groups) if _DAY_OF_EVENT.match(text, day_end) else cand


def _as_judged(judged: str, match: re.Match, cand: Candidate) -> Candidate:
    """The candidate with its groups read from the judged text (Title Case in lower case)."""
    groups = {name: judged[match.start(name):match.end(name)] if value is not None and match.start(name) >= 0
              else value for name, value in cand.groups.items()}
    return Candidate(cand.start, cand.end, cand.kind, groups)


# Double quotes, or single ones at a word's edge ("'Wednesday' for a third season", not "Friday's").
_OPENING_QUOTE = regex(r"(?:\"|“|``|(?<![\w'])'(?!'))(?=[^\"“”`']*$)")
_CLOSING_QUOTE = regex(r"[^\"“”`']*?(?:\"|”|''|(?<=[\w.,!?])'(?![\w']))")
_TITLE_SMALL_WORDS = frozenset("a an the of to in on at for with and or but from by as is".split())
TITLE_MAX_WORDS = 8
_QUOTE_SPEECH_VERBS = "(?:" + "|".join(sorted(SPEECH_VERBS | {"tells", "asks", "adds", "replies", "answered"})) + ")"
_SPEECH_AFTER = regex(r"\s*(?:[A-Za-z.]+\s+){0,3}" + _QUOTE_SPEECH_VERBS + r"\b")
_SPEECH_BEFORE = regex(_QUOTE_SPEECH_VERBS + r"\b[^.\"“”]{0,20}[,:]?\s*$")
_TIME_WORDS_AND_SMALL = TRIGGER_WORDS | _TITLE_SMALL_WORDS


def _is_in_a_title(text: str, cand: Candidate) -> bool:
    """Whether the candidate lies in a quoted title ('"The Day After Tomorrow"', '"Friday the 13th"',
    'Beatles film "Eight Days a Week"'): a short quotation whose words are all capitalized, small
    words aside. Quoted speech ('"We will finish tomorrow," he said') has lower-case words. (Histories
    date a year named in quotes: 'the "Constitution of [the Year III]"'.)"""
    window = text[max(0, cand.start - 60):cand.start]
    if '"' not in window and "“" not in window and "'" not in window and "`" not in window:
        return False  # no quotation opens before it (fast)
    opening = _OPENING_QUOTE.search(text, max(0, cand.start - 60), cand.start)
    closing = _CLOSING_QUOTE.match(text, cand.end)
    if opening is None or closing is None:
        return False
    words = _TITLE_WORD.findall(text, opening.end(), closing.end())
    if len(words) == 1 and words[0][0].isupper():  # 'the second season of "Wednesday"', not speech
        return not (_SPEECH_AFTER.match(text, closing.end())
                    or _SPEECH_BEFORE.search(text, max(0, opening.start() - 30), opening.start()))
    if not words or len(words) > TITLE_MAX_WORDS or all(word.lower() in _TIME_WORDS_AND_SMALL for word in words):
        return False  # '"Monday or Tuesday"' quotes a time; '"Tomorrow," he said' speech
    return all(word[0].isupper() or word[0].isdigit() or (word.lower() in _TITLE_SMALL_WORDS and index > 0)
               for index, word in enumerate(words))


_TITLE_WORD = regex(r"\w[\w'’-]*")  # (not the closing single quote)

# A work's noun and its unquoted title after it ('His debut novel, Summer of '46,', 'her 1957 album
# Midnight in Harlem'): a run of capitalized words, numbers and small words after the first.
_WORK_NOUNS = "|".join(row[0] for row in lexicon.read_table("work_nouns"))
_NAMED_WORK_BEFORE = regex(r"\b(?:" + _WORK_NOUNS + r")(?P<naming>,\s+|\s+)(?=[A-Z0-9'‘]|$)(?P<run>(?:[A-Z0-9'‘][\w'’.‘-]*"
                           r"|(?:" + "|".join(_TITLE_SMALL_WORDS | {"de", "del", "la", "le"}) + r")(?![\w'’]))\s+)*$")
_TITLE_RUN_AFTER = regex(r"\s+(?:(?:" + "|".join(_TITLE_SMALL_WORDS | {"de", "del", "la", "le"})
                         + r")\s+)*[A-Z0-9'‘][\w'’‘-]*")
_DAY_KINDS = frozenset("weekday relday mdy dmy time clock24 holiday pod_rel".split())  # ('released the album
# [Tuesday] in London')
_DATE_PREPOSITIONS_IN_TITLES = frozenset("on in at by for to".split())
NAMED_WORK_REACH = 50  # characters from a work's noun to an expression in its title


def _is_in_a_named_work(text: str, cand: Candidate) -> bool:
    """Whether the candidate lies in the unquoted title after a work's noun: 'her textbook, The Sea in
    [Winter], remained', 'her album [Midnight] in Harlem'; the title must hold more than the
    expression ('released the album [Tuesday]' dates the release), unless commas set it off ('a
    memoir, [Winter 1944], in 2001') or 'titled' names it ('Symphony No. 2, subtitled [1905]')."""
    if not (text[cand.start].isupper() or text[cand.start].isdigit() or text[cand.start] in "'‘"):
        return False
    before = _NAMED_WORK_BEFORE.search(text, max(0, cand.start - NAMED_WORK_REACH), cand.start)
    if before is None:
        return False
    run = before.group("run")
    if run and not (cand.kind in _DAY_KINDS and run.split()[-1] in _DATE_PREPOSITIONS_IN_TITLES):
        return True  # (but 'in the journal Nature on [25 April]' dates it)
    if not run and cand.kind not in _DAY_KINDS and _TITLE_RUN_AFTER.match(text, cand.end):
        return True
    if before.group("naming").startswith(",") and text.startswith(",", cand.end):
        return True  # 'a memoir, [Winter 1944], in 2001': the title set off by commas
    return before.group(0).lower().startswith(("titled", "subtitled", "entitled"))


_ADJECTIVAL_DETERMINER = regex(r"(?:the|its|their|that|this|a|an)\s+(?=[\w'.]+-(?:\w+-)?[a-z]+$)",
                               re.IGNORECASE)
_POSSESSIVE_DETERMINER = regex(r"(?:its|their|that)\s+", re.IGNORECASE)
_LAST_AS_VERB = regex(r"last\s+", re.IGNORECASE)
_PREPOSITION_FOLLOWING = regex(r"(?:following|preceding)\s+", re.IGNORECASE)
_EARLY_OR_LATE = regex(r"(?:early|late)\s+", re.IGNORECASE)
_UNIT_BEFORE = regex(r"\b(\w+)\s+(?:(?:about|around|nearly|roughly|some|just|almost|only)\s+)?[\w-]+\s+"
                     r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+$", re.IGNORECASE)
# Before the amount, these make it how long or how far a clock moves, not how early ('in just [45
# minutes] early Friday', 'for about three hours', 'clocks go back an hour early Sunday').
_NOT_A_LEAD_BEFORE = frozenset("in for within over after of during back forward".split())


def _measures_a_lead(text: str, start: int) -> bool:
    """Whether an amount of time with no preposition ends right before `start`: 'open two hours
    [early Thursday]' (how early), not 'rose 26 feet in 45 minutes [early Friday]'."""
    match = _UNIT_BEFORE.search(text, max(0, start - 40), start)
    return bool(match) and match.group(1).lower() not in _NOT_A_LEAD_BEFORE
# Before 'last', these make it the verb ('expected to [last two weeks]' -> 'two weeks'; 'will begin
# Monday and last [24 hours]').
_VERB_LAST_AUXILIARIES = frozenset("to will would could can may might should must not and".split())


# A counted delay ('two hours', 'one day'; not a rate's 'miles an hour' nor 'back an hour')
_DELAY_BEFORE = regex(r"(?<![\w-])(?!an?\s)[\w-]+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+$", re.IGNORECASE)
_LEADING_WORD = regex(r"\S+\s+")
_LASTING_BEFORE = regex(r"\b(?:for|over|during|within|in|after|through|throughout)\s+(?:\S+\s+){1,3}$", re.IGNORECASE)


def trim_determiner(text: str, cand: Candidate) -> Candidate:
    """Drop what TimeBank leaves out of a span: a determiner before an adjectival expression ('the
    [eight-year] term', 'its [third-quarter] loss', 'its [fourth quarter]'), the verb 'last' ('will
    last [two weeks]'), the 'that' opening a clause ('said that [December] sales rose'), and the
    'late' or 'early' of a delay ('opened two hours late [today]')."""
    span = text[cand.start:cand.end]
    if (cand.groups.get("pmod") or "").lower() in ("late", "early") \
            and _DELAY_BEFORE.search(text, max(0, cand.start - 12), cand.start) and _measures_a_lead(text, cand.start) \
            and not _LASTING_BEFORE.search(text, max(0, cand.start - 40), cand.start):  # ('shut for two weeks
        # [late last year]')
        match = _LEADING_WORD.match(span)  # 'opened two hours late [today]': how late, not late in the day
        return Candidate(cand.start + match.end(), cand.end, cand.kind, {**cand.groups, "pmod": None})
    if cand.kind in ("duration", "plural_units") \
            and (cand.groups.get("rel") or "").lower().split()[:1] == ["last"] \
            and not cand.groups.get("det") and _previous_word(text, cand.start) in _VERB_LAST_AUXILIARIES:
        match = _LAST_AS_VERB.match(span)  # 'is expected to last [two weeks]', '... [several days]'
        if match:
            return Candidate(cand.start + match.end(), cand.end, cand.kind, {**cand.groups, "rel": None})
    if cand.kind == "duration" and (cand.groups.get("rel") or "").lower() in ("following", "preceding") \
            and not cand.groups.get("det") and not cand.groups.get("amod") \
            and _previous_word(text, cand.start) not in DETERMINERS:
        match = _PREPOSITION_FOLLOWING.match(span)  # 'deadlocked Thursday following [four days] of talks'
        if match:
            return Candidate(cand.start + match.end(), cand.end, cand.kind, {**cand.groups, "rel": None})
    if cand.kind == "dmy" and _THE_DAY.match(span) and _attributive_noun_after(text, cand.end):
        return Candidate(cand.start + 4, cand.end, cand.kind, cand.groups)  # 'since [the 12 June] election':
        # the article is the noun's ('on the 14 September Austria' and 'the 12th of June' keep it)
    if cand.kind == "weekday" and (cand.groups.get("pmod") or "").lower() in ("early", "late") \
            and _measures_a_lead(text, cand.start):
        match = _EARLY_OR_LATE.match(span)  # 'dismiss students two hours early [Wednesday]': the
        if match:  # duration's adverb
            return Candidate(cand.start + match.end(), cand.end, cand.kind, {**cand.groups, "pmod": None})
    if cand.kind == "month" and (cand.groups.get("rel") or "").lower() == "that" \
            and _previous_word(text, cand.start) in lexicon.CLAUSE_VERBS:
        start = cand.start + len("that")  # 'said that [December] sales rose': the clause's 'that'
        start += len(span[4:]) - len(span[4:].lstrip())
        return Candidate(start, cand.end, cand.kind, {**cand.groups, "rel": None})
    match = _ADJECTIVAL_DETERMINER.match(span)
    if match is None and cand.kind == "quarter":
        match = _POSSESSIVE_DETERMINER.match(span)
    if match is None or cand.kind not in ("quarter", "half", "duration", "year_adj", "century"):
        return cand
    return Candidate(cand.start + match.end(), cand.end, cand.kind, cand.groups)


def select_spans(candidates: list[Candidate], keep: Callable[[int], bool] | None = None) -> list[Candidate]:
    """Longest candidates first, no overlaps; ties go to the earlier pattern. Sorted by start.
    `keep(index)` (when given) says whether candidates[index] may be taken; it is asked only of a
    candidate that the ones taken before it leave room for."""
    order = [(c.start - c.end, KIND_PRIORITY[c.kind], c.start) for c in candidates]
    ordered = sorted(range(len(candidates)), key=order.__getitem__)
    occupied = bytearray(max((c.end for c in candidates), default=0))
    taken: list[Candidate] = []
    for index in ordered:
        cand = candidates[index]
        if 1 not in occupied[cand.start:cand.end] and (keep is None or keep(index)):
            occupied[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def recognize(text: str, doc_type: str = "news") -> list[Candidate]:
    """Non-overlapping candidate spans of `text` that pass the false-alarm filters, sorted by start
    (a match another one taken overlaps is never judged: it could not be taken anyway)."""
    judged = without_title_case(text)
    matches = find_matches(text, judged, doc_type)
    return select_spans([cand for cand, _ in matches],
                        lambda index: not _is_false_alarm(text, judged, *matches[index], doc_type))
