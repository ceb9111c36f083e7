-- Append the Parquet file $path to {table} ({columns}: its column list).
INSERT INTO {table} ({columns}) SELECT {columns} FROM read_parquet($path);
