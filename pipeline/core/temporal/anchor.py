"""Which way a relative expression points (tense and cue words) and which date it resolves against."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
import re
from collections.abc import Iterator
from itertools import chain
from datetime import date
from typing import NamedTuple

from pipeline.core.temporal import lexicon
from pipeline.core.temporal.compiled_patterns import regex

PAST, FUTURE = "past", "future"

_SENTENCE_END = regex(r"[.!?]\s+(?=[\"'“‘(]?[A-Z0-9])|;\s+|\n")
# A text with no capital at all (a transcript) ends its sentences before lower-case words.
_LOWER_CASE_SENTENCE_END = regex(r"[.!?]\s+(?=[\"'“‘(]?[a-z0-9])|;\s+|\n")
# Abbreviations whose period does not end a sentence ('9 a.m. Tuesday', '8 p.m. (1100 GMT) on', 'Oct. 23',
# 'Mr. Bush').
_ABBREVIATIONS = ("a.m p.m Mr Mrs Ms Dr St Gen Sen Rep Gov Lt Col Sgt Jan Feb Mar Apr Aug Sept Sep "
                  "Oct Nov Dec No Inc Corp Co Ltd Jr vs").split()
_ABBREVIATION_BEFORE = regex(r"(?:\b(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + r")|\b[A-Z])$")
_LOWER_CASE_ABBREVIATION_BEFORE = regex(r"(?:\b(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + r")|\b[a-z])$",
                                        re.IGNORECASE)
_CLOCK_ABBREVIATION_BEFORE = regex(r"\b[ap]\.m$")
# After 'a.m.'/'p.m.', these go on with the time ('9 a.m. EST Tuesday', '8 p.m. Eastern time').
_CLOCK_CONTINUES = regex(r"\s+(?:(?i:" + lexicon.FRAGMENTS["WEEKDAY"] + "|" + lexicon.FRAGMENTS["MONTH"]
                         + r")\b|[A-Z]{2,4}\b|(?:Eastern|Central|Mountain|Pacific|Atlantic|Greenwich)\b|\(\d)")
# Words and the punctuation that separates clauses; cues beyond a clause boundary count less.
_VERB_PREFIXES = frozenset("re co pre de mis over under un".split())  # 're-elected', 'co-founded'
_TOKEN = regex(r"[A-Za-z']+(?:-[A-Za-z']+)*|[()\"“”_—]|(?<!\d):(?!\d)|(?<!\d),|,(?!\d)")  # ('sold-out' is one word: no verb;
# the colon of a clock, '10:49 p.m.', and the comma of a number, '100,000', open no clause)
_CLAUSE_BOUNDARIES = frozenset(list(",:()\"“”_—") + "that which who whom whose when while because "
                                                      "although though if where and but".split())
CLAUSE_DISCOUNT = 0.5
_RELATIVE_PRONOUNS = frozenset("who which whom whose".split())
OWN_CLAUSE_DOMINANCE = 0.5  # other clauses' evidence counts this much more weakly when the
# expression's own clause has a cue ('The minister, who resigned in [March], will testify')
_CUES = {tuple(_TOKEN.findall(phrase.lower())): cue for phrase, cue in lexicon.CUES.items()}
_MAX_CUE_WORDS = max(len(words) for words in _CUES)
_CUE_FIRST_WORDS = frozenset(words[0] for words in _CUES)
_CUES_BEFORE_ONLY = frozenset(tuple(_TOKEN.findall(phrase.lower())) for phrase in lexicon.CUES_BEFORE_ONLY)
# Right before a cue that is also a noun, these make it the noun ('on plans to widen the road').
_PREPOSITIONS_BEFORE_NOUNS = frozenset("on of about over against amid despite with without behind under".split())
_DETERMINERS = frozenset("the a an its their his her our my your this that these those another each "
                         "every".split())
# Regular past forms not listed as cues; adjectives ending in -ed are rare next to a date.
_NOT_VERBS = frozenset("need red bed shed speed seed feed breed indeed hundred united based "
                       "limited reduced".split()
                      # adjectives 'not ...-ed': 'an unnamed official', 'an unspecified date'
                      + "unnamed unidentified unspecified undisclosed unexpected unprecedented "
                        "unchanged unrelated unconfirmed unlimited unresolved".split())
_PAST_COPULAS = frozenset({"was", "were"})
_PLAN_PARTICIPLES = frozenset("scheduled set slated due supposed planned".split())
# After a past auxiliary ('were planning to', 'did not plan to'), the time planned lies ahead.
_PLAN_VERBS = frozenset("plan planned planning intend intended intending".split())
# Before these a past form that is also the bare verb is the bare verb ('will hit', 'to shut') or,
# after 'remain', 'stay', 'keep', an adjective ('remain shut').
_BARE_FORM_MARKERS = frozenset("will would can could may might must shall should to do does did "
                               "don't doesn't didn't won't wouldn't can't cannot 'll not never "
                               "remain remains stay stays keep keeps".split())
_COMPARATIVES = frozenset("earlier later".split())  # before 'than' a comparison, not a time
# 'could' shortly after one of these is a past inability ('neither he nor they could be
# located Wednesday'), however the cue table reads it.
_NEGATIONS = frozenset("neither nor nobody none".split())
_NEGATED_PAST_MODALS = frozenset({"could"})
NEGATION_WINDOW = 6  # words before the modal
# A participle right after these is passive or an adjective ('will be named', 'will remain closed'):
# the auxiliary carries the tense.
_PASSIVE_AUXILIARIES = frozenset("be being been is are remain remains stay stays".split())
_BE_FORMS = _PASSIVE_AUXILIARIES | {"was", "were", "'s", "not"}
# A regular -ed form right after an article, a possessive or one of these prepositions is an
# adjective ('a ban on flavored e-cigarettes', 'the armed men'), not a past verb ('that' may be
# the relative pronoun: 'schools that closed').
_ADJECTIVE_SLOTS = frozenset("the a an its their his her our my your another each every of on in for with".split())
_OBJECTLESS_FOLLOWERS = frozenset("by in on at for from until before after during within next this later "
                                  "soon early late today tomorrow tonight between through to into around over "
                                  "across toward towards throughout".split())
# A preposition right before the expression that makes it a deadline ('by May', 'postponed until
# Tuesday'); opening a sentence ('Until Thursday, they had not...') or after a past verb of lasting
# ('lasted until Friday', a past cue) it bounds a past state instead.
_DEADLINE_PREPOSITIONS = frozenset("by till until through".split())
DEADLINE_WEIGHT = 1
# Before 'through/to', these end a measured period, not a deadline ('returned 12% in the 12 months
# through [May]').
_MEASURED_PERIODS = frozenset("day days week weeks month months quarter quarters year years period".split())
_PAST_DO = frozenset("did didn't".split())
DO_SUPPORT_REACH = 5  # words between a past 'did' and the verb before 'until' ('did not announce her birth until')
_PAST_AUXILIARIES = frozenset("was were had been".split())
# A date right before 'through'/'until' starts a range ('this year through August', 'from 1988
# until May'): the expression after it ends the range, it is no deadline.
_RANGE_START_BEFORE = regex(
    r"(?:\d|\b(?:" + "|".join(sorted(list(lexicon.MONTHS) + list(lexicon.WEEKDAYS), key=len, reverse=True))
    + r"|year|month|week|quarter))\.?,?\s+(?:through|until|till)\s*$", re.IGNORECASE)
# 'postponed the launch to [Thursday]', 'moved the vote to Friday from [Tuesday]': a rescheduling verb
# at most RESCHEDULING_REACH words before one of these prepositions, in the same clause, makes the
# expression right after the preposition a date still ahead.
_RESCHEDULING_PREPOSITIONS = frozenset("to until till for from".split())
RESCHEDULING_REACH, RESCHEDULING_WEIGHT = 8, 3
REPORTING_WEIGHT = 2
ASIDE_PAST_WEIGHT, ASIDE_REACH = 2, 80  # a past participle opening a comma aside, this many characters back at most
# A determined expression (or one after 'that') that is the subject of a future modal is the time
# ahead ('said [the second half] would benefit', '[next year] will be harder'), not a report's day.
SUBJECT_FUTURE_WEIGHT = 3
_SUBJECT_OF_A_FUTURE_MODAL = regex(r"\s+(?:will|would|shall|may|might|could)\b(?!\s+have\b)")
_DETERMINED = regex(r"(?:the|next|this)\s", re.IGNORECASE)
COUNTED_FROM_WEIGHT = 3
# A score or tally right beside the expression is a contest decided: 'Tuesday's 1-1 draw', 'voted
# 230-201 on Thursday', 'Tuesday's win over Wolves'.
SCORE_WEIGHT = 3
_SCORE_AFTER_POSSESSIVE = regex(r"['’]s\s+(?:[a-z]+\s+)?(?:\d{1,3}[-–]\d{1,3}(?![\d-])|(?:win|loss|defeat|draw|victory|rout"
                                r"|shutout|upset)\b)")
_SCORE_BEFORE = regex(r"(?<![\d-])\d{1,3}[-–]\d{1,3}\s+(?:on|in|at)?\s*$")
PREDICTED_WEIGHT = 3
HEADLINE_FUTURE_WEIGHT = 2
_PREDICTIVE_ADJECTIVES = frozenset("likely unlikely possible".split())
_PREDICTED_PREPOSITIONS = frozenset("on by in until through before".split())
_RIGHT_SIDE_DISCOUNT = 0.6
SCHEDULE_REACH = 4  # words from a schedule cue to the expression it dates ('is in effect from')
DOMINANCE, MIN_EVIDENCE = 1.3, 0.2  # one direction must outweigh the other this clearly


SENTENCE_REACH = 400  # characters a sentence reaches at most on either side of an expression


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (or clause ending in ';') around [start, end), from the text's
    sentence ends (found once per text)."""
    starts, ends = _sentence_ends(text)
    left = 0
    before = bisect_right(ends, start) - 1  # the last end wholly before the expression
    if before >= 0 and starts[before] >= start - SENTENCE_REACH:
        left = ends[before]
    right = min(len(text), end + SENTENCE_REACH)
    after = bisect_left(starts, end - (text[end - 1:end] == "."))  # 'at [9 a.m.] The'
    if after < len(starts) and ends[after] < right:
        return left, starts[after] + 1
    return left, right


