"""Ingest: article files -> Documents with publication context, or a recorded Rejection.

Every input file yields exactly one `Document` or one `Rejection`; nothing raises on file content
and nothing is skipped silently. The metadata format and the date fallbacks are in docs/INGEST.md;
the lexicons and patterns they rely on are in `ingest_rules.json`.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from itertools import islice
from pathlib import Path
from types import MappingProxyType

MAX_FILE_BYTES = 5 * 1024 * 1024  # larger article files are rejected without being read
MAX_SIDECAR_BYTES = 256 * 1024

DATE_PROVENANCES = ("metadata", "assigned", "dateline", "filename", "file_mtime")
DOC_TYPES = ("news", "narrative", "auto")
DATE_STATUSES = {"published": "metadata", "assigned": "assigned"}  # date_status -> provenance

_RULES_TEXT = Path(__file__).with_name("ingest_rules.json").read_text(encoding="utf-8")
_RULES = json.loads(_RULES_TEXT)
# Part of every source fingerprint: changing the ingest rules makes every file be read again.
_RULES_VERSION = hashlib.sha256(_RULES_TEXT.encode("utf-8")).hexdigest()[:8]
TEXT_SUFFIX: str = _RULES["text_suffix"]
EARLIEST_PUBLICATION_DATE = date.fromisoformat(_RULES["earliest_publication_date"])
SIDECAR_SUFFIX: str = _RULES["sidecar_suffix"]


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested article: cleaned text plus where its publication date came from."""

    doc_id: str
    source_path: str
    file_name: str
    title: str | None
    source: str | None
    url: str | None
    publication_date: date
    date_provenance: str
    date_note: str | None
    doc_type: str
    text: str
    content_sha256: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    source_fingerprint: str = ""
    replaces: tuple[str, ...] = ()  # stored doc_ids this file's document takes the place of


@dataclass(frozen=True, slots=True)
class Unchanged:
    """An input file whose source_fingerprint equals the one stored for its document: it is
    skipped without being read."""

    doc_id: str
    source_path: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input file that did not become a Document, and why."""

    source_path: str
    reason: str


class _Rejected(Exception):
    """Internal: stops ingesting one file; its message becomes the Rejection reason."""


# ---------------------------------------------------------------- compiled rule tables

def _alternation(words) -> str:
    """Regex alternation of literal words, longest first so 'sept' wins over 'sep'."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _expand(template: str) -> str:
    tokens = dict(_RULES["tokens"], MONTH=_alternation(_RULES["months"]),
                  WEEKDAY=_alternation(_RULES["weekdays"]),
                  LABEL=_alternation(_RULES["dateline_labels"]))
    for name, pattern in tokens.items():
        template = template.replace("{" + name + "}", pattern)
    return template


_MONTHS: dict[str, int] = _RULES["months"]
_DATELINE_PATTERNS = [re.compile(_expand(_RULES["dateline_prefix"] + date_pattern))
                      for date_pattern in _RULES["dateline_dates"]]
_FILENAME_PATTERNS = [re.compile(pattern) for pattern in _RULES["filename_dates"]]
_BINARY_SIGNATURES = [(bytes.fromhex(row["magic_hex"]), row["kind"])
                      for row in _RULES["binary_signatures"]]
