"""Which patterns can match here? A character trie of every pattern's first MAX_DEPTH characters
(read from Python's own parse of the regex), made deterministic when it is built (one node per set
of trie nodes a head can reach), walked with the text where a span may start: a step is one dict
lookup, with no sets of nodes to merge while tagging.

The index over-approximates: a pattern it leaves out cannot match there, so trying only the
patterns it names finds exactly the matches that trying every pattern would.
"""
from __future__ import annotations

import marshal
import re
from array import array
from functools import cache
from itertools import accumulate
from re import _constants as sre  # the parse tree's opcodes (CPython's own regex parser)
from re import _parser as sre_parse

MAX_DEPTH = 7  # characters of a pattern's beginning that the trie follows
_ASCII = [chr(code) for code in range(128)]
_ANY = frozenset(_ASCII)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: str.isdigit, sre.CATEGORY_WORD: lambda char: char.isalnum() or char == "_",
    sre.CATEGORY_SPACE: str.isspace,
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_ONE_CHARACTER = (sre.LITERAL, sre.IN, sre.ANY, sre.NOT_LITERAL)


def _in_class(char: str, items) -> bool:
    """Whether an ASCII character may belong to a parsed character class `[...]` (True for a
    class this index cannot read: non-ASCII ranges, whose case folding may reach ASCII)."""
    negated = bool(items) and items[0][0] is sre.NEGATE
    found = False
    for op, arg in items[1:] if negated else items:
        if op is sre.LITERAL:
            found = found or (char == chr(arg) if arg < 128 else _folds_to(arg, char))
        elif op is sre.RANGE and arg[1] < 128:
            found = found or arg[0] <= ord(char) <= arg[1]
        elif op is sre.CATEGORY and arg in _CATEGORIES:
            found = found or _CATEGORIES[arg](char)
        else:
            return True
    return found != negated


@cache
def _folds_to(code: int, char: str) -> bool:
    """Whether a case-insensitive regex of the non-ASCII character `code` matches the ASCII `char`
    (the Kelvin sign matches 'k'; a dash matches nothing ASCII)."""
    return re.fullmatch(re.escape(chr(code)), char, re.IGNORECASE) is not None


def _lowered(accepts) -> frozenset[str]:
    """The lowercase ASCII characters that a case-insensitive position accepts."""
    return frozenset(char.lower() for char in _ASCII
                     if accepts(char) or accepts(char.lower()) or accepts(char.upper()))


@cache
def _position(op, arg) -> frozenset[str] | None:
    """The characters one parse item consumes, or None when it is not a one-character item."""
    if op is sre.LITERAL:
        return _lowered(lambda char: char == chr(arg) if arg < 128 else _folds_to(arg, char))
    if op is sre.IN:
        return _lowered(lambda char: _in_class(char, arg))
    if op in (sre.ANY, sre.NOT_LITERAL):
        return _ANY
    return None


class _Node:
    """A trie node: the character sets that may come next, and the patterns reaching it."""

    __slots__ = ("depth", "children", "ending", "through")

    def __init__(self, depth: int):
        self.depth = depth
        self.children: dict[frozenset[str], _Node] = {}
        self.ending = 0  # bit mask of the patterns whose beginning ends here (anything may follow)
        self.through = 0  # ... whose beginning reaches this node

    def child(self, position: frozenset[str], bit: int) -> "_Node":
        node = self.children.get(position)
        if node is None:
            node = self.children[position] = _Node(self.depth + 1)
        node.through |= bit
        return node


def _extend(nodes: set[_Node], items, bit: int, last: bool = False) -> set[_Node]:
    """Add to the trie what parse `items` can match after each of `nodes`, for the pattern `bit`;
    the nodes where matching goes on. A beginning stops (ends) where the index stops following
    the pattern: anything may come after it. `last`: nothing the pattern consumes follows `items`,
    so a lookahead with nothing consumed after it tells how the text goes on ("(?P<day>\\d+)(?=\\s*-)")."""
    items = list(items)
    for number, (op, arg) in enumerate(items):
        if not nodes:
            break
        position = _position(op, tuple(arg) if op is sre.IN else arg) if op in _ONE_CHARACTER else None
        rest_is_free = last and all(later in _ZERO_WIDTH for later, _ in items[number + 1:])
        if position is not None:
            nodes = {node.child(position, bit) for node in nodes}
        elif op is sre.ASSERT and arg[0] == 1 and rest_is_free:
            _stop(_extend(nodes, arg[1], bit), bit)
            nodes = set()
        elif op in _ZERO_WIDTH:
            continue
        elif op is sre.SUBPATTERN:
            nodes = _extend(nodes, arg[3], bit, rest_is_free)
        elif op is sre.BRANCH:
            nodes = set().union(*(_extend(nodes, branch, bit, rest_is_free) for branch in arg[1]))
        elif op in _REPEATS:
            for _ in range(arg[0]):
                nodes = _extend(nodes, arg[2], bit)
            if arg[1] - arg[0] <= MAX_DEPTH or _one_character(arg[2]):  # a few copies more or not
                # ('\d{1,4}'), and go on; a run of one character ('\d+') as far as the trie reaches
                more = nodes
                for _ in range(min(arg[1] - arg[0], MAX_DEPTH)):
                    more = _extend(more, arg[2], bit)
                    nodes = nodes | more
            elif arg[1] > arg[0]:  # a run: go on after the fewest copies; one more, and stop
                _stop(_extend(nodes, arg[2], bit), bit)
        else:
            _stop(nodes, bit)
            nodes = set()
        deep = {node for node in nodes if node.depth >= MAX_DEPTH}
        if deep:
            _stop(deep, bit)
            nodes -= deep
    return nodes


