"""The Dagster code location that workspace.yaml loads."""
import importlib
import os

import dagster as dg

from pipeline.defs.assets import ASSETS
from pipeline.defs.jobs import timeline_job
from pipeline.defs.resources import TimelineDatabase
from pipeline.defs.sensors import new_articles_sensor

# $TIMELINE_EXECUTOR picks the executor without touching the code (docs/SCALING.md). The default
# is in-process: the steps form a chain, and on 2 cores the multiprocess executor costs ~5 s of
# process start-up per step; tagging and extraction already use every core through their worker
# pools. The cluster executors are imported only when chosen (their packages are not dependencies
# of a one-machine install).
EXECUTORS = {
    "in_process": ("dagster", "in_process_executor"),
    "multiprocess": ("dagster", "multiprocess_executor"),
    "k8s": ("dagster_k8s", "k8s_job_executor"),
    "celery": ("dagster_celery", "celery_executor"),
}


def selected_executor() -> dg.ExecutorDefinition:
    """The executor named by $TIMELINE_EXECUTOR (default in_process)."""
    name = os.environ.get("TIMELINE_EXECUTOR") or "in_process"
    if name not in EXECUTORS:
        raise ValueError(f"TIMELINE_EXECUTOR={name!r}: choose one of {', '.join(EXECUTORS)}")
    module, attribute = EXECUTORS[name]
    return getattr(importlib.import_module(module), attribute)


defs = dg.Definitions(
    assets=ASSETS,
    jobs=[timeline_job],
    sensors=[new_articles_sensor],
    resources={"database": TimelineDatabase()},
    executor=selected_executor(),
)