_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # never legitimate in article text
_PAGE_BREAKS = re.compile(r"[\x0b\x0c]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Each byte as Windows-1252 would read it; the five bytes cp1252 leaves undefined read as Latin-1.
_CP1252_CHARS = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_CP1252_ERROR_HANDLER = "pipeline.ingest.cp1252"


def _bytes_as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read the undecodable bytes as Windows-1252 and carry on."""
    bad = error.object[error.start:error.end]
    return "".join(_CP1252_CHARS[b] for b in bad), error.end


codecs.register_error(_CP1252_ERROR_HANDLER, _bytes_as_cp1252)


# ---------------------------------------------------------------- public API

def document_id(input_root: Path, path: Path) -> str:
    """Stable id: the input folder's name + the file's path relative to it (POSIX, NFC).

    Raises ValueError when `path` is not inside `input_root`.
    """
    root = Path(os.path.abspath(input_root))
    relative = Path(os.path.abspath(path)).relative_to(root)
    return _joined_id(_id_prefix(root), relative.as_posix())


def _id_prefix(input_root: Path) -> str:
    """The part of a document id before the file's path below the input folder."""
    return (Path(os.path.abspath(input_root)).name or "root") + "/"


def _joined_id(id_prefix: str, relative: str) -> str:
    return unicodedata.normalize("NFC", id_prefix + relative)


def ingest_file(path: Path, input_root: Path, *, today: date | None = None) -> Document | Rejection:
    """Read one input file (and its sidecar) into a Document, or say why it cannot be one."""
    path = Path(path)
    today = today or latest_date_on_earth()
    try:
        return _ingest(path, Path(input_root), today)
    except _Rejected as rejected:
        return Rejection(_display(path), f"{_display_name(path)}: {rejected}")
    except OSError as error:
        return Rejection(_display(path), f"{_display_name(path)}: cannot read "
                                         f"({error.strerror or error})")


def source_fingerprint(text_path: Path | str, has_sidecar: bool | None = None) -> str:
    """Size and modification time (ns) of an article file and of its sidecar, and the ingest
    rules' version: when none of them changed, neither did the document read from them.

    `has_sidecar` False (known from a folder listing) spares looking for the sidecar.
    """
    text_path = os.fspath(text_path)
    sidecar = "-" if has_sidecar is False else _stat_part(_sidecar_name(text_path))
    return f"{_RULES_VERSION}/{_stat_part(text_path)}/{sidecar}"


def _stat_part(path: str) -> str:
    try:
        status = os.stat(path)
    except OSError:
        return "-"
    return f"{status.st_size}:{status.st_mtime_ns}"


def ingest_paths(input_dirs: Sequence[Path], *,
                 known_hashes: Mapping[str, str] = MappingProxyType({}),
                 known_fingerprints: Mapping[str, str] = MappingProxyType({}),
                 known_paths: Mapping[str, str] = MappingProxyType({}),
                 today: date | None = None) -> Iterator[Document | Unchanged | Rejection]:
    """Ingest every file under `input_dirs` (recursively, sorted); one item per input file.

    A sidecar is consumed by its text file. The stored documents are given by `known_hashes`
    (sha256 -> doc_id), `known_fingerprints` (doc_id -> source fingerprint) and `known_paths`
    (doc_id -> source path). A file whose fingerprint and path equal its stored document's is not
    read: it yields Unchanged. A document id belongs to the file of the stored document while that
    file exists and is not rejected in this batch, else to the first file of the batch that has it;
    any other Document with the id is rejected naming the holder. A file stored under another id
    (its input folder passed under another name: `--input x/news`, then `--input x`) moves to the
    new id. So does a file with the text of a stored document whose file no longer exists
    (renamed or moved). The Document names the stored documents it replaces (`replaces`); the
    caller removes them. A Document whose cleaned text
    equals an earlier one of this batch, or a stored document's that keeps that text, is rejected
    as a duplicate. Documents whose outcome depends on a stored document's file walked later in
    the batch are yielded at the end, once it is known. A file reached again (a folder given
    twice, or inside another input) is listed once, by the first input that reaches it: that
    input decides its id; the later listings are skipped, not rejected.
    """
    batch = _Batch(input_dirs, known_hashes, known_fingerprints, known_paths,
                   today or latest_date_on_earth())
    listed: set[str] = set()  # absolute paths of the files walked (a folder given twice...)
    reported: set[tuple[str, str]] = set()  # ... or inside another input is listed once)
    for input_dir in input_dirs:
        input_dir = Path(input_dir)
        single_file = input_dir.is_file()
        root = input_dir.parent if single_file else input_dir
        for item in _walk(input_dir):
            if isinstance(item, Rejection):
                if (item.source_path, item.reason) not in reported:
                    reported.add((item.source_path, item.reason))
                    yield batch.outcome(item)
                continue
            path = os.path.abspath(item.path)
            if path in listed:
                continue  # already listed by an earlier input, which decided its id
            listed.add(path)
            if single_file or not _is_sidecar_with_text(item):
                yield from batch.add(item, root)
    yield from batch.finish()


def latest_date_on_earth() -> date:
    """The default `today`: the calendar date in the earliest time zone (UTC+14)."""
    return (datetime.now(timezone.utc) + timedelta(hours=14)).date()


# ---------------------------------------------------------------- one file

def _ingest(path: Path, input_root: Path, today: date) -> Document:
    name = _display_name(path)
    if _is_sidecar(path):
        text_path = _text_beside(path)
        if text_path is not None:
            raise _Rejected(f"metadata sidecar of {_display_name(text_path)}; ingest that file")
        raise _Rejected(f"metadata sidecar without a text file (expected "
                        f"'{name[:-len(SIDECAR_SUFFIX)]}{TEXT_SUFFIX}' beside it)")
    if not name.lower().endswith(TEXT_SUFFIX):
        raise _Rejected(f"not a {TEXT_SUFFIX} file (inputs are *{TEXT_SUFFIX} articles with "
                        f"optional *{SIDECAR_SUFFIX} sidecars)")
    if name != path.name:
        raise _Rejected("file name is not valid UTF-8")
    try:
        doc_id = document_id(input_root, path)
    except ValueError:
        raise _Rejected(f"not inside the input folder {input_root}") from None

    fingerprint = source_fingerprint(path)  # before reading: a later change shows as a change
    data = _read_regular_file(path, MAX_FILE_BYTES, "file")
    if not data:
        raise _Rejected("empty file")
    for magic, kind in _BINARY_SIGNATURES:
        if data.startswith(magic):
            raise _Rejected(f"binary file ({kind}), not plain text")
    raw_text, encoding, warnings = _decode(data)
    text = _clean(raw_text, warnings)
    if not text.strip():
        raise _Rejected("empty file (whitespace only)")

    meta = _load_sidecar(path, today)
    text = _drop_furniture(text, meta.pop("exclude_lines", []), warnings)
    if not text.strip():
        raise _Rejected("no text left after removing exclude_lines")
    if "publication_date" in meta:
        publication_date = meta.pop("publication_date")
        provenance = DATE_STATUSES[meta.pop("date_status", "published")]
        date_note = meta.pop("date_note", None) or f"publication_date in {_sidecar_path(path).name}"
    else:
        publication_date, provenance, date_note = _fallback_date(path, text, today, warnings)
    return Document(
        doc_id=doc_id, source_path=_display(path), file_name=name,
        title=meta.pop("title", None) or _first_line_title(text),
        source=meta.pop("source", None), url=meta.pop("url", None),
        publication_date=publication_date, date_provenance=provenance, date_note=date_note,
        doc_type=meta.pop("doc_type", "news"), text=text,
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding, warnings=warnings, metadata=meta, source_fingerprint=fingerprint)


def _read_regular_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (checked before reading it all)."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise _Rejected(f"not a regular {what}")
    if status.st_size > limit:
        raise _Rejected(f"{what} too large ({status.st_size:,} bytes > {limit:,} bytes, "
                        f"{_mib(limit)} limit)")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew since stat()
        raise _Rejected(f"{what} too large (> {_mib(limit)} limit)")
    return data


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """Text, encoding name and warnings. Rejects binary content."""
    text, encoding, warnings = _decode_any(data)
    control_count = len(_CONTROL_CHARS.findall(text))
    if control_count > _RULES["max_control_char_ratio"] * len(text):
        raise _Rejected(f"binary file (mostly non-text: {control_count} control characters "
                        f"in {len(text)})")
    return text, encoding, warnings


def _decode_any(data: bytes) -> tuple[str, str, list[str]]:
    """UTF-32/16 by byte-order mark, else UTF-8, else Windows-1252, else Latin-1."""
    for bom, codec in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, []
            except UnicodeDecodeError:
                raise _Rejected(f"not valid {codec.upper()} despite its byte-order mark") from None
    if b"\x00" in data:
        raise _Rejected("binary file (NUL bytes)")
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if has_bom else data
    utf8_name = "utf-8-sig" if has_bom else "utf-8"
    try:
        return body.decode("utf-8"), utf8_name, []
    except UnicodeDecodeError:
        pass
    if has_bom or _mostly_utf8(body):
        return (body.decode("utf-8", errors=_CP1252_ERROR_HANDLER), utf8_name + "+cp1252",
                ["not valid UTF-8 in places; decoded the invalid bytes as Windows-1252"])
    try:
        return body.decode("cp1252"), "cp1252", ["not valid UTF-8; decoded as Windows-1252"]
    except UnicodeDecodeError:
        return (body.decode("latin-1"), "latin-1",
                ["not valid UTF-8 or Windows-1252; decoded as Latin-1"])


def _mostly_utf8(body: bytes) -> bool:
    """True when the bytes hold any valid UTF-8 multi-byte character: Windows-1252 text almost
    never does by chance ('Ã©'), so the file is UTF-8 with stray Windows-1252 bytes ('caf\xc3\xa9'
    beside '\x93quote\x94'), and decoding the invalid bytes alone as Windows-1252 loses nothing."""
    decoded = body.decode("utf-8", errors="replace")
    return len(_NON_ASCII.findall(decoded)) > decoded.count("\ufffd")


def _clean(text: str, warnings: list[str]) -> str:
    """Unify line ends, drop stray control characters, trailing spaces and outer blank lines."""
    text = _PAGE_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text, removed = _CONTROL_CHARS.subn("", text)
    if removed:
        warnings.append(f"removed {removed} control character(s)")
    return "\n".join(map(str.rstrip, text.split("\n"))).strip("\n")


def _drop_furniture(text: str, exclude_lines: list[str], warnings: list[str]) -> str:
    """Remove every line equal (ignoring outer spaces) to one of `exclude_lines`."""
    if not exclude_lines:
        return text
    excluded = {line.strip() for line in exclude_lines}
    lines = text.split("\n")
    kept = [line for line in lines if line.strip() not in excluded]
    found = {line.strip() for line in lines} & excluded
    warnings.extend(f"exclude_lines entry not found in the text: {line!r}"
                    for line in sorted(excluded - found))
    return "\n".join(kept).strip("\n")


def _first_line_title(text: str) -> str | None:
    """The first line when it reads as a headline: short, not a sentence, not a dateline."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if (not rest.strip() or len(first) > _RULES["title_max_chars"]
            or first[-1] in _RULES["title_forbidden_endings"]
            or any(pattern.match(first) for pattern in _DATELINE_PATTERNS)):
        return None
    return first


# ---------------------------------------------------------------- metadata sidecar

# key -> (allowed Python types, allowed values or None); None is accepted for every optional key.
_SIDECAR_FIELDS: dict[str, tuple[type, tuple[str, ...] | None]] = {
    "publication_date": (str, None),
    "date_status": (str, tuple(DATE_STATUSES)),
    "date_note": (str, None),
    "source": (str, None),
    "url": (str, None),
    "title": (str, None),
    "doc_type": (str, DOC_TYPES),
    "exclude_lines": (list, None),
}


def _sidecar_path(text_path: Path) -> Path:
    return text_path.with_name(_sidecar_name(text_path.name))


def _sidecar_name(text_name: str) -> str:
    """The sidecar's name (or path) for a text file's name (or path)."""
    return text_name[:-len(TEXT_SUFFIX)] + SIDECAR_SUFFIX


def _is_text_of(name: str, sidecar_name: str) -> bool:
    """Whether `name` is the text file of the sidecar `sidecar_name` (`story.txt`, `story.TXT`,
    any case of the suffix, for `story.meta.json`): the file that reads that sidecar."""
    stem = sidecar_name[:-len(SIDECAR_SUFFIX)]
    return name[:-len(TEXT_SUFFIX)] == stem and name[len(stem):].lower() == TEXT_SUFFIX


def consumed_sidecar(source_path: str) -> str | None:
    """The sidecar path an article file's path reads (whether it exists or not); None for a path
    that is not an article's. A sidecar with its text file is not an input of its own."""
    if not source_path.lower().endswith(TEXT_SUFFIX):
        return None
    return _sidecar_name(source_path)


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def _text_beside(sidecar: Path) -> Path | None:
    """The text file a sidecar belongs to, if it exists."""
    try:
        names = sorted(os.listdir(sidecar.parent))
    except OSError:
        return None
    for name in names:
        candidate = sidecar.with_name(name)
        if _is_text_of(name, sidecar.name) and candidate.is_file():
            return candidate
    return None


def _is_sidecar_with_text(listed: _Listed) -> bool:
    """A sidecar whose text file is in the same folder listing (that file consumes it)."""
    if listed.files_beside is None or not listed.name.endswith(SIDECAR_SUFFIX):
        return False
    return any(_is_text_of(name, listed.name) for name in listed.files_beside)


def _load_sidecar(text_path: Path, today: date) -> dict:
    """The validated sidecar fields ({} without a sidecar); None-valued keys are dropped."""
    sidecar = _sidecar_path(text_path)
    if not os.path.lexists(sidecar):
        return {}
    try:
        raw = _read_regular_file(sidecar, MAX_SIDECAR_BYTES, "metadata file")
        meta = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_json_constant,
                          object_pairs_hook=_object_without_duplicate_keys)
    except UnicodeDecodeError:
        raise _Rejected(f"metadata {sidecar.name}: not valid UTF-8") from None
    except json.JSONDecodeError as error:
        raise _Rejected(f"metadata {sidecar.name}: invalid JSON ({error.msg} at line "
                        f"{error.lineno} column {error.colno})") from None
    except ValueError as error:
        raise _Rejected(f"metadata {sidecar.name}: invalid JSON ({error})") from None
    except RecursionError:
        raise _Rejected(f"metadata {sidecar.name}: invalid JSON (nested too deeply)") from None
    except _Rejected as rejected:
        raise _Rejected(f"metadata {sidecar.name}: {rejected}") from None
    except OSError as error:
        raise _Rejected(f"metadata {sidecar.name}: cannot read ({error.strerror or error})") \
            from None
    problem = _sidecar_problem(meta, today)
    if problem:
        raise _Rejected(f"metadata {sidecar.name}: {problem}")
    meta = {key: value.strip() if isinstance(value, str) else value
            for key, value in meta.items() if value is not None}
    meta["publication_date"] = date.fromisoformat(meta["publication_date"])
    return meta