_sentence_ends_of: dict[int, tuple[str, list[int], list[int]]] = {}  # id -> (text, starts, ends), the last text


def _sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """Where the text's sentence ends start and end (their punctuation and the space after it)."""
    known = _sentence_ends_of.get(id(text))
    if known is None or known[0] is not text:
        lower_case = is_lower_case_text(text)
        sentence_end = _LOWER_CASE_SENTENCE_END if lower_case else _SENTENCE_END
        matches = [match.span() for match in sentence_end.finditer(text)
                   if _ends_sentence(text, match.start(), lower_case)]
        known = (text, [span[0] for span in matches], [span[1] for span in matches])
        _sentence_ends_of.clear()
        _sentence_ends_of[id(text)] = known
    return known[1], known[2]


def _ends_sentence(text: str, offset: int, lower_case: bool = False) -> bool:
    """Whether the punctuation at `offset` ends a sentence (a period after 'Mr' does not; one after
    'a.m' does unless a day, month or time zone follows: '9 a.m. Tuesday', but '... at 9 a.m. The')."""
    if text[offset] != ".":
        return True
    if _CLOCK_ABBREVIATION_BEFORE.search(text, max(0, offset - 4), offset):
        return not _CLOCK_CONTINUES.match(text, offset + 1)
    abbreviation = _LOWER_CASE_ABBREVIATION_BEFORE if lower_case else _ABBREVIATION_BEFORE
    return not abbreviation.search(text, max(0, offset - 5), offset)


_lower_case_texts: dict[int, tuple[str, bool]] = {}  # id -> (text, whether it has no capital), the last one


