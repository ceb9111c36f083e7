"""Cross-document merging: event mentions -> timeline rows.

Rules (thresholds in resources/merge.json, classes in resources/event_classes.tsv, words that
count as one in resources/content_synonyms.tsv):

* Buckets: mentions are merged bucket by bucket and clusters and conflicts never cross buckets,
  so the timeline is the union of independent per-bucket results and a new article only needs
  its own buckets re-merged. A mention's bucket is its event class plus the calendar year of its
  date_start, or the class plus "coarse" when its date spans more than
  `bucket_coarse_after_days` days (decades, centuries, multi-year intervals). Trade-off:
  compatible dates in different buckets no longer merge or conflict, e.g. a week spanning New
  Year with a day of it in the next year, "the 2020s" with "2025", or "in 2019" with "in 2020".
* Mentions are visited in a fixed order (finest date first, then publication date, doc_id,
  offset) and each joins the first best-matching cluster, else starts a new one.
* A mention joins a cluster when
  - the dates are compatible: equal value, or one calendar interval contains the other (the
    cluster keeps the most specific agreeing date);
  - the trigger classes are equal (a lemma missing from the table is its own class);
  - the locations do not disagree (both known and different keeps them apart);
  - actors do not disagree: two non-empty, disjoint actor sets need a shared location;
  - and there is positive evidence: a shared actor, a shared location, or content-word Jaccard
    >= min_content_jaccard. Within one document, for day-or-finer dates, a side without
    actors and location needs no further evidence (same class on the same day: "talks in
    Istanbul on June 2" ... "the June 2 meeting").
  Actors are compared by their last word, lower-cased ("Sergey Lavrov" ~ "Sergei Lavrov").
* Canonical mention (description, trigger, location): the most informative one, i.e. the most
  actors + (1 if a location) + content words (capped at 15); ties go to the earliest
  publication date, then doc_id, then offset.
* Status: majority vote over mentions (ties in STATUS_PRIORITY order); "happened" becomes
  "expected" when the event starts after its first publication date.
* Conflicting dates: clusters from different articles (no document in common) of the same
  class sharing an actor whose content Jaccard is >= conflict_min_content_jaccard but whose
  dates are incompatible list each other's values in `conflicting_values`.
* Confidence: see the "confidence" block of merge.json (more documents, more mentions and
  factual status raise it; conflicts lower it).
* event_id: sha1 of value + class + canonical trigger lemma + actor keys + location (first 16 hex
  digits), stable across runs. Equal ids imply equal value and class, hence one bucket, so the
  rare clashes are settled within a bucket.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipeline.core.events.extract import EventMention

RESOURCES = Path(__file__).resolve().parent / "resources"
_SETTINGS = json.loads((RESOURCES / "merge.json").read_text(encoding="utf-8"))
MIN_CONTENT_JACCARD: float = _SETTINGS["min_content_jaccard"]
if MIN_CONTENT_JACCARD <= 0:
    raise ValueError("merge.json: min_content_jaccard must be > 0 (the cluster index relies on it)")
CONFLICT_MIN_CONTENT_JACCARD: float = _SETTINGS["conflict_min_content_jaccard"]
FINE_GRANULARITIES = frozenset(_SETTINGS["fine_granularities"])
CONFIDENCE: dict = _SETTINGS["confidence"]
BUCKET_COARSE_AFTER_DAYS: int = _SETTINGS["bucket_coarse_after_days"]
COARSE_BUCKET = "coarse"
STATUS_PRIORITY = ("negated", "proposed", "planned", "expected", "happened", "reported")
MAX_CONTENT_WORDS = 15
MAX_INDEXED_YEARS = 12  # clusters spanning more years (centuries) are found by evidence key alone
STOPWORDS = frozenset("""a an the of in on at to for from with by about and or but as that this
these those it its his her their our your he she they we you i be is are was were been being has
have had will would shall should can could may might must not no do does did than then there
which who whom whose what when where while also into over under after before""".split())


def _read_classes() -> dict[str, str]:
    classes = {}
    for line in (RESOURCES / "event_classes.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, event_class = line.split("\t")[:2]
            classes[lemma.strip().lower()] = event_class.strip()
    return classes


EVENT_CLASSES = _read_classes()


def _read_synonyms() -> dict[str, str]:
    synonyms = {}
    for line in (RESOURCES / "content_synonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, canonical = line.split("\t")[:2]
            synonyms[word.strip().lower()] = canonical.strip().lower()
    return synonyms


CONTENT_SYNONYMS = _read_synonyms()


def _rules_version() -> str:
    """Fingerprint of the merge rules (this module and its resources): stored merges made under
    other rules are rebuilt."""
    digest = hashlib.sha1()
    for path in (Path(__file__), RESOURCES / "merge.json", RESOURCES / "event_classes.tsv",
                 RESOURCES / "content_synonyms.tsv"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RULES_VERSION = _rules_version()


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Input to merging: where and when a document was published."""

    doc_id: str
    source: str | None
    publication_date: date


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One timeline row: an event merged over all the mentions that report it."""

    event_id: str
    timex_value: str
    date_start: date
    date_end: date
    granularity: str
    description: str
    trigger: str
    actors: list[str]
    location: str | None
    status: str
    doc_count: int
    mention_count: int
    sources: list[str]
    doc_ids: list[str]
    mention_ids: list[str]
    first_reported_at: date
    confidence: float
    conflicting_values: list[str]
    merge_bucket: str


def event_class(mention: EventMention) -> str:
    """The trigger's class from the synonym table, else its lemma."""
    return _class_of(mention.trigger_lemma, mention.trigger)


