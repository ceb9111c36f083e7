-- The first timeline rows for the asset's materialization preview.
SELECT timex_value, description, doc_count, mention_count, status
FROM timeline ORDER BY date_start, event_id LIMIT 20;