def is_lower_case_text(text: str) -> bool:
    """Whether the text has no capital letter at all (a transcript: 'since october', 'july twelfth')."""
    known = _lower_case_texts.get(id(text))
    if known is None or known[0] is not text:
        known = (text, text.islower())
        _lower_case_texts.clear()
        _lower_case_texts[id(text)] = known
    return known[1]


def _clause_depths(words: list[str], position: int) -> list[int]:
    """For each word, the number of clause boundaries between it and `position`."""
    depths = [0] * len(words)
    depth = 0
    for index in range(position - 1, -1, -1):
        depths[index] = depth
        depth += words[index] in _CLAUSE_BOUNDARIES
    depth = 0
    for index in range(position, len(words)):
        depth += words[index] in _CLAUSE_BOUNDARIES
        depths[index] = depth
    return depths


def _is_regular_past(word: str) -> bool:
    """Whether a word looks like a regular past form: three or more lowercase ASCII letters and
    'ed', after a verb prefix and its hyphen if any ('re-elected'; not 'sold-out', 'long-awaited')
    (without a regex: this runs for every word of every sentence the tagger weighs)."""
    prefix, hyphen, verb = word.partition("-")
    if hyphen:
        return prefix in _VERB_PREFIXES and _is_regular_past(verb)
    stem = word[:-2]
    return word.endswith("ed") and len(stem) >= 3 and stem.isascii() and stem.isalpha() \
        and stem.islower()


def _cue_at(words: list[str], index: int) -> tuple[tuple[str, int] | None, int]:
    """The longest cue starting at words[index] (or a regular past participle there) and its
    length in words; (None, 1) when there is none."""
    if words[index] in _CUE_FIRST_WORDS:
        for length in range(_MAX_CUE_WORDS, 0, -1):
            cue = _CUES.get(tuple(words[index:index + length]))
            if cue:
                return cue, length
    if _is_regular_past(words[index]) and words[index] not in _NOT_VERBS \
            and (index == 0 or words[index - 1] not in _PASSIVE_AUXILIARIES):
        return (PAST, 1), 1
    return None, 1


_PASSIVE_INSERTS = frozenset("all but not largely mostly partly fully still already now being".split())


def _after_a_passive_auxiliary(words: list[str], index: int) -> bool:
    """Whether words[index] follows 'be', 'is', 'been'... with at most two adverbs between ('will be
    paid', 'will be all but deserted', 'is not yet finished')."""
    for back in range(index - 1, max(-1, index - 4), -1):
        if words[back] in _PASSIVE_AUXILIARIES:
            return True
        if words[back] not in _PASSIVE_INSERTS:
            return False
    return False


def _takes_an_object(words: list[str], index: int) -> bool:
    """Whether a lower-case word that is no preposition follows at words[index] ('expected
    [growth]', not 'rain expected Sunday', 'a ruling expected by June')."""
    return index < len(words) and words[index].islower() and words[index].isalpha() \
        and words[index] not in _OBJECTLESS_FOLLOWERS


def _plans_ahead(words: list[str], index: int) -> bool:
    """Whether a verb of planning ('planning', 'plan') follows at words[index] ('not' aside)."""
    if index < len(words) and words[index] == "not":
        index += 1
    return index < len(words) and words[index] in _PLAN_VERBS


_DO_SUPPORT = frozenset("did didn't".split())  # past do-support


