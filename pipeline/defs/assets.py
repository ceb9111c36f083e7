"""Thin Dagster assets: each calls a stage (pipeline.stages) and reports what it wrote."""

import os
from pathlib import Path

import dagster as dg

from pipeline import stages, staging, store
from pipeline.defs import checks
from pipeline.defs.markdown import markdown_table
from pipeline.defs.resources import TimelineDatabase

GROUP = "timeline"
# Input folders when a run names none: $TIMELINE_INPUT_DIRS (separated by os.pathsep), else seeds/.
DEFAULT_INPUT_DIRS = (os.environ.get("TIMELINE_INPUT_DIRS", "").split(os.pathsep)
                      if os.environ.get("TIMELINE_INPUT_DIRS") else [str(store.REPO_ROOT / "seeds")])


class InputFolders(dg.Config):
    """Folders of articles to ingest (searched recursively for *.txt with *.meta.json sidecars)."""

    input_dirs: list[str] = DEFAULT_INPUT_DIRS


def _table_metadata(database: TimelineDatabase, table: str, counts: dict) -> dict:
    with database.get_connection() as connection:
        row_count = connection.execute(
            store.read_sql("ops/table_row_count").format(table=table)).fetchone()[0]
        preview = store.fetch(connection, f"ops/preview_{table}")
    return {"row_count": dg.MetadataValue.int(row_count),
            "preview": dg.MetadataValue.md(markdown_table(preview)),
            **{f"this_run_{name}": dg.MetadataValue.int(value) for name, value in counts.items()}}


def _result(database: TimelineDatabase, table: str, counts: dict,
            check: checks.Check) -> dg.MaterializeResult:
    """What the asset reports: its table's metadata and its check's result."""
    return dg.MaterializeResult(metadata=_table_metadata(database, table, counts),
                                check_results=[check(database)])


def _log(context: dg.AssetExecutionContext):
    return context.log.info


@dg.asset(group_name=GROUP, kinds={"duckdb", "python"}, check_specs=[checks.SPECS["documents"]],
          description="Articles from the input folders with their publication context and its "
                      "provenance (table `documents`); refused files go to `rejected_documents`. "
                      "Only new and changed files are written.")
def documents(context: dg.AssetExecutionContext, config: InputFolders,
              database: TimelineDatabase) -> dg.MaterializeResult:
    stages.prepare(database.get_connection)
    counts = stages.ingest_documents(database.get_connection,
                                     [Path(folder) for folder in config.input_dirs], _log(context))
    return _result(database, "documents", counts, checks.documents_have_dated_provenance)


@dg.asset(group_name=GROUP, kinds={"duckdb", "python"}, deps=[documents],
          check_specs=[checks.SPECS["temporal_expressions"]],
          description="Every TIMEX3 (DATE, TIME, DURATION, SET) in the documents, normalized against "
                      "the publication date or the text's own dates (table `temporal_expressions`).")
def temporal_expressions(context: dg.AssetExecutionContext,
                         database: TimelineDatabase) -> dg.MaterializeResult:
    counts = stages.tag_documents(database.get_connection, _log(context),
                                  staging_root=staging.root(database.path()))
    return _result(database, "temporal_expressions", counts, checks.timex_values_match_grammar)


@dg.asset(group_name=GROUP, kinds={"duckdb", "spacy"}, deps=[temporal_expressions],
          check_specs=[checks.SPECS["event_mentions"]],
          description="The event each dating expression dates: trigger, description, actors, "
                      "location, status and the evidence sentence (table `event_mentions`).")
def event_mentions(context: dg.AssetExecutionContext,
                   database: TimelineDatabase) -> dg.MaterializeResult:
    counts = stages.extract_events(database.get_connection, _log(context),
                                   staging_root=staging.root(database.path()))
    return _result(database, "event_mentions", counts, checks.mentions_are_traceable)


@dg.asset(group_name=GROUP, kinds={"duckdb", "python"}, deps=[event_mentions],
          check_specs=[checks.SPECS["timeline"]],
          description="One row per real-world event, merged across the articles that report it, "
                      "with its date, description, sources and confidence (table `timeline`).")
def timeline(context: dg.AssetExecutionContext, database: TimelineDatabase) -> dg.MaterializeResult:
    counts = stages.build_timeline(database.get_connection, _log(context))
    return _result(database, "timeline", counts, checks.timeline_rows_are_traceable)


ASSETS = [documents, temporal_expressions, event_mentions, timeline]
