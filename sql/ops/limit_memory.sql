-- Cap the memory DuckDB's buffer manager uses in this database instance ({limit}, e.g. '256MB').
-- Past it, a transaction's new rows are written out (to the database file, unreferenced until
-- COMMIT, or to the temp directory) instead of held in memory, and large sorts spill; a crash or
-- ROLLBACK still leaves the database as it was. The setting is the whole instance's:
-- store.memory_limit resets it after the block (sql/ops/reset_memory_limit.sql).
SET memory_limit = '{limit}';
