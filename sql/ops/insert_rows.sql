-- Append the registered frame `incoming_rows` to {table} ({columns}: its column list).
INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows;
