"""The Dagster code location that workspace.yaml loads."""
import importlib

import dagster as dg

from pipeline.defs.assets import ASSETS
from pipeline.defs.executors import EXECUTORS, executor_name
from pipeline.defs.jobs import timeline_job
from pipeline.defs.resources import TimelineDatabase
from pipeline.defs.sensors import new_articles_sensor


def selected_executor() -> dg.ExecutorDefinition:
    """The executor $TIMELINE_EXECUTOR names, which picks it without touching the code (default
    in_process; pipeline/defs/executors.py)."""
    module, attribute = EXECUTORS[executor_name()]
    return getattr(importlib.import_module(module), attribute)


defs = dg.Definitions(
    assets=ASSETS,
    jobs=[timeline_job],
    sensors=[new_articles_sensor],
    resources={"database": TimelineDatabase()},
    executor=selected_executor(),
)
