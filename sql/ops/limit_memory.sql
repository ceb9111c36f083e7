-- Cap the memory DuckDB's buffer manager uses in this database instance ({limit}, e.g. '256MB').
-- Past it, a transaction's new rows are written ahead to the database file (unreferenced until
-- COMMIT, so a crash or ROLLBACK leaves the database as it was) instead of being held in memory,
-- and large sorts and joins spill to the temp directory. Lasts until the instance closes.
SET memory_limit = '{limit}';
