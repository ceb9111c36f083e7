"""The tagger's compiled patterns and their PatternIndex, kept between processes.

Parsing and compiling the large recognition patterns and building their index is most of the
tagger's start-up (about 65 ms of a `timeline annotate` call). Like Python's bytecode, the result
is written once to `__pycache__` beside this module and loaded by later processes in a few
milliseconds: the compiled regex programs (the code `re.compile` hands to `_sre.compile`) and
the flat index. The file is named by a hash of the pattern sources, this Python's version and
the code that makes it, so any change is a new file. When the folder is not writable, nothing is
stored and each process compiles anew.

The temporal modules' other regexes (about 150 small ones, some 25 ms of compiling) go through
`regex`, a drop-in `re.compile` whose programs are kept the same way in one more file.
"""
from __future__ import annotations

import _sre
import marshal
import os
import re
import sys
from re import _compiler as sre_compile  # CPython's own regex compiler (requires-python pins 3.11)
from re import _parser as sre_parse
from typing import TYPE_CHECKING

try:  # CPython's built-in SHA-256: hashlib would load OpenSSL, a few ms of every start
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import sha256

from pipeline.core.temporal import pattern_index
from pipeline.core.temporal.pattern_index import PatternIndex

if TYPE_CHECKING:
    from pathlib import Path

CACHE_DIR = os.path.join(os.path.dirname(os.path.realpath(__file__)), "__pycache__")


def _read_bytes(path: str | Path) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _note(message: str, *args) -> None:
    """A debug log line (logging is imported only then: `timeline annotate` starts without it)."""
    import logging
    logging.getLogger(__name__).debug(message, *args)


def _program(source: str, flags: int) -> tuple[list, tuple]:
    """The parse tree of a regex, and the arguments `_sre.compile` takes for it (what
    `re.compile` does, stopping before the last step)."""
    tree = sre_parse.parse(source, flags)
    names = dict(tree.state.groupdict)
    numbered: list[str | None] = [None] * tree.state.groups
    for name, number in names.items():
        numbered[number] = name
    code = [int(word) for word in sre_compile._code(tree, flags)]  # opcodes are int subclasses
    return tree, (source, int(flags | tree.state.flags), code, tree.state.groups - 1, names, tuple(numbered))


def cache_file(sources: list[tuple[str, int]]) -> str:
    """Where the compiled form of these (regex, flags) is stored."""
    digest = sha256(repr((sys.version, _sre.MAGIC, pattern_index.MAX_DEPTH, sources)).encode())
    for module in (__file__, pattern_index.__file__):
        digest.update(_read_bytes(module))
    return os.path.join(CACHE_DIR, f"patterns-{digest.hexdigest()[:20]}.marshal")


def _load(path: str) -> tuple[list[re.Pattern], PatternIndex] | None:
    try:
        programs, blob, ends, after = marshal.loads(_read_bytes(path))
        return [_sre.compile(*program) for program in programs], PatternIndex.packed(blob, ends, after)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError, RuntimeError) as error:  # damaged: build anew
        _note("pattern cache %s not used: %s", path, error)
        return None


def _store(path: str | Path, contents: object) -> None:
    """Write `contents` marshalled, atomically (a new file renamed into place), so concurrent
    processes never read half a file, and drop the files of earlier patterns (those named like it
    up to the digest); a folder that cannot be written only costs the next process the compile."""
    import tempfile  # only when writing: they cost every start a few ms
    from pathlib import Path
    path = Path(path)
    temporary = None
    try:
        path.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.fchmod(handle, 0o644)  # readable by every user of a shared install, like bytecode
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(contents))
        os.replace(temporary, path)
        for stale in path.parent.glob(path.name.split("-")[0] + "-*.marshal"):  # from earlier patterns
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, ValueError) as error:
        _note("pattern cache %s not written: %s", path, error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def compile_patterns(sources: list[tuple[str, int]]) -> tuple[list[re.Pattern], PatternIndex]:
    """The compiled (regex, flags) and their index, from the cache when it holds them."""
    path = cache_file(sources)
    loaded = _load(path)
    if loaded is not None:
        return loaded
    built = [_program(source, flags) for source, flags in sources]
    programs = [program for _, program in built]
    index = PatternIndex.of_parsed([tree for tree, _ in built])
    _store(path, (programs, *index.pack(), index.after))  # nodes read lazily
    return [_sre.compile(*program) for program in programs], index


class RegexCache:
    """`re.compile` with the programs kept in one file between processes. After a process has
    compiled anything (a pattern changed, or a first run), `store` writes the programs of every
    regex asked for so far, so the file holds the current patterns only."""

    def __init__(self, path: str | Path):
        self.path = path
        self._stored: dict[tuple[str, int], tuple] | None = None  # read on first use
        self._asked: dict[tuple[str, int], tuple] = {}
        self._compiled_any = False

    def compile(self, source: str, flags: int = 0) -> re.Pattern:
        """What `re.compile(source, flags)` returns."""
        if self._stored is None:
            self._stored = self._read()
        key = (source, int(flags))
        program = self._stored.get(key)
        if program is None:
            program = _program(source, flags)[1]
            self._compiled_any = True
        self._asked[key] = program
        return _sre.compile(*program)

    def store(self) -> None:
        """Write the programs of the regexes asked for so far, when any was compiled."""
        if self._compiled_any:
            _store(self.path, self._asked)
            self._stored, self._compiled_any = dict(self._asked), False

    def _read(self) -> dict[tuple[str, int], tuple]:
        try:
            stored = marshal.loads(_read_bytes(self.path))
            return stored if isinstance(stored, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, EOFError, ValueError, TypeError) as error:  # damaged: compile anew
            _note("regex cache %s not used: %s", self.path, error)
            return {}


def _regex_cache_file() -> str:
    digest = sha256(repr((sys.version, _sre.MAGIC)).encode() + _read_bytes(__file__))
    return os.path.join(CACHE_DIR, f"regexes-{digest.hexdigest()[:20]}.marshal")


_REGEXES = RegexCache(_regex_cache_file())
regex = _REGEXES.compile
store_regexes = _REGEXES.store  # called once the modules that use `regex` are imported
