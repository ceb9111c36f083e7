-- Remove every row of a derived table ({table}) before it is rebuilt in the same transaction.
DELETE FROM {table};
