"""A faster stand-in for spaCy's AttributeRuler that sets the same attributes."""
from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from itertools import product
from operator import attrgetter

_QUICK_PATTERN_ATTRS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}
Condition = tuple[str, bool, frozenset]  # (token attribute, negated, values)
# The token attributes one-token patterns read: tokens alike in these match the same rules.
_Signature = namedtuple("_Signature", list(_QUICK_PATTERN_ATTRS.values()))
MAX_CACHED_SIGNATURES = 200_000  # bounds the cache in long-running workers


class QuickAttributeRuler:
    """spaCy's AttributeRuler with its one-token patterns (TAG/LOWER/DEP/IS_SPACE equal to, IN
    or NOT_IN values: most of the model's patterns) checked in Python, the positive ones by
    dict look-up: the Matcher made the ruler cost as much as tok2vec. The other patterns still
    go through a Matcher; the one-token rules a token matches are cached by the attributes they
    read. The matches and the order they are applied in (rule number, then
    position) are the AttributeRuler's, so the result is the same.
    """

    def __init__(self, ruler) -> None:
        from spacy.matcher import Matcher

        self.attrs = ruler.attrs
        self.indices = ruler.indices
        self.matcher = Matcher(ruler.vocab)
        tables: dict[tuple[str, ...], dict[tuple, list[int]]] = {}  # names -> values -> rules
        self.checks: list[tuple[int, list[Condition]]] = []  # rules with a NOT_IN
        for number, pattern in enumerate(ruler.patterns):
            for tokens in pattern["patterns"]:
                conditions = _one_token_conditions(tokens) if pattern["index"] in (0, -1) else None
                if conditions is None:
                    self.matcher.add(str(number), [tokens])
                elif any(negated for _, negated, _ in conditions):
                    self.checks.append((number, conditions))
                else:
                    conditions.sort()
                    table = tables.setdefault(tuple(name for name, _, _ in conditions), {})
                    for values in product(*(sorted(values) for _, _, values in conditions)):
                        table.setdefault(values, []).append(number)
        self.tables = [(attrgetter(*names), table if len(names) > 1 else
                        {values[0]: numbers for values, numbers in table.items()})
                       for names, table in tables.items()]
        self.rules_by_signature: dict[_Signature, tuple[int, ...]] = {}

    def _one_token_rules(self, signature: _Signature) -> tuple[int, ...]:
        """The one-token rules that match a token with these attributes."""
        numbers = [number for read, table in self.tables for number in table.get(read(signature), ())]
        numbers += [number for number, conditions in self.checks
                    if all((getattr(signature, name) in values) != negated
                           for name, negated, values in conditions)]
        return tuple(numbers)

    def __call__(self, doc):
        """Set the ruler's attributes on `doc` in place."""
        from spacy.tokens._retokenize import set_token_attrs

        matches = [(int(doc.vocab.strings[key]), start, end)
                   for key, start, end in self.matcher(doc, allow_missing=True)]
        tokens = list(doc)
        for token in tokens:
            signature = _Signature(token.tag_, token.lower_, token.dep_, token.is_space)
            numbers = self.rules_by_signature.get(signature)
            if numbers is None:
                numbers = self._one_token_rules(signature)
                if len(self.rules_by_signature) >= MAX_CACHED_SIGNATURES:
                    self.rules_by_signature.clear()
                self.rules_by_signature[signature] = numbers
            matches.extend((number, token.i, token.i + 1) for number in numbers)
        matches.sort()
        for number, start, end in matches:
            token = tokens[start] if end == start + 1 else doc[start:end][self.indices[number]]
            set_token_attrs(token, self.attrs[number])
        return doc


def _one_token_conditions(tokens: list[dict]) -> list[Condition] | None:
    """A one-token pattern as conditions, or None when it needs the Matcher."""
    if len(tokens) != 1 or not tokens[0]:
        return None
    conditions = []
    for key, value in tokens[0].items():
        negated = isinstance(value, dict) and list(value) == ["NOT_IN"]
        if isinstance(value, dict) and list(value) in (["IN"], ["NOT_IN"]):
            value = value["NOT_IN" if negated else "IN"]
        values = value if isinstance(value, list) else [value]
        kind = bool if key == "IS_SPACE" else str
        if key not in _QUICK_PATTERN_ATTRS or not all(type(item) is kind for item in values):
            return None
        conditions.append((_QUICK_PATTERN_ATTRS[key], negated, frozenset(values)))
    return conditions


@lru_cache(maxsize=4)
def _quick_ruler_for(ruler) -> QuickAttributeRuler:
    return QuickAttributeRuler(ruler)


def quick_attribute_ruler(nlp, pipe_name: str) -> QuickAttributeRuler | None:
    """A QuickAttributeRuler standing in for the pipeline's attribute ruler, if it has one."""
    from spacy.pipeline import AttributeRuler

    if pipe_name not in nlp.pipe_names:
        return None
    ruler = nlp.get_pipe(pipe_name)
    return _quick_ruler_for(ruler) if isinstance(ruler, AttributeRuler) else None
