"""Core records -> polars frames with the exact column types of the tables in sql/schema.sql."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import fields

import polars as pl
import pyarrow as pa

from pipeline.core.temporal.timex import Timex, value_interval

_LIST = pl.List(pl.String)

DOCUMENT_SCHEMA = {
    "doc_id": pl.String, "source_path": pl.String, "file_name": pl.String, "title": pl.String,
    "source": pl.String, "url": pl.String, "publication_date": pl.Date,
    "date_provenance": pl.String, "date_note": pl.String, "doc_type": pl.String,
    "text": pl.String, "char_count": pl.Int32, "content_sha256": pl.String,
    "encoding": pl.String, "warnings": _LIST, "metadata": pl.String,
    "source_fingerprint": pl.String,
}
REJECTION_SCHEMA = {"source_path": pl.String, "reason": pl.String}
TIMEX_SCHEMA = {
    "timex_id": pl.String, "doc_id": pl.String, "start_char": pl.Int32, "end_char": pl.Int32,
    "text": pl.String, "type": pl.String, "value": pl.String, "mod": pl.String,
    "date_start": pl.Date, "date_end": pl.Date, "granularity": pl.String,
    "anchor_value": pl.String, "anchor_source": pl.String, "doc_type": pl.String,
}
MENTION_SCHEMA = {
    "mention_id": pl.String, "doc_id": pl.String, "timex_id": pl.String,
    "sentence_index": pl.Int32, "sentence_start": pl.Int32, "sentence_end": pl.Int32,
    "sentence_text": pl.String, "trigger": pl.String, "trigger_lemma": pl.String,
    "trigger_start": pl.Int32, "trigger_end": pl.Int32, "description": pl.String,
    "actors": _LIST, "location": pl.String, "status": pl.String, "timex_start": pl.Int32,
    "timex_end": pl.Int32, "timex_text": pl.String,
    "timex_type": pl.String, "timex_value": pl.String, "date_start": pl.Date,
    "date_end": pl.Date, "granularity": pl.String,
}
TIMELINE_SCHEMA = {
    "event_id": pl.String, "timex_value": pl.String, "date_start": pl.Date, "date_end": pl.Date,
    "granularity": pl.String, "description": pl.String, "trigger": pl.String, "actors": _LIST,
    "location": pl.String, "status": pl.String, "doc_count": pl.Int32,
    "mention_count": pl.Int32, "sources": _LIST, "doc_ids": _LIST, "mention_ids": _LIST,
    "first_reported_at": pl.Date, "confidence": pl.Float64, "conflicting_values": _LIST,
    "merge_bucket": pl.String,
}
_TIMELINE_ARROW_SCHEMA = pl.DataFrame(schema=TIMELINE_SCHEMA).to_arrow().schema


def _row(record) -> dict:
    """A dataclass record's fields as a dict, without dataclasses.asdict's deep copies."""
    return {field.name: getattr(record, field.name) for field in fields(record)}


def timex_id(doc_id: str, start: int) -> str:
    """Id of a temporal expression: its document and start offset."""
    return f"{doc_id}:{start}"


def _frame(rows: Sequence[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows],
                        schema=schema, orient="row")


def documents_frame(documents: Iterable) -> pl.DataFrame:
    """Frame of ingest.Document records."""
    rows = []
    for document in documents:
        row = _row(document)
        row["char_count"] = len(document.text)
        row["metadata"] = json.dumps(document.metadata, ensure_ascii=False, sort_keys=True)
        rows.append(row)
    return _frame(rows, DOCUMENT_SCHEMA)


def rejections_frame(rejections: Iterable) -> pl.DataFrame:
    """Frame of ingest.Rejection records."""
    return _frame([_row(rejection) for rejection in rejections], REJECTION_SCHEMA)


def timexes_frame(doc_id: str, doc_type: str, timexes: Iterable[Timex]) -> pl.DataFrame:
    """Frame of one document's temporal expressions."""
    rows = []
    for timex in timexes:
        interval = value_interval(timex.value) if timex.type in ("DATE", "TIME") else None
        date_start, date_end, granularity = interval or (None, None, None)
        rows.append({
            "timex_id": timex_id(doc_id, timex.start), "doc_id": doc_id,
            "start_char": timex.start, "end_char": timex.end, "text": timex.text,
            "type": timex.type, "value": timex.value, "mod": timex.mod,
            "date_start": date_start, "date_end": date_end, "granularity": granularity,
            "anchor_value": timex.anchor_value, "anchor_source": timex.anchor_source,
            "doc_type": doc_type,
        })
    return _frame(rows, TIMEX_SCHEMA)


def timexes_from_frame(rows: pl.DataFrame) -> list[Timex]:
    """Rebuild Timex records from temporal_expressions rows of one document."""
    return [Timex(start=row["start_char"], end=row["end_char"], text=row["text"],
                  type=row["type"], value=row["value"], mod=row["mod"],
                  anchor_value=row["anchor_value"], anchor_source=row["anchor_source"])
            for row in rows.sort("start_char").iter_rows(named=True)]


def mentions_frame(mentions: Iterable) -> pl.DataFrame:
    """Frame of events.extract.EventMention records."""
    rows = []
    for mention in mentions:
        row = _row(mention)
        row["timex_id"] = timex_id(mention.doc_id, mention.timex_start)
        rows.append(row)
    return _frame(rows, MENTION_SCHEMA)


def timeline_frame(events: Iterable) -> pl.DataFrame:
    """Frame of events.merge.TimelineEvent records (built column by column through Arrow:
    polars' own conversion of list columns is some 30 times slower)."""
    events = list(events)
    columns = {name: [getattr(event, name) for event in events] for name in TIMELINE_SCHEMA}
    return pl.from_arrow(pa.Table.from_pydict(columns, schema=_TIMELINE_ARROW_SCHEMA))


def concat(frames: Sequence[pl.DataFrame], schema: dict) -> pl.DataFrame:
    """Concatenate frames of one schema (an empty frame of that schema when there are none)."""
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)
