-- Row count of {table}.
SELECT count(*) AS row_count FROM {table};