@lru_cache(maxsize=65536)
def _class_of(trigger_lemma: str, trigger: str) -> str:
    for key in (trigger_lemma, trigger.lower()):
        if key in EVENT_CLASSES:
            return EVENT_CLASSES[key]
    return trigger_lemma


def bucket_key(mention: EventMention) -> str:
    """The merge bucket: "<class>|<year of date_start>", or "<class>|coarse" for long dates."""
    if (mention.date_end - mention.date_start).days > BUCKET_COARSE_AFTER_DAYS:
        return f"{event_class(mention)}|{COARSE_BUCKET}"
    return f"{event_class(mention)}|{mention.date_start.year}"


@lru_cache(maxsize=65536)
def actor_key(actor: str) -> str:
    """Compare actors by last word: 'Sergey Lavrov' and 'Sergei Lavrov' -> 'lavrov'."""
    words = re.findall(r"[\w.-]+", actor.lower())
    return words[-1] if words else actor.lower()


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words of a description, synonyms as one word (content_synonyms.tsv:
    'quake' is 'earthquake'), crudely singularised."""
    words = re.findall(r"[a-z0-9][\w-]*", text.lower())
    return frozenset(re.sub(r"(?<=[a-z]{3})s$", "", CONTENT_SYNONYMS.get(w, w))
                     for w in words if w not in STOPWORDS)


def _jaccard(left: Set[str], right: Set[str]) -> float:
    shared = len(left & right)
    union = len(left) + len(right) - shared
    return shared / union if union else 0.0


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What a mention brings to a match (actor keys, lower-cased location, content words),
    computed once per mention rather than once per candidate cluster."""

    actors: frozenset[str]
    location: str | None
    content: frozenset[str]


def _evidence(mention: EventMention) -> _Evidence:
    return _Evidence(frozenset(actor_key(a) for a in mention.actors),
                     mention.location.lower() if mention.location else None,
                     content_words(mention.description))


def _granularity_rank(mention: EventMention) -> int:
    return (mention.date_end - mention.date_start).days


@dataclass
class _Cluster:
    order: int  # creation rank: ties between equally good clusters go to the oldest
    event_class: str
    value: str
    date_start: date
    date_end: date
    granularity: str
    mentions: list[EventMention] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)
    content: set[str] = field(default_factory=set)
    doc_ids: set[str] = field(default_factory=set)

    def add(self, mention: EventMention, evidence: _Evidence) -> None:
        if (mention.date_end - mention.date_start) < (self.date_end - self.date_start):
            self.value, self.date_start, self.date_end, self.granularity = (
                mention.timex_value, mention.date_start, mention.date_end, mention.granularity)
        self.mentions.append(mention)
        self.doc_ids.add(mention.doc_id)
        self.actors.update(evidence.actors)
        if evidence.location:
            self.locations.add(evidence.location)
        self.content.update(evidence.content)


def dates_compatible(a_start: date, a_end: date, a_value: str,
                     b_start: date, b_end: date, b_value: str) -> bool:
    """Equal values, or one calendar interval inside the other."""
    return a_value == b_value or (a_start <= b_start and b_end <= a_end) or (
        b_start <= a_start and a_end <= b_end)


