-- Every event mention (input of the cross-document merge).
SELECT * EXCLUDE (timex_id) FROM event_mentions ORDER BY doc_id, mention_id;
