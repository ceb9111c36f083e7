-- A few event mentions for the asset's materialization preview.
SELECT timex_value, trigger, description, status, doc_id
FROM event_mentions ORDER BY date_start, doc_id, mention_id LIMIT 10;