def _cue_scores(words: list[str], position: int, possessive: bool = False,
                headline: bool = False) -> dict[str, float]:
    """Past/future evidence of the words, each cue weighted by its distance to `position` (in words
    and in clause boundaries); schedule cues count only shortly before the expression, and never for
    a `possessive` one; in a `headline`, a present form of an event is no look ahead."""
    scores = {PAST: 0.0, FUTURE: 0.0}
    outside = {PAST: 0.0, FUTURE: 0.0}  # evidence from other clauses than the expression's own
    after = {PAST: 0.0, FUTURE: 0.0}  # evidence after the expression, no boundary between
    speaking: set[str] = set()  # sides of the expression with a cue in its clause ('until' aside)
    depths = _clause_depths(words, position)
    relative = _in_relative_clause(words, position)
    told_by_its_verb = False
    index = 0
    while index < len(words):
        if words[index] not in _CUE_FIRST_WORDS and not words[index].endswith("ed"):
            index += 1  # no cue starts here, nor a regular past form (most words: fast)
            continue
        cue, length = _cue_at(words, index)
        if cue and cue[0] == PAST and length == 1 and index and _after_a_passive_auxiliary(words, index):
            cue = None  # 'will be paid', 'is to be held', 'will be all but deserted': the auxiliary carries the tense
        if cue and length == 1 and index and index != position and words[index - 1] in _ADJECTIVE_SLOTS \
                and (words[index],) not in _CUES and _is_regular_past(words[index]):
            cue = None  # 'a ban on flavored e-cigarettes': an adjective (but 'on [Thursday] approved')
        if cue and length == 1 and index and words[index] in lexicon.CUES_AS_VERBS_ONLY \
                and (words[index - 1] in _DETERMINERS or words[index - 1] in _PREPOSITIONS_BEFORE_NOUNS
                     or words[index - 1].endswith(("'s", "s'"))
                     or (words[index - 1] in lexicon.UNITS
                         and not _DETERMINERS.isdisjoint(words[max(0, index - 3):index - 1]))):
            cue = None  # 'approved the plan at its meeting on Tuesday', 'as of Friday's close', 'unveiled a
            # 10-year plan on Monday', 'a hearing Thursday night on plans to widen': a noun
        if cue and index and words[index] in lexicon.CUES_OF_BARE_FORMS \
                and (words[index - 1] in _BARE_FORM_MARKERS or words[index - 1] in _DETERMINERS):
            cue = None  # 'will hit land on [Thursday]', 'plans to shut', 'the hit', 'stay shut'
        if cue and length == 1 and words[index] in lexicon.CUES_OF_SCHEDULES and (
                possessive or not 0 < position - index <= SCHEDULE_REACH or depths[index]):
            cue = None  # only 'Game 7 is [Sunday]', 'is in effect from [7 p.m.]', not 'Friday's purchases is'
        if cue and index == position - 1 and words[index] in _DEADLINE_PREPOSITIONS:
            cue = None  # the expression's own 'until': tense_scores weighs it as a deadline
        if cue and index >= position and tuple(words[index:index + length]) in _CUES_BEFORE_ONLY:
            cue = None  # 'rose on Monday ahead of next week's meeting': about the meeting
        if cue and length == 1 and words[index] in lexicon.CUES_OF_EXPECTATION and index \
                and words[index - 1] not in _BE_FORMS and "to" not in words[index + 1:index + 5] \
                and index + 1 != position and _takes_an_object(words, index + 1):
            cue = (PAST, 1)  # 'Nobody expected growth this strong in [December]': the verb's past,
            # not 'is expected', 'expected the Fed to cut'
        if cue and headline and length == 1 and words[index] in lexicon.CUES_OF_EVENTS:
            cue = None  # 'Ice storm leaves thousands without heat over [the weekend]': just happened
        if cue and cue[0] == FUTURE and ("had" in words[max(0, index - 2):index] or (
                index and words[index - 1] in _PAST_COPULAS and words[index] in _PLAN_PARTICIPLES
                and words[index + 1:index + 2] == ["to"])):
            cue = None  # 'had been scheduled to end at 11 a.m. Tuesday', 'was scheduled to end on
            # Friday': a past plan, either side now
        if cue and cue[0] == FUTURE and length == 1 and index and (
                words[index - 1] in _DO_SUPPORT or (words[index - 1] == "not" and words[index - 2:index - 1]
                                                    and words[index - 2] in _DO_SUPPORT)):
            cue = None  # 'the strike didn't end until [Tuesday]': 'did' carries the tense
        if cue and length == 1 and words[index] in _COMPARATIVES and words[index + 1:index + 2] == ["than"]:
            cue = None  # 'deals earlier than ever': a comparison, no time
        if cue and index < position and words[index] in _PAST_COPULAS \
                and words[index + 1:index + 3] == ["expected", "to"]:
            cue = None  # 'the river was expected to crest on [Sunday]': a forecast, told ahead
        if cue and words[index] == "followed" and words[index + 1:index + 2] == ["by"] \
                and (not index or words[index - 1] not in _BE_FORMS):
            cue = None  # ', followed by a funeral Mass on [Friday]': a participle of sequence, no tense
        if cue and cue[0] == PAST and _plans_ahead(words, index + length):
            cue = None  # 'were planning to', 'did not plan to': the plan points ahead
        if cue and length == 1 and words[index] in _NEGATED_PAST_MODALS \
                and not _NEGATIONS.isdisjoint(words[max(0, index - NEGATION_WINDOW):index]):
            cue = (PAST, cue[1])
        if cue:
            direction, weight = cue
            if index < position and weight:  # (not the deadline 'by' of 'signed by the president')
                gap = position - index - length  # 'the law signed [Wednesday] will require', 'rules the Fed
                # adopted in [December] won't take effect', 'the plan signed by President Bush on [Friday]
                # will not': the past verb last before it, with only its agent or place between, is its own
                told_by_its_verb = direction == PAST and (gap == 0 or (
                    gap <= OWN_VERB_REACH and words[position - 1] in _PREPOSITIONS_OF_A_DAY))
            distance = abs(position - index) if index < position else index - position
            discount = 1.0 if index < position else _RIGHT_SIDE_DISCOUNT
            evidence = weight * discount * CLAUSE_DISCOUNT ** depths[index] / (1 + distance / 2)
            (outside if depths[index] else after if index >= position else scores)[direction] += evidence
            if not depths[index] and words[index] not in _DEADLINE_PREPOSITIONS:
                speaking.add("after" if index >= position else "before")
        index += length
    own_clause_speaks = "before" in speaking
    if (relative or told_by_its_verb) and own_clause_speaks:  # 'Protesters who gathered on [Sunday] plan to return':
        for direction, evidence in after.items():  # the main verb after it is another clause
            outside[direction] += evidence * CLAUSE_DISCOUNT
    else:
        own_clause_speaks |= "after" in speaking
        for direction, evidence in after.items():
            scores[direction] += evidence
    for direction, evidence in outside.items():
        scores[direction] += evidence * (OWN_CLAUSE_DOMINANCE if own_clause_speaks else 1.0)
    return scores


_PREPOSITIONS_OF_A_DAY = frozenset("on in at during".split())
OWN_VERB_REACH = 6  # words between a past participle and the 'on' of its day: 'approved by the IMF on [Feb. 1]'


def _in_relative_clause(words: list[str], position: int) -> bool:
    """Whether the nearest clause boundary before `position` is a relative pronoun ('who')."""
    for word in reversed(words[:position]):
        if word in _CLAUSE_BOUNDARIES:
            return word in _RELATIVE_PRONOUNS
    return False


def _cue_words(tokens: list[str], opens_sentence: bool) -> list[str]:
    """The tokens as cues are written: lower case, except a capitalized word inside the sentence,
    which is a name ('the Fed', 'the Met', 'Rose'), a capitalized past form opening it (a name too,
    'Fed policy makers meet [Tuesday]'; news opens no sentence with a past verb), and the month
    'May' (the cue is the modal)."""
    words = [token.lower() for token in tokens]
    for index in [index for index, token in enumerate(tokens) if token.istitle()]:
        opening = index == 0 and opens_sentence or index > 0 and not tokens[index - 1][0].isalpha()
        if not opening or tokens[index] == "May" or (
                index == 0 and _CUES.get((words[0],), (None,))[0] == PAST and len(tokens) > 1):
            words[index] = tokens[index]
    return words


