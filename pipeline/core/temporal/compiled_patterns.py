"""The tagger's compiled patterns and their PatternIndex, kept between processes.

Parsing and compiling the large recognition patterns and building their index is most of the
tagger's start-up (about 65 ms of a `timeline annotate` call). Like Python's bytecode, the result
is written once to `__pycache__` beside this module and loaded by later processes in a few
milliseconds: the compiled regex programs (the code `re.compile` hands to `_sre.compile`) and
the flat index. The file is named by a hash of the pattern sources, this Python's version and
the code that makes it, so any change is a new file. When the folder is not writable, nothing is
stored and each process compiles anew.
"""
from __future__ import annotations

import _sre
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from re import _compiler as sre_compile  # CPython's own regex compiler (requires-python pins 3.11)
from re import _parser as sre_parse

from pipeline.core.temporal import pattern_index
from pipeline.core.temporal.pattern_index import PatternIndex

CACHE_DIR = Path(__file__).resolve().parent / "__pycache__"
_LOG = logging.getLogger(__name__)


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


def cache_file(sources: list[tuple[str, int]]) -> Path:
    """Where the compiled form of these (regex, flags) is stored."""
    digest = hashlib.sha256(repr((sys.version, _sre.MAGIC, pattern_index.MAX_DEPTH, sources)).encode())
    for module in (__file__, pattern_index.__file__):
        digest.update(Path(module).read_bytes())
    return CACHE_DIR / f"patterns-{digest.hexdigest()[:20]}.marshal"


def _load(path: Path) -> tuple[list[re.Pattern], PatternIndex] | None:
    try:
        programs, nodes = marshal.loads(path.read_bytes())
        return [_sre.compile(*program) for program in programs], PatternIndex(nodes)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError, RuntimeError) as error:  # damaged: build anew
        _LOG.debug("pattern cache %s not used: %s", path, error)
        return None


def _store(path: Path, programs: list[tuple], index: PatternIndex) -> None:
    """Write atomically (a new file renamed into place), so concurrent processes never read half
    a file, and drop the files of earlier patterns; a folder that cannot be written only costs
    the next process the compile."""
    temporary = None
    try:
        path.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.fchmod(handle, 0o644)  # readable by every user of a shared install, like bytecode
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps((programs, index.nodes)))
        os.replace(temporary, path)
        for stale in path.parent.glob("patterns-*.marshal"):  # made from earlier patterns
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, ValueError) as error:
        _LOG.debug("pattern cache %s not written: %s", path, error)
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
    _store(path, programs, index)
    return [_sre.compile(*program) for program in programs], index