def _match_score(cluster: _Cluster, mention: EventMention, evidence: _Evidence) -> float | None:
    """None when the mention cannot join the cluster (of its bucket, so of its event class),
    else a similarity score."""
    if not dates_compatible(cluster.date_start, cluster.date_end, cluster.value,
                            mention.date_start, mention.date_end, mention.timex_value):
        return None
    location = evidence.location
    if location and cluster.locations and location not in cluster.locations:
        return None
    shared_location = bool(location and location in cluster.locations)
    actors = evidence.actors
    shared_actors = len(actors & cluster.actors)
    if actors and cluster.actors and not shared_actors and not shared_location:
        return None
    jaccard = _jaccard(evidence.content, cluster.content)
    score = shared_actors + shared_location + jaccard
    if shared_actors or shared_location or jaccard >= MIN_CONTENT_JACCARD:
        return score
    fine = mention.granularity in FINE_GRANULARITIES and cluster.granularity in FINE_GRANULARITIES
    bare = not (actors or location) or not (cluster.actors or cluster.locations)
    return score if fine and bare and mention.doc_id in cluster.doc_ids else None


def _informativeness(mention: EventMention) -> int:
    return (len(mention.actors) + (1 if mention.location else 0)
            + min(len(content_words(mention.description)), MAX_CONTENT_WORDS))


def merge_mentions(mentions: Sequence[EventMention],
                   documents: Mapping[str, DocumentInfo]) -> list[TimelineEvent]:
    """Merge mentions of the same event into timeline rows, ordered by (date_start, event_id):
    the union of `merge_bucket_mentions` over the mentions' buckets.

    Every mention's document must be in `documents` (ValueError otherwise).
    """
    by_bucket: dict[str, list[EventMention]] = defaultdict(list)
    for mention in mentions:
        by_bucket[bucket_key(mention)].append(mention)
    events = [event for key in sorted(by_bucket)
              for event in merge_bucket_mentions(by_bucket[key], documents)]
    return sorted(events, key=lambda e: (e.date_start, e.event_id))


def merge_bucket_mentions(mentions: Sequence[EventMention],
                          documents: Mapping[str, DocumentInfo]) -> list[TimelineEvent]:
    """Merge the mentions of one bucket (all with the same `bucket_key`) into timeline rows.

    Every mention's document must be in `documents` (ValueError otherwise).
    """
    missing = sorted({m.doc_id for m in mentions} - set(documents))
    if missing:
        raise ValueError(f"no DocumentInfo for {len(missing)} document(s): {missing[:5]}")
    buckets = {bucket_key(m) for m in mentions}
    if len(buckets) > 1:
        raise ValueError(f"mentions of {len(buckets)} buckets given to merge_bucket_mentions")

    def published(mention: EventMention) -> date:
        return documents[mention.doc_id].publication_date

    ordered = sorted(mentions, key=lambda m: (_granularity_rank(m), published(m), m.doc_id,
                                              m.timex_start, m.mention_id))
    word_counts = Counter(word for m in mentions for word in content_words(m.description))
    clusters: list[_Cluster] = []
    index = _ClusterIndex()
    for mention in ordered:
        evidence = _evidence(mention)
        keys = _evidence_keys(mention, evidence)
        best, best_score = None, -1.0
        for cluster in index.candidates(mention, *_probe_keys(mention, evidence, word_counts)):
            score = _match_score(cluster, mention, evidence)
            if score is not None and score > best_score:
                best, best_score = cluster, score
        if best is None:
            best = _Cluster(len(clusters), event_class(mention), mention.timex_value, mention.date_start,
                            mention.date_end, mention.granularity)
            clusters.append(best)
        best.add(mention, evidence)
        index.add(best, keys)
    conflicts = _conflicts(clusters)
    bucket = next(iter(buckets), "")
    events = [_to_event(cluster, documents, published, conflicts[id(cluster)], bucket)
              for cluster in clusters]
    return _unique_ids(events)


def _evidence_keys(mention: EventMention, evidence: _Evidence) -> set[str]:
    """What a cluster must share with the mention for `_match_score` to accept it: an actor,
    the location, a content word (Jaccard >= min_content_jaccard > 0 needs one) or, for the
    same-document rule, the document."""
    return _identity_keys(mention, evidence) | {f"word:{word}" for word in evidence.content}


