-- Temporal expressions of the documents in the registered frame `doc_ids`.
SELECT doc_id, start_char, end_char, text, type, value, mod, anchor_value, anchor_source
FROM temporal_expressions
WHERE doc_id IN (SELECT doc_id FROM doc_ids)
ORDER BY doc_id, start_char;
