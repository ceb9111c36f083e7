-- Ids that occur more than once in {table}.{id_column}.
SELECT {id_column} AS id, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1;