def _reject_json_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _object_without_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict; a key given twice rejects the sidecar (which one was meant?)."""
    meta = dict(pairs)
    if len(meta) < len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise _Rejected(f"duplicate key {duplicate!r}")
    return meta


def _sidecar_problem(meta, today: date) -> str | None:
    """What is wrong with a parsed sidecar, or None."""
    if not isinstance(meta, dict):
        return f"must be a JSON object, got {_json_type(meta)}"
    for key, (expected, choices) in _SIDECAR_FIELDS.items():
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, expected):
            return f"{key!r} must be a JSON {_json_type(expected())}, got {_json_type(value)}"
        if choices and value not in choices:
            return f"{key!r} must be one of {', '.join(choices)}; got {value!r}"
    if meta.get("publication_date") is None:
        return "missing required key 'publication_date' (YYYY-MM-DD)"
    if not all(isinstance(line, str) for line in meta.get("exclude_lines") or []):
        return "'exclude_lines' must be a list of strings"
    if meta.get("date_status") == "assigned" and not (meta.get("date_note") or "").strip():
        return "date_status 'assigned' needs a 'date_note' saying why this date was assigned"
    return _date_problem(meta["publication_date"].strip(), today)


def _date_problem(text: str, today: date) -> str | None:
    if not _ISO_DATE.fullmatch(text):
        return f"unknown date format {text!r} for 'publication_date' (expected YYYY-MM-DD)"
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return f"impossible publication date {text!r}"
    if value > today:
        return f"publication date {text} is in the future (today is {today.isoformat()})"
    if value < EARLIEST_PUBLICATION_DATE:
        return (f"publication date {text} is before {EARLIEST_PUBLICATION_DATE}, too early for "
                "an article (a placeholder date?)")
    return None


def _json_type(value) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# ---------------------------------------------------------------- date fallbacks

def _fallback_date(path: Path, text: str, today: date,
                   warnings: list[str]) -> tuple[date, str, str]:
    """(date, provenance, note) from a dateline, else the file name, else the file's mtime."""
    found = _dateline_date(text, today, warnings) or _filename_date(path.name, today, warnings)
    if found:
        return found
    modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).date()
    note = "guessed from the file's modification time (no sidecar, dateline or file-name date)"
    if modified > today:
        modified, note = today, note + f"; the time lay in the future, so {today} was used"
    warnings.append(f"publication date {modified} is a guess from the file's modification time")
    return modified, "file_mtime", note


