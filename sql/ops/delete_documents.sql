-- Remove the rows of the documents in the registered frame `doc_ids` from a table ($table is substituted).
DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM doc_ids);
