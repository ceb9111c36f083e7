"""Asset checks: one per asset, run in the asset's own step right after it is written (SPECS
are declared on the assets). They are blocking: a failing check fails the step, so a bad result
never reaches the assets downstream; each reports the offending rows (up to a sample) as
metadata. Evaluated in the asset's step rather than as steps of their own, they cost a one-
article run four Dagster steps less.

A check examines what its asset rewrote since the check last passed (table
`unchecked_changes`: documents by doc_id, the timeline by merge bucket), so adding one article
to a large database checks that article, not the archive. A failing check keeps its keys: the
next run reports the same rows again until they are fixed.
"""
from collections.abc import Callable

import dagster as dg
import duckdb
import polars as pl

from pipeline import store
from pipeline.core.temporal.timex import is_valid_value
from pipeline.defs.markdown import markdown_table
from pipeline.defs.resources import TimelineDatabase

SAMPLE = 20
MAX_YEARS_FROM_ANCHOR = 100  # a day resolved further than this from its anchor is a bug
Finder = Callable[[duckdb.DuckDBPyConnection], pl.DataFrame]
Check = Callable[[TimelineDatabase], dg.AssetCheckResult]

SPECS = {  # asset -> its check, declared on the asset (assets.py)
    "documents": dg.AssetCheckSpec(
        "documents_have_dated_provenance", asset="documents", blocking=True,
        description="Every document has a publication date and says where it came from; "
                    "doc_id is unique."),
    "temporal_expressions": dg.AssetCheckSpec(
        "timex_values_match_grammar", asset="temporal_expressions", blocking=True,
        description="Every value matches the TimeML TIMEX3 value grammar for its type."),
    "event_mentions": dg.AssetCheckSpec(
        "mentions_are_traceable", asset="event_mentions", blocking=True,
        description="Every event mention has its document and temporal expression, and "
                    f"a date naming a day lies within {MAX_YEARS_FROM_ANCHOR} years of the "
                    "anchor it was resolved against ('150 years ago' may lie further)."),
    "timeline": dg.AssetCheckSpec(
        "timeline_rows_are_traceable", asset="timeline", blocking=True,
        description="Every timeline row traces to existing mentions (whose dates the "
                    "mention check bounds) and event_id is unique."),
}


def _check(database: TimelineDatabase, asset: str, unit: str, find_failing: Finder
           ) -> dg.AssetCheckResult:
    """Run `find_failing` over the asset's unchecked keys (registered as `check_scope`); when
    nothing fails, mark those keys checked."""
    with database.get_connection() as connection:
        scope = store.fetch(connection, "checks/unchecked_keys", asset=asset)
        connection.register("check_scope", scope.to_arrow())
        failing = find_failing(connection)
        if failing.height == 0:
            with store.transaction(connection):
                connection.execute(store.read_sql("checks/mark_checked"), {"asset": asset})
    return dg.AssetCheckResult(
        check_name=SPECS[asset].name, asset_key=asset, passed=failing.height == 0,
        metadata={"failing_rows": dg.MetadataValue.int(failing.height),
                  "sample": dg.MetadataValue.md(markdown_table(failing.head(SAMPLE))),
                  "checked": f"{scope.height} {unit} rewritten since the last passing check"})


def _duplicates(connection: duckdb.DuckDBPyConnection, table: str, id_column: str,
                scope_column: str) -> pl.DataFrame:
    sql = store.read_sql("checks/duplicate_ids").format(table=table, id_column=id_column,
                                                        scope_column=scope_column)
    return connection.execute(sql).pl()


def documents_have_dated_provenance(database: TimelineDatabase) -> dg.AssetCheckResult:
    def find_failing(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
        undated = store.fetch(connection, "checks/documents_without_publication_date")
        duplicates = _duplicates(connection, "documents", "doc_id", "doc_id")
        return pl.concat([undated.select(pl.col("doc_id").alias("id")), duplicates.select("id")])
    return _check(database, "documents", "documents", find_failing)


def timex_values_match_grammar(database: TimelineDatabase) -> dg.AssetCheckResult:
    def find_failing(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
        pairs = store.fetch(connection, "checks/timex_values")
        return pairs.filter([not is_valid_value(t, v) for t, v in pairs.iter_rows()])
    return _check(database, "temporal_expressions", "documents", find_failing)


def mentions_are_traceable(database: TimelineDatabase) -> dg.AssetCheckResult:
    def find_failing(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
        orphans = store.fetch(connection, "checks/mentions_without_document")
        far = store.fetch(connection, "checks/mention_dates_far_from_anchor",
                          max_years=MAX_YEARS_FROM_ANCHOR)
        return pl.concat([
            orphans.select("mention_id", pl.lit("no document or expression").alias("problem")),
            far.select("mention_id", pl.format("{} is over {} years from its anchor {}",
                                               "timex_value", pl.lit(MAX_YEARS_FROM_ANCHOR),
                                               "anchor_value").alias("problem"))])
    return _check(database, "event_mentions", "documents", find_failing)


def timeline_rows_are_traceable(database: TimelineDatabase) -> dg.AssetCheckResult:
    def find_failing(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
        untraced = store.fetch(connection, "checks/timeline_without_mention")
        duplicates = _duplicates(connection, "timeline", "event_id", "merge_bucket")
        return pl.concat([
            untraced.select("event_id", pl.lit("no such mention").alias("problem")),
            duplicates.select(pl.col("id").alias("event_id"),
                              pl.lit("duplicate id").alias("problem"))])
    return _check(database, "timeline", "merge buckets", find_failing)