def _past_verb_before_preposition(words: list[str]) -> bool:
    """Whether the word before the last one is a past verb ('lasted until', 'stopped by'), a
    two-word cue read first ('postponed until' points ahead), or the clause has a past 'did' before
    it ('did not stop until', 'did not announce her birth until')."""
    cue = _CUES.get(tuple(words[-2:])) or _cue_at(words, len(words) - 2)[0]
    if cue:
        return cue[0] == PAST
    reach = DO_SUPPORT_REACH if words[-1] in ("until", "till") else 2  # ('if he did not meet them by [Wednesday]': ahead)
    for word in reversed(words[-2 - reach:-2]):  # the words before the verb
        if word in _PAST_DO:
            return True
        if word in _CLAUSE_BOUNDARIES:
            return False
    return False


def _in_past_perfect(before: list[str]) -> bool:
    """Whether the clause the words before an expression end in is told in the past perfect
    ('had filed their reports by [Wednesday]': a deadline already past)."""
    for word in reversed(before[:-1]):
        if word in _CLAUSE_BOUNDARIES:
            return False
        if word in ("had", "hadn't"):
            return True
    return False


def _reported_subject_ends_on(before: list[str]) -> bool:
    """Whether the expression closes, after 'on', a noun phrase that follows a reporting verb ('said
    a third spacewalk on [Wednesday] could include a repair'): the reported clause's subject."""
    if before[-1:] != ["on"]:
        return False
    for index in range(len(before) - 2, max(-1, len(before) - 7), -1):
        word = before[index]
        if word in lexicon.REPORTING_VERBS:
            return index < len(before) - 2
        if word in _CLAUSE_BOUNDARIES or _cue_at(before, index)[0]:
            return False
    return False


def _reported_on(before: list[str]) -> bool:
    """Whether a past reporting verb, active, stands right before the expression ('said on [Monday]
    he would speak': the day of the report; not 'will be announced [Monday]'), or before 'on' with
    its listener between ('told a rally on [Friday]', 'told the BBC on [Sunday]')."""
    verb = len(before) - 1 - (before[-1:] == ["on"])
    if before[-1:] == ["on"] and verb >= 0 and before[verb] not in lexicon.REPORTING_VERBS:
        for listener in range(1, REPORT_LISTENER_WORDS + 1):  # the listener: a few plain words
            word = before[verb - listener + 1] if verb - listener + 1 >= 0 else ""
            if not word.isalpha() or word in _CLAUSE_BOUNDARIES or word in _BARE_FORM_MARKERS \
                    or word in _CONTENT_PREPOSITIONS or _CUES.get((word,)):
                return False
            if verb - listener >= 0 and before[verb - listener] in lexicon.REPORTING_VERBS:
                verb -= listener
                break
        else:
            return False
    return verb >= 0 and before[verb] in lexicon.REPORTING_VERBS \
        and (verb == 0 or before[verb - 1] not in _PASSIVE_AUXILIARIES)


REPORT_LISTENER_WORDS = 3  # words a reporting verb's listener may take before 'on' ('told a rally on')
# Prepositions that open what was reported, not who heard it ('warned of more disruption on [Monday]').
_CONTENT_PREPOSITIONS = frozenset("of about for over against with in at from by".split())


PLAN_MIN_WEIGHT = 2  # a weaker cue before 'to' is a verb of its own ('return to class'), no plan


def _planned_infinitive_weight(before: list[str]) -> float:
    """What distance took from a future cue that governs the infinitive the expression belongs to
    ('said it expected to operate about a third of its schedule on [Wednesday]'): such a cue counts
    in full however many words lie between; not after a past auxiliary ('had been due to expire')
    nor before a noun phrase ('return to the demonstrations of early December'), nor past a verb of
    the past between them, which the expression belongs to ('is scheduled to publish guidelines
    today after Britain triggered its exit on [Wednesday]')."""
    for index in range(len(before) - 1, 0, -1):
        if before[index] in _CLAUSE_BOUNDARIES:
            return 0.0
        cue, length = _cue_at(before, index)
        if cue and cue[0] == PAST and length == 1 and not _after_a_passive_auxiliary(before, index):
            return 0.0
        if before[index] == "to" and index < len(before) - 1:
            cue = _cue_at(before, index - 1)[0]
            infinitive = before[index + 1] not in _DETERMINERS and not before[index + 1].isdigit()
            told_in_past = not _PAST_AUXILIARIES.isdisjoint(before[max(0, index - 3):index - 1])
            if cue and cue[0] == FUTURE and cue[1] >= PLAN_MIN_WEIGHT and _CUES.get((before[index - 1],)) and infinitive \
                    and not told_in_past:
                distance = len(before) - index + 1
                return cue[1] * (1 - 1 / (1 + distance / 2))
            return 0.0
    return 0.0


def _is_headline(text: str, left: int, right: int) -> bool:
    """Whether the sentence is a headline: the text's first line, ending without a full stop
    (headlines put the future as 'to' + verb), or the text's first sentence opening as a headline
    does, a short subject and 'to' + a headline verb ('Comet to make closest approach on Thursday.');
    tense_scores adds a Title Case sentence."""
    if left != 0:
        return False
    line = text[left:right]
    if (right == len(text) or line.endswith("\n")) and not line.rstrip().endswith((".", "!", "?", '"', "”")):
        return True
    opening = _HEADLINE_INFINITIVE_OPENING.match(line)
    subject = opening.group(1).lower().split() if opening else []
    return bool(opening) and opening.group(2).lower() in lexicon.HEADLINE_VERBS \
        and _FINITE_WORDS.isdisjoint(subject) and not any(word.endswith("ed") or (word,) in _CUES for word in subject)


# A headline's subject (one to four words, no finite verb among them: none of _FINITE_WORDS or the
# cues, none in '-ed') and 'to' + its verb.
_HEADLINE_INFINITIVE_OPENING = regex(r"((?:[\w'’.,&-]+\s+){1,4}?)to\s+([a-z]+)\b")
_FINITE_WORDS = frozenset("has have do does can must wants want hope vow vows seek seeks try tries need needs aim "
                          "threaten threatens pledge pledges promise promises refuse refuses urge urges order orders "
                          "ask asks says who whose which that".split())  # (besides the cues: 'is', 'will', 'plans',
# 'went', ...; a relative pronoun opens a clause of prose: 'Rosa Parks, whose refusal to give up')


