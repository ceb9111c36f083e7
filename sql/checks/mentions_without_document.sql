-- Event mentions whose document or temporal expression is missing.
SELECT m.mention_id, m.doc_id FROM event_mentions AS m
WHERE m.doc_id NOT IN (SELECT doc_id FROM documents)
   OR m.timex_id NOT IN (SELECT timex_id FROM temporal_expressions);
