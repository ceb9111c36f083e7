-- Event mentions of the documents in the registered frame `check_scope` whose document or
-- temporal expression is missing.
SELECT m.mention_id, m.doc_id
FROM (SELECT * FROM event_mentions WHERE doc_id IN (SELECT key FROM check_scope)) AS m
LEFT JOIN documents AS d ON d.doc_id = m.doc_id
LEFT JOIN temporal_expressions AS x ON x.timex_id = m.timex_id
WHERE d.doc_id IS NULL OR x.timex_id IS NULL;