_CAPITALIZED_WORD = regex(r"[A-Z][a-z]+(?:['’][a-z]+)?")
_ALPHA_WORD = regex(r"[A-Za-z][A-Za-z'’]*")
# Words a Title Case headline leaves in lower case (verbs such as 'Is' it capitalizes).
_TITLE_CASE_SMALL_WORDS = frozenset("a an the and but or nor for yet so as at by in of on to up via vs with from "
                                    "into onto over than per".split())
_SMALL_WORD = "(?:" + "|".join(sorted(_TITLE_CASE_SMALL_WORDS)) + ")"
TITLE_CASE_MIN_WORDS = 3  # a Title Case headline: this many capitalized words or more
_CLOCK_ABBREVIATION = regex(r"(?<![\w.])[ap]\.m\.?(?!\w)")
# A word in lower case, not a small word nor a brand's camel case ('iPhones', 'eBay').
_LOWER_CASE_WORD = regex(r"(?<![\w'’])(?!" + _SMALL_WORD + r"(?![\w'’]))[a-z](?![a-z]*[A-Z])")


def _is_title_case(segment: str) -> bool:
    """Whether every word of the segment but the small ones is capitalized, and enough of them
    ('Fed to Meet Next Week on Rates'), as headlines are written; 'This is ABC's World News
    Tonight' is not."""
    segment = _CLOCK_ABBREVIATION.sub("", segment)  # 'Jobs Report Due at 8:30 a.m. Friday'
    if _LOWER_CASE_WORD.search(segment):  # prose: its first verb or noun (fast)
        return False
    words = [word for word in _ALPHA_WORD.findall(segment) if word not in _TITLE_CASE_SMALL_WORDS]
    return len(words) >= TITLE_CASE_MIN_WORDS and all(word[0].isupper() or not word.islower() for word in words) \
        and sum(1 for word in words if _CAPITALIZED_WORD.fullmatch(word)) >= TITLE_CASE_MIN_WORDS


def _headline_parts(text: str) -> Iterator[tuple[int, int]]:
    """Where headlines stand: the first sentence of the text and of each paragraph (not cut after
    'Aug.' or 'Jr.'; a headline may end at its line), and its parts around a colon or a dash
    ('Police: Man Shot Early Sunday', 'Schools Open Tuesday With Leaner Budgets -- Public ...')."""
    for paragraph in chain((0,), map(re.Match.end, _BLANK_LINE.finditer(text))):
        start = _LEADING_SPACE.match(text, paragraph).end()
        if not _CAPITALIZED_OPENING.match(text, start):  # three capitalized words first (fast)
            continue
        opening = _OPENING_WORDS.match(text, start)
        if opening and _LOWER_CASE_WORD.search(opening.group()):
            continue  # prose after its first words
        line_end = text.find("\n", start)
        right = len(text) if line_end < 0 else line_end
        for match in _SENTENCE_END.finditer(text, start, right):
            if _ends_sentence(text, match.start()):
                right = match.start()
                break
        left = start
        for colon in _COLON.finditer(text, start, right):
            yield left, colon.start()
            left = colon.end()
        yield left, right


_BLANK_LINE = regex(r"\n[ \t\r\f\v]*\n")
_LEADING_SPACE = regex(r"\s*")
_CAPITALIZED_OPENING = regex(r"(?:(?:[\"'“‘(]?[A-Z0-9]\S*|" + _SMALL_WORD + r")[ \t]+)+?[\"'“‘(]?[A-Z]\S*[ \t]+(?:"
                             + _SMALL_WORD + r"[ \t]+)*[\"'“‘(]?[A-Z]")
_OPENING_WORDS = regex(r"(?:(?!\s(?:--|—|–)\s)[^.!?:\n]){0,60}")  # a paragraph's first words, up to a
# stop, colon or dash
_COLON = regex(r":\s|\s(?:--|—|–)\s")  # ('Schools Open Tuesday -- Public schools ...': a dash too)


# Words capitalized in any text: months, weekdays and the first words of holidays' names.
# (a holiday's first word that is a season or a modifier, 'the [summer] bank holiday', 'the [late] May
# bank holiday', names nothing by itself: 'Clocks Spring Forward')
_CALENDAR_NAME_WORDS = frozenset(lexicon.MONTHS) | frozenset(lexicon.WEEKDAYS) \
    | frozenset(name.split()[0] for name in lexicon.HOLIDAYS) - {"the"} - frozenset(lexicon.SEASONS) - frozenset(lexicon.MODS)


def _lower_unless_calendar_name(word: re.Match) -> str:
    """A capitalized word in lower case, but a month, weekday or holiday word."""
    lowered = word.group().lower()
    return word.group() if lowered in _CALENDAR_NAME_WORDS else lowered


def without_title_case(text: str) -> str:
    """The text with the capitalized words of its Title Case headlines in lower case (but months,
    weekdays and holidays' first words), the same length: their capitals name nothing; other text
    unchanged."""
    pieces, last = [], 0
    for left, right in _headline_parts(text):
        if _is_title_case(text[left:right]):
            pieces.append(text[last:left])
            pieces.append(_CAPITALIZED_WORD.sub(_lower_unless_calendar_name, text[left:right]))
            last = right
    return "".join(pieces) + text[last:] if pieces else text


def _has_headline_infinitive(before: list[str]) -> bool:
    """Whether 'to' + a verb of headline_verbs.tsv comes before the expression: a headline's future
    ('Senate to vote on budget [Thursday]', 'Pope Francis to be buried on [Saturday]')."""
    return any(word == "to" and following in lexicon.HEADLINE_VERBS
               for word, following in zip(before, before[1:]))


def _in_an_alert_period(before: list[str]) -> bool:
    """Whether the expression is in the period of a weather or safety alert named just before it
    ('a winter storm warning from [6 p.m. Friday] to noon Sunday', 'an advisory until [noon]'):
    alerts are issued for what is ahead, whatever the tense of 'issued'."""
    last = len(before) - 1
    return any(before[index] in _ALERT_NOUNS and before[index + 1] in _ALERT_SPANS
               and all(_is_range_word(word) for word in before[index + 2:])
               for index in range(max(0, last - ALERT_REACH), last))