def _one_character(items) -> bool:
    """Whether parse `items` is a single one-character item (a digit, a class, a space)."""
    items = list(items)
    return len(items) == 1 and items[0][0] in _ONE_CHARACTER


def _stop(nodes: set[_Node], bit: int) -> None:
    for node in nodes:
        node.ending |= bit


def _previous_characters(items) -> frozenset[str] | None:
    """The lowercase ASCII characters a pattern's opening lookbehind lets stand right before a match
    ('(?<=\\d[-–])': '-'); None when any may."""
    for op, arg in items:
        if op is sre.ASSERT and arg[0] == -1 and len(arg[1]):
            last_op, last_arg = list(arg[1])[-1]
            if last_op in _ONE_CHARACTER:
                position = _position(last_op, tuple(last_arg) if last_op is sre.IN else last_arg)
                if position is not None and position != _ANY:
                    return position
        elif op is sre.SUBPATTERN:
            return _previous_characters(arg[3])
        elif op not in _ZERO_WIDTH:
            return None
    return None


class PatternIndex:
    """Which of a list of patterns (bit i: pattern i) may match at a place, from the text starting
    there and the character before it. The trie is made deterministic (a node stands for every
    trie node one head reaches) and kept flat, as `nodes`: (ending, through, {character: child
    number}) with the root first, and `after` as (the patterns any character may precede,
    {character: the other patterns it may precede}), so both can be stored and loaded without
    rebuilding them. Stored, the nodes are packed in one string of bytes (`pack`); an index made
    from it (`packed`) reads a node when a walk first reaches it (a run reaches a few thousand of
    the tens of thousands)."""

    def __init__(self, nodes: list[tuple[int, int, dict[str, int]]],
                 after: tuple[int, dict[str, int]] | None = None):
        self._nodes: list[tuple[int, int, dict[str, int]] | None] = list(nodes)
        self._packed: memoryview | None = None
        self._ends: memoryview | None = None
        self.after = after if after is not None else (self.node(0)[1], {})

    @classmethod
    def packed(cls, blob: bytes, ends: bytes, after: tuple[int, dict[str, int]]) -> "PatternIndex":
        """The index of what `pack` returned (and `after`), its nodes read on first use."""
        index = cls([], after)
        index._packed, index._ends = memoryview(blob), memoryview(ends).cast("I")
        index._nodes = [None] * len(index._ends)
        return index

    def pack(self) -> tuple[bytes, bytes]:
        """The nodes marshalled one after another, and where each ends (unsigned 32-bit offsets)."""
        parts = [marshal.dumps(node) for node in self.nodes]
        ends = array("I", accumulate(map(len, parts)))
        return b"".join(parts), ends.tobytes()

    def node(self, number: int) -> tuple[int, int, dict[str, int]]:
        """A node of the trie, read from its packed form on first use."""
        node = self._nodes[number]
        if node is None:
            start = self._ends[number - 1] if number else 0
            node = self._nodes[number] = marshal.loads(self._packed[start:self._ends[number]])
        return node

    @property
    def nodes(self) -> list[tuple[int, int, dict[str, int]]]:
        """Every node, root first."""
        return [self.node(number) for number in range(len(self._nodes))]

    @classmethod
    def of(cls, patterns: list[re.Pattern]) -> "PatternIndex":
        """The index of compiled patterns."""
        return cls.of_parsed([sre_parse.parse(pattern.pattern, pattern.flags) for pattern in patterns])

    @classmethod
    def of_parsed(cls, parsed: list) -> "PatternIndex":
        """The index of patterns given as Python's parse trees (`re._parser.parse`)."""
        root = _Node(0)
        for number, items in enumerate(parsed):
            bit = 1 << number
            root.through |= bit
            _stop(_extend({root}, items, bit, last=True), bit)
        nodes = _deterministic(root)
        any_before, before = 0, {}
        for number, items in enumerate(parsed):
            allowed = _previous_characters(items)
            if allowed is None:
                any_before |= 1 << number
            for char in allowed or ():
                before[char] = before.get(char, 0) | 1 << number
        return cls(nodes, (any_before, before))

    def possible(self, head: str, previous: str | None = None) -> int:
        """Bit mask of the patterns whose match may begin with `head` (lowercased text, MAX_DEPTH
        characters are enough) after the lowercased character `previous` ('' at the text's start,
        None: unknown); a head that is not ASCII may begin any of them."""
        nodes = self._nodes
        node = self.node(0)
        if head.isascii():
            found = node[0]
            for char in head:
                child = node[2].get(char)
                if child is None:
                    break
                node = nodes[child] or self.node(child)
                found |= node[0]
            else:
                found |= node[1]
        else:
            found = node[1]
        if previous is not None and previous.isascii():
            any_before, before = self.after
            found &= any_before | before.get(previous, 0)
        return found


def _deterministic(root: _Node) -> list[tuple[int, int, dict[str, int]]]:
    """The trie below `root` made deterministic and flat: a node per set of trie nodes that a head
    reaches, (the patterns ending at any of them, the patterns through any of them, {character:
    the node that character leads to}), numbered breadth first from the root's."""
    numbers: dict[frozenset[_Node], int] = {frozenset([root]): 0}
    order = [frozenset([root])]
    nodes = []
    for state in order:  # breadth first: every set gets its number before its parent is flattened
        reached: dict[str, set[_Node]] = {}
        ending = through = 0
        for node in state:
            ending |= node.ending
            through |= node.through
            for position, child in node.children.items():
                for char in position:
                    reached.setdefault(char, set()).add(child)
        children = {}
        for char in sorted(reached):
            target = frozenset(reached[char])
            if target not in numbers:
                numbers[target] = len(order)
                order.append(target)
            children[char] = numbers[target]
        nodes.append((ending, through, children))
    return nodes