def _dateline_date(text: str, today: date, warnings: list[str]) -> tuple[date, str, str] | None:
    numbered_lines = ((number, line) for number, line in enumerate(text.split("\n"), start=1)
                      if line.strip())
    top_lines = islice(numbered_lines, _RULES["dateline_max_lines"])
    for number, line in top_lines:
        for pattern in _DATELINE_PATTERNS:
            match = pattern.match(line[:_RULES["dateline_max_chars"]])
            found = match and _usable_date(match, today, f"dateline {match.group(0)!r}", warnings)
            if found:
                return found, "dateline", f"dateline on line {number}: {match.group(0).strip()!r}"
    return None


def _filename_date(name: str, today: date, warnings: list[str]) -> tuple[date, str, str] | None:
    stem = name[:-len(TEXT_SUFFIX)]
    for pattern in _FILENAME_PATTERNS:
        for match in pattern.finditer(stem):
            found = _usable_date(match, today, f"file-name date {match.group(0)!r}", warnings)
            if found:
                return found, "filename", f"date in the file name: {match.group(0)!r}"
    return None


def _usable_date(match: re.Match, today: date, where: str, warnings: list[str]) -> date | None:
    """The real, not-future date a pattern matched, else None (a future one is warned about)."""
    groups = match.groupdict()
    month = groups["month"]
    month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
    if groups.get("year2"):
        two_digits = int(groups["year2"])
        year = 2000 + two_digits if two_digits <= today.year % 100 else 1900 + two_digits
    else:
        year = int(groups["year"])
    try:
        value = date(year, month_number, int(groups["day"]))
    except ValueError:
        return None
    if value > today:
        warnings.append(f"ignored {where}: it lies in the future")
        return None
    return value