def _is_range_word(word: str) -> bool:
    """A word of the start of a clock or day range as the cue words have it ('6 p.m. Friday to':
    'p', 'm', 'Friday', 'to'; numbers are no cue words)."""
    lowered = word.lower()
    return lowered in _RANGE_WORDS or lowered in lexicon.WEEKDAYS


_ALERT_NOUNS = frozenset("warning warnings watch watches advisory advisories alert alerts".split())
_ALERT_SPANS = frozenset("from until till through".split())
_RANGE_WORDS = frozenset("a p m am pm noon midnight to and until through".split())
ALERT_REACH, ALERT_WEIGHT = 6, 3


def _predicted_for(before: list[str]) -> bool:
    """Whether a predictive adjective stands right before the expression, or before its
    preposition ('storms were likely [Thursday]', 'a deal is unlikely before [June]'): a forecast,
    whatever the copula's tense; not the adverb ('likely happened on Tuesday')."""
    if before[-1:] and before[-1] in _PREDICTED_PREPOSITIONS:
        before = before[:-1]
    return bool(before) and before[-1] in _PREDICTIVE_ADJECTIVES


def _rescheduled_to(before: list[str]) -> bool:
    """Whether the words before an expression end in a rescheduling verb's new or old date
    ('postponed the launch to', 'moved the vote to Thursday from')."""
    if len(before) < 2 or before[-1] not in _RESCHEDULING_PREPOSITIONS:
        return False
    for word in reversed(before[-2 - RESCHEDULING_REACH:-1]):
        if word in _CLAUSE_BOUNDARIES:
            return False
        if word in lexicon.RESCHEDULING_VERBS:
            return True
    return False


def _without_asides(words: list[str]) -> list[str]:
    """The words without their closed parentheticals ('take effect at 18:00 (1500 GMT) on
    [Monday]'): an aside is no clause between the expression and its verb."""
    if "(" not in words:
        return words
    kept, opened = [], []
    for word in words:
        if word == "(":
            opened.append(len(kept))
        elif word == ")" and opened:
            del kept[opened.pop():]
            continue
        kept.append(word)
    return kept


def _is_count(word: str) -> bool:
    """'a', 'two', '10': a count of periods ('a week from Tuesday'), not 'the third quarter from'."""
    return word in ("a", "an") or word.isdigit() or isinstance(lexicon.NUMBERS.get(word), int)


# Before a weekday's event ('after [Tuesday]'s election'): the story stands after it.
_EVENT_ORDER_PREPOSITIONS = frozenset("after from since following".split())
EVENT_ORDER_WEIGHT = 3
# Nouns of what an event left behind ('the [recount] of Tuesday's election').
_AFTERMATH_NOUNS = frozenset("recount recounts canvass results result outcome outcomes winner winners loser losers "
                             "aftermath tally audit replay highlights footage wake".split())


def tense_scores(text: str, start: int, end: int, deadlines: bool = True) -> dict[str, float]:
    """Past/future evidence of the cue words of the sentence around the span ('by'/'until' right
    before it, not opening the sentence or a clause nor after a past verb, counting as future when
    `deadlines`)."""
    left, right = quotation_span(text, *sentence_span(text, start, end), start, end)
    title_case = _is_title_case(text[left:right])
    if title_case:  # a Title Case headline's capitals name nothing
        text = text[:left] + without_title_case(text[left:right]) + text[right:]
    before = _without_asides(_cue_words(_TOKEN.findall(text[left:start]), opens_sentence=True))
    after = _without_asides(_cue_words(_TOKEN.findall(text[end:right]), opens_sentence=False))
    headline = title_case or _is_headline(text, left, right)
    scores = _cue_scores(before + after, len(before), possessive=text.startswith(("'s", "’s"), end),
                         headline=headline)
    scores[FUTURE] += _planned_infinitive_weight(before)
    if before and text.startswith(("'s", "’s"), end) and before[-1] in _EVENT_ORDER_PREPOSITIONS:
        # 'counting ballots from [Tuesday]'s election', 'after [Wednesday]'s strike': an event gone
        # by (but 'before' it says nothing: 'nervous before [Saturday]'s race', 'a final push before')
        scores[PAST] += EVENT_ORDER_WEIGHT
    elif len(before) > 1 and text.startswith(("'s", "’s"), end) and before[-1] == "of" \
            and before[-2] in _AFTERMATH_NOUNS:
        scores[PAST] += EVENT_ORDER_WEIGHT  # 'a recount of [Tuesday]'s election', 'the results of Sunday's
        # vote': what an event left behind, so the event is past
    elif before and text.startswith(("'s", "’s"), end) and (before[-1] == "for" or before[-2:] == ["ahead", "of"]):
        scores[FUTURE] += EVENT_ORDER_WEIGHT  # 'campaigned for [Tuesday]'s primaries', 'ahead of [Sunday]'s
        # vote': an event prepared for, still to come
    if _rescheduled_to(before):
        scores[FUTURE] += RESCHEDULING_WEIGHT
    if _SUBJECT_OF_A_FUTURE_MODAL.match(text, end) and (before[-1:] == ["that"] or _DETERMINED.match(text, start)
                                                         or (before[-1:] and before[-1] in lexicon.REPORTING_VERBS
                                                             and _RELATIVE_PRONOUNS.isdisjoint(before[-4:]))
                                                         or _reported_subject_ends_on(before)):
        scores[FUTURE] += SUBJECT_FUTURE_WEIGHT  # 'said [the second half] would benefit', 'said [Wednesday]
        # would be the heaviest travel day'; not 'the plant, which the company said [Monday] would close
        # on Friday', whose day is the report's
    elif _reported_on(before):
        scores[PAST] += REPORTING_WEIGHT
    if _in_a_past_participle_aside(text, left, start, end):
        scores[PAST] += ASIDE_PAST_WEIGHT  # 'Kaczynski, killed in a plane crash on [Saturday], will be
        # buried Sunday': the participle's time, whatever the main verb's
    if headline and _has_headline_infinitive(before):
        scores[FUTURE] += HEADLINE_FUTURE_WEIGHT  # 'Pope Francis to be buried on [Saturday]'
    if _in_an_alert_period(before):
        scores[FUTURE] += ALERT_WEIGHT  # 'issued a freeze warning from 1 a.m. to [9 a.m. Thursday]'
    if _predicted_for(before):
        scores[FUTURE] += PREDICTED_WEIGHT  # 'more storms were likely [Thursday evening]'
    if _SCORE_AFTER_POSSESSIVE.match(text, end) or _SCORE_BEFORE.search(text, max(left, start - 16), start):
        scores[PAST] += SCORE_WEIGHT
    if before[-3:-2] and before[-1] == "from" and before[-2] in _MEASURED_PERIODS and _is_count(before[-3]):
        scores[FUTURE] += COUNTED_FROM_WEIGHT  # 'a week from [Tuesday]': the coming Tuesday
    if deadlines and len(before) > 1 and before[-1] in _DEADLINE_PREPOSITIONS \
            and before[-2] not in _CLAUSE_BOUNDARIES and not _past_verb_before_preposition(before) \
            and not _in_past_perfect(before) and before[-2] not in _MEASURED_PERIODS \
            and not _RANGE_START_BEFORE.search(text, max(left, start - 40), start):
        scores[FUTURE] += DEADLINE_WEIGHT
    return scores


