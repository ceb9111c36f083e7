"""The Dagster code location that workspace.yaml loads."""
import dagster as dg

from pipeline.defs.assets import ASSETS
from pipeline.defs.checks import CHECKS
from pipeline.defs.jobs import timeline_job
from pipeline.defs.resources import database_resource
from pipeline.defs.sensors import new_articles_sensor

# In-process executor: the steps run one after another anyway (each asset needs the previous one),
# and on 2 cores the multiprocess executor costs ~5 s of process start-up per step.
defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[timeline_job],
    sensors=[new_articles_sensor],
    resources={"database": database_resource()},
    executor=dg.in_process_executor,
)
