-- Back to DuckDB's default memory limit after sql/ops/limit_memory.sql (the pipeline sets no other).
RESET memory_limit;