_OPENS_A_QUOTED_CLAUSE = regex(r"[:,]\s*$")
# A quotation mark: double, or single at a word's edge (not the apostrophe of "Friday's").
QUOTE_MARK = regex(r"[\"“”]|(?<![\w'])'(?!')|(?<=[\w.,!?])'(?![\w'])")


def quotation_span(text: str, left: int, right: int, start: int, end: int) -> tuple[int, int]:
    """The quotation holding [start, end) within the sentence [left, right) when it opens the
    sentence or follows a colon or comma ('"we are throwing a party on [Saturday]," said Clare,
    whose daughter was born ...': the reporting clause outside it tells nothing of when), else the
    sentence."""
    if text.find('"', left, start) < 0 and text.find("“", left, start) < 0 and text.find("'", left, start) < 0:
        return left, right  # (fast: no quotation mark before it in the sentence)
    marks = [match.start() for match in QUOTE_MARK.finditer(text, left, start)]
    if len(marks) % 2 == 0 or not _OPENS_A_QUOTED_CLAUSE.search(text, max(left, marks[-1] - 3), marks[-1]) \
            and text[left:marks[-1]].strip():
        return left, right  # (a quoted fragment, 'would resume "by [midweek]"', is told by its clause)
    closing = QUOTE_MARK.search(text, end, right)
    return marks[-1] + 1, closing.start() if closing else right


_IRREGULAR_PAST_FORMS = sorted(cue for cue, (direction, _) in lexicon.CUES.items()  # (verbs: no 'ago', no 'was')
                               if direction == PAST and cue.isalpha() and not cue.endswith("ed")
                               and cue not in ("ago", "earlier", "previous", "since", "was", "were", "had", "did"))
_ASIDE_OPENING = regex(r",\s+(?:[a-z]+ly\s+)?([a-z]{3,}ed|" + "|".join(_IRREGULAR_PAST_FORMS + ["born"])
                       + r")\s([a-z]+)?[^,;:()\"]*$")  # ', killed with 95 others on', ', born on'
_FINITE_MODAL = regex(r"\b(?:will|would|shall|could|can|may|might|must)\s")
_ASIDE_CLOSING = regex(r"\s*,")


def _in_a_past_participle_aside(text: str, left: int, start: int, end: int) -> bool:
    """Whether the expression closes an aside set off by commas that opens with a past participle
    (', killed with 95 others in a crash in Russia on [Saturday],'), not one of a plan (', scheduled
    for [Sunday],', ', expected to close in [the third quarter],')."""
    opening = _ASIDE_OPENING.search(text, max(left, start - ASIDE_REACH), start)
    if opening is None or _ASIDE_CLOSING.match(text, end) is None or opening.group(1) in _NOT_VERBS \
            or _FINITE_MODAL.search(text, opening.start(), start):
        return False  # (', reported earnings and said it would hold its meeting on [Nov. 12],': no aside)
    cue = _cue_at([word for word in opening.groups() if word], 0)[0]
    return cue is None or cue[0] == PAST


def direction_of(scores: dict[str, float], min_evidence: float = MIN_EVIDENCE) -> str | None:
    """PAST or FUTURE when one outweighs the other clearly and by at least `min_evidence`."""
    if scores[PAST] > scores[FUTURE] * DOMINANCE + min_evidence:
        return PAST
    if scores[FUTURE] > scores[PAST] * DOMINANCE + min_evidence:
        return FUTURE
    return None


def tense_direction(text: str, start: int, end: int, deadlines: bool = True) -> str | None:
    """PAST or FUTURE from the cue words of the sentence around the span, None if no evidence."""
    return direction_of(tense_scores(text, start, end, deadlines))


class Reference(NamedTuple):
    """A date to resolve against: year always, month/day when known; `source` is 'dct' or 'text'."""

    year: int
    month: int | None = None
    day: int | None = None
    source: str = "dct"
    week: int | None = None  # the ISO week of a week reference ('last week': 2020-W13), else None

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


_EXPLICIT_VALUE = regex(r"^(BC)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})(?!\d))?")


def reference_from_value(value: str, source: str = "text") -> Reference | None:
    """The Reference a resolved DATE/TIME value provides for later expressions ('1939-09-01')."""
    match = _EXPLICIT_VALUE.match(value)
    if not match or value.startswith("P"):
        return None
    year = 1 - int(match.group(2)) if match.group(1) else int(match.group(2))
    month = int(match.group(3)) if match.group(3) else None
    day = int(match.group(4)) if match.group(4) else None
    week = int(match.group(5)) if match.group(5) else None
    return Reference(year, month, day, source, week)
