-- Merge buckets touched by the documents in the registered frame `changed_docs`: the buckets of
-- their current mentions and of the stored timeline events they took part in.
SELECT DISTINCT merge_bucket FROM bucketed_mentions
WHERE doc_id IN (SELECT doc_id FROM changed_docs)
UNION
SELECT DISTINCT merge_bucket FROM timeline
WHERE list_has_any(doc_ids, (SELECT list(doc_id) FROM changed_docs));
