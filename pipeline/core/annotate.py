"""`timeline annotate`: tag JSON lines of documents, write JSON lines or TimeML.

Input, one JSON object a line: {"id": str, "text": str, "dct": "YYYY-MM-DD" | null (a missing
"dct" is null), "doc_type": "news" | "narrative" | "auto" (optional, default "auto": histories are
told from news by the tagger's `detect_doc_type`)}. Blank lines are skipped, and so is a UTF-8
byte-order mark opening the input.
"""
from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple, TextIO

from pipeline.core.temporal.tagger import detect_doc_type

if TYPE_CHECKING:
    from pathlib import Path

DOC_TYPES = ("news", "narrative", "auto")
FLUSH_EVERY = 200  # output lines between flushes

_DCT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?")
def resolve_doc_type(requested: str, text: str, dct: date | None) -> str:
    """The tagger's doc_type for a requested one ("auto": the tagger's own detection)."""
    return detect_doc_type(text, dct) if requested == "auto" else requested


class Request(NamedTuple):
    """One parsed input line."""

    line_number: int
    doc_id: object
    text: str = ""
    dct: date | None = None
    doc_type: str = "news"
    error: str | None = None


def _parse_line(line_number: int, line: str) -> Request:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Request(line_number, None, error=f"invalid JSON: {exc.msg}")
    if not isinstance(record, dict):
        return Request(line_number, None, error="a line must hold a JSON object")
    doc_id = record.get("id")
    text, raw_dct = record.get("text"), record.get("dct")
    doc_type = record.get("doc_type", "auto")
    if "id" not in record:
        return Request(line_number, None, error='"id" is missing')
    if not isinstance(doc_id, str):
        return Request(line_number, doc_id, error='"id" must be a string')
    if not isinstance(text, str):
        return Request(line_number, doc_id, error='"text" must be a string')
    if doc_type not in DOC_TYPES:
        return Request(line_number, doc_id, error=f'"doc_type" must be one of {DOC_TYPES}')
    dct = None
    if raw_dct is not None:
        try:
            if not isinstance(raw_dct, str) or not _DCT.fullmatch(raw_dct):
                raise ValueError
            dct = date.fromisoformat(raw_dct[:10])
        except ValueError:
            return Request(line_number, doc_id, error=f'"dct" must be "YYYY-MM-DD" (a time after '
                                                      f"it is ignored) or null, got {raw_dct!r}")
    return Request(line_number, doc_id, text, dct, resolve_doc_type(doc_type, text, dct))


def _requests(stdin: TextIO) -> Iterator[Request]:
    for line_number, line in enumerate(stdin, start=1):
        if line_number == 1:
            line = line.removeprefix("\ufeff")  # saved by a Windows editor
        if line.strip():
            yield _parse_line(line_number, line)


TagFunction = Callable[[str, date | None, str], list]


def _default_tagger() -> TagFunction:
    from pipeline.core.temporal.tagger import tag

    return tag


def _tag(request: Request, tag: TagFunction) -> tuple[list, str | None]:
    try:
        return tag(request.text, request.dct, request.doc_type), None
    except Exception as exc:  # one bad document must not stop the stream
        return [], f"tagger failed: {type(exc).__name__}: {exc}"


def _use_utf8(*streams: TextIO) -> None:
    """Read and write UTF-8 whatever the locale; undecodable input bytes become U+FFFD."""
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _annotate(stdin: TextIO, stdout: TextIO, stderr: TextIO,
              write: Callable[[Request, list], str | None], tag: TagFunction | None) -> int:
    """Tag every request and hand it to `write` (which may return an error); the exit code."""
    tag = tag or _default_tagger()
    _use_utf8(stdin, stdout)
    exit_code = 0
    for count, request in enumerate(_requests(stdin), start=1):
        timexes, error = ([], request.error) if request.error else _tag(request, tag)
        if error:
            request = Request(request.line_number, request.doc_id, error=error)
        error = write(request, timexes) or error
        if error:
            exit_code = 1
            print(f"annotate: line {request.line_number}: {error}", file=stderr)
        if count % FLUSH_EVERY == 0:
            stdout.flush()
    stdout.flush()
    return exit_code


def annotate_jsonl(stdin: TextIO, stdout: TextIO, stderr: TextIO,
                   tag: TagFunction | None = None) -> int:
    """Write {"id", "timexes": [{start, end, text, type, value}]} per input line, in input order.

    A malformed line (or a tagger failure) gives {"id", "timexes": [], "error": msg}, a stderr
    message naming the line number, and exit code 1; otherwise 0. Streams; flushes every
    FLUSH_EVERY lines and at the end. `tag` defaults to the project's tagger.
    """
    def write(request: Request, timexes: list) -> None:
        record = {"id": request.doc_id, "timexes": [timex.as_json() for timex in timexes]}
        if request.error:
            record["error"] = request.error
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")

    return _annotate(stdin, stdout, stderr, write, tag)


def timeml_file_name(doc_id: str) -> str:
    """A safe `.tml` file name for a document id."""
    return (re.sub(r"[^\w.-]", "_", doc_id).lstrip(".") or "document") + ".tml"


def annotate_timeml(stdin: TextIO, stdout: TextIO, stderr: TextIO,
                    out_dir: Path | None = None, tag: TagFunction | None = None) -> int:
    """Write one TempEval-3 TimeML document per input line.

    With `out_dir`, each goes to `out_dir/<id>.tml` (`timeml_file_name`), and stdout gets the
    written paths; a line whose file name was already written by an earlier line (a repeated id,
    or ids differing only in characters a file name cannot hold) is refused, not overwritten.
    Without it, the documents are printed one after another (split them with
    `pipeline.core.timeml.split_timeml_stream`). A line that fails writes no
    document, gets a stderr message naming its line number, and makes the exit code 1.
    """
    from pipeline.core.timeml import write_timeml  # not needed (nor imported) for JSON lines

    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[Path, tuple[int, str]] = {}  # file -> the input line that wrote it, and its id

    def write(request: Request, timexes: list) -> str | None:
        if request.error:
            return None
        try:
            document = write_timeml(request.doc_id, request.text, request.dct, timexes)
        except ValueError as exc:
            return str(exc)
        if out_dir is None:
            stdout.write(document)
        else:
            path = out_dir / timeml_file_name(request.doc_id)
            if path in written:
                line, earlier_id = written[path]
                same = "the same id" if earlier_id == request.doc_id \
                    else f"id {earlier_id!r}, the same file name"
                return f"{path} was already written for line {line} ({same}); not overwritten"
            path.write_text(document, encoding="utf-8")
            written[path] = (request.line_number, request.doc_id)
            stdout.write(f"{path}\n")
        return None

    return _annotate(stdin, stdout, stderr, write, tag)
