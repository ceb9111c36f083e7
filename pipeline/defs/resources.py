"""The DuckDB resource: dagster-duckdb's resource with a lock wait that logs and times out."""
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline import store


class TimelineDatabase(DuckDBResource):
    """The timeline database. While another process holds the file, a run waits (logging why) for
    up to the lock timeout, then fails with what to do.

    Left empty, `database` and `lock_timeout_seconds` are read from the environment when a
    connection is opened ($TIMELINE_DB, $TIMELINE_LOCK_TIMEOUT), not when the code is loaded.
    """

    database: str = ""
    lock_timeout_seconds: float | None = None

    def path(self) -> Path:
        """The database file this resource writes."""
        return Path(self.database) if self.database else store.database_path()

    @contextmanager
    def get_connection(self):
        logger = dg.get_dagster_logger()
        timeout = store.lock_timeout() if self.lock_timeout_seconds is None else self.lock_timeout_seconds
        connection = store.connect_waiting(
            self.path(), timeout=timeout, log=logger.warning,
            config={"custom_user_agent": "timeline", **self.connection_config})
        try:
            yield connection
        finally:
            connection.close()
