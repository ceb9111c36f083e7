"""Read and write TimeML documents (TempEval-3 / TBAQ-cleaned and WikiWars flavours).

Offsets are Python str offsets into the plain text of `<TEXT>` (tags removed, entities decoded,
line ends normalized to "\\n" as any XML parser does).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A gold TIMEX3 inside `<TEXT>`."""

    tid: str
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """A gold EVENT inside `<TEXT>`; `event_class` is its TimeML `class` attribute."""

    eid: str
    start: int
    end: int
    text: str
    event_class: str


@dataclass(frozen=True, slots=True)
class GoldTlink:
    """A TLINK between an event and a timex.

    `rel_type` is the relType as written: when `time_first` is True it reads "timex REL event"
    (TLINK timeID=... relatedToEventInstance=...), otherwise "event REL timex".
    `tid` may be the DCT's tid (`GoldDocument.dct_tid`).
    """

    lid: str
    eid: str
    tid: str
    rel_type: str
    time_first: bool = False


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One TimeML document: plain text, creation date and gold annotations."""

    doc_id: str
    text: str
    dct: date | None
    timexes: tuple[GoldTimex, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    tlinks: tuple[GoldTlink, ...] = ()
    dct_tid: str | None = None
    source: str = field(default="", compare=False)


def read_timeml(path: str | Path) -> GoldDocument:
    """Parse one `.tml` file; the doc id falls back to the file stem when `<DOCID>` is absent."""
    path = Path(path)
    return parse_timeml(path.read_bytes(), default_doc_id=path.stem, source=str(path))


def read_timeml_dir(directory: str | Path) -> list[GoldDocument]:
    """All `*.tml` documents of a directory, sorted by file name."""
    return [read_timeml(path) for path in sorted(Path(directory).glob("*.tml"))]


def parse_timeml(xml: str | bytes, default_doc_id: str = "", source: str = "") -> GoldDocument:
    """Parse a TimeML document given as XML text; ValueError when it is not well-formed."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ValueError(f"{source or default_doc_id}: not well-formed XML: {exc}") from exc
    text_element = root.find("TEXT")
    if text_element is None:
        raise ValueError(f"{source or default_doc_id}: no <TEXT> element")
    pieces: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []
    _flatten(text_element, pieces, spans, 0)
    spans.sort(key=lambda span: (span[1], -span[2]))
    text = "".join(pieces)
    timexes = tuple(
        GoldTimex(el.get("tid", ""), start, end, text[start:end], el.get("type", ""),
                  el.get("value", ""), el.get("mod"))
        for el, start, end in spans if el.tag == "TIMEX3")
    events = tuple(GoldEvent(el.get("eid", ""), start, end, text[start:end], el.get("class", ""))
                   for el, start, end in spans if el.tag == "EVENT")
    dct_value, dct_tid = _read_dct(root)
    doc_id_element = root.find("DOCID")
    doc_id = (doc_id_element.text or "").strip() if doc_id_element is not None else ""
    return GoldDocument(
        doc_id=doc_id or default_doc_id, text=text, dct=dct_value, timexes=timexes, events=events,
        tlinks=tuple(_event_timex_links(root)), dct_tid=dct_tid, source=source)


def _flatten(element: ET.Element, pieces: list[str], spans: list, offset: int) -> int:
    """Append the text under `element` to `pieces`, recording each child's span; the end offset."""
    if element.text:
        pieces.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _flatten(child, pieces, spans, offset)
        spans.append((child, start, offset))
        if child.tail:
            pieces.append(child.tail)
            offset += len(child.tail)
    return offset


def _read_dct(root: ET.Element) -> tuple[date | None, str | None]:
    timex = root.find("DCT/TIMEX3")
    if timex is None:
        return None, None
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", timex.get("value", ""))
    if not match:
        return None, timex.get("tid")
    return date(*map(int, match.groups())), timex.get("tid")


def _event_timex_links(root: ET.Element) -> Iterable[GoldTlink]:
    """TLINKs with one event end and one timex end; event instances resolved to event ids."""
    eid_of_instance = {mk.get("eiid"): mk.get("eventID") for mk in root.iter("MAKEINSTANCE")}
    for link in root.iter("TLINK"):
        event_instance, timex_id = link.get("eventInstanceID"), link.get("relatedToTime")
        time_first = False
        if event_instance is None or timex_id is None:
            event_instance, timex_id = link.get("relatedToEventInstance"), link.get("timeID")
            time_first = True
        if event_instance is None or timex_id is None:
            continue
        eid = eid_of_instance.get(event_instance)
        if eid is not None:
            yield GoldTlink(link.get("lid", ""), eid, timex_id, link.get("relType", ""), time_first)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape_text(text: str) -> str:
    from xml.sax.saxutils import escape  # imported on use: it pulls in urllib (slow to import)

    return escape(text, {"\r": "&#13;"})


def write_timeml(doc_id: str, text: str, dct: date | None, timexes: Iterable) -> str:
    """A TempEval-3 style TimeML document with inline TIMEX3 tags (readable by `parse_timeml`).

    `timexes` are records with start, end, type, value (and optional mod), sorted by start; one
    that overlaps an earlier one is left out, since inline TimeML cannot nest TIMEX3 tags.
    "\\r" is written as a character reference so that readers keep it. Raises ValueError when
    `text` holds control characters XML 1.0 cannot carry.
    """
    from xml.sax.saxutils import escape, quoteattr

    if _XML_INVALID.search(text) or _XML_INVALID.search(doc_id):
        raise ValueError("text holds control characters that TimeML/XML cannot represent")
    parts = ['<?xml version="1.0" ?>\n<TimeML>\n', f"<DOCID>{escape(doc_id)}</DOCID>\n"]
    if dct is not None:
        parts.append(f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct.isoformat()}" '
                     f'temporalFunction="false" functionInDocument="CREATION_TIME">'
                     f"{dct.isoformat()}</TIMEX3></DCT>\n")
    parts.append("<TEXT>")
    cursor = 0
    for number, timex in enumerate(sorted(timexes, key=lambda t: (t.start, -t.end)), start=1):
        if timex.start < cursor:
            continue
        mod = getattr(timex, "mod", None)
        mod_attribute = f" mod={quoteattr(mod)}" if mod else ""
        parts.append(_escape_text(text[cursor:timex.start]))
        parts.append(f'<TIMEX3 tid="t{number}" type={quoteattr(timex.type)} '
                     f"value={quoteattr(timex.value)}{mod_attribute}>"
                     f"{_escape_text(text[timex.start:timex.end])}</TIMEX3>")
        cursor = timex.end
    parts.append(_escape_text(text[cursor:]))
    parts.append("</TEXT>\n</TimeML>\n")
    return "".join(parts)


def split_timeml_stream(stream: str) -> list[str]:
    """Split concatenated TimeML documents (as `annotate --format timeml` prints them)."""
    closing = "</TimeML>"
    return [chunk.strip() + closing for chunk in stream.split(closing) if chunk.strip()]
