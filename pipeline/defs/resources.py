"""The DuckDB resource: dagster-duckdb's resource with a lock wait that logs and times out."""

from contextlib import contextmanager

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline import store


class TimelineDatabase(DuckDBResource):
    """The timeline database. While another process holds the file, a run waits (logging why) for
    up to `lock_timeout_seconds`, then fails with what to do."""

    lock_timeout_seconds: float = store.DEFAULT_LOCK_TIMEOUT_SECONDS

    @contextmanager
    def get_connection(self):
        logger = dg.get_dagster_logger()
        connection = store.connect_waiting(
            store.Path(self.database), timeout=self.lock_timeout_seconds,
            log=logger.warning, config={"custom_user_agent": "timeline", **self.connection_config})
        try:
            yield connection
        finally:
            connection.close()


def database_resource() -> TimelineDatabase:
    """The resource configured from the environment ($TIMELINE_DB, $TIMELINE_LOCK_TIMEOUT)."""
    return TimelineDatabase(database=str(store.database_path()),
                            lock_timeout_seconds=store.lock_timeout())