def _identity_keys(mention: EventMention, evidence: _Evidence) -> set[str]:
    """The mention's document, actor and location keys."""
    keys = {f"doc:{mention.doc_id}"}
    keys.update(f"actor:{actor}" for actor in evidence.actors)
    if evidence.location:
        keys.add(f"location:{evidence.location}")
    return keys


def _probe_keys(mention: EventMention, evidence: _Evidence, word_counts: Counter
                ) -> tuple[set[str], set[str], tuple[float, float]]:
    """What to look a mention's candidate clusters up by: its document, actor and location keys
    (a cluster found by those may be accepted whatever its content), and the content-word keys
    worth trying with the content sizes a cluster found only by them must have.

    A cluster accepted on content alone has Jaccard >= t with the mention's n words: it shares
    at least ceil(t * n) of them, hence one of its n - ceil(t * n) + 1 rarest (prefix filtering,
    as in set-similarity joins), and holds between t * n and n / t words (size filtering).
    """
    words = evidence.content
    must_share = math.ceil(MIN_CONTENT_JACCARD * len(words) - 1e-9)
    rarest = sorted(words, key=lambda word: (word_counts[word], word))
    word_keys = {f"word:{word}" for word in rarest[:len(words) - must_share + 1]}
    sizes = (MIN_CONTENT_JACCARD * len(words) - 1e-9, len(words) / MIN_CONTENT_JACCARD + 1e-9)
    return _identity_keys(mention, evidence), word_keys, sizes


class _ClusterIndex:
    """Clusters of one bucket by month and evidence key, so a mention is only compared with
    clusters whose interval overlaps its own and that share an evidence key with it (the only
    ones `_match_score` can accept).

    A cluster's interval only shrinks, so indexing it under the months of its first interval
    is enough; clusters spanning more than MAX_INDEXED_YEARS are found by key alone.
    """

    def __init__(self) -> None:
        self.by_month_key: dict[tuple[int, str], list[_Cluster]] = defaultdict(list)
        self.by_key: dict[str, list[_Cluster]] = defaultdict(list)
        self.wide_by_key: dict[str, list[_Cluster]] = defaultdict(list)
        self.indexed: dict[int, tuple[range | None, set[str]]] = {}

    def add(self, cluster: _Cluster, keys: set[str]) -> None:
        """Index `cluster` under the keys of a mention it just took in."""
        months, known = self.indexed.setdefault(
            id(cluster), (_months(cluster.date_start, cluster.date_end), set()))
        for key in keys - known:
            known.add(key)
            self.by_key[key].append(cluster)
            if months is None:
                self.wide_by_key[key].append(cluster)
            else:
                for month in months:
                    self.by_month_key[(month, key)].append(cluster)

    def candidates(self, mention: EventMention, keys: set[str], word_keys: set[str],
                   content_sizes: tuple[float, float]) -> list[_Cluster]:
        """Clusters of overlapping months found by `keys`, and those found by `word_keys` whose
        content size is within `content_sizes`; in creation order."""
        months = _months(mention.date_start, mention.date_end)
        smallest, largest = content_sizes
        found = self._lookup(months, keys) + [
            c for c in self._lookup(months, word_keys) if smallest <= len(c.content) <= largest]
        unique = {id(c): c for c in found}  # a cluster sits under several months and keys
        return sorted(unique.values(), key=lambda c: c.order)

    def _lookup(self, months: range | None, keys: set[str]) -> list[_Cluster]:
        if months is None:
            return [c for key in keys for c in self.by_key.get(key, ())]
        return ([c for month in months for key in keys
                 for c in self.by_month_key.get((month, key), ())]
                + [c for key in keys for c in self.wide_by_key.get(key, ())])


def _months(start: date, end: date) -> range | None:
    """Month numbers (year * 12 + month index) an interval touches; None past
    MAX_INDEXED_YEARS (centuries: compared with every cluster of the class)."""
    if end.year - start.year + 1 > MAX_INDEXED_YEARS:
        return None
    return range(start.year * 12 + start.month - 1, end.year * 12 + end.month)


