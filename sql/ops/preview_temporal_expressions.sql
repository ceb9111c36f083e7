-- A few temporal expressions for the asset's materialization preview.
SELECT doc_id, text, type, value, date_start, date_end, anchor_source
FROM temporal_expressions ORDER BY doc_id, start_char LIMIT 10;
