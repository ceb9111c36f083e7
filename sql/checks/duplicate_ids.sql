-- Ids that occur more than once in {table}.{id_column}, among the rows whose {scope_column} is in
-- the registered frame `check_scope`.
SELECT {id_column} AS id, count(*) AS copies FROM {table}
WHERE {id_column} IN (SELECT {id_column} FROM {table}
                      WHERE {scope_column} IN (SELECT key FROM check_scope))
GROUP BY ALL HAVING count(*) > 1;
