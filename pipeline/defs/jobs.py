"""The one job: materialize every asset (what "Materialize all" does in the UI), with its checks."""
import dagster as dg

timeline_job = dg.define_asset_job(
    "timeline_job", selection=dg.AssetSelection.all(),
    description="Ingest the input folders and rebuild the timeline (incremental: only new and "
                "changed articles are processed).")
