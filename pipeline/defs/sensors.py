"""A sensor that requests a run when articles are added to or changed in the input folders.

Off by default: turn it on in the UI (Automation -> new_articles_sensor) or with
`dagster sensor start new_articles_sensor`. It watches the default input folders
($TIMELINE_INPUT_DIRS, else seeds/) every 60 s, compares their files' paths, sizes and modification
times with what it saw last (its cursor), and requests one run per change; the run itself processes
only the new and changed articles.
"""

import hashlib
from pathlib import Path

import dagster as dg

from pipeline.defs.assets import DEFAULT_INPUT_DIRS
from pipeline.defs.jobs import timeline_job


def folder_fingerprint(folders: list[str]) -> str:
    """A hash of every input file's path, size and modification time."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                status = path.stat()
                digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(job=timeline_job, minimum_interval_seconds=60,
           default_status=dg.DefaultSensorStatus.STOPPED,
           description="Requests a timeline run when articles are added or changed in the input folders.")
def new_articles_sensor(context: dg.SensorEvaluationContext):
    fingerprint = folder_fingerprint(DEFAULT_INPUT_DIRS)
    if fingerprint == context.cursor:
        return dg.SkipReason("No new or changed articles.")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
