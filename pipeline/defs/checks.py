"""Asset checks, beside the assets they guard. Blocking checks stop a bad result from reaching
the timeline; each reports the offending rows (up to a sample) as metadata."""

import dagster as dg
import polars as pl

from pipeline import store
from pipeline.core.temporal.timex import is_valid_value
from pipeline.defs import assets
from pipeline.defs.resources import TimelineDatabase

SAMPLE = 20
MAX_YEARS_FROM_ANCHOR = 100  # a relative date resolved further than this from its anchor is a bug


def _result(failing: pl.DataFrame, what: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=failing.height == 0,
        metadata={"failing_rows": dg.MetadataValue.int(failing.height),
                  "sample": dg.MetadataValue.md(assets.markdown_table(failing.head(SAMPLE))),
                  "checked": what})


def _fetch(database: TimelineDatabase, name: str, **params) -> pl.DataFrame:
    with database.get_connection() as connection:
        return store.fetch(connection, name, **params)


def _duplicates(database: TimelineDatabase, table: str, id_column: str) -> pl.DataFrame:
    with database.get_connection() as connection:
        sql = store.read_sql("checks/duplicate_ids").format(table=table, id_column=id_column)
        return connection.execute(sql).pl()


@dg.asset_check(asset=assets.documents, blocking=True,
                description="Every document has a publication date and says where it came from; "
                            "doc_id is unique.")
def documents_have_dated_provenance(database: TimelineDatabase) -> dg.AssetCheckResult:
    failing = _fetch(database, "checks/documents_without_publication_date")
    duplicates = _duplicates(database, "documents", "doc_id")
    return _result(pl.concat([failing.select(pl.col("doc_id").alias("id")),
                              duplicates.select("id")]), "publication date, provenance, unique id")


@dg.asset_check(asset=assets.temporal_expressions, blocking=True,
                description="Every value matches the TimeML TIMEX3 value grammar for its type.")
def timex_values_match_grammar(database: TimelineDatabase) -> dg.AssetCheckResult:
    pairs = _fetch(database, "checks/timex_values")
    failing = pairs.filter([not is_valid_value(t, v) for t, v in pairs.iter_rows()])
    return _result(failing, f"{pairs.height} distinct (type, value) pairs")


@dg.asset_check(asset=assets.event_mentions, blocking=True,
                description="No event mention without its document and temporal expression.")
def mentions_have_documents(database: TimelineDatabase) -> dg.AssetCheckResult:
    return _result(_fetch(database, "checks/mentions_without_document"), "event_mentions")


@dg.asset_check(asset=assets.timeline, blocking=True,
                description="No timeline row without a mention; event_id is unique.")
def timeline_rows_have_mentions(database: TimelineDatabase) -> dg.AssetCheckResult:
    failing = _fetch(database, "checks/timeline_without_mention")
    duplicates = _duplicates(database, "timeline", "event_id")
    return _result(pl.concat([failing.select(pl.col("event_id").alias("id")),
                              duplicates.select("id")]), "timeline")


@dg.asset_check(asset=assets.timeline, blocking=True,
                description=f"Every timeline date lies within {MAX_YEARS_FROM_ANCHOR} years of the "
                            "anchor it was resolved against.")
def timeline_dates_near_anchor(database: TimelineDatabase) -> dg.AssetCheckResult:
    failing = _fetch(database, "checks/timeline_dates_far_from_anchor",
                     max_years=MAX_YEARS_FROM_ANCHOR)
    return _result(failing, "anchored timeline dates")


CHECKS = [documents_have_dated_provenance, timex_values_match_grammar, mentions_have_documents,
          timeline_rows_have_mentions, timeline_dates_near_anchor]
