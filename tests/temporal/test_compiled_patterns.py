"""The compiled-pattern cache: what it loads behaves exactly like `re.compile`, and a missing,
damaged or unwritable cache only costs a compile."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.core.temporal import compiled_patterns
from pipeline.core.temporal.compiled_patterns import cache_file, compile_patterns
from pipeline.core.temporal.pattern_index import PatternIndex
from pipeline.core.temporal.recognize import PATTERNS

SOURCES = [(r"(?P<day>\d{1,2})\s+(?P<month>jan|feb)\b", re.IGNORECASE), (r"(?:last|next)\s+week", 0),
           (r"(?<!\w)noon|mid(?:day|night)", re.IGNORECASE)]
TEXTS = ["on 12 Jan and 3 FEB", "next week, last  week", "at Noon; midnight", "Last week", "x12 jan"]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(compiled_patterns, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


def _same_behaviour(compiled: list[re.Pattern], sources) -> None:
    for pattern, (source, flags) in zip(compiled, sources, strict=True):
        reference = re.compile(source, flags)
        assert (pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex) == \
            (reference.pattern, reference.flags, reference.groups, reference.groupindex)
        for text in TEXTS:
            for start in range(len(text)):
                found, expected = pattern.match(text, start), reference.match(text, start)
                assert (found and (found.span(), found.groupdict())) == \
                    (expected and (expected.span(), expected.groupdict()))


def test_a_second_process_loads_what_the_first_compiled(cache_dir, monkeypatch):
    compiled, index = compile_patterns(SOURCES)
    assert [path.name for path in cache_dir.iterdir()] == [Path(cache_file(SOURCES)).name]
    monkeypatch.setattr(compiled_patterns, "_program", None)  # loading must not compile
    loaded, loaded_index = compile_patterns(SOURCES)
    _same_behaviour(loaded, SOURCES)
    assert loaded_index.nodes == index.nodes
    assert loaded_index.nodes == PatternIndex.of([re.compile(*source) for source in SOURCES]).nodes


def test_a_damaged_file_is_rebuilt(cache_dir):
    compile_patterns(SOURCES)
    path = Path(cache_file(SOURCES))
    path.write_bytes(path.read_bytes()[:100])
    compiled, _ = compile_patterns(SOURCES)
    _same_behaviour(compiled, SOURCES)
    assert compile_patterns(SOURCES)[1].nodes == PatternIndex.of(compiled).nodes


def test_an_unwritable_folder_only_costs_the_compile(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(compiled_patterns, "CACHE_DIR", blocker / "cache")
    compiled, _ = compile_patterns(SOURCES)
    _same_behaviour(compiled, SOURCES)
    assert [path.name for path in tmp_path.iterdir()] == ["a-file"]


def test_changed_patterns_get_a_new_file_and_the_old_one_goes(cache_dir):
    compile_patterns(SOURCES)
    changed = SOURCES[:2] + [(r"noon", re.IGNORECASE)]
    assert cache_file(changed) != cache_file(SOURCES)
    compile_patterns(changed)
    assert [path.name for path in cache_dir.iterdir()] == [Path(cache_file(changed)).name]


def test_the_tagger_patterns_behave_like_re_compile():
    for _, pattern in PATTERNS:
        reference = re.compile(pattern.pattern, pattern.flags)
        assert (pattern.groups, pattern.groupindex) == (reference.groups, reference.groupindex)
        for text in ["on Tuesday, March 3, 1998", "three days later", "the 1990s", "at 9:30 a.m. EST"]:
            for start in range(len(text)):
                found, expected = pattern.match(text, start), reference.match(text, start)
                assert (found and found.span()) == (expected and expected.span())


def test_a_regex_cache_loads_in_the_next_process_what_this_one_compiled(tmp_path, monkeypatch):
    path = tmp_path / "regexes-x.marshal"
    first = compiled_patterns.RegexCache(path)
    compiled = [first.compile(source, flags) for source, flags in SOURCES]
    assert not path.exists()  # nothing is written before `store`
    first.store()
    monkeypatch.setattr(compiled_patterns, "_program", None)  # loading must not compile
    second = compiled_patterns.RegexCache(path)
    loaded = [second.compile(source, flags) for source, flags in SOURCES]
    _same_behaviour(loaded, SOURCES)
    _same_behaviour(compiled, SOURCES)
    written = path.stat().st_ino
    second.store()  # nothing compiled: the file stays as it was (a write would replace it)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert path.stat().st_ino == written


def test_a_regex_cache_keeps_only_the_regexes_asked_for(tmp_path):
    path = tmp_path / "regexes-x.marshal"
    old = compiled_patterns.RegexCache(path)
    old.compile("old", 0)
    old.compile(*SOURCES[0])
    old.store()
    changed = compiled_patterns.RegexCache(path)
    changed.compile(*SOURCES[0])
    changed.compile(*SOURCES[1])  # a new pattern: compiled, then stored with the one kept
    changed.store()
    assert set(compiled_patterns.RegexCache(path)._read()) == {(s, int(f)) for s, f in SOURCES[:2]}


def test_a_damaged_or_unwritable_regex_cache_only_costs_the_compile(tmp_path):
    path = tmp_path / "regexes-x.marshal"
    path.write_bytes(b"\x00garbage")
    cache = compiled_patterns.RegexCache(path)
    _same_behaviour([cache.compile(source, flags) for source, flags in SOURCES], SOURCES)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    unwritable = compiled_patterns.RegexCache(blocker / "cache" / "regexes-x.marshal")
    _same_behaviour([unwritable.compile(source, flags) for source, flags in SOURCES], SOURCES)
    unwritable.store()
    assert not (blocker / "cache").exists()