# ---------------------------------------------------------------- batches

@dataclass(frozen=True, slots=True)
class _Listed:
    """A file the walk found: its path, its path below the input folder (POSIX), and the names
    of the files in its folder (None when the input was this one file)."""

    path: str
    relative: str
    name: str
    files_beside: frozenset[str] | None


def _walk(input_path: Path, relative_folder: str = "") -> Iterator[_Listed | Rejection]:
    """Files under `input_path` in sorted order; unreadable folders become Rejections. One
    listing per folder and no per-file system call (file types come from the listing)."""
    if not relative_folder:
        if input_path.is_file():
            yield _Listed(str(input_path), input_path.name, input_path.name, None)
            return
        if not input_path.is_dir():
            yield Rejection(_display(input_path), f"{_display(input_path)}: input folder not found")
            return
    try:
        entries = sorted(os.scandir(input_path), key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(_display(input_path), f"{_display(input_path)}: cannot list folder "
                                              f"({error.strerror or error})")
        return
    kinds = [(entry, _entry_kind(entry)) for entry in entries]
    files = frozenset(entry.name for entry, kind in kinds if kind not in ("folder", "folder link"))
    for entry, kind in kinds:
        relative = relative_folder + entry.name
        if kind == "folder":
            yield from _walk(Path(entry.path), relative + "/")
        elif kind == "folder link":
            yield Rejection(_display(entry.path), f"{_display_name(Path(entry.path))}: symbolic "
                                                  "link to a folder, not followed")
        elif isinstance(kind, OSError):
            yield Rejection(_display(entry.path), f"{_display_name(Path(entry.path))}: symbolic "
                                                  f"link that cannot be followed ({kind.strerror})")
        else:
            yield _Listed(entry.path, relative, entry.name, files)


def _entry_kind(entry: os.DirEntry) -> str | OSError:
    """'folder', 'folder link' or 'file' (anything else), or the error met following a link
    (a link to itself: 'Too many levels of symbolic links')."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        return "folder link" if entry.is_symlink() and entry.is_dir() else "file"
    except OSError as error:
        return error


class _Batch:
    """What one ingest_paths call knows across files: which file holds each document id and each
    text, which stored documents' files it rejected, and the documents waiting on a stored
    document's file that is still to be walked."""

    def __init__(self, input_dirs: Sequence[Path], known_hashes: Mapping[str, str],
                 known_fingerprints: Mapping[str, str], known_paths: Mapping[str, str],
                 today: date):
        self.input_paths = [_display(Path(path)) for path in input_dirs]  # as stored paths begin
        self.known_hashes, self.known_paths = known_hashes, known_paths
        self.known_fingerprints, self.today = known_fingerprints, today
        self.stored_sha = {doc_id: sha for sha, doc_id in known_hashes.items()}
        self.stored_id_by_path = {path: doc_id for doc_id, path in known_paths.items()}
        self.holder_path: dict[str, str] = {}  # doc_id -> the file holding it in this batch
        self.first_doc_by_sha: dict[str, str] = {}
        self.released: set[str] = set()  # stored doc_ids whose file this batch rejected
        self.rewritten: set[str] = set()  # stored doc_ids whose own file now holds another text
        self.waiting: list[Document] = []

    def add(self, listed: _Listed, root: Path) -> Iterator[Document | Unchanged | Rejection]:
        """The outcome of one listed file, unless it waits for a stored document's file."""
        result = self._unchanged(listed, root) or ingest_file(Path(listed.path), root,
                                                              today=self.today)
        if isinstance(result, Document):
            result = self._judge(result, final=False)
            if result is None:
                return
        yield self.outcome(result)

    def finish(self) -> Iterator[Document | Rejection]:
        """The outcomes of the waiting documents, now that the whole batch is walked."""
        for document in self.waiting:
            yield self.outcome(self._judge(document, final=True))

    def outcome(self, item: Document | Unchanged | Rejection) -> Document | Unchanged | Rejection:
        """Note what an item decides (who holds its id and text, which stored file is rejected)."""
        if isinstance(item, Rejection):
            if item.source_path in self.stored_id_by_path:
                self.released.add(self.stored_id_by_path[item.source_path])
            return item
        sha = item.content_sha256 if isinstance(item, Document) else self.stored_sha.get(item.doc_id)
        self.holder_path[item.doc_id] = item.source_path
        if sha is not None:
            self.first_doc_by_sha.setdefault(sha, item.doc_id)
        return item

    def _unchanged(self, listed: _Listed, root: Path) -> Unchanged | None:
        """Unchanged when the file is its stored document's and its fingerprint is the stored one."""
        if not listed.name.lower().endswith(TEXT_SUFFIX):
            return None
        doc_id = _joined_id(_id_prefix(root), listed.relative)
        stored = self.known_fingerprints.get(doc_id)
        path = _display(listed.path)
        if stored is None or self.known_paths.get(doc_id) != path:
            return None
        has_sidecar = None if listed.files_beside is None else (
            _sidecar_name(listed.name) in listed.files_beside)
        return Unchanged(doc_id, path) if stored == source_fingerprint(listed.path, has_sidecar) \
            else None

    def _judge(self, document: Document, final: bool) -> Document | Rejection | None:
        """The document, a Rejection when its id or its text is held by another file, or None
        when that depends on a stored document's file still to be walked (it waits)."""
        holder = self._id_holder(document.doc_id, document.source_path, final)
        if holder is not None and holder is not _WAIT:
            return Rejection(document.source_path,
                             f"{document.file_name}: document id {document.doc_id!r} already "
                             f"used by {holder} (two input folders with the same name?)")
        if self.known_paths.get(document.doc_id) == document.source_path \
                and self.stored_sha.get(document.doc_id) != document.content_sha256:
            # Its stored text goes, whether this text is stored or rejected: a file with that
            # text is not its duplicate (files that swap their texts wait for each other).
            self.rewritten.add(document.doc_id)
        replaces = []
        moved_from = self.stored_id_by_path.get(document.source_path)
        if moved_from not in (None, document.doc_id):
            self.released.add(moved_from)  # its file, read under another input folder name: it moves
            replaces.append(moved_from)
        sha = document.content_sha256
        original = self.first_doc_by_sha.get(sha)
        stored = self.known_hashes.get(sha)
        if stored not in (None, document.doc_id, moved_from) and not self._file_exists(stored):
            replaces.append(stored)  # its text's document, whose file is gone (renamed, moved)
        if original is None and stored not in (None, document.doc_id) \
                and stored not in self.holder_path and stored not in self.released \
                and stored not in self.rewritten \
                and self._file_exists(stored):  # else this file takes the document over
            if not final and self._may_be_walked(self.known_paths.get(stored)):
                holder = _WAIT
            else:
                original = stored  # its file is not in this batch: it keeps its text
        if holder is _WAIT:
            self.waiting.append(document)
            return None
        if original is not None:
            return Rejection(document.source_path, f"{document.file_name}: duplicate of {original}")
        return replace(document, replaces=tuple(replaces)) if replaces else document

    def _id_holder(self, doc_id: str, path: str, final: bool):
        """The path of the file holding `doc_id` if not `path`; _WAIT when that is a stored
        document's file still to be walked; None when `path` may have the id."""
        holder = self.holder_path.get(doc_id)
        if holder is not None:
            return None if holder == path else holder
        stored = self.known_paths.get(doc_id)
        if stored is None or stored == path or doc_id in self.released \
                or not os.path.lexists(stored):
            return None
        return _WAIT if not final and self._may_be_walked(stored) else stored

    def _file_exists(self, doc_id: str) -> bool:
        """Whether a stored document's file still exists (True when its path is not known). A
        file with the text of a stored document whose file is gone (renamed, moved to another
        folder) takes that document over: it is stored under its own id and replaces it."""
        path = self.known_paths.get(doc_id)
        return path is None or os.path.lexists(path)

    def _may_be_walked(self, path: str | None) -> bool:
        """Whether a stored document's file is under one of this batch's inputs."""
        return path is not None and any(
            path == input_path or path.startswith(os.path.join(input_path, ""))
            for input_path in self.input_paths)


_WAIT = object()  # _Batch._id_holder: decided once the stored document's file is walked


# ---------------------------------------------------------------- helpers

def _display(path: Path | str) -> str:
    """The path as text; bytes that are not UTF-8 shown as backslash escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _display_name(path: Path) -> str:
    return _display(Path(path.name))


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"
