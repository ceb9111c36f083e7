"""The executors $TIMELINE_EXECUTOR may name (docs/SCALING.md), kept free of Dagster imports so that
`timeline run` can refuse an unknown name before it starts anything."""
import os

# The default is in-process: the steps form a chain, and on 2 cores the multiprocess executor costs
# ~5 s of process start-up per step; tagging and extraction already use every core through their
# worker pools. The cluster executors are imported only when chosen (their packages are not
# dependencies of a one-machine install).
EXECUTORS = {
    "in_process": ("dagster", "in_process_executor"),
    "multiprocess": ("dagster", "multiprocess_executor"),
    "k8s": ("dagster_k8s", "k8s_job_executor"),
    "celery": ("dagster_celery", "celery_executor"),
}


def executor_name() -> str:
    """The executor $TIMELINE_EXECUTOR names; ValueError for a name not in EXECUTORS."""
    name = os.environ.get("TIMELINE_EXECUTOR") or "in_process"
    if name not in EXECUTORS:
        raise ValueError(f"TIMELINE_EXECUTOR={name!r}: choose one of {', '.join(EXECUTORS)}")
    return name