def _conflicts(clusters: list[_Cluster]) -> dict[int, list[str]]:
    """Other dates of what looks like the same event (same class, a shared actor, similar
    content, incompatible dates), per cluster id. Within a group, clusters are compared in order
    of content size and only while the larger could still reach the Jaccard threshold."""
    found: dict[int, set[str]] = {id(c): set() for c in clusters}
    groups: dict[tuple[str, str], list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        for actor in cluster.actors:
            groups[(cluster.event_class, actor)].append(cluster)
    for group in groups.values():
        group.sort(key=lambda cluster: len(cluster.content))
        for i, left in enumerate(group):
            largest = len(left.content) / CONFLICT_MIN_CONTENT_JACCARD + 1e-9
            for right in group[i + 1:]:
                if len(right.content) > largest:
                    break  # Jaccard <= smaller size / larger size: too different from here on
                if left.doc_ids & right.doc_ids:
                    continue  # one article giving two dates reports two events
                if dates_compatible(left.date_start, left.date_end, left.value,
                                    right.date_start, right.date_end, right.value):
                    continue
                if _jaccard(left.content, right.content) >= CONFLICT_MIN_CONTENT_JACCARD:
                    found[id(left)].add(right.value)
                    found[id(right)].add(left.value)
    return {key: sorted(values) for key, values in found.items()}


def _status(cluster: _Cluster, first_reported: date) -> str:
    votes = Counter(m.status for m in cluster.mentions)
    status = max(STATUS_PRIORITY, key=lambda s: (votes[s], -STATUS_PRIORITY.index(s)))
    if status == "happened" and cluster.date_start > first_reported:
        return "expected"
    return status


def confidence(doc_count: int, mention_count: int, status: str, conflict_count: int) -> float:
    """The documented confidence formula (merge.json "confidence")."""
    score = (CONFIDENCE["base"] + CONFIDENCE["per_extra_document"] * (doc_count - 1)
             + CONFIDENCE["per_extra_mention"] * (mention_count - doc_count)
             + CONFIDENCE["status_bonus"].get(status, 0.0)
             - CONFIDENCE["conflict_penalty"] * conflict_count)
    return round(min(CONFIDENCE["max"], max(CONFIDENCE["min"], score)), 3)


def _to_event(cluster: _Cluster, documents: Mapping[str, DocumentInfo], published,
              conflicting: list[str], bucket: str) -> TimelineEvent:
    mentions = sorted(cluster.mentions, key=lambda m: (published(m), m.doc_id, m.timex_start))
    canonical = max(enumerate(mentions), key=lambda item: (_informativeness(item[1]), -item[0]))[1]
    actors: list[str] = []
    keys: set[str] = set()
    for mention in [canonical] + mentions:
        for actor in mention.actors:
            if actor_key(actor) not in keys:
                keys.add(actor_key(actor))
                actors.append(actor)
    doc_ids = sorted({m.doc_id for m in mentions})
    sources = sorted({documents[d].source or d for d in doc_ids})
    first_reported = min(published(m) for m in mentions)
    status = _status(cluster, first_reported)
    location = canonical.location or next((m.location for m in mentions if m.location), None)
    identity = "|".join([cluster.value, cluster.event_class, canonical.trigger_lemma,
                         ",".join(sorted(keys)), (location or "").lower()])
    return TimelineEvent(
        event_id=hashlib.sha1(identity.encode("utf-8")).hexdigest()[:16],
        timex_value=cluster.value,
        date_start=cluster.date_start,
        date_end=cluster.date_end,
        granularity=cluster.granularity,
        description=canonical.description,
        trigger=canonical.trigger,
        actors=actors,
        location=location,
        status=status,
        doc_count=len(doc_ids),
        mention_count=len(mentions),
        sources=sources,
        doc_ids=doc_ids,
        mention_ids=[m.mention_id for m in mentions],
        first_reported_at=first_reported,
        confidence=confidence(len(doc_ids), len(mentions), status, len(conflicting)),
        conflicting_values=conflicting,
        merge_bucket=bucket,
    )


def _unique_ids(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """Disambiguate (rare) identical ids with the smallest mention id of each event."""
    counts = Counter(e.event_id for e in events)
    result = []
    for event in events:
        if counts[event.event_id] > 1:
            salt = f"{event.event_id}|{min(event.mention_ids)}"
            event = replace(event, event_id=hashlib.sha1(salt.encode("utf-8")).hexdigest()[:16])
        result.append(event)
    return result

